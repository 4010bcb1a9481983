//! [`crate::store::Store::published_delta`] on PostgreSQL: lists are bound as arrays
//! (`= ANY`), all statements read one snapshot (`REPEATABLE READ`).

use super::PgStore;
use crate::store::StoreError;
use crate::store::delta::{Changed, PublishedDelta, Rows, assemble};

impl PgStore {
    pub(super) async fn read_delta(
        &self,
        since: i64,
        max: usize,
    ) -> Result<Option<PublishedDelta>, StoreError> {
        let mut tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
        let version: i64 =
            sqlx::query_scalar("SELECT value::bigint FROM meta WHERE key = 'data_version'")
                .fetch_one(&mut *tx)
                .await?;
        let limit = i64::try_from(max).unwrap_or(i64::MAX).saturating_add(1);
        let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT DISTINCT kind, entity_id, coalesce(after->>'parent', before->>'parent') \
             FROM revisions WHERE data_version > $1 LIMIT $2",
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
                "SELECT DISTINCT event_id FROM claims WHERE source_id = ANY($1)",
            )
            .bind(&changed.sources)
            .fetch_all(&mut *tx)
            .await?;
            changed.events.extend(citing);
            changed.events.sort();
            changed.events.dedup();
            if changed.events.len() > max {
                return Ok(None);
            }
        }
        let sources =
            sqlx::query_as("SELECT id, status, doc::text, text FROM sources WHERE id = ANY($1)")
                .bind(&changed.sources)
                .fetch_all(&mut *tx)
                .await?;
        let events =
            sqlx::query_as("SELECT id, status, file, doc::text FROM events WHERE id = ANY($1)")
                .bind(&changed.events)
                .fetch_all(&mut *tx)
                .await?;
        let claims = sqlx::query_as(
            "SELECT c.event_id, c.doc::text FROM claims c JOIN sources s ON s.id = c.source_id \
             WHERE s.status = 'published' AND c.event_id = ANY($1) \
             ORDER BY c.event_id, c.position",
        )
        .bind(&changed.events)
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
