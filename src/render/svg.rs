//! The SVG document of a map: a header (title, dates, what is shown), the map (outlines,
//! event areas, places with labels, pins, scale bar) and a footer (legend, credit, the
//! data's attribution). Every text from data is XML-escaped; every size scales with the
//! image's width so a narrow image still reads.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use geo::{BoundingRect, MultiPolygon, Simplify};

use super::fonts::{CSS_FAMILIES, Fonts};
use super::frame::Frame;
use super::labels::{self, Rect, Wanted};
use super::legend::{legend, scale_bar};
use super::palette::{self, Class};
use super::{HOME_BBOX, MAX_LABELS, Selection, Shape, View, place_label};
use crate::gazetteer::{Gazetteer, Kind};
use crate::index::Bbox;
use crate::output::xml_escape as esc;

/// The data's attribution, on every image (GeoNames asks for it under CC BY 4.0).
pub const ATTRIBUTION: &str =
    "Places: GeoNames (CC BY 4.0) · Outlines: Natural Earth (public domain) · Made with Dateline";
/// The title of a view that gives none.
pub const DEFAULT_TITLE: &str = "Dated, sourced events";

/// Background of the map (sea, and land outside every outline).
const SEA: &str = "#dfe8ee";
/// Fill of countries.
const LAND: &str = "#f4f1ea";

/// A rendered map: the SVG text and where things are in it.
#[derive(Debug, Clone)]
pub struct Image {
    /// The SVG document.
    pub svg: String,
    /// Width in CSS pixels.
    pub width: f64,
    /// Height in CSS pixels.
    pub height: f64,
    /// Where the map starts below the header.
    pub map_top: f64,
    /// The map's projection (add `map_top` to its `y`).
    pub frame: Frame,
}

impl Image {
    /// The pixel position of `(lon, lat)` in the whole image.
    pub fn position(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = self.frame.project(lon, lat);
        (x, y + self.map_top)
    }
}

/// Sizes in pixels for an image `width` wide.
pub(super) struct Sizes {
    pub(super) s: f64,
    pub(super) pad: f64,
    title: f64,
    subtitle: f64,
    label: f64,
    pub(super) legend: f64,
    pub(super) small: f64,
    pin: f64,
}

impl Sizes {
    fn new(width: f64) -> Sizes {
        let s = (width / 1200.0).clamp(0.6, 2.0);
        Sizes {
            s,
            pad: 20.0 * s,
            title: 30.0 * s,
            subtitle: 17.0 * s,
            label: 14.0 * s,
            legend: 14.0 * s,
            small: 12.5 * s,
            pin: 10.0 * s,
        }
    }
}

/// The map's frame for a view: its box (or [`HOME_BBOX`]) at its width, between 0.45 and
/// 1.1 times as high as wide.
pub fn frame_of(view: &View) -> Frame {
    Frame::fit(
        view.bbox.unwrap_or(HOME_BBOX),
        f64::from(view.width),
        0.45,
        1.1,
        0.05,
    )
}

/// Renders `sel` in `view` as an SVG document, measuring text with `fonts`.
pub fn render(g: &Gazetteer, view: &View, sel: &Selection, fonts: &Fonts) -> Image {
    let width = f64::from(view.width);
    let z = Sizes::new(width);
    let frame = frame_of(view);

    // Header: the title (cut to the width) and what the map shows.
    let title = view
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(DEFAULT_TITLE);
    let title = fit_text(fonts, title.trim(), z.title, true, width - 2.0 * z.pad);
    let subtitle = fit_text(
        fonts,
        &subtitle(view, sel),
        z.subtitle,
        false,
        width - 2.0 * z.pad,
    );
    let map_top = (z.pad + z.title + 0.6 * z.subtitle + z.subtitle + 0.8 * z.pad).round();

    let mut map = String::new();
    if view.layers.outlines {
        outlines(g, &frame, &z, &mut map);
    }
    let groups = if view.layers.events {
        point_groups(sel, &frame, view)
    } else {
        Vec::new()
    };
    // The colours drawn, for the legend.
    let mut drawn: Vec<&'static Class> = groups.iter().map(|p| p.class).collect();
    if view.layers.events {
        drawn.extend(areas(sel, &frame, &z, view, &mut map));
    }
    let (bar_svg, bar_rect) = scale_bar(&frame, &z, fonts);
    if view.layers.places {
        let pins: Vec<Rect> = groups
            .iter()
            .map(|p| [p.x - z.pin, p.y - z.pin, p.x + z.pin, p.y + z.pin])
            .chain(std::iter::once(bar_rect))
            .collect();
        places(g, sel, &frame, &z, view, fonts, &pins, &mut map);
    }
    for p in &groups {
        pin(p, &z, &mut map);
    }
    map.push_str(&bar_svg);

    // Footer: the legend, then the credit and the attribution.
    let (legend, legend_h) = legend(sel, view, &groups, drawn, &z, fonts, width);
    let footer_top = map_top + frame.height;
    let credit = format!("Credit: {}", view.credit.as_deref().unwrap_or("Dateline"));
    let mut lines = vec![credit];
    lines.extend(wrap(fonts, ATTRIBUTION, z.small, width - 2.0 * z.pad));
    let credits_top = footer_top + z.pad * 0.8 + legend_h;
    let height = (credits_top + lines.len() as f64 * z.small * 1.45 + z.pad * 0.6).round();

    let mut out = String::with_capacity(map.len() + 4096);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{fam}\">\n<title>{t}</title>\n<desc>{d}</desc>\n\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>",
        w = width,
        h = height,
        fam = esc(CSS_FAMILIES),
        t = esc(&title),
        d = esc(&format!("{subtitle}. {ATTRIBUTION}.")),
    );
    let _ = writeln!(
        out,
        "<g id=\"header\"><text x=\"{x}\" y=\"{ty:.1}\" font-size=\"{ts:.1}\" font-weight=\"bold\" fill=\"#111\">{t}</text>\
         <text x=\"{x}\" y=\"{sy:.1}\" font-size=\"{ss:.1}\" fill=\"#444\">{st}</text></g>",
        x = z.pad,
        ty = z.pad + z.title * 0.8,
        ts = z.title,
        t = esc(&title),
        sy = z.pad + z.title + 0.6 * z.subtitle + z.subtitle * 0.8,
        ss = z.subtitle,
        st = esc(&subtitle),
    );
    let _ = writeln!(
        out,
        "<defs><clipPath id=\"map-clip\"><rect width=\"{w}\" height=\"{h}\"/></clipPath></defs>\n\
         <g id=\"map\" transform=\"translate(0 {top})\" clip-path=\"url(#map-clip)\">\
         <rect width=\"{w}\" height=\"{h}\" fill=\"{SEA}\"/>\n{map}\
         <rect width=\"{w}\" height=\"{h}\" fill=\"none\" stroke=\"#999\" stroke-width=\"1\"/></g>",
        w = width,
        h = frame.height,
        top = map_top,
    );
    let _ = write!(
        out,
        "<g id=\"legend\" transform=\"translate(0 {footer_top})\">{legend}</g>\n<g id=\"credits\">"
    );
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"{y:.1}\" font-size=\"{fs:.1}\" fill=\"#555\">{t}</text>",
            x = z.pad,
            y = credits_top + (i as f64 + 0.8) * z.small * 1.45,
            fs = z.small,
            t = esc(line),
        );
    }
    out.push_str("</g>\n</svg>\n");
    Image {
        svg: out,
        width,
        height,
        map_top,
        frame,
    }
}

/// "1 Oct 2020 – 31 Oct 2020 · 12 events · Type: shelling".
fn subtitle(view: &View, sel: &Selection) -> String {
    let day = |d: chrono::NaiveDate| d.format("%-d %b %Y").to_string();
    let dates = match (view.from, view.to, sel.dates()) {
        (Some(a), Some(b), _) => format!("{} – {}", day(a), day(b)),
        (Some(a), None, _) => format!("From {}", day(a)),
        (None, Some(b), _) => format!("Until {}", day(b)),
        (None, None, Some((a, b))) if a == b => day(a),
        (None, None, Some((a, b))) => format!("{} – {}", day(a), day(b)),
        (None, None, None) => "No dated events".into(),
    };
    let n = sel.marks.len();
    let mut parts = vec![dates, format!("{n} event{}", if n == 1 { "" } else { "s" })];
    parts.extend(view.filters.iter().cloned());
    parts.join(" · ")
}

/// `text` cut with an ellipsis to fit `max` pixels.
fn fit_text(fonts: &Fonts, text: &str, size: f64, bold: bool, max: f64) -> String {
    if fonts.width(text, size, bold) <= max {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let t: String = chars[..mid].iter().collect::<String>() + "…";
        if fonts.width(&t, size, bold) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars[..lo].iter().collect::<String>().trim_end().to_owned() + "…"
}

/// `text` split at " · " into lines that fit `max` pixels.
fn wrap(fonts: &Fonts, text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in text.split(" · ") {
        match lines.last_mut() {
            Some(l) if fonts.width(&format!("{l} · {part}"), size, false) <= max => {
                l.push_str(" · ");
                l.push_str(part);
            }
            _ => lines.push(part.to_owned()),
        }
    }
    lines
}

/// SVG path data of a multipolygon, each polygon shifted by one turn of the world.
fn path_data(frame: &Frame, mp: &MultiPolygon) -> String {
    let mut d = String::new();
    for poly in &mp.0 {
        // The turn of the polygon's middle (not of a vertex: Antarctica starts at -180°).
        let turn = frame.turn(
            poly.exterior()
                .bounding_rect()
                .map_or(0.0, |r| r.center().x),
        );
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            if ring.0.len() < 4 {
                continue;
            }
            for (i, c) in ring.0.iter().enumerate() {
                let (x, y) = frame.project_turned(c.x, c.y, turn);
                let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
            }
            d.push('Z');
        }
    }
    d
}

/// The frame's area as an index box (to test outlines against), a little larger.
fn frame_box(frame: &Frame) -> Option<Bbox> {
    let [w, s, e, n] = frame.bbox();
    let m = frame.degrees_per_px() * 20.0;
    let wrap = |l: f64| {
        if l > 180.0 {
            l - 360.0
        } else if l < -180.0 {
            l + 360.0
        } else {
            l
        }
    };
    let whole = e - w >= 360.0 - 2.0 * m || (w <= e && e - w + 2.0 * m >= 360.0);
    let (w, e) = if whole {
        (-180.0, 180.0)
    } else {
        (wrap(w - m), wrap(e + m))
    };
    Bbox::new(w, (s - m).max(-90.0), e, (n + m).min(90.0)).ok()
}

/// Country, region and district outlines in view, simplified to the pixel.
fn outlines(g: &Gazetteer, frame: &Frame, z: &Sizes, out: &mut String) {
    let Some(view) = frame_box(frame) else { return };
    let tolerance = frame.degrees_per_px() * 0.6;
    out.push_str("<g id=\"outlines\" fill-rule=\"evenodd\" stroke-linejoin=\"round\">");
    for kind in [Kind::Country, Kind::Region, Kind::District] {
        let (fill, stroke, w) = match kind {
            Kind::Country => (LAND, "#555", 1.2),
            _ => ("none", "#999", 0.6),
        };
        let _ = write!(
            out,
            "<g class=\"outline-{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{:.2}\">",
            kind.as_str(),
            w * z.s.max(1.0)
        );
        for p in g
            .places()
            .iter()
            .filter(|p| p.kind == kind && g.members(&p.id).is_empty())
        {
            let Some(mp) = g.polygon(&p.id) else { continue };
            let Some(r) = mp.bounding_rect() else {
                continue;
            };
            if !view.intersects_envelope([r.min().x, r.min().y, r.max().x, r.max().y]) {
                continue;
            }
            let d = path_data(frame, &mp.simplify(tolerance));
            if !d.is_empty() {
                let _ = write!(out, "<path d=\"{d}\"/>");
            }
        }
        out.push_str("</g>");
    }
    out.push_str("</g>\n");
}

/// The class most of `marks` belong to (ties: the first in the legend).
fn majority<'a>(classes: impl Iterator<Item = &'a Class>) -> &'static Class {
    let mut n = [0usize; palette::CLASSES.len()];
    for c in classes {
        n[palette::rank(c).min(n.len() - 1)] += 1;
    }
    let best = (0..n.len())
        .max_by_key(|&i| (n[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    &palette::CLASSES[best]
}

/// Areas of events, one per outline, largest first so small ones stay on top; the classes
/// they are drawn in.
fn areas(
    sel: &Selection,
    frame: &Frame,
    z: &Sizes,
    view: &View,
    out: &mut String,
) -> Vec<&'static Class> {
    let mut by_place: BTreeMap<&str, (&MultiPolygon, Vec<&crate::events::Event>)> = BTreeMap::new();
    for m in &sel.marks {
        if let Shape::Area(mp) = m.shape {
            by_place
                .entry(m.event.place_id.as_str())
                .or_insert((mp, Vec::new()))
                .1
                .push(m.event);
        }
    }
    let mut list: Vec<_> = by_place.into_values().collect();
    let size = |mp: &MultiPolygon| mp.bounding_rect().map_or(0.0, |r| r.width() * r.height());
    list.sort_by(|a, b| size(b.0).total_cmp(&size(a.0)));
    out.push_str("<g id=\"areas\" fill-rule=\"evenodd\">");
    let tolerance = frame.degrees_per_px() * 0.6;
    let mut drawn = Vec::new();
    for (mp, events) in list {
        let c = majority(events.iter().map(|e| palette::class_of(e.event_type)));
        drawn.push(c);
        let selected = events.iter().any(|e| Some(&e.id) == view.selected.as_ref());
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        let _ = write!(
            out,
            "<path class=\"event-area\" data-events=\"{ids}\" d=\"{d}\" fill=\"{col}\" fill-opacity=\"{fo}\" \
             stroke=\"{col}\" stroke-width=\"{sw:.1}\" stroke-dasharray=\"{a:.1} {b:.1}\"/>",
            ids = esc(&ids.join(" ")),
            d = path_data(frame, &mp.simplify(tolerance)),
            col = c.color,
            fo = if selected { 0.3 } else { 0.12 },
            sw = if selected { 4.0 } else { 2.0 } * z.s,
            a = 6.0 * z.s,
            b = 4.0 * z.s,
        );
    }
    out.push_str("</g>\n");
    drawn
}

/// Events drawn at one point (one pin; a count when several).
pub(super) struct PointGroup<'a> {
    x: f64,
    y: f64,
    class: &'static Class,
    pub(super) ids: Vec<&'a str>,
    pub(super) approximate: bool,
    selected: bool,
}

/// Point events grouped by the pixel they fall on (inside the frame only).
fn point_groups<'a>(sel: &Selection<'a>, frame: &Frame, view: &View) -> Vec<PointGroup<'a>> {
    let mut groups: BTreeMap<(i64, i64), Vec<(&'a crate::events::Event, bool)>> = BTreeMap::new();
    for m in &sel.marks {
        if let Shape::Point { at, approximate } = m.shape {
            let (x, y) = frame.project(at[0], at[1]);
            if x < -20.0 || y < -20.0 || x > frame.width + 20.0 || y > frame.height + 20.0 {
                continue;
            }
            groups
                .entry((x.round() as i64, y.round() as i64))
                .or_default()
                .push((m.event, approximate));
        }
    }
    let mut out: Vec<PointGroup> = groups
        .into_iter()
        .map(|((x, y), events)| {
            let selected = events
                .iter()
                .find(|(e, _)| Some(&e.id) == view.selected.as_ref());
            let class = match selected {
                Some((e, _)) => palette::class_of(e.event_type),
                None => majority(events.iter().map(|(e, _)| palette::class_of(e.event_type))),
            };
            PointGroup {
                x: x as f64,
                y: y as f64,
                class,
                ids: events.iter().map(|(e, _)| e.id.as_str()).collect(),
                approximate: events.iter().all(|(_, a)| *a),
                selected: selected.is_some(),
            }
        })
        .collect();
    // The selected pin last, on top; otherwise north to south, so southern pins overlap.
    out.sort_by(|a, b| {
        (a.selected, a.y)
            .partial_cmp(&(b.selected, b.y))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    out
}

/// One pin as the web map draws it: a disc of the type's colour in a white ring with a thin
/// dark edge; dashed when approximate; a count badge for several events.
fn pin(p: &PointGroup, z: &Sizes, out: &mut String) {
    let r = z.pin;
    let _ = write!(
        out,
        "<g class=\"event\" data-events=\"{ids}\" data-color=\"{c}\">",
        ids = esc(&p.ids.join(" ")),
        c = p.class.color
    );
    if p.selected {
        let _ = write!(
            out,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{a:.1}\" fill=\"#ffbf47\"/><circle cx=\"{x}\" cy=\"{y}\" r=\"{b:.1}\" fill=\"#000\"/>",
            x = p.x,
            y = p.y,
            a = r + 5.0 * z.s,
            b = r + 3.0 * z.s,
        );
    }
    let dash = if p.approximate {
        format!(" stroke-dasharray=\"{:.1} {:.1}\"", 2.5 * z.s, 2.0 * z.s)
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "<circle cx=\"{x}\" cy=\"{y}\" r=\"{o:.1}\" fill=\"#000\" fill-opacity=\"0.6\"/>\
         <circle cx=\"{x}\" cy=\"{y}\" r=\"{m:.1}\" fill=\"{c}\" stroke=\"#fff\" stroke-width=\"{w:.1}\"{dash}/>",
        x = p.x,
        y = p.y,
        o = r + z.s,
        m = r - z.s,
        w = 2.0 * z.s,
        c = p.class.color,
    );
    if p.ids.len() > 1 {
        let (bx, by) = (p.x + r * 0.9, p.y - r * 0.9);
        let n = p.ids.len().to_string();
        let br = (6.5 + 2.5 * (n.len() as f64 - 1.0)) * z.s;
        let _ = write!(
            out,
            "<circle class=\"count\" cx=\"{bx:.1}\" cy=\"{by:.1}\" r=\"{br:.1}\" fill=\"#222\" stroke=\"#fff\" stroke-width=\"{w:.1}\"/>\
             <text x=\"{bx:.1}\" y=\"{ty:.1}\" font-size=\"{fs:.1}\" font-weight=\"bold\" fill=\"#fff\" text-anchor=\"middle\">{n}</text>",
            w = 1.2 * z.s,
            ty = by + 3.3 * z.s,
            fs = 9.5 * z.s,
        );
    }
    out.push_str("</g>");
}

/// A place the selection names: where its dot goes, how many events, its main name.
struct PlaceAt<'a> {
    at: (f64, f64),
    events: usize,
    name: &'a str,
}

/// The "places named" layer: a dot per place and labels, the places with most events first,
/// none overlapping another label, a pin or the scale bar.
#[allow(clippy::too_many_arguments)]
fn places(
    g: &Gazetteer,
    sel: &Selection,
    frame: &Frame,
    z: &Sizes,
    view: &View,
    fonts: &Fonts,
    reserved: &[Rect],
    out: &mut String,
) {
    // place id → (position, events, the first event's place name)
    let mut by_place: BTreeMap<&str, PlaceAt> = BTreeMap::new();
    for m in &sel.marks {
        let e = m.event;
        let at = match m.shape {
            Shape::Point { at, .. } => frame.project(at[0], at[1]),
            Shape::Area(mp) => match mp.bounding_rect() {
                Some(r) => frame.project(r.center().x, r.center().y),
                None => continue,
            },
        };
        by_place
            .entry(e.place_id.as_str())
            .or_insert(PlaceAt {
                at,
                events: 0,
                name: e.place_name.as_str(),
            })
            .events += 1;
    }
    let mut ranked: Vec<(&str, PlaceAt)> = by_place
        .into_iter()
        .filter(|(_, p)| {
            (0.0..=frame.width).contains(&p.at.0) && (0.0..=frame.height).contains(&p.at.1)
        })
        .collect();
    ranked.sort_by(|a, b| b.1.events.cmp(&a.1.events).then(a.0.cmp(b.0)));
    out.push_str("<g id=\"places\">");
    for (_, p) in &ranked {
        let _ = write!(
            out,
            "<circle class=\"place-dot\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"{w:.1}\"/>",
            x = p.at.0,
            y = p.at.1,
            r = 3.0 * z.s,
            w = 1.5 * z.s
        );
    }
    out.push_str("</g>\n");
    let texts: Vec<String> = ranked
        .iter()
        .take(MAX_LABELS)
        .map(|(id, p)| place_label(g, id, p.name, &view.names))
        .collect();
    let wanted: Vec<Wanted> = ranked
        .iter()
        .zip(&texts)
        .map(|((_, p), t)| Wanted {
            x: p.at.0,
            y: p.at.1,
            width: fonts.width(t, z.label, false),
            height: z.label,
        })
        .collect();
    // A label clears its own pin; other pins are obstacles.
    let gap = z.pin + 3.0 * z.s;
    let bounds = [
        4.0 * z.s,
        4.0 * z.s,
        frame.width - 4.0 * z.s,
        frame.height - 4.0 * z.s,
    ];
    let others: Vec<Rect> = reserved.to_vec();
    let placed = labels::place(&wanted, bounds, gap, &others);
    out.push_str(&format!(
        "<g id=\"labels\" font-size=\"{:.1}\" fill=\"#1a1a1a\" stroke=\"#fff\" stroke-width=\"{:.1}\" \
         stroke-linejoin=\"round\" paint-order=\"stroke\">",
        z.label,
        3.0 * z.s
    ));
    for p in placed {
        let _ = write!(
            out,
            "<text class=\"place-label\" data-place=\"{id}\" x=\"{x:.1}\" y=\"{y:.1}\"{anchor}>{t}</text>",
            id = esc(ranked[p.index].0),
            x = p.x,
            y = p.y,
            anchor = if p.end { " text-anchor=\"end\"" } else { "" },
            t = esc(&texts[p.index]),
        );
    }
    out.push_str("</g>\n");
}
