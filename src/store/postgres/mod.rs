//! The backend for several servers on one database: PostgreSQL with PostGIS, migrated on
//! open from `migrations/postgres/` (embedded in the binary). The same tables and the same
//! semantics as [`super::sqlite`]: one transaction per commit, revision checks, an
//! append-only revision log (by trigger), the data version in `meta`. Each event also keeps
//! its geometry (what the map draws, from [`EventGeometry`]) in a PostGIS column, so a GIS
//! desk can open `events` in QGIS.
//!
//! Commits serialise on the `meta` row of the data version (each locks it first), and
//! announce the new version with `NOTIFY dateline_data, '<version>'` on commit;
//! [`PgStore::follow`] turns those (and a poll, should the listener drop) into a stream of
//! data versions, which servers reload on.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, SqlSafeStr};

use super::{
    Change, Committed, EventGeometry, Kind, Record, Revision, Store, StoreError, Stored,
    StoredData, TokenInfo, User, Visibility, parse_json, to_json,
};
use crate::auth::Role;
use crate::auth::session::StoredSession;
use crate::auth::token::StoredSecret;
use crate::events::{Claim, Dataset, Source};

mod accounts;
mod delta;
mod follow;
mod write;

/// The channel commits notify with their data version.
pub const CHANNEL: &str = "dateline_data";

/// Connections per server: readers of a reload and writers of the desk run side by side.
const MAX_CONNECTIONS: u32 = 8;

/// The versioned migrations, in order.
fn migrator() -> Migrator {
    Migrator::with_migrations(vec![
        Migration::new(
            1,
            "init".into(),
            MigrationType::Simple,
            include_str!("../../../migrations/postgres/0001_init.sql").into_sql_str(),
            false,
        ),
        Migration::new(
            2,
            "revisions by version".into(),
            MigrationType::Simple,
            include_str!("../../../migrations/postgres/0002_revisions_by_version.sql")
                .into_sql_str(),
            false,
        ),
    ])
}

/// A PostgreSQL store.
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    geometry: Option<EventGeometry>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PgStore")
    }
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user:password@host:port/database`) and
    /// applies the migrations it lacks (several servers starting at once apply them once:
    /// the migrator holds an advisory lock). Events are written with the geometry
    /// `geometry` gives for their fields (NULL without it).
    ///
    /// # Errors
    /// [`StoreError::Db`] when the URL is malformed or the database cannot be reached;
    /// [`StoreError::Migrate`] when a migration fails (e.g. PostGIS is not installed and the
    /// role may not create it).
    pub async fn connect(
        url: &str,
        geometry: Option<EventGeometry>,
    ) -> Result<PgStore, StoreError> {
        let opts: PgConnectOptions = url.parse()?;
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await?;
        migrator().run(&pool).await?;
        Ok(PgStore { pool, geometry })
    }

    /// The connection pool (tests and GIS checks read the tables directly).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The geometry of an event with fields `doc`, as GeoJSON text.
    fn geometry_of(&self, doc: &Value) -> Option<String> {
        self.geometry.as_ref().and_then(|g| g(doc))
    }

    async fn load(&self, published_only: bool) -> Result<StoredData, StoreError> {
        // One snapshot for every statement: the data at one version.
        let mut tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
        let version: i64 =
            sqlx::query_scalar("SELECT value::bigint FROM meta WHERE key = 'data_version'")
                .fetch_one(&mut *tx)
                .await?;
        let filter = |all: &'static str, published: &'static str| {
            if published_only { published } else { all }
        };
        let sources: Vec<(String, String, Option<String>)> = sqlx::query_as(filter(
            "SELECT id, doc::text, text FROM sources ORDER BY position",
            "SELECT id, doc::text, text FROM sources WHERE status = 'published' ORDER BY position",
        ))
        .fetch_all(&mut *tx)
        .await?;
        let events: Vec<(String, String, String)> = sqlx::query_as(filter(
            "SELECT id, file, doc::text FROM events ORDER BY position",
            "SELECT id, file, doc::text FROM events WHERE status = 'published' ORDER BY position",
        ))
        .fetch_all(&mut *tx)
        .await?;
        let claims: Vec<(String, String)> = sqlx::query_as(filter(
            "SELECT event_id, doc::text FROM claims ORDER BY event_id, position",
            "SELECT c.event_id, c.doc::text FROM claims c JOIN sources s ON s.id = c.source_id \
             WHERE s.status = 'published' ORDER BY c.event_id, c.position",
        ))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;

        let mut out = StoredData {
            version,
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

    async fn seed_data(
        &self,
        ds: &Dataset,
        texts: &BTreeMap<String, String>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        // Locks the version row first: of two servers starting on an empty database, the
        // second waits here and then finds the first one's seed.
        let version = bump_version(&mut tx).await?;
        let held: i64 = sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM events)",
        )
        .fetch_one(&mut *tx)
        .await?;
        if held > 0 {
            // Dropping the transaction rolls the version back.
            return Ok(false);
        }
        let at = Utc::now();
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
                 VALUES ($1, 'published', 1, $2::jsonb, $3, $4)",
            )
            .bind(&s.id)
            .bind(to_json(&rec.doc))
            .bind(&rec.text)
            .bind(pos as i64)
            .execute(&mut *tx)
            .await?;
            seed_revision(&mut tx, version, at, Kind::Source, &s.id, &rec).await?;
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
                "INSERT INTO events (id, status, revision, file, doc, position, geometry) \
                 VALUES ($1, 'published', 1, $2, $3::jsonb, $4, \
                 ST_SetSRID(ST_GeomFromGeoJSON($5), 4326))",
            )
            .bind(&e.id)
            .bind(file)
            .bind(to_json(&rec.doc))
            .bind(pos as i64)
            .bind(self.geometry_of(&rec.doc))
            .execute(&mut *tx)
            .await?;
            seed_revision(&mut tx, version, at, Kind::Event, &e.id, &rec).await?;
            for (i, c) in e.claims.iter().enumerate() {
                let id = insert_claim(&mut tx, &e.id, i, c).await?;
                let rec = Record {
                    status: Visibility::Published,
                    doc: serde_json::to_value(c).unwrap_or(Value::Null),
                    text: None,
                    parent: Some(e.id.clone()),
                    upload: None,
                };
                seed_revision(&mut tx, version, at, Kind::Claim, &id, &rec).await?;
            }
        }
        notify(&mut tx, version).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// A time as the API shows it (RFC 3339, UTC, milliseconds: as SQLite stores them).
pub(super) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub(super) type Tx<'a> = sqlx::Transaction<'a, sqlx::Postgres>;

/// Increments the data version, locking its row until the transaction ends; returns it.
pub(super) async fn bump_version(tx: &mut Tx<'_>) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'data_version' \
         RETURNING value::bigint",
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Tells every listening server about `version` when the transaction commits (and nobody
/// when it rolls back).
pub(super) async fn notify(tx: &mut Tx<'_>, version: i64) -> Result<(), StoreError> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(version.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn insert_claim(
    tx: &mut Tx<'_>,
    event: &str,
    pos: usize,
    c: &Claim,
) -> Result<String, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO claims (event_id, source_id, position, span_start, span_end, quote, \
         revision, doc) VALUES ($1, $2, $3, $4, $5, $6, 1, $7::jsonb) RETURNING id::text",
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
async fn seed_revision(
    tx: &mut Tx<'_>,
    version: i64,
    at: DateTime<Utc>,
    kind: Kind,
    id: &str,
    after: &Record,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO revisions (data_version, at, kind, entity_id, action, after) \
         VALUES ($1, $2, $3, $4, 'seed', $5::jsonb)",
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

impl Store for PgStore {
    async fn data_version(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT value::bigint FROM meta WHERE key = 'data_version'")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    async fn seed(
        &self,
        ds: &Dataset,
        texts: &BTreeMap<String, String>,
    ) -> Result<bool, StoreError> {
        self.seed_data(ds, texts).await
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

    async fn touch_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
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
