//! Persistence only: the [`Store`] trait and its backends ([`sqlite`], [`postgres`], either
//! as an [`AnyStore`]). SQL lives here and nowhere else; no HTTP.
//!
//! The store holds the desk's data (sources with their texts, events, claims, editor places,
//! mention decisions, maps, accounts and the append-only revision log) and a **data
//! version** that every committed write increments. The read path does not query it: the
//! server loads a [`StoredData`] from it into an in-memory snapshot.
//!
//! - [`sqlite`]: the embedded default backend.
//! - [`postgres`]: PostgreSQL with PostGIS, for several servers on one database.
//! - [`any`]: the backend a server was started with.
//! - [`gpkg`]: GeoPackage downloads (one feature table, R-tree indexed).

pub mod any;
pub mod delta;
pub mod gpkg;
pub mod postgres;
pub mod sqlite;
mod types;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::events::Dataset;

pub use any::AnyStore;
pub use delta::PublishedDelta;
pub use postgres::PgStore;
pub use sqlite::SqliteStore;
pub use types::*;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Occurs when the database cannot be opened, read or written.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// Occurs when a migration cannot be applied (e.g. the file is from a newer release).
    #[error("migrating the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Occurs when a stored document is not what this release reads.
    #[error("stored {entity}: {error}")]
    Document {
        /// The entity, e.g. `event:<id>`.
        entity: String,
        /// What is wrong.
        error: serde_json::Error,
    },
    /// Occurs when the data directory cannot be created.
    #[error("{path}: {error}")]
    Io {
        /// The directory or file.
        path: String,
        /// The cause.
        error: std::io::Error,
    },
    /// Occurs when a write expected another revision of an entity than the stored one (a
    /// lost update avoided), or expected it absent and it exists. Nothing is written.
    #[error("{entity} is at revision {current:?}, not the one this write expected")]
    Conflict {
        /// The entity, e.g. `event:<id>`.
        entity: String,
        /// Its stored revision (None when it does not exist).
        current: Option<i64>,
    },
    /// Occurs when a user, token or revision named does not exist.
    #[error("no {0}")]
    NotFound(String),
    /// Occurs when a user is added under a name that is taken.
    #[error("{0} exists already")]
    Exists(String),
}

/// Computes an event's geometry from its fields (the `doc` of an event's [`Record`]) as
/// GeoJSON text in longitude, latitude (WGS 84), or None when it is not located. The store
/// has no gazetteer: the server gives it this (see `desk::store_geometry`), and the
/// PostgreSQL store keeps the result in PostGIS for GIS clients; the read path never uses it.
pub type EventGeometry = Arc<dyn Fn(&serde_json::Value) -> Option<String> + Send + Sync>;

impl StoreError {
    /// A unique violation (another writer created the entity between the check and the
    /// insert) as the conflict it is; any other error as it is.
    pub(crate) fn unique_as_conflict(self, entity: &str) -> StoreError {
        match self {
            StoreError::Db(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                StoreError::Conflict {
                    entity: entity.to_owned(),
                    current: None,
                }
            }
            e => e,
        }
    }
}

/// What the read path is built from: the published data, its texts and the data version.
#[derive(Debug, Default, Clone)]
pub struct StoredData {
    /// Published sources and events (with the claims whose sources are published).
    pub dataset: Dataset,
    /// Source id → stored text.
    pub texts: BTreeMap<String, String>,
    /// The data version these were read at.
    pub version: i64,
}

/// A persistent store of the desk's data. Every write is one transaction: all of it or
/// nothing, with one revision per entity changed and one new data version.
pub trait Store: Send + Sync {
    /// The current data version (incremented by every committed write).
    ///
    /// # Errors
    /// [`StoreError::Db`] when the database cannot be read.
    fn data_version(&self) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// Seeds an empty store with `ds` and `texts` (source id → text), published, in one
    /// transaction with one `seed` revision per entity; a store that holds any source or
    /// event is left alone. Returns whether it seeded.
    ///
    /// # Errors
    /// [`StoreError::Db`] when the write fails (nothing is written then).
    fn seed(
        &self,
        ds: &Dataset,
        texts: &BTreeMap<String, String>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The published data, consistently at one data version.
    ///
    /// # Errors
    /// [`StoreError`] when the database cannot be read or holds a document this release
    /// cannot read.
    fn published(&self) -> impl Future<Output = Result<StoredData, StoreError>> + Send;

    /// The published form of what changed since data version `since` (see [`delta`]), or
    /// None when a full read ([`Store::published`]) is needed: more than `max` entities
    /// changed, or an editor place did.
    ///
    /// # Errors
    /// As [`Store::published`].
    fn published_delta(
        &self,
        since: i64,
        max: usize,
    ) -> impl Future<Output = Result<Option<PublishedDelta>, StoreError>> + Send;

    /// Every source and event, drafts included (for `export --toml` and editors).
    ///
    /// # Errors
    /// As [`Store::published`].
    fn everything(&self) -> impl Future<Output = Result<StoredData, StoreError>> + Send;

    /// One entity as stored, or None.
    ///
    /// # Errors
    /// As [`Store::published`].
    fn get(
        &self,
        kind: Kind,
        id: &str,
    ) -> impl Future<Output = Result<Option<Stored>, StoreError>> + Send;

    /// Every entity of `kind` (claims: of the event `parent` when given), in order.
    ///
    /// # Errors
    /// As [`Store::published`].
    fn list(
        &self,
        kind: Kind,
        parent: Option<&str>,
    ) -> impl Future<Output = Result<Vec<Stored>, StoreError>> + Send;

    /// Applies `changes` in one transaction by `actor`, checking each one's [`Expect`]:
    /// every change or none, one revision each, one new data version.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when an expectation fails (nothing is written);
    /// [`StoreError::Db`] when the write fails.
    fn commit(
        &self,
        changes: Vec<Change>,
        actor: Option<&User>,
    ) -> impl Future<Output = Result<Committed, StoreError>> + Send;

    /// The revision log, newest first: of one entity when `entity` is given, at most
    /// `limit` entries older than revision `before` when given.
    ///
    /// # Errors
    /// As [`Store::published`].
    fn revisions(
        &self,
        entity: Option<(Kind, &str)>,
        before: Option<i64>,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Revision>, StoreError>> + Send;

    /// One revision, or None.
    ///
    /// # Errors
    /// As [`Store::published`].
    fn revision(&self, n: i64)
    -> impl Future<Output = Result<Option<Revision>, StoreError>> + Send;

    /// Adds a user with a password hash (PHC string).
    ///
    /// # Errors
    /// [`StoreError::Exists`] when the name is taken.
    fn add_user(
        &self,
        name: &str,
        role: crate::auth::Role,
        password_hash: &str,
    ) -> impl Future<Output = Result<User, StoreError>> + Send;

    /// Every user, by name.
    ///
    /// # Errors
    /// [`StoreError::Db`].
    fn users(&self) -> impl Future<Output = Result<Vec<User>, StoreError>> + Send;

    /// A user and their password hash, by name.
    ///
    /// # Errors
    /// [`StoreError::Db`].
    fn user_by_name(
        &self,
        name: &str,
    ) -> impl Future<Output = Result<Option<(User, String)>, StoreError>> + Send;

    /// Removes a user with their sessions and tokens (their revisions keep their name).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such user.
    fn remove_user(&self, name: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Sets a user's password hash and ends their sessions.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such user.
    fn set_password(
        &self,
        name: &str,
        password_hash: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Stores a new session of `user`.
    ///
    /// # Errors
    /// [`StoreError::Db`].
    fn add_session(
        &self,
        user: &User,
        s: &crate::auth::session::StoredSession,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The session with this id hash and its user, or None.
    ///
    /// # Errors
    /// [`StoreError::Db`].
    fn session(
        &self,
        id_hash: &str,
    ) -> impl Future<
        Output = Result<Option<(crate::auth::session::StoredSession, User)>, StoreError>,
    > + Send;

    /// Sets a session's `last_seen_at`.
    ///
    /// # Errors
    /// [`StoreError::Db`].
    fn touch_session(
        &self,
        id_hash: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Ends a session (and every expired one).
    ///
    /// # Errors
    /// [`StoreError::Db`].
    fn remove_session(&self, id_hash: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Stores a new API token of `user`; returns its id.
    ///
    /// # Errors
    /// [`StoreError::Db`].
    fn add_token(
        &self,
        user: &User,
        secret: &crate::auth::token::StoredSecret,
        label: &str,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// The user of the unrevoked token with this hash, or None.
    ///
    /// # Errors
    /// [`StoreError::Db`].
    fn token_user(
        &self,
        secret_hash: &str,
    ) -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// Every token (of one user when given).
    ///
    /// # Errors
    /// [`StoreError::Db`].
    fn tokens(
        &self,
        user: Option<&str>,
    ) -> impl Future<Output = Result<Vec<TokenInfo>, StoreError>> + Send;

    /// Revokes a token by id.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such unrevoked token.
    fn revoke_token(&self, id: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
}
