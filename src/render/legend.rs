//! The parts of an image around the events: the scale bar (a round distance at the map's
//! middle latitude) and the legend (only what is drawn), wrapped to the image's width.

use std::fmt::Write as _;

use super::fonts::Fonts;
use super::frame::Frame;
use super::labels::Rect;
use super::palette::{self, Class};
use super::svg::{PointGroup, Sizes};
use super::{Selection, Shape, View};
use crate::output::xml_escape as esc;

/// The scale bar at the map's lower left: its SVG and the box it takes.
pub(super) fn scale_bar(frame: &Frame, z: &Sizes, fonts: &Fonts) -> (String, Rect) {
    let (px, km) = frame.scale_bar(140.0 * z.s);
    let label = if km >= 1.0 {
        format!("{km} km")
    } else {
        format!("{} m", (km * 1000.0).round())
    };
    let lw = fonts.width(&label, z.small, false);
    let (x, y) = (z.pad * 0.8, frame.height - z.pad * 0.8);
    let w = px.max(lw) + 12.0 * z.s;
    let h = z.small + 14.0 * z.s;
    let rect = [
        x - 6.0 * z.s,
        y - h + 4.0 * z.s,
        x - 6.0 * z.s + w,
        y + 4.0 * z.s,
    ];
    let svg = format!(
        "<g id=\"scale-bar\" data-km=\"{km}\"><rect x=\"{rx:.1}\" y=\"{ry:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"#fff\" fill-opacity=\"0.8\" rx=\"{r:.1}\"/>\
         <path d=\"M{x:.1} {t:.1}V{y:.1}H{e:.1}V{t:.1}\" fill=\"none\" stroke=\"#222\" stroke-width=\"{sw:.1}\"/>\
         <text x=\"{x:.1}\" y=\"{ly:.1}\" font-size=\"{fs:.1}\" fill=\"#222\">{label}</text></g>\n",
        rx = rect[0],
        ry = rect[1],
        r = 3.0 * z.s,
        t = y - 5.0 * z.s,
        e = x + px,
        sw = 1.6 * z.s,
        ly = y - 8.0 * z.s,
        fs = z.small,
    );
    (svg, rect)
}

/// The legend: the colour classes drawn, then the other symbols shown, wrapped to the
/// width; its SVG and height.
pub(super) fn legend(
    sel: &Selection,
    view: &View,
    groups: &[PointGroup],
    mut classes: Vec<&'static Class>,
    z: &Sizes,
    fonts: &Fonts,
    width: f64,
) -> (String, f64) {
    classes.sort_by_key(|c| palette::rank(c));
    classes.dedup_by_key(|c| c.key);
    let r = z.legend * 0.42;
    let mut items: Vec<(String, String)> = Vec::new(); // (symbol at 0,0 centre, label)
    if !view.layers.events || sel.marks.is_empty() {
        items.push((String::new(), "No events match this view".into()));
    }
    if view.layers.events {
        for c in classes {
            items.push((
                format!(
                    "<circle r=\"{r:.1}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"{:.1}\"/>",
                    c.color,
                    1.5 * z.s
                ),
                c.label.to_owned(),
            ));
        }
        if sel.marks.iter().any(|m| matches!(m.shape, Shape::Area(_))) {
            items.push((
                format!(
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"#777\" fill-opacity=\"0.15\" stroke=\"#555\" stroke-width=\"{sw:.1}\" stroke-dasharray=\"{d:.1} {g:.1}\"/>",
                    x = -r * 1.2,
                    y = -r,
                    w = r * 2.4,
                    h = r * 2.0,
                    sw = 1.5 * z.s,
                    d = 3.0 * z.s,
                    g = 2.0 * z.s
                ),
                "Located to a district, region or country (its outline)".into(),
            ));
        }
        if groups.iter().any(|p| p.approximate) {
            items.push((
                format!(
                    "<circle r=\"{r:.1}\" fill=\"#999\" stroke=\"#333\" stroke-width=\"{sw:.1}\" stroke-dasharray=\"{a:.1} {a:.1}\"/>",
                    sw = 1.5 * z.s,
                    a = 2.0 * z.s
                ),
                "Located to an area without an outline (pin at its centre)".into(),
            ));
        }
        if groups.iter().any(|p| p.ids.len() > 1) {
            items.push((
                format!(
                    "<circle r=\"{r:.1}\" fill=\"#222\" stroke=\"#fff\"/><text y=\"{y:.1}\" font-size=\"{fs:.1}\" font-weight=\"bold\" fill=\"#fff\" text-anchor=\"middle\">n</text>",
                    y = 3.0 * z.s,
                    fs = 9.0 * z.s
                ),
                "Events at one place".into(),
            ));
        }
    }
    if view.layers.places && !sel.marks.is_empty() {
        items.push((
            format!(
                "<circle r=\"{:.1}\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"{:.1}\"/>",
                3.0 * z.s,
                1.5 * z.s
            ),
            "Place named".into(),
        ));
    }
    let line_h = z.legend * 1.7;
    let (mut x, mut y) = (z.pad, z.pad * 0.8 + line_h * 0.5);
    let mut out = String::new();
    for (symbol, label) in items {
        let w = 2.0 * r + 8.0 * z.s + fonts.width(&label, z.legend, false);
        if x > z.pad && x + w > width - z.pad {
            x = z.pad;
            y += line_h;
        }
        let _ = write!(
            out,
            "<g class=\"legend-item\" transform=\"translate({cx:.1} {y:.1})\">{symbol}<text x=\"{tx:.1}\" y=\"{ty:.1}\" font-size=\"{fs:.1}\" fill=\"#222\">{t}</text></g>",
            cx = x + r,
            tx = r + 8.0 * z.s,
            ty = z.legend * 0.36,
            fs = z.legend,
            t = esc(&label),
        );
        x += w + 22.0 * z.s;
    }
    (out, y + line_h * 0.5 - z.pad * 0.8)
}
