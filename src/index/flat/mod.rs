//! Flat layers for GIS clients: claims, events as points and events as areas. Each has
//! one geometry type and a fixed list of scalar fields (text, integer, date) so that
//! QGIS, ArcGIS and GeoPackage get typed columns instead of nested arrays; the nested form
//! stays on the events layer.
//!
//! The rows are derived from the events layer's own events when the snapshot is built
//! (8 bytes per row plus an R-tree of points), and their values are computed on demand
//! ([`FlatLayer::cells`]), so a claim row always says what its event says.
//!
//! Coordinates are `(lon, lat)` in WGS 84 degrees.

mod fields;

use std::borrow::Cow;

use chrono::NaiveDate;
use geo::{BoundingRect, MultiPolygon};

use super::events::event_matches;
use super::query::contains_ci;
use super::{EventIndex, Page, Query, SpatialIndex};
use crate::events::{Dataset, Event, LocationPrecision};
use crate::gazetteer::Gazetteer;

pub use fields::{CLAIM_FIELDS, EVENT_FIELDS, distinct, highest_figure, name as vocabulary};

/// The type of a field's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// UTF-8 text.
    Text,
    /// A whole number (64-bit).
    Integer,
    /// A decimal number (64-bit float).
    Real,
    /// A calendar day, ISO 8601 (`YYYY-MM-DD`).
    Date,
}

/// One column of a flat layer: its name, type and meaning. Names and types are part of the
/// API: saved GIS projects refer to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Column name (lower case, `snake_case`; never an SQL keyword).
    pub name: &'static str,
    /// Type of its values (any value may also be null).
    pub kind: FieldType,
    /// What it holds.
    pub description: &'static str,
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// No value.
    Null,
    /// A whole number.
    Integer(i64),
    /// A decimal number.
    Real(f64),
    /// Text.
    Text(Cow<'a, str>),
    /// A day.
    Date(NaiveDate),
}

/// The flat layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlatKind {
    /// One row per claim, at its event's point (the representative point for areas).
    Claims,
    /// One row per event, at its place's point (the representative point for areas, with
    /// `location_precision` saying so).
    EventPoints,
    /// One row per event located to an area (district, region, country, border, line of
    /// contact), with the area's outline.
    EventAreas,
}

/// The geometry type every row of a layer has (or a null geometry, for unlocated events).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeometryType {
    /// Points.
    Point,
    /// Multipolygons.
    MultiPolygon,
}

impl GeometryType {
    /// The name in GeoJSON, Simple Features and GeoPackage (`POINT`, `MULTIPOLYGON` upper-cased).
    pub fn as_str(self) -> &'static str {
        match self {
            GeometryType::Point => "Point",
            GeometryType::MultiPolygon => "MultiPolygon",
        }
    }
}

impl FlatKind {
    /// The geometry type of the layer.
    pub fn geometry_type(self) -> GeometryType {
        match self {
            FlatKind::Claims | FlatKind::EventPoints => GeometryType::Point,
            FlatKind::EventAreas => GeometryType::MultiPolygon,
        }
    }

    /// The layer's columns, in order (the first is the feature id).
    pub fn fields(self) -> &'static [Field] {
        match self {
            FlatKind::Claims => CLAIM_FIELDS,
            FlatKind::EventPoints | FlatKind::EventAreas => EVENT_FIELDS,
        }
    }
}

/// A row's geometry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FlatGeometry<'a> {
    /// A point `[lon, lat]`.
    Point([f64; 2]),
    /// An outline.
    Area(&'a MultiPolygon),
}

/// One flat layer: its rows in the events layer's order (date, then id; claims in the
/// order their event lists them) and an R-tree of their points.
#[derive(Debug)]
pub struct FlatLayer {
    kind: FlatKind,
    /// Per row, the event's position in the events layer and the claim's index in the
    /// event (0 for the event layers). Sorted.
    rows: Vec<(u32, u32)>,
    /// The rows' points (point layers only).
    spatial: SpatialIndex,
    /// The extent of the rows' geometries.
    extent: Option<[f64; 4]>,
}

/// The point a row of an event is drawn at: its place's (representative) point, unless
/// the event is not located.
fn event_point(g: &Gazetteer, e: &Event) -> Option<[f64; 2]> {
    if e.location_precision == LocationPrecision::Unknown {
        return None;
    }
    g.get(&e.place_id).map(|p| p.point)
}

impl FlatLayer {
    /// The rows of `kind` for the events of `events`.
    ///
    /// # Runtime
    /// O(n log n) for n rows (the R-tree's bulk load).
    pub fn new(kind: FlatKind, g: &Gazetteer, events: &EventIndex) -> FlatLayer {
        let all = events.events();
        let rows: Vec<(u32, u32)> = match kind {
            FlatKind::Claims => all
                .iter()
                .enumerate()
                .flat_map(|(i, e)| (0..e.claims.len() as u32).map(move |k| (i as u32, k)))
                .collect(),
            FlatKind::EventPoints => (0..all.len() as u32).map(|i| (i, 0)).collect(),
            FlatKind::EventAreas => (0..all.len() as u32)
                .filter(|&i| events.area(i).is_some())
                .map(|i| (i, 0))
                .collect(),
        };
        let (spatial, extent) = match kind {
            FlatKind::EventAreas => {
                let extent = rows
                    .iter()
                    .filter_map(|&(i, _)| events.area(i)?.bounding_rect())
                    .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
                    .reduce(|a, b| {
                        [
                            a[0].min(b[0]),
                            a[1].min(b[1]),
                            a[2].max(b[2]),
                            a[3].max(b[3]),
                        ]
                    });
                (SpatialIndex::default(), extent)
            }
            _ => {
                let spatial = SpatialIndex::build(rows.iter().enumerate().map(|(r, &(i, _))| {
                    let p = event_point(g, events.event(i));
                    (r as u32, p.map(|[x, y]| [x, y, x, y]))
                }));
                let extent = spatial.extent();
                (spatial, extent)
            }
        };
        FlatLayer {
            kind,
            rows,
            spatial,
            extent,
        }
    }

    /// Which layer this is.
    pub fn kind(&self) -> FlatKind {
        self.kind
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the layer has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The extent `[min_lon, min_lat, max_lon, max_lat]` of the rows' geometries.
    pub fn extent(&self) -> Option<[f64; 4]> {
        self.extent
    }

    /// The event of row `r` and, for claims, the claim's index.
    fn row(&self, r: u32) -> (u32, usize) {
        let (i, k) = self.rows[r as usize];
        (i, k as usize)
    }

    /// The rows matching `q`, in order, paged. For claims, `source`, `claimant` and `q`
    /// apply to the claim itself (its source, its claimant, its quote or its event's title,
    /// summary, place or date); for events, to any of their claims, as on the events layer.
    /// A bbox selects point rows by their point and area rows by their outline.
    ///
    /// # Runtime
    /// With a bbox on a point layer, an R-tree search plus a pass over its hits; otherwise
    /// a pass over the rows (areas: the events layer's query).
    pub fn query(&self, events: &EventIndex, q: &Query) -> Page {
        if self.kind == FlatKind::EventAreas {
            let all = events.query(&Query {
                offset: 0,
                limit: usize::MAX,
                ..q.clone()
            });
            let rows = all
                .items
                .into_iter()
                .filter_map(|i| self.rows.binary_search(&(i, 0)).ok())
                .map(|r| r as u32);
            return q.page(rows);
        }
        let text = q.q_lower();
        let claimant = q.claimant.as_deref().map(str::to_lowercase);
        // For claims: the filters that apply to the event, not the claim.
        let event_level = Query {
            source: None,
            claimant: None,
            q: None,
            bbox: None,
            ..q.clone()
        };
        let keep = |r: &u32| {
            let (i, k) = self.row(*r);
            let e = events.event(i);
            if self.kind == FlatKind::EventPoints {
                return event_matches(q, claimant.as_deref(), text.as_deref(), e);
            }
            let c = &e.claims[k];
            if q.source.as_ref().is_some_and(|s| *s != c.source) {
                return false;
            }
            if claimant
                .as_deref()
                .is_some_and(|x| !contains_ci(&c.claimant, x))
            {
                return false;
            }
            if let Some(t) = text.as_deref() {
                let own = contains_ci(&c.quote, t) || contains_ci(&c.claimant, t);
                let event_text = [&e.title, &e.summary, &e.place_name, &e.date_text]
                    .iter()
                    .any(|s| contains_ci(s, t));
                if !own && !event_text {
                    return false;
                }
            }
            // The claim-level filters are decided; the event-level ones remain.
            event_matches(&event_level, None, None, e)
        };
        match &q.bbox {
            Some(b) => q.page(self.spatial.intersecting(b).into_iter().filter(keep)),
            None => q.page((0..self.rows.len() as u32).filter(keep)),
        }
    }

    /// The events layer's position of row `r`'s event.
    pub fn event_position(&self, r: u32) -> u32 {
        self.rows[r as usize].0
    }

    /// The feature id of row `r`: the event id, or `{event id}:{n}` for the n-th claim
    /// (from 1) of an event.
    pub fn id(&self, events: &EventIndex, r: u32) -> String {
        let (i, k) = self.row(r);
        let e = events.event(i);
        match self.kind {
            FlatKind::Claims => format!("{}:{}", e.id, k + 1),
            _ => e.id.clone(),
        }
    }

    /// The row with feature id `id`.
    pub fn get(&self, events: &EventIndex, id: &str) -> Option<u32> {
        let (event_id, k) = match self.kind {
            FlatKind::Claims => {
                let (e, n) = id.rsplit_once(':')?;
                let n: u32 = n.parse().ok()?;
                (e, n.checked_sub(1)?)
            }
            _ => (id, 0),
        };
        let i = events.position(event_id)?;
        self.rows.binary_search(&(i, k)).ok().map(|r| r as u32)
    }

    /// The geometry of row `r`, `None` for an unlocated event.
    pub fn geometry<'a>(
        &self,
        g: &Gazetteer,
        events: &'a EventIndex,
        r: u32,
    ) -> Option<FlatGeometry<'a>> {
        let (i, _) = self.row(r);
        match self.kind {
            FlatKind::EventAreas => events.area(i).map(FlatGeometry::Area),
            _ => event_point(g, events.event(i)).map(FlatGeometry::Point),
        }
    }

    /// The values of row `r`, one per field of [`FlatKind::fields`], in order.
    pub fn cells<'a>(
        &self,
        g: &'a Gazetteer,
        ds: &'a Dataset,
        events: &'a EventIndex,
        r: u32,
    ) -> Vec<Cell<'a>> {
        let (i, k) = self.row(r);
        let e = events.event(i);
        match self.kind {
            FlatKind::Claims => fields::claim_cells(g, ds, e, k),
            _ => fields::event_cells(g, ds, e),
        }
    }
}

#[cfg(test)]
mod tests;
