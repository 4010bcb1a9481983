//! Static maps for print and social media: an SVG document ([`svg`]) and its PNG
//! rendering ([`png`], resvg and tiny-skia), drawn on the server from the gazetteer's Natural
//! Earth outlines (the web map's offline basemap) and a selection of events, styled as the
//! web map styles them (the same [`palette`]), with place labels that never overlap, a title,
//! the dates covered, a legend, the credit, the data's attribution and a scale bar.
//!
//! No HTTP here: `http::image` turns a request into a [`View`] and a [`Selection`]; a
//! published map (the desk) will make its own with [`Selection::from_positions`] and call
//! [`svg::render`] / [`png::render`] the same way.
//!
//! Coordinates are `(lon, lat)` in degrees; sizes are CSS pixels (a PNG's `scale` multiplies
//! them into device pixels).

pub mod fonts;
pub mod frame;
mod labels;
mod legend;
pub mod palette;
pub mod png;
pub mod svg;

use chrono::NaiveDate;
use geo::MultiPolygon;

use crate::events::{Event, LocationPrecision};
use crate::gazetteer::Gazetteer;
use crate::index::EventIndex;

/// Width of an image when none is asked for (a social card's).
pub const DEFAULT_WIDTH: u32 = 1200;
/// Narrowest image: below this the legend and title no longer read.
pub const MIN_WIDTH: u32 = 320;
/// Widest image in CSS pixels (times `scale` for a PNG).
pub const MAX_WIDTH: u32 = 2400;
/// Largest pixel density of a PNG.
pub const MAX_SCALE: f64 = 3.0;
/// Most device pixels a PNG may have (its RGBA buffer is four bytes each: 144 MB).
pub const MAX_PIXELS: f64 = 36e6;
/// The area shown when a view gives none: the South Caucasus, as on the web map.
pub const HOME_BBOX: [f64; 4] = [43.4, 38.3, 50.6, 42.0];
/// Most place labels drawn (the most-used places first), as on the web map.
pub const MAX_LABELS: usize = 80;

/// Which of the web map's layers an image draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layers {
    /// The events (pins and areas).
    pub events: bool,
    /// The places the events name, with labels.
    pub places: bool,
    /// Country, region and district outlines.
    pub outlines: bool,
}

impl Default for Layers {
    fn default() -> Layers {
        Layers {
            events: true,
            places: true,
            outlines: true,
        }
    }
}

/// What an image shows and how: the area, the size, the words around the map.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// The area to show, `[west, south, east, north]`; `None`: [`HOME_BBOX`]. The image is
    /// widened or heightened about its centre to keep its proportions readable.
    pub bbox: Option<[f64; 4]>,
    /// Width in CSS pixels (the height follows the area's shape).
    pub width: u32,
    /// The title; `None`: a generic one.
    pub title: Option<String>,
    /// The dates asked for (shown in the subtitle); `None`: the selection's own dates.
    pub from: Option<NaiveDate>,
    /// The end of the dates asked for.
    pub to: Option<NaiveDate>,
    /// Other filters, said in the subtitle (`Type: shelling`, `Text: “Barda”`).
    pub filters: Vec<String>,
    /// Place-name convention: `en`, `az`, `hy`, `ru` or `all`.
    pub names: String,
    /// Who made the map (the published map's credit); `None`: Dateline.
    pub credit: Option<String>,
    /// The layers drawn.
    pub layers: Layers,
    /// The id of an event drawn as selected.
    pub selected: Option<String>,
}

impl Default for View {
    fn default() -> View {
        View {
            bbox: None,
            width: DEFAULT_WIDTH,
            title: None,
            from: None,
            to: None,
            filters: Vec::new(),
            names: "en".into(),
            credit: None,
            layers: Layers::default(),
            selected: None,
        }
    }
}

/// How one event is drawn.
#[derive(Debug, Clone, Copy)]
pub enum Shape<'a> {
    /// A pin at `(lon, lat)`; `approximate` when the event is located to an area that has
    /// no outline in the gazetteer (the pin stands at the area's centre).
    Point {
        /// Longitude and latitude.
        at: [f64; 2],
        /// Located to an area without an outline.
        approximate: bool,
    },
    /// The outline of the district, region or country the event is located to.
    Area(&'a MultiPolygon),
}

/// One event of a selection and its shape.
#[derive(Debug, Clone, Copy)]
pub struct Mark<'a> {
    /// The event.
    pub event: &'a Event,
    /// Where and how it is drawn.
    pub shape: Shape<'a>,
}

/// The events an image draws (unlocated ones are left out).
#[derive(Debug, Clone, Default)]
pub struct Selection<'a> {
    /// The events with their shapes, in date order.
    pub marks: Vec<Mark<'a>>,
}

impl<'a> Selection<'a> {
    /// The events at these positions of the index, with the shapes the web map gives them:
    /// the outline for events located to an area that has one, else the place's point.
    pub fn from_positions(
        g: &Gazetteer,
        index: &'a EventIndex,
        positions: &[u32],
    ) -> Selection<'a> {
        let marks = positions
            .iter()
            .filter_map(|&i| {
                let event = index.event(i);
                if let Some(mp) = index.area(i) {
                    return Some(Mark {
                        event,
                        shape: Shape::Area(mp),
                    });
                }
                if event.location_precision == LocationPrecision::Unknown {
                    return None;
                }
                let p = g.get(&event.place_id)?;
                Some(Mark {
                    event,
                    shape: Shape::Point {
                        at: [p.lon(), p.lat()],
                        approximate: event.location_precision != LocationPrecision::Place,
                    },
                })
            })
            .collect();
        Selection { marks }
    }

    /// The first and last day of the selected events.
    pub fn dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.marks.iter().filter_map(|m| m.event.date_start).min()?;
        let last = self
            .marks
            .iter()
            .filter_map(|m| m.event.date_end.or(m.event.date_start))
            .max()?;
        Some((first, last))
    }
}

/// The name of a place under a convention, as the web map's `names.js` chooses it: the
/// first name in the convention's languages, else the place's main name; `all` joins the
/// distinct English, Azerbaijani and Armenian (romanised first) names.
pub fn place_label(g: &Gazetteer, place_id: &str, fallback: &str, convention: &str) -> String {
    let Some(p) = g.get(place_id) else {
        return fallback.to_owned();
    };
    let names = crate::output::display_names(p);
    let langs = |c: &str| -> &'static [&'static str] {
        match c {
            "en" => &["en"],
            "az" => &["az", "az-Latn"],
            "hy" => &["hy-Latn", "hy"],
            "ru" => &["ru"],
            _ => &[],
        }
    };
    let pick = |c: &str| {
        langs(c).iter().find_map(|l| {
            names
                .iter()
                .find(|n| n.lang.as_deref() == Some(l) && !n.text.is_empty())
                .map(|n| n.text.to_string())
        })
    };
    if convention == "all" {
        let mut picks: Vec<String> = Vec::new();
        for c in ["en", "az", "hy"] {
            if let Some(t) = pick(c) {
                if !picks.contains(&t) {
                    picks.push(t);
                }
            }
        }
        if picks.is_empty() {
            return fallback.to_owned();
        }
        return picks.join(" / ");
    }
    pick(convention).unwrap_or_else(|| fallback.to_owned())
}
