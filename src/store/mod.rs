//! Persistence: files and databases written with the SQLite the store links. SQL lives here
//! and nowhere else; no HTTP.
//!
//! - [`gpkg`]: GeoPackage downloads (one feature table, R-tree indexed).

pub mod gpkg;
