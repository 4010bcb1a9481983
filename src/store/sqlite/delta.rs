//! [`crate::store::Store::published_delta`] on SQLite: lists are bound as JSON arrays
//! (`json_each`), all statements read one snapshot (one read transaction).

use super::SqliteStore;
use crate::store::delta::{Changed, PublishedDelta, Rows, assemble};
use crate::store::{StoreError, to_json};

impl SqliteStore {
    pub(super) async fn read_delta(
        &self,
        since: i64,
        max: usize,
    ) -> Result<Option<PublishedDelta>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let version: String =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'data_version'")
                .fetch_one(&mut *tx)
                .await?;
        let version: i64 = version.parse().unwrap_or_default();
        let limit = i64::try_from(max).unwrap_or(i64::MAX).saturating_add(1);
        let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT DISTINCT kind, entity_id, \
             coalesce(json_extract(after, '$.parent'), json_extract(before, '$.parent')) \
             FROM revisions WHERE data_version > ? LIMIT ?",
        )
        .bind(since)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let mut changed = Changed::from_rows(rows);
        if changed.places || changed.count > max {
            return Ok(None);
        }
        if !changed.sources.is_empty() {
            let citing: Vec<String> = sqlx::query_scalar(
                "SELECT DISTINCT event_id FROM claims \
                 WHERE source_id IN (SELECT value FROM json_each(?))",
            )
            .bind(to_json(&changed.sources))
            .fetch_all(&mut *tx)
            .await?;
            changed.events.extend(citing);
            changed.events.sort();
            changed.events.dedup();
            if changed.events.len() > max {
                return Ok(None);
            }
        }
        let sources = sqlx::query_as(
            "SELECT id, status, doc, text FROM sources WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(to_json(&changed.sources))
        .fetch_all(&mut *tx)
        .await?;
        let ids = to_json(&changed.events);
        let events = sqlx::query_as(
            "SELECT id, status, file, doc FROM events WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(&ids)
        .fetch_all(&mut *tx)
        .await?;
        let claims = sqlx::query_as(
            "SELECT c.event_id, c.doc FROM claims c JOIN sources s ON s.id = c.source_id \
             WHERE s.status = 'published' AND c.event_id IN (SELECT value FROM json_each(?)) \
             ORDER BY c.event_id, c.position",
        )
        .bind(&ids)
        .fetch_all(&mut *tx)
        .await?;
        let source_order = sqlx::query_scalar(
            "SELECT id FROM sources WHERE status = 'published' ORDER BY position",
        )
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let rows = Rows {
            sources,
            events,
            claims,
        };
        assemble(
            version,
            &changed.sources,
            &changed.events,
            source_order,
            rows,
        )
        .map(Some)
    }
}
