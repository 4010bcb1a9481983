//! Persistence only: the [`Store`] trait and its backends ([`sqlite`]; PostgreSQL is one
//! more file behind the same trait). SQL lives here and nowhere else; no HTTP.
//!
//! The store holds the desk's data (sources with their texts, events, claims, editor places,
//! mention decisions, maps, accounts and the append-only revision log) and a **data
//! version** that every committed write increments. The read path does not query it: the
//! server loads a [`StoredData`] from it into an in-memory snapshot.
//!
//! - [`sqlite`]: the embedded default backend.
//! - [`gpkg`]: GeoPackage downloads (one feature table, R-tree indexed).

pub mod gpkg;
pub mod sqlite;

use std::collections::BTreeMap;

use crate::events::Dataset;

pub use sqlite::SqliteStore;

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

/// A persistent store of the desk's data.
pub trait Store {
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

    /// Every source and event, drafts included (for `export --toml` and editors).
    ///
    /// # Errors
    /// As [`Store::published`].
    fn everything(&self) -> impl Future<Output = Result<StoredData, StoreError>> + Send;
}
