//! The embedded default backend: one SQLite file (`dateline.sqlite3`) in the data
//! directory, in WAL mode with `synchronous=FULL` so an acknowledged write survives a power
//! cut, migrated on open from `migrations/sqlite/` (embedded in the binary).

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use serde_json::Value;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{SqlSafeStr, SqlitePool};

use super::{
    Change, Committed, Kind, Record, Revision, Store, StoreError, Stored, StoredData, TokenInfo,
    User, Visibility, parse_json, to_json,
};
use crate::auth::Role;
use crate::auth::session::StoredSession;
use crate::auth::token::StoredSecret;
use crate::events::{Claim, Dataset, Source};

mod accounts;
mod delta;
mod write;

/// The database file's name inside the data directory.
pub const FILE_NAME: &str = "dateline.sqlite3";

/// The versioned migrations, in order.
fn migrator() -> Migrator {
    Migrator::with_migrations(vec![
        Migration::new(
            1,
            "init".into(),
            MigrationType::Simple,
            include_str!("../../../migrations/sqlite/0001_init.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            2,
            "revisions by version".into(),
            MigrationType::Simple,
            include_str!("../../../migrations/sqlite/0002_revisions_by_version.sql").into_sql_str(),
            false,
        ),
    ])
}

/// A SQLite store.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqliteStore")
    }
}

impl SqliteStore {
    /// Opens (creating it and the directory if needed) the store in `dir` and applies the
    /// migrations it lacks.
    ///
    /// # Errors
    /// [`StoreError::Io`] when the directory cannot be created, [`StoreError::Db`] when the
    /// file cannot be opened, [`StoreError::Migrate`] when a migration fails.
    pub async fn open(dir: &Path) -> Result<SqliteStore, StoreError> {
        std::fs::create_dir_all(dir).map_err(|error| StoreError::Io {
            path: dir.display().to_string(),
            error,
        })?;
        let opts = SqliteConnectOptions::new()
            .filename(dir.join(FILE_NAME))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(5));
        SqliteStore::connect(opts).await
    }

    /// A store in memory (tests and benchmarks): gone when the last handle is dropped.
    ///
    /// # Errors
    /// As [`SqliteStore::open`].
    pub async fn in_memory() -> Result<SqliteStore, StoreError> {
        let opts = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        SqliteStore::connect(opts).await
    }

    async fn connect(opts: SqliteConnectOptions) -> Result<SqliteStore, StoreError> {
        // One connection: SQLite serialises writers anyway, and an in-memory database is
        // per connection.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts)
            .await?;
        migrator().run(&pool).await?;
        Ok(SqliteStore { pool })
    }

    /// Writes a consistent copy of the database to `file` while it stays in use (`VACUUM
    /// INTO`): a backup to restore by putting it in an empty data directory as
    /// [`FILE_NAME`].
    ///
    /// # Errors
    /// [`StoreError::Db`] when the copy fails (e.g. `file` exists).
    pub async fn backup(&self, file: &Path) -> Result<(), StoreError> {
        sqlx::query("VACUUM INTO ?")
            .bind(file.display().to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn load(&self, published_only: bool) -> Result<StoredData, StoreError> {
        let mut tx = self.pool.begin().await?;
        let version: String =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'data_version'")
                .fetch_one(&mut *tx)
                .await?;
        let filter = |all: &'static str, published: &'static str| {
            if published_only { published } else { all }
        };
        let sources: Vec<(String, String, Option<String>)> = sqlx::query_as(filter(
            "SELECT id, doc, text FROM sources ORDER BY position",
            "SELECT id, doc, text FROM sources WHERE status = 'published' ORDER BY position",
        ))
        .fetch_all(&mut *tx)
        .await?;
        let events: Vec<(String, String, String)> = sqlx::query_as(filter(
            "SELECT id, file, doc FROM events ORDER BY position",
            "SELECT id, file, doc FROM events WHERE status = 'published' ORDER BY position",
        ))
        .fetch_all(&mut *tx)
        .await?;
        let claims: Vec<(String, String)> = sqlx::query_as(filter(
            "SELECT event_id, doc FROM claims ORDER BY event_id, position",
            "SELECT c.event_id, c.doc FROM claims c JOIN sources s ON s.id = c.source_id \
             WHERE s.status = 'published' ORDER BY c.event_id, c.position",
        ))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;

        let mut out = StoredData {
            version: version.parse().unwrap_or_default(),
            ..StoredData::default()
        };
        for (id, doc, text) in sources {
            let s: Source = parse_json(&format!("source:{id}"), &doc)?;
            out.dataset.sources.push((s, format!("{id}/source.toml")));
            if let Some(t) = text {
                out.texts.insert(id, t);
            }
        }
        let mut by_event = super::delta::claims_by_event(claims)?;
        for (id, file, doc) in events {
            let claims = by_event.remove(&id).unwrap_or_default();
            let e = super::delta::event_of(&id, &doc, claims)?;
            out.dataset.events.push((e, file));
        }
        Ok(out)
    }
}

/// The time now, as stored (RFC 3339, UTC).
pub(super) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store for SqliteStore {
    async fn data_version(&self) -> Result<i64, StoreError> {
        let v: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'data_version'")
            .fetch_one(&self.pool)
            .await?;
        Ok(v.parse().unwrap_or_default())
    }

    async fn seed(
        &self,
        ds: &Dataset,
        texts: &BTreeMap<String, String>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let held: i64 = sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM events)",
        )
        .fetch_one(&mut *tx)
        .await?;
        if held > 0 {
            return Ok(false);
        }
        let version: i64 = sqlx::query_scalar(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version' \
             RETURNING CAST(value AS INTEGER)",
        )
        .fetch_one(&mut *tx)
        .await?;
        let at = now();
        for (pos, (s, _)) in ds.sources.iter().enumerate() {
            let rec = Record {
                status: Visibility::Published,
                doc: serde_json::to_value(s).unwrap_or(Value::Null),
                text: texts.get(&s.id).cloned(),
                parent: None,
                upload: None,
            };
            sqlx::query(
                "INSERT INTO sources (id, status, revision, doc, text, position) \
                 VALUES (?, 'published', 1, ?, ?, ?)",
            )
            .bind(&s.id)
            .bind(to_json(&rec.doc))
            .bind(&rec.text)
            .bind(pos as i64)
            .execute(&mut *tx)
            .await?;
            revision(&mut tx, version, &at, Kind::Source, &s.id, &rec).await?;
        }
        for (pos, (e, file)) in ds.events.iter().enumerate() {
            let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
            if let Some(o) = v.as_object_mut() {
                o.remove("claim");
            }
            let rec = Record {
                status: Visibility::Published,
                doc: v,
                text: None,
                parent: Some(file.clone()),
                upload: None,
            };
            sqlx::query(
                "INSERT INTO events (id, status, revision, file, doc, position) \
                 VALUES (?, 'published', 1, ?, ?, ?)",
            )
            .bind(&e.id)
            .bind(file)
            .bind(to_json(&rec.doc))
            .bind(pos as i64)
            .execute(&mut *tx)
            .await?;
            revision(&mut tx, version, &at, Kind::Event, &e.id, &rec).await?;
            for (i, c) in e.claims.iter().enumerate() {
                let id = insert_claim(&mut tx, &e.id, i, c).await?;
                let rec = Record {
                    status: Visibility::Published,
                    doc: serde_json::to_value(c).unwrap_or(Value::Null),
                    text: None,
                    parent: Some(e.id.clone()),
                    upload: None,
                };
                revision(&mut tx, version, &at, Kind::Claim, &id, &rec).await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn published(&self) -> Result<StoredData, StoreError> {
        self.load(true).await
    }

    async fn published_delta(
        &self,
        since: i64,
        max: usize,
    ) -> Result<Option<super::PublishedDelta>, StoreError> {
        self.read_delta(since, max).await
    }

    async fn everything(&self) -> Result<StoredData, StoreError> {
        self.load(false).await
    }

    async fn get(&self, kind: Kind, id: &str) -> Result<Option<Stored>, StoreError> {
        self.get_entity(kind, id).await
    }

    async fn list(&self, kind: Kind, parent: Option<&str>) -> Result<Vec<Stored>, StoreError> {
        self.list_entities(kind, parent).await
    }

    async fn commit(
        &self,
        changes: Vec<Change>,
        actor: Option<&User>,
    ) -> Result<Committed, StoreError> {
        self.commit_changes(changes, actor).await
    }

    async fn revisions(
        &self,
        entity: Option<(Kind, &str)>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Revision>, StoreError> {
        self.list_revisions(entity, before, limit).await
    }

    async fn revision(&self, n: i64) -> Result<Option<Revision>, StoreError> {
        self.get_revision(n).await
    }

    async fn add_user(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<User, StoreError> {
        self.insert_user(name, role, password_hash).await
    }

    async fn users(&self) -> Result<Vec<User>, StoreError> {
        self.all_users().await
    }

    async fn user_by_name(&self, name: &str) -> Result<Option<(User, String)>, StoreError> {
        self.find_user(name).await
    }

    async fn remove_user(&self, name: &str) -> Result<(), StoreError> {
        self.delete_user(name).await
    }

    async fn set_password(&self, name: &str, password_hash: &str) -> Result<(), StoreError> {
        self.update_password(name, password_hash).await
    }

    async fn add_session(&self, user: &User, s: &StoredSession) -> Result<(), StoreError> {
        self.insert_session(user, s).await
    }

    async fn session(&self, id_hash: &str) -> Result<Option<(StoredSession, User)>, StoreError> {
        self.find_session(id_hash).await
    }

    async fn touch_session(
        &self,
        id_hash: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.update_session(id_hash, at).await
    }

    async fn remove_session(&self, id_hash: &str) -> Result<(), StoreError> {
        self.delete_session(id_hash).await
    }

    async fn add_token(
        &self,
        user: &User,
        secret: &StoredSecret,
        label: &str,
    ) -> Result<i64, StoreError> {
        self.insert_token(user, secret, label).await
    }

    async fn token_user(&self, secret_hash: &str) -> Result<Option<User>, StoreError> {
        self.find_token_user(secret_hash).await
    }

    async fn tokens(&self, user: Option<&str>) -> Result<Vec<TokenInfo>, StoreError> {
        self.all_tokens(user).await
    }

    async fn revoke_token(&self, id: i64) -> Result<(), StoreError> {
        self.revoke(id).await
    }
}

pub(super) type Tx<'a> = sqlx::Transaction<'a, sqlx::Sqlite>;

async fn insert_claim(
    tx: &mut Tx<'_>,
    event: &str,
    pos: usize,
    c: &Claim,
) -> Result<String, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO claims (event_id, source_id, position, span_start, span_end, quote, \
         revision, doc) VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING CAST(id AS TEXT)",
    )
    .bind(event)
    .bind(&c.source)
    .bind(pos as i64)
    .bind(c.start.map(|s| s as i64))
    .bind(c.end.map(|s| s as i64))
    .bind(&c.quote)
    .bind(to_json(c))
    .fetch_one(&mut **tx)
    .await?)
}

/// Appends a `seed` revision of an entity with `after`.
async fn revision(
    tx: &mut Tx<'_>,
    version: i64,
    at: &str,
    kind: Kind,
    id: &str,
    after: &Record,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO revisions (data_version, at, kind, entity_id, action, after) \
         VALUES (?, ?, ?, ?, 'seed', ?)",
    )
    .bind(version)
    .bind(at)
    .bind(kind.as_str())
    .bind(id)
    .bind(to_json(after))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn seeding_is_idempotent_and_bumps_the_data_version_once() {
        let st = SqliteStore::in_memory().await.expect("store");
        assert_eq!(st.data_version().await.expect("version"), 0);
        let ds = Dataset::load_default().expect("dataset");
        let texts = BTreeMap::from([(ds.sources[0].0.id.clone(), "text".to_owned())]);
        assert!(st.seed(&ds, &texts).await.expect("seed"));
        assert!(!st.seed(&ds, &texts).await.expect("second seed"));
        assert_eq!(st.data_version().await.expect("version"), 1);
        let back = st.published().await.expect("published");
        assert_eq!(back.version, 1);
        assert_eq!(back.texts, texts);
        let ids =
            |d: &Dataset| -> Vec<String> { d.events.iter().map(|(e, _)| e.id.clone()).collect() };
        assert_eq!(ids(&back.dataset), ids(&ds));
        for ((a, fa), (b, fb)) in back.dataset.events.iter().zip(&ds.events) {
            assert_eq!(a, b);
            assert_eq!(fa, fb);
        }
        for ((a, _), (b, _)) in back.dataset.sources.iter().zip(&ds.sources) {
            assert_eq!(a, b);
        }
    }

    #[tokio::test]
    async fn drafts_and_claims_of_draft_sources_are_not_published() {
        let st = SqliteStore::in_memory().await.expect("store");
        let ds = Dataset::load_default().expect("dataset");
        st.seed(&ds, &BTreeMap::new()).await.expect("seed");
        let first = ds.events[0].0.id.clone();
        let source = ds.events[0].0.claims[0].source.clone();
        sqlx::query("UPDATE events SET status = 'draft' WHERE id = ?")
            .bind(&first)
            .execute(&st.pool)
            .await
            .expect("draft event");
        sqlx::query("UPDATE sources SET status = 'draft' WHERE id = ?")
            .bind(&source)
            .execute(&st.pool)
            .await
            .expect("draft source");
        let p = st.published().await.expect("published");
        assert!(p.dataset.events.iter().all(|(e, _)| e.id != first));
        assert!(p.dataset.sources.iter().all(|(s, _)| s.id != source));
        assert!(
            p.dataset
                .events
                .iter()
                .flat_map(|(e, _)| &e.claims)
                .all(|c| c.source != source)
        );
        let all = st.everything().await.expect("everything");
        assert_eq!(all.dataset.events.len(), ds.events.len());
    }
}
