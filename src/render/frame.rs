//! The map's frame: a view box in Web Mercator (as Leaflet draws the web map) fitted to a
//! width in pixels, and the distance a scale bar of that frame shows.
//!
//! # Units
//! Longitudes and latitudes in degrees (`(lon, lat)`); `x`, `y` in CSS pixels from the
//! map's top left corner.

use std::f64::consts::PI;

/// Latitudes beyond this are cut off (Web Mercator's square world).
const MAX_LAT: f64 = 85.0511;
/// The Earth's equatorial circumference in metres (Web Mercator's sphere).
const EQUATOR_M: f64 = 40_075_016.686;

/// A Web Mercator view of a given size in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Mercator x (0 at 180° W, 1 at 180° E) of the left edge.
    x0: f64,
    /// Mercator y (0 at the north edge, 1 at the south edge) of the top edge.
    y0: f64,
    /// Pixels per Mercator unit.
    k: f64,
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
}

/// Mercator `(x, y)` in `[0, 1]` of `(lon, lat)`.
fn mercator(lon: f64, lat: f64) -> (f64, f64) {
    let phi = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (phi.tan() + 1.0 / phi.cos()).ln() / PI) / 2.0;
    (x, y)
}

impl Frame {
    /// The frame showing at least `bbox` (`[west, south, east, north]`, `west > east` across
    /// the antimeridian) `width` pixels wide, its height following the box's shape within
    /// `[min_ratio, max_ratio]` of the width; the box is widened (or heightened) about its
    /// centre to fill the frame. A box smaller than `min_span_deg` is grown to it.
    pub fn fit(
        bbox: [f64; 4],
        width: f64,
        min_ratio: f64,
        max_ratio: f64,
        min_span_deg: f64,
    ) -> Frame {
        let [w, s, mut e, n] = bbox;
        if e < w {
            e += 360.0;
        }
        let (mut ax, mut ay) = mercator(w, n);
        let (mut bx, mut by) = mercator(e, s);
        let min = min_span_deg / 360.0;
        for (a, b) in [(&mut ax, &mut bx), (&mut ay, &mut by)] {
            if *b - *a < min {
                let c = (*a + *b) / 2.0;
                *a = c - min / 2.0;
                *b = c + min / 2.0;
            }
        }
        let (dx, dy) = (bx - ax, by - ay);
        let height = (width * dy / dx)
            .clamp(width * min_ratio, width * max_ratio)
            .round();
        let (cx, cy) = ((ax + bx) / 2.0, (ay + by) / 2.0);
        // Pixels per unit: the tighter of the two directions, so the whole box fits.
        let k = (width / dx).min(height / dy);
        Frame {
            x0: cx - width / k / 2.0,
            y0: cy - height / k / 2.0,
            k,
            width,
            height,
        }
    }

    /// The pixel position of `(lon, lat)`; the longitude is taken in the turn of the world
    /// nearest the frame's centre (so a frame across the antimeridian draws both sides).
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        self.project_turned(lon, lat, self.turn(lon))
    }

    /// The whole turns (in degrees, a multiple of 360) to add to `lon` to bring it nearest
    /// the frame's centre. A polygon takes one turn for all its points, so it never tears.
    pub fn turn(&self, lon: f64) -> f64 {
        let (x, _) = mercator(lon, 0.0);
        let cx = self.x0 + self.width / self.k / 2.0;
        (cx - x).round() * 360.0
    }

    /// The pixel position of `(lon + turn, lat)`.
    pub fn project_turned(&self, lon: f64, lat: f64, turn: f64) -> (f64, f64) {
        let (x, y) = mercator(lon, lat);
        (
            (x + turn / 360.0 - self.x0) * self.k,
            (y - self.y0) * self.k,
        )
    }

    /// The `(lon, lat)` of a pixel position.
    pub fn unproject(&self, x: f64, y: f64) -> (f64, f64) {
        let mx = self.x0 + x / self.k;
        let my = self.y0 + y / self.k;
        let lon = mx * 360.0 - 180.0;
        let lat = (PI * (1.0 - 2.0 * my)).sinh().atan().to_degrees();
        (lon, lat)
    }

    /// The area shown, `[west, south, east, north]` in degrees, longitudes wrapped into
    /// `[-180, 180]` (`west > east` when it crosses the antimeridian; the whole world when
    /// wider than it).
    pub fn bbox(&self) -> [f64; 4] {
        let (w, n) = self.unproject(0.0, 0.0);
        let (e, s) = self.unproject(self.width, self.height);
        if e - w >= 360.0 {
            return [-180.0, s, 180.0, n];
        }
        let wrap = |l: f64| (l + 180.0).rem_euclid(360.0) - 180.0;
        [
            wrap(w),
            s.max(-90.0),
            if e >= 180.0 { wrap(e) } else { e },
            n.min(90.0),
        ]
    }

    /// Degrees of longitude per pixel (a tolerance for simplifying outlines).
    pub fn degrees_per_px(&self) -> f64 {
        360.0 / self.k
    }

    /// Metres on the ground per pixel at the frame's middle latitude.
    pub fn metres_per_px(&self) -> f64 {
        let (_, lat) = self.unproject(self.width / 2.0, self.height / 2.0);
        EQUATOR_M * lat.to_radians().cos() / self.k
    }

    /// A scale bar at most `max_px` long: its length in pixels and the round distance it
    /// stands for, in kilometres (1, 2 or 5 times a power of ten; metres below 1 km).
    pub fn scale_bar(&self, max_px: f64) -> (f64, f64) {
        let max_km = max_px * self.metres_per_px() / 1000.0;
        let mut unit = 10f64.powf(max_km.log10().floor());
        for step in [5.0, 2.0, 1.0] {
            if step * unit <= max_km {
                unit *= step;
                break;
            }
        }
        (unit * 1000.0 / self.metres_per_px(), unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_fits_inside_the_frame_with_its_centre_in_the_middle() {
        let f = Frame::fit([43.4, 38.3, 50.6, 42.0], 1200.0, 0.4, 1.2, 0.1);
        let (x0, y0) = f.project(43.4, 42.0);
        let (x1, y1) = f.project(50.6, 38.3);
        assert!(((x0 + x1) / 2.0 - 600.0).abs() < 0.5, "{x0} {x1}");
        assert!(
            ((y0 + y1) / 2.0 - f.height / 2.0).abs() < 0.5,
            "{y0} {y1} of {}",
            f.height
        );
        for (lon, lat) in [(43.4, 38.3), (50.6, 42.0)] {
            let (x, y) = f.project(lon, lat);
            assert!((-0.5..=1200.5).contains(&x) && (-0.5..=f.height + 0.5).contains(&y));
        }
        let b = f.bbox();
        assert!(
            b[0] <= 43.4 && b[2] >= 50.6 && b[1] <= 38.3 + 1e-9 && b[3] >= 42.0 - 1e-9,
            "{b:?}"
        );
    }

    #[test]
    fn unproject_inverts_project() {
        let f = Frame::fit([40.0, 35.0, 55.0, 45.0], 800.0, 0.4, 1.2, 0.1);
        let (x, y) = f.project(46.75, 39.81);
        let (lon, lat) = f.unproject(x, y);
        assert!((lon - 46.75).abs() < 1e-9 && (lat - 39.81).abs() < 1e-9);
    }

    #[test]
    fn a_tall_box_gets_the_tallest_frame_and_is_widened() {
        let f = Frame::fit([46.0, 30.0, 47.0, 50.0], 1000.0, 0.4, 1.2, 0.1);
        assert_eq!(f.height, 1200.0);
        let b = f.bbox();
        assert!(b[2] - b[0] > 1.0 && b[1] <= 30.0 && b[3] >= 50.0, "{b:?}");
    }

    #[test]
    fn a_point_is_grown_to_the_minimum_span() {
        let f = Frame::fit([46.75, 39.81, 46.75, 39.81], 600.0, 0.4, 1.2, 0.2);
        let b = f.bbox();
        assert!((b[2] - b[0] - 0.2).abs() < 1e-6, "{b:?}");
    }

    #[test]
    fn scale_bar_is_a_round_distance_at_the_frame_latitude() {
        // 1 degree of longitude at 40° N is 85.3 km (spherical).
        let f = Frame::fit([46.0, 39.5, 47.0, 40.5], 1000.0, 0.4, 1.2, 0.1);
        let km_per_px = f.metres_per_px() / 1000.0;
        let expected = 85.3 / (1000.0 / (f.bbox()[2] - f.bbox()[0]));
        assert!(
            (km_per_px - expected).abs() / expected < 0.01,
            "{km_per_px} vs {expected}"
        );
        let (px, km) = f.scale_bar(150.0);
        assert!(px <= 150.0 && px > 150.0 / 5.0, "{px}");
        assert!([1.0, 2.0, 5.0, 10.0, 20.0, 50.0].contains(&km), "{km}");
    }

    #[test]
    fn the_antimeridian_is_crossed_not_wrapped_around() {
        let f = Frame::fit([170.0, -20.0, -170.0, 0.0], 800.0, 0.4, 1.2, 0.1);
        let (x1, _) = f.project(175.0, -10.0);
        let (x2, _) = f.project(-175.0, -10.0);
        assert!(x1 < x2 && x2 - x1 < 400.0, "{x1} {x2}");
        let b = f.bbox();
        assert!(b[0] > b[2], "{b:?}");
    }
}
