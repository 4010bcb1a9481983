//! In-memory R-tree layers and their queries: events, places and mentions, each with a
//! bounding-box index (rstar), date-interval and property filters, a stable order and exact
//! counts for paging. No HTTP here: the server in `http` turns these pages into wire formats.
//!
//! - [`bbox`]: query rectangles, including those that cross the antimeridian.
//! - [`interval`]: date intervals with open ends and overlap semantics.
//! - [`spatial`]: the R-tree of envelopes all layers share.
//! - [`query`]: the filters and paging one request asks for, and the page it gets.
//! - [`events`], [`places`], [`mentions`]: the three layers.
//! - [`flat`]: claims, events as points and events as areas, with flat typed fields (GIS).
//!
//! Coordinates are `(lon, lat)` in WGS 84 degrees everywhere, as in GeoJSON.

pub mod bbox;
pub mod events;
pub mod flat;
pub mod interval;
pub mod mentions;
pub mod places;
pub mod query;
pub mod spatial;

pub use bbox::Bbox;
pub use events::{EventIndex, Scan};
pub use flat::{FlatKind, FlatLayer};
pub use interval::DateFilter;
pub use mentions::{MentionIndex, MentionRecord};
pub use places::{Nearest, PlaceIndex};
pub use query::{Page, Query};
pub use spatial::SpatialIndex;

/// Errors building query values: each says what is wrong with which value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IndexError {
    /// Occurs when a bounding box has a non-finite number, a latitude outside [-90, 90], a
    /// longitude outside [-180, 180] or a south edge north of its north edge.
    #[error("invalid bounding box: {0}")]
    Bbox(String),
    /// Occurs when a date interval ends before it starts.
    #[error("invalid interval: {0}")]
    Interval(String),
}

/// The gazetteer and the API's test dataset (`tests/fixtures/sources`), loaded once.
#[cfg(test)]
pub(crate) mod fixture {
    use std::sync::OnceLock;

    use crate::events::Dataset;
    use crate::gazetteer::Gazetteer;

    /// The embedded gazetteer.
    pub fn gazetteer() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::load_default().expect("gazetteer loads"))
    }

    /// The fixture dataset.
    pub fn dataset() -> Dataset {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sources");
        Dataset::load_dir(std::path::Path::new(dir)).expect("fixture parses")
    }
}
