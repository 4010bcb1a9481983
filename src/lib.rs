//! Dateline turns texts (interviews, news reports) into maps of dated, sourced events.
//!
//! Modules, from the data up:
//! - [`gazetteer`]: places, their names in every language and script, the name index,
//!   search, and the build from GeoNames and Natural Earth.
//! - [`geoparse`]: raw text → place-name mentions → resolved places.
//! - [`auth`]: accounts: users, roles, password hashes, sessions, API tokens, CSRF, rate limits.
//! - [`events`]: sources, claims and events; dates; the curated dataset; extraction.
//! - [`index`]: R-tree layers (events, places, mentions) with bbox, date and property queries.
//! - [`http`]: the API server (OGC API – Features, gazetteer, geoparsing), `app(state) -> Router`.
//! - [`output`]: GeoJSON for the command line.
//! - [`export`]: the map and its layers as static files.
//! - [`store`]: persistence (SQLite by default): the desk's data, revisions, the data
//!   version; GeoPackage downloads.
//! - [`desk`]: editing as domain operations: drafts, claims from spans, publishing, history.
//! - [`render`]: static maps (SVG, PNG) for print and social media.
//!
//! Coordinates are `(lon, lat)` in WGS 84 degrees everywhere, as in GeoJSON (RFC 7946).
#![deny(missing_docs)]

pub mod auth;
pub mod desk;
pub mod events;
pub mod export;
pub mod gazetteer;
pub mod geoparse;
pub mod http;
pub mod index;
pub mod output;
pub mod render;
pub mod store;
