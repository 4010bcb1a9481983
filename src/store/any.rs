//! The store a server was started with: SQLite (a data directory) or PostgreSQL (a
//! database URL), behind one type so the desk and the HTTP layer are not generic over it.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use super::{
    Change, Committed, EventGeometry, Kind, PgStore, Revision, SqliteStore, Store, StoreError,
    Stored, StoredData, TokenInfo, User,
};
use crate::auth::Role;
use crate::auth::session::StoredSession;
use crate::auth::token::StoredSecret;
use crate::events::Dataset;

/// How often a server on PostgreSQL checks the data version besides listening for
/// notifications (the delay of a change when the listener's connection dropped).
pub const POLL: Duration = Duration::from_secs(3);

/// Either backend.
#[derive(Debug, Clone)]
pub enum AnyStore {
    /// One SQLite file (one server).
    Sqlite(SqliteStore),
    /// A PostgreSQL database (any number of servers).
    Postgres(PgStore),
}

impl From<SqliteStore> for AnyStore {
    fn from(s: SqliteStore) -> AnyStore {
        AnyStore::Sqlite(s)
    }
}

impl From<PgStore> for AnyStore {
    fn from(s: PgStore) -> AnyStore {
        AnyStore::Postgres(s)
    }
}

impl AnyStore {
    /// Opens the store at `location`: a `postgres://` (or `postgresql://`) URL, or else a
    /// SQLite data directory. Events written to PostgreSQL get the geometry `geometry`
    /// gives (SQLite keeps none).
    ///
    /// # Errors
    /// As [`SqliteStore::open`] and [`PgStore::connect`].
    pub async fn open(
        location: &str,
        geometry: Option<EventGeometry>,
    ) -> Result<AnyStore, StoreError> {
        if is_database_url(location) {
            Ok(AnyStore::Postgres(
                PgStore::connect(location, geometry).await?,
            ))
        } else {
            Ok(AnyStore::Sqlite(
                SqliteStore::open(std::path::Path::new(location)).await?,
            ))
        }
    }

    /// The data versions other servers commit, as they change (PostgreSQL; None for SQLite,
    /// whose one server sees its own writes). See [`PgStore::follow`].
    pub fn follow(&self) -> Option<watch::Receiver<i64>> {
        match self {
            AnyStore::Sqlite(_) => None,
            AnyStore::Postgres(p) => Some(p.follow(POLL)),
        }
    }
}

/// Whether `s` names a PostgreSQL database rather than a directory.
pub fn is_database_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// Runs `$body` with `$s` bound to the backend of `$store`.
macro_rules! dispatch {
    ($store:expr, $s:ident => $body:expr) => {
        match $store {
            AnyStore::Sqlite($s) => $body,
            AnyStore::Postgres($s) => $body,
        }
    };
}

impl Store for AnyStore {
    async fn data_version(&self) -> Result<i64, StoreError> {
        dispatch!(self, s => s.data_version().await)
    }

    async fn seed(
        &self,
        ds: &Dataset,
        texts: &BTreeMap<String, String>,
    ) -> Result<bool, StoreError> {
        dispatch!(self, s => s.seed(ds, texts).await)
    }

    async fn published(&self) -> Result<StoredData, StoreError> {
        dispatch!(self, s => s.published().await)
    }

    async fn published_delta(
        &self,
        since: i64,
        max: usize,
    ) -> Result<Option<super::PublishedDelta>, StoreError> {
        dispatch!(self, s => s.published_delta(since, max).await)
    }

    async fn everything(&self) -> Result<StoredData, StoreError> {
        dispatch!(self, s => s.everything().await)
    }

    async fn get(&self, kind: Kind, id: &str) -> Result<Option<Stored>, StoreError> {
        dispatch!(self, s => s.get(kind, id).await)
    }

    async fn list(&self, kind: Kind, parent: Option<&str>) -> Result<Vec<Stored>, StoreError> {
        dispatch!(self, s => s.list(kind, parent).await)
    }

    async fn commit(
        &self,
        changes: Vec<Change>,
        actor: Option<&User>,
    ) -> Result<Committed, StoreError> {
        dispatch!(self, s => s.commit(changes, actor).await)
    }

    async fn revisions(
        &self,
        entity: Option<(Kind, &str)>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Revision>, StoreError> {
        dispatch!(self, s => s.revisions(entity, before, limit).await)
    }

    async fn revision(&self, n: i64) -> Result<Option<Revision>, StoreError> {
        dispatch!(self, s => s.revision(n).await)
    }

    async fn add_user(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<User, StoreError> {
        dispatch!(self, s => s.add_user(name, role, password_hash).await)
    }

    async fn users(&self) -> Result<Vec<User>, StoreError> {
        dispatch!(self, s => s.users().await)
    }

    async fn user_by_name(&self, name: &str) -> Result<Option<(User, String)>, StoreError> {
        dispatch!(self, s => s.user_by_name(name).await)
    }

    async fn remove_user(&self, name: &str) -> Result<(), StoreError> {
        dispatch!(self, s => s.remove_user(name).await)
    }

    async fn set_password(&self, name: &str, password_hash: &str) -> Result<(), StoreError> {
        dispatch!(self, s => s.set_password(name, password_hash).await)
    }

    async fn add_session(&self, user: &User, st: &StoredSession) -> Result<(), StoreError> {
        dispatch!(self, s => s.add_session(user, st).await)
    }

    async fn session(&self, id_hash: &str) -> Result<Option<(StoredSession, User)>, StoreError> {
        dispatch!(self, s => s.session(id_hash).await)
    }

    async fn touch_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        dispatch!(self, s => s.touch_session(id_hash, at).await)
    }

    async fn remove_session(&self, id_hash: &str) -> Result<(), StoreError> {
        dispatch!(self, s => s.remove_session(id_hash).await)
    }

    async fn add_token(
        &self,
        user: &User,
        secret: &StoredSecret,
        label: &str,
    ) -> Result<i64, StoreError> {
        dispatch!(self, s => s.add_token(user, secret, label).await)
    }

    async fn token_user(&self, secret_hash: &str) -> Result<Option<User>, StoreError> {
        dispatch!(self, s => s.token_user(secret_hash).await)
    }

    async fn tokens(&self, user: Option<&str>) -> Result<Vec<TokenInfo>, StoreError> {
        dispatch!(self, s => s.tokens(user).await)
    }

    async fn revoke_token(&self, id: i64) -> Result<(), StoreError> {
        dispatch!(self, s => s.revoke_token(id).await)
    }
}
