//! Query rectangles in `(lon, lat)` degrees. A box whose west edge is east of its east edge
//! crosses the antimeridian (OGC API – Features, `bbox`): it is searched as two boxes.

use geo::{Intersects, MultiPolygon, Rect, coord};

use super::IndexError;

/// A bounding box `[west, south, east, north]` in degrees; `west > east` means it crosses the
/// antimeridian (e.g. `[170, -20, -170, -10]` around Fiji).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bbox {
    west: f64,
    south: f64,
    east: f64,
    north: f64,
}

impl Bbox {
    /// A checked box.
    ///
    /// # Errors
    /// Occurs when a number is not finite, a longitude is outside [-180, 180], a latitude
    /// outside [-90, 90], or `south > north`.
    pub fn new(west: f64, south: f64, east: f64, north: f64) -> Result<Bbox, IndexError> {
        let v = [west, south, east, north];
        if v.iter().any(|x| !x.is_finite()) {
            return Err(IndexError::Bbox(
                "coordinates must be finite numbers".into(),
            ));
        }
        if !(-180.0..=180.0).contains(&west) || !(-180.0..=180.0).contains(&east) {
            return Err(IndexError::Bbox(
                "longitudes must be within [-180, 180]".into(),
            ));
        }
        if !(-90.0..=90.0).contains(&south) || !(-90.0..=90.0).contains(&north) {
            return Err(IndexError::Bbox(
                "latitudes must be within [-90, 90]".into(),
            ));
        }
        if south > north {
            return Err(IndexError::Bbox(
                "the south edge is north of the north edge".into(),
            ));
        }
        Ok(Bbox {
            west,
            south,
            east,
            north,
        })
    }

    /// `[west, south, east, north]` as given (`west > east` across the antimeridian).
    pub fn bounds(&self) -> [f64; 4] {
        [self.west, self.south, self.east, self.north]
    }

    /// Whether the box crosses the antimeridian.
    pub fn crosses_antimeridian(&self) -> bool {
        self.west > self.east
    }

    /// The box as one or two ordinary `[min_lon, min_lat, max_lon, max_lat]` boxes: two
    /// when it crosses the antimeridian (west edge to 180°, and -180° to the east edge).
    pub fn parts(&self) -> Vec<[f64; 4]> {
        if self.crosses_antimeridian() {
            vec![
                [self.west, self.south, 180.0, self.north],
                [-180.0, self.south, self.east, self.north],
            ]
        } else {
            vec![[self.west, self.south, self.east, self.north]]
        }
    }

    /// Whether an envelope `[min_lon, min_lat, max_lon, max_lat]` touches the box.
    pub fn intersects_envelope(&self, e: [f64; 4]) -> bool {
        self.parts()
            .iter()
            .any(|p| e[0] <= p[2] && e[2] >= p[0] && e[1] <= p[3] && e[3] >= p[1])
    }

    /// Whether a (multi)polygon touches the box: its outline, not only its envelope.
    ///
    /// # Runtime
    /// Linear in the number of the polygon's vertices.
    pub fn intersects_polygon(&self, mp: &MultiPolygon) -> bool {
        self.parts().iter().any(|p| {
            let r = Rect::new(coord! { x: p[0], y: p[1] }, coord! { x: p[2], y: p[3] });
            mp.intersects(&r)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_boxes_are_refused() {
        for b in [
            [f64::NAN, 0.0, 1.0, 1.0],
            [-181.0, 0.0, 1.0, 1.0],
            [0.0, -91.0, 1.0, 1.0],
            [0.0, 10.0, 1.0, 5.0],
        ] {
            assert!(Bbox::new(b[0], b[1], b[2], b[3]).is_err(), "{b:?}");
        }
    }

    #[test]
    fn a_box_across_the_antimeridian_is_searched_as_two() {
        let b = Bbox::new(170.0, -20.0, -170.0, -10.0).expect("valid");
        assert!(b.crosses_antimeridian());
        assert_eq!(
            b.parts(),
            vec![[170.0, -20.0, 180.0, -10.0], [-180.0, -20.0, -170.0, -10.0]]
        );
        // Suva (178.4 E) and a point at 179.9 W are inside; Greenwich is not.
        assert!(b.intersects_envelope([178.44, -18.14, 178.44, -18.14]));
        assert!(b.intersects_envelope([-179.9, -15.0, -179.9, -15.0]));
        assert!(!b.intersects_envelope([0.0, -15.0, 0.0, -15.0]));
    }

    #[test]
    fn polygons_are_tested_by_outline_not_envelope() {
        use geo::{LineString, Polygon};
        // An L-shaped polygon whose envelope covers (5, 5) but whose outline does not.
        let l = Polygon::new(
            LineString::from(vec![
                (0.0, 0.0),
                (10.0, 0.0),
                (10.0, 2.0),
                (2.0, 2.0),
                (2.0, 10.0),
                (0.0, 10.0),
                (0.0, 0.0),
            ]),
            vec![],
        );
        let mp = MultiPolygon(vec![l]);
        let inner = Bbox::new(4.0, 4.0, 6.0, 6.0).expect("valid");
        assert!(inner.intersects_envelope([0.0, 0.0, 10.0, 10.0]));
        assert!(!inner.intersects_polygon(&mp));
        assert!(
            Bbox::new(1.0, 5.0, 3.0, 6.0)
                .expect("valid")
                .intersects_polygon(&mp)
        );
    }
}
