//! The places layer: the gazetteer's places in an R-tree (areas by their bounding box,
//! settlements by their point) for bbox queries, and a second R-tree of points on the unit
//! sphere for nearest-place lookups.
//!
//! # Why a sphere for k-NN
//! rstar measures squared distances in coordinate units; in degrees of `(lon, lat)` a degree
//! of longitude counts as much at 60° N as at the equator, and points across the
//! antimeridian look 360° apart. Straight-line (chord) distance between points on the unit
//! sphere grows with the great-circle distance, so nearest neighbours in 3-D are the true
//! nearest places. Distances are then reported by haversine, in kilometres.

use rstar::RTree;
use rstar::primitives::GeomWithData;

use super::query::contains_ci;
use super::{Page, Query, SpatialIndex};
use crate::gazetteer::{Gazetteer, distance_km};

/// A place found by [`PlaceIndex::nearest`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nearest {
    /// Position of the place in [`Gazetteer::places`].
    pub place: u32,
    /// Great-circle distance from the query point, in kilometres.
    pub distance_km: f64,
}

/// R-trees over the gazetteer's places.
#[derive(Debug, Default)]
pub struct PlaceIndex {
    spatial: SpatialIndex,
    sphere: RTree<GeomWithData<[f64; 3], u32>>,
    len: usize,
}

/// A `[lon, lat]` point in degrees as a point on the unit sphere.
fn unit_vector(p: [f64; 2]) -> [f64; 3] {
    let (lon, lat) = (p[0].to_radians(), p[1].to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

impl PlaceIndex {
    /// Indexes every place of the gazetteer.
    ///
    /// # Runtime
    /// O(n log n) for n places (about 0.1 s for the default gazetteer in release builds).
    pub fn new(g: &Gazetteer) -> PlaceIndex {
        let places = g.places();
        let spatial = SpatialIndex::build(places.iter().enumerate().map(|(i, p)| {
            let env = match p.bbox {
                // A box whose west edge is east of its east edge crosses the antimeridian:
                // index it as the whole band of latitudes rather than the wrong half.
                Some(b) if b[0] > b[2] => [-180.0, b[1], 180.0, b[3]],
                Some(b) => b,
                None => [p.lon(), p.lat(), p.lon(), p.lat()],
            };
            (i as u32, Some(env))
        }));
        let sphere = RTree::bulk_load(
            places
                .iter()
                .enumerate()
                .map(|(i, p)| GeomWithData::new(unit_vector(p.point), i as u32))
                .collect(),
        );
        PlaceIndex {
            spatial,
            sphere,
            len: places.len(),
        }
    }

    /// Places matching `q.bbox` and `q.q` (any of the place's names contains it), in
    /// gazetteer order, paged.
    ///
    /// # Runtime
    /// With a bbox, an R-tree search; without one, a pass over every place (and its names
    /// when `q` is set).
    pub fn query(&self, g: &Gazetteer, q: &Query) -> Page {
        // Nothing here is dated: only a fully open `datetime` selects anything.
        if q.datetime.is_some_and(|d| !d.is_open()) {
            return Page::default();
        }
        let text = q.q_lower();
        let keep = |i: &u32| {
            let Some(t) = &text else { return true };
            g.place(*i).names.iter().any(|n| contains_ci(&n.text, t))
        };
        match &q.bbox {
            Some(b) => q.page(self.spatial.intersecting(b).into_iter().filter(keep)),
            None => q.page((0..self.len as u32).filter(keep)),
        }
    }

    /// The `k` places nearest to `point` (`[lon, lat]`), nearest first, with great-circle
    /// distances in kilometres.
    ///
    /// # Runtime
    /// O(k log n).
    pub fn nearest(&self, g: &Gazetteer, point: [f64; 2], k: usize) -> Vec<Nearest> {
        self.sphere
            .nearest_neighbor_iter(&unit_vector(point))
            .take(k)
            .map(|e| Nearest {
                place: e.data,
                distance_km: distance_km(point, g.place(e.data).point),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Bbox;
    use crate::index::fixture::gazetteer;

    #[test]
    fn nearest_places_come_with_kilometres_nearest_first() {
        let g = gazetteer();
        let idx = PlaceIndex::new(g);
        // longitude, latitude: a point 1 km or so from the centre of Barda.
        let hits = idx.nearest(g, [47.13, 40.38], 5);
        assert_eq!(hits.len(), 5);
        assert_eq!(g.place(hits[0].place).id, "geonames:587057");
        assert!(hits[0].distance_km < 2.0, "{:?}", hits[0]);
        assert!(
            hits.windows(2)
                .all(|w| w[0].distance_km <= w[1].distance_km)
        );
    }

    #[test]
    fn nearest_works_across_the_antimeridian_and_near_the_pole() {
        let g = gazetteer();
        let idx = PlaceIndex::new(g);
        // Just west of 180° near Fiji: the nearest place is on the other side, not 360° away.
        let hits = idx.nearest(g, [-179.99, -17.0], 1);
        let p = g.place(hits[0].place);
        assert_eq!(p.country, "FJ");
        let d = distance_km([-179.99, -17.0], p.point);
        assert!((hits[0].distance_km - d).abs() < 1e-9 && d < 400.0, "{d}");
        // High latitude: ranking by true distance, and it agrees with a linear scan.
        let q = [30.0, 69.0];
        let best = g
            .places()
            .iter()
            .map(|p| distance_km(q, p.point))
            .fold(f64::INFINITY, f64::min);
        let got = idx.nearest(g, q, 1)[0].distance_km;
        assert!((got - best).abs() < 1e-9, "{got} vs {best}");
    }

    #[test]
    fn bbox_and_text_select_places() {
        let g = gazetteer();
        let idx = PlaceIndex::new(g);
        let q = Query {
            bbox: Some(Bbox::new(47.0, 40.3, 47.2, 40.45).expect("valid")),
            q: Some("barda".into()),
            ..Query::default()
        };
        let page = idx.query(g, &q);
        let ids: Vec<&str> = page.items.iter().map(|&i| g.place(i).id.as_ref()).collect();
        assert!(ids.contains(&"geonames:587057"), "{ids:?}");
        assert!(page.number_matched >= 1);
    }
}
