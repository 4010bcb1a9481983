//! Place labels without collisions: labels are placed best-ranked first, each to the right
//! of its place (or else to the left), and a label whose box would overlap one already
//! placed, a reserved box (the scale bar) or the map's edge is dropped.

/// A box `[x0, y0, x1, y1]` in pixels.
pub type Rect = [f64; 4];

/// Whether two boxes overlap.
pub fn overlaps(a: &Rect, b: &Rect) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// A label to place: its anchor (the place) and its text's size.
#[derive(Debug, Clone)]
pub struct Wanted {
    /// The place's position.
    pub x: f64,
    /// The place's position.
    pub y: f64,
    /// Text width in pixels.
    pub width: f64,
    /// Text height (the font size) in pixels.
    pub height: f64,
}

/// Where a label goes: the text's start, its baseline, and `end` when it is set to the
/// left of its place (`text-anchor: end`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// Index into the wanted labels.
    pub index: usize,
    /// x of the text's anchor.
    pub x: f64,
    /// y of the baseline.
    pub y: f64,
    /// Set to the left of the place.
    pub end: bool,
    /// The label's box.
    pub rect: Rect,
}

/// Places `wanted` (best first) inside `bounds`, each `gap` pixels from its place, avoiding
/// `reserved` boxes and each other; labels that fit nowhere are left out.
pub fn place(wanted: &[Wanted], bounds: Rect, gap: f64, reserved: &[Rect]) -> Vec<Placed> {
    let mut kept: Vec<Placed> = Vec::new();
    for (index, w) in wanted.iter().enumerate() {
        let top = w.y - w.height * 0.55;
        let bottom = w.y + w.height * 0.45;
        let baseline = w.y + w.height * 0.35;
        let right = [w.x + gap, top, w.x + gap + w.width, bottom];
        let left = [w.x - gap - w.width, top, w.x - gap, bottom];
        let fits = |r: &Rect| {
            r[0] >= bounds[0]
                && r[1] >= bounds[1]
                && r[2] <= bounds[2]
                && r[3] <= bounds[3]
                && !reserved.iter().any(|x| overlaps(x, r))
                && !kept.iter().any(|k| overlaps(&k.rect, r))
        };
        let choice = if fits(&right) {
            Some((right, w.x + gap, false))
        } else if fits(&left) {
            Some((left, w.x - gap, true))
        } else {
            None
        };
        if let Some((rect, x, end)) = choice {
            kept.push(Placed {
                index,
                x,
                y: baseline,
                end,
                rect,
            });
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(x: f64, y: f64, width: f64) -> Wanted {
        Wanted {
            x,
            y,
            width,
            height: 12.0,
        }
    }

    #[test]
    fn no_two_placed_labels_overlap_and_the_best_ranked_stays() {
        let wanted: Vec<Wanted> = (0..40)
            .map(|i| {
                want(
                    100.0 + (i % 7) as f64 * 9.0,
                    100.0 + (i / 7) as f64 * 5.0,
                    60.0,
                )
            })
            .collect();
        let placed = place(&wanted, [0.0, 0.0, 500.0, 500.0], 6.0, &[]);
        assert_eq!(placed[0].index, 0);
        assert!(placed.len() < wanted.len() && placed.len() >= 2);
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(!overlaps(&a.rect, &b.rect), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_label_at_the_right_edge_goes_left_and_reserved_boxes_are_avoided() {
        let placed = place(
            &[want(490.0, 50.0, 60.0)],
            [0.0, 0.0, 500.0, 500.0],
            6.0,
            &[],
        );
        assert!(placed[0].end && placed[0].rect[2] <= 500.0);
        let blocked = place(
            &[want(100.0, 50.0, 60.0)],
            [0.0, 0.0, 500.0, 500.0],
            6.0,
            &[[0.0, 0.0, 500.0, 100.0]],
        );
        assert!(blocked.is_empty());
    }
}
