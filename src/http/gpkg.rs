//! `f=gpkg`: the features of any collection and filter as a GeoPackage, with the same
//! paging and limits as GeoJSON. The columns are the collection's schema
//! ([`super::flat::fields`]); the events collection's nested claims become the flat event
//! columns (counts, the first quote), with points and outlines mixed as `GEOMETRY`.

use std::borrow::Cow;

use super::AppState;
use super::error::ApiError;
use super::flat::{MENTION_FIELDS, PLACE_FIELDS, layer};
use super::items::Collection;
use crate::index::flat::{Cell, EVENT_FIELDS, Field, FlatGeometry, vocabulary as name};
use crate::store::gpkg::{self, Row, Table, TableGeometry};

fn text(s: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(s))
}

/// The table a collection is written to: its name (GeoPackage tables are `[a-z0-9_]`),
/// geometry type and columns.
fn table(c: Collection) -> Table<'static> {
    let (name, geometry, fields): (&str, TableGeometry, &'static [Field]) = match c {
        Collection::Events => ("events", TableGeometry::Geometry, EVENT_FIELDS),
        Collection::Places => ("places", TableGeometry::Point, PLACE_FIELDS),
        Collection::Mentions => ("mentions", TableGeometry::Point, MENTION_FIELDS),
        Collection::Claims => ("claims", TableGeometry::Point, super::flat::fields(c)),
        Collection::EventPoints => ("event_points", TableGeometry::Point, EVENT_FIELDS),
        Collection::EventAreas => ("event_areas", TableGeometry::MultiPolygon, EVENT_FIELDS),
    };
    Table {
        name,
        description: "Dateline: dated, sourced events from texts",
        geometry,
        fields,
    }
}

/// The GeoPackage of the features at `items` (positions in the collection's layer).
///
/// # Errors
/// [`ApiError::Internal`] when writing the file fails.
pub async fn download(st: &AppState, c: Collection, items: &[u32]) -> Result<Vec<u8>, ApiError> {
    let g = &st.gazetteer;
    let rows: Vec<Row<'_>> = match (c, layer(st, c)) {
        (_, Some(l)) => items
            .iter()
            .map(|&r| {
                (
                    l.geometry(g, &st.events, r),
                    l.cells(g, &st.sources, &st.events, r),
                )
            })
            .collect(),
        (Collection::Events, _) => items
            .iter()
            .map(|&i| {
                // The events layer's positions are the event-points layer's rows.
                let geometry = match st.events.area(i) {
                    Some(a) => Some(FlatGeometry::Area(a)),
                    None => st.event_points.geometry(g, &st.events, i),
                };
                (
                    geometry,
                    st.event_points.cells(g, &st.sources, &st.events, i),
                )
            })
            .collect(),
        (Collection::Places, _) => items
            .iter()
            .map(|&i| {
                let p = g.place(i);
                let cells = vec![
                    text(&p.id),
                    text(&p.name),
                    name(&p.kind),
                    text(&p.feature_code),
                    text(&p.country),
                    i64::try_from(p.population).map_or(Cell::Null, Cell::Integer),
                ];
                (Some(FlatGeometry::Point(p.point)), cells)
            })
            .collect(),
        (_, None) => items
            .iter()
            .map(|&i| {
                let r = st.mentions.record(i);
                let p = g.place(r.mention.place);
                let cells = vec![
                    text(&r.source),
                    text(&r.mention.text),
                    Cell::Integer(r.mention.start as i64),
                    Cell::Integer(r.mention.end as i64),
                    text(&p.id),
                    text(&p.name),
                    name(&p.kind),
                    text(&p.country),
                    Cell::Real((r.mention.score * 1000.0).round() / 1000.0),
                ];
                (Some(FlatGeometry::Point(p.point)), cells)
            })
            .collect(),
    };
    gpkg::write(&table(c), &rows)
        .await
        .map_err(|e| ApiError::Internal(format!("gpkg: {e}")))
}
