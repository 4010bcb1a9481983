//! The R-tree all layers share: one rectangle (a point is a degenerate one) per located
//! item, tagged with the item's position in its layer. Items without a location are kept
//! out of the tree; a bbox query never returns them.

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, Envelope, RTree, RTreeObject};

use super::Bbox;

type Entry = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// An R-tree of `[min_lon, min_lat, max_lon, max_lat]` envelopes keyed by item position.
#[derive(Debug, Default)]
pub struct SpatialIndex {
    tree: RTree<Entry>,
}

impl SpatialIndex {
    /// Bulk-loads the envelopes; `None` (not located) is left out.
    ///
    /// # Runtime
    /// O(n log n) for n envelopes.
    pub fn build(envelopes: impl IntoIterator<Item = (u32, Option<[f64; 4]>)>) -> SpatialIndex {
        let entries: Vec<Entry> = envelopes
            .into_iter()
            .filter_map(|(i, e)| {
                let e = e?;
                let r = Rectangle::from_corners([e[0], e[1]], [e[2], e[3]]);
                Some(GeomWithData::new(r, i))
            })
            .collect();
        SpatialIndex {
            tree: RTree::bulk_load(entries),
        }
    }

    /// Number of located items.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// Whether no item is located.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// Positions of the items whose envelope intersects the box, ascending and without
    /// duplicates (a box across the antimeridian is searched in two parts).
    ///
    /// # Runtime
    /// O(log n + m log m) for m hits.
    pub fn intersecting(&self, bbox: &Bbox) -> Vec<u32> {
        let mut hits: Vec<u32> = Vec::new();
        for p in bbox.parts() {
            let env = AABB::from_corners([p[0], p[1]], [p[2], p[3]]);
            hits.extend(
                self.tree
                    .locate_in_envelope_intersecting(&env)
                    .map(|e| e.data),
            );
        }
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    /// The same as [`SpatialIndex::intersecting`], but testing every envelope in turn
    /// instead of descending the tree: the baseline the R-tree is measured against
    /// (`dateline serve --scan linear`).
    ///
    /// # Runtime
    /// O(n + m log m) for n items and m hits.
    pub fn scan(&self, bbox: &Bbox) -> Vec<u32> {
        let parts: Vec<AABB<[f64; 2]>> = bbox
            .parts()
            .iter()
            .map(|p| AABB::from_corners([p[0], p[1]], [p[2], p[3]]))
            .collect();
        let mut hits: Vec<u32> = self
            .tree
            .iter()
            .filter(|e| {
                let env = e.geom().envelope();
                parts.iter().any(|p| p.intersects(&env))
            })
            .map(|e| e.data)
            .collect();
        hits.sort_unstable();
        hits
    }

    /// Positions of the `k` items nearest to a point (`lon`, `lat`), nearest first, by
    /// distance in degrees to their envelope (rstar's metric: a ranking in coordinate
    /// units, not kilometres; re-rank with a great-circle distance before showing one).
    ///
    /// # Runtime
    /// About O(log n + k log k).
    pub fn nearest(&self, lon: f64, lat: f64, k: usize) -> Vec<u32> {
        self.tree
            .nearest_neighbor_iter(&[lon, lat])
            .take(k)
            .map(|e| e.data)
            .collect()
    }

    /// The envelope of every located item, `[min_lon, min_lat, max_lon, max_lat]`.
    pub fn extent(&self) -> Option<[f64; 4]> {
        if self.is_empty() {
            return None;
        }
        let e = self.tree.root().envelope();
        let (lo, hi) = (e.lower(), e.upper());
        Some([lo[0], lo[1], hi[0], hi[1]])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_across_the_antimeridian_find_both_sides_once() {
        let idx = SpatialIndex::build([
            (0, Some([179.0, -17.0, 179.0, -17.0])),
            (1, Some([-179.5, -16.0, -179.5, -16.0])),
            (2, Some([10.0, 10.0, 10.0, 10.0])),
            (3, None),
            // A wide area spanning both parts must be reported once.
            (4, Some([-180.0, -30.0, 180.0, 0.0])),
        ]);
        assert_eq!(idx.len(), 4);
        let b = Bbox::new(178.0, -20.0, -178.0, -10.0).expect("valid");
        assert_eq!(idx.intersecting(&b), vec![0, 1, 4]);
        assert_eq!(idx.extent(), Some([-180.0, -30.0, 180.0, 10.0]));
        assert_eq!(idx.scan(&b), vec![0, 1, 4]);
    }

    #[test]
    fn nearest_items_come_nearest_first() {
        let idx = SpatialIndex::build([
            (0, Some([10.0, 10.0, 10.0, 10.0])),
            (1, Some([1.0, 1.0, 1.0, 1.0])),
            (2, None),
            (3, Some([-3.0, 0.0, -2.0, 0.5])),
        ]);
        assert_eq!(idx.nearest(0.0, 0.0, 2), vec![1, 3]);
        assert_eq!(idx.nearest(0.0, 0.0, 10), vec![1, 3, 0]);
    }
}
