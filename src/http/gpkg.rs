//! `f=gpkg`: the features of any collection and filter as a GeoPackage, with the same
//! paging and limits as GeoJSON. The columns are the collection's schema
//! ([`super::flat::fields`]); the events collection's nested claims become the flat event
//! columns (counts, the first quote), with points and outlines mixed as `GEOMETRY`.

use std::borrow::Cow;

use super::Snapshot;
use super::error::ApiError;
use super::flat::{MENTION_FIELDS, PLACE_FIELDS, layer};
use super::items::Collection;
use crate::gazetteer::Gazetteer;
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

/// Largest geometry payload a GeoPackage download holds: 256 MiB (ten thousand events on
/// a detailed country outline would otherwise make a file of gigabytes).
pub const MAX_GEOMETRY_BYTES: usize = 256 * 1024 * 1024;

/// The WKB size of the rows' geometries, about.
fn geometry_bytes(rows: &[Row<'_>]) -> usize {
    rows.iter()
        .map(|(g, _)| match g {
            None => 0,
            Some(FlatGeometry::Point(_)) => 61,
            Some(FlatGeometry::Area(mp)) => {
                mp.0.iter()
                    .map(|p| {
                        let rings = std::iter::once(p.exterior()).chain(p.interiors());
                        rings.map(|r| 4 + 16 * r.0.len()).sum::<usize>() + 9
                    })
                    .sum::<usize>()
                    + 49
            }
        })
        .sum()
}

/// The GeoPackage of the features at `items` (positions in the collection's layer).
///
/// # Errors
/// [`ApiError::InvalidParameter`] naming `limit` when the geometries would exceed
/// [`MAX_GEOMETRY_BYTES`]; [`ApiError::Internal`] when writing the file fails.
pub async fn download(
    g: &Gazetteer,
    st: &Snapshot,
    c: Collection,
    items: &[u32],
) -> Result<Vec<u8>, ApiError> {
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
    check_size(&rows)?;
    gpkg::write(&table(c), &rows)
        .await
        .map_err(|e| ApiError::Internal(format!("gpkg: {e}")))
}

/// Refuses rows whose geometries exceed [`MAX_GEOMETRY_BYTES`].
fn check_size(rows: &[Row<'_>]) -> Result<(), ApiError> {
    let size = geometry_bytes(rows);
    if size > MAX_GEOMETRY_BYTES {
        return Err(ApiError::invalid(
            "limit",
            format!(
                "these {} features hold {} MiB of geometry, more than a GeoPackage download's {} MiB: ask for fewer",
                rows.len(),
                size >> 20,
                MAX_GEOMETRY_BYTES >> 20
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, MultiPolygon, Polygon};

    #[test]
    fn downloads_too_large_are_refused_naming_the_limit() {
        // One outline of a million vertices (16 MB), shared by the rows.
        let ring: LineString = (0..1_000_000).map(|i| (f64::from(i) * 1e-6, 0.0)).collect();
        let mp = MultiPolygon(vec![Polygon::new(ring, vec![])]);
        let row = || (Some(FlatGeometry::Area(&mp)), Vec::new());
        let few: Vec<Row<'_>> = (0..10).map(|_| row()).collect();
        assert!(check_size(&few).is_ok());
        let many: Vec<Row<'_>> = (0..20).map(|_| row()).collect();
        match check_size(&many) {
            Err(ApiError::InvalidParameter { name, .. }) => assert_eq!(name, "limit"),
            other => panic!("{other:?}"),
        }
    }
}
