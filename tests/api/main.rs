//! The HTTP API as clients use it: in-process requests (`app(state).oneshot(...)`) for every
//! endpoint and error, one end-to-end run against a listening server, and GDAL as a client.
//! One test binary, one module per feature; the gazetteer and fixture data load once.

mod desk;
/// The desk's scenarios again, on PostgreSQL: the same file, so both backends meet the same
/// tests.
#[allow(clippy::duplicate_mod)]
#[path = "desk.rs"]
mod desk_postgres;
mod desk_reads;
mod downloads;
mod e2e;
mod editor_places;
mod gis;
mod hardening;
mod helpers;
mod http_behaviour;
mod images;
mod incremental;
mod items;
mod maps;
mod ogc;
mod openapi;
mod places;
mod postgres;
mod snapshot;
#[path = "../support/mod.rs"]
mod support;
mod text;
mod web;
