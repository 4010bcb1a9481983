//! What the map needs besides the OGC collections: the outlines (in [`super::outlines`],
//! re-exported here), the events' timeline (a histogram plus the imprecise dates as ranges)
//! and the sources with their texts, claims and mentions (the source view).

use std::collections::BTreeMap;

use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use serde_json::{Value, json};

use super::error::ApiError;
use super::params::{Params, items_query};
use super::{AppState, Snapshot};
use crate::events::{Event, Source};
use crate::gazetteer::Gazetteer;
use crate::index::{Page, Query};

use super::outlines::r4;
pub use super::outlines::{MAP_LANGS, OUTLINE_KINDS, Outlines, outlines, outlines_json};

/// The event filters of `/collections/events/items` without paging or format: what the
/// timeline and the grid accept besides a parameter of their own.
pub const EVENT_FILTERS: [&str; 9] = [
    "bbox",
    "datetime",
    "date_match",
    "event_type",
    "source",
    "claimant",
    "place",
    "q",
    "ids",
];

/// [`EVENT_FILTERS`] and one more parameter of the endpoint's own.
fn with_filters(own: &'static str) -> Vec<&'static str> {
    EVENT_FILTERS.iter().copied().chain([own]).collect()
}

/// Every event matching the filters of `p` (one page holding them all), with the query.
fn all_matching(snap: &Snapshot, p: &Params) -> Result<(Page, Query), ApiError> {
    let (query, _) = items_query(p)?;
    let query = Query {
        offset: 0,
        limit: usize::MAX,
        ..query
    };
    Ok((snap.events.query(&query), query))
}

/// Bin widths of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    /// One day.
    Day,
    /// One calendar month.
    Month,
    /// One calendar year.
    Year,
}

impl Interval {
    fn as_str(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Month => "month",
            Interval::Year => "year",
        }
    }

    /// The first day of the bin holding `d`.
    fn floor(self, d: NaiveDate) -> NaiveDate {
        match self {
            Interval::Day => d,
            Interval::Month => d.with_day(1).unwrap_or(d),
            Interval::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d),
        }
    }

    /// The first day of the next bin.
    fn next(self, d: NaiveDate) -> NaiveDate {
        match self {
            Interval::Day => d.succ_opt().unwrap_or(d),
            Interval::Month => d
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(d)
                .with_day(1)
                .unwrap_or(d),
            Interval::Year => NaiveDate::from_ymd_opt(d.year() + 1, 1, 1).unwrap_or(d),
        }
    }
}

/// Most bins a timeline has; a finer interval that needs more is coarsened.
pub const MAX_BINS: usize = 1_500;

/// The timeline of these events: events whose dates fit in one bin are counted in it; the
/// others (a decade, a range of weeks) are grouped by their range; undated ones counted.
/// `interval` `None` picks the finest interval that keeps the bins of the short-dated events
/// (those known to a month or better) under [`MAX_BINS`].
pub fn timeline<'a>(events: impl Iterator<Item = &'a Event>, interval: Option<Interval>) -> Value {
    let mut dated: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    let mut undated = 0usize;
    for e in events {
        match (e.date_start, e.date_end) {
            (Some(s), Some(t)) => dated.push((s, t.max(s))),
            (Some(d), None) | (None, Some(d)) => dated.push((d, d)),
            (None, None) => undated += 1,
        }
    }
    let short = |(s, t): &(NaiveDate, NaiveDate)| (*t - *s).num_days() <= 31;
    let span = dated.iter().filter(|d| short(d)).fold(
        None,
        |acc: Option<(NaiveDate, NaiveDate)>, &(s, t)| {
            Some(acc.map_or((s, t), |(a, b)| (a.min(s), b.max(t))))
        },
    );
    let interval = interval.unwrap_or_else(|| match span {
        Some((a, b)) if (b - a).num_days() < MAX_BINS as i64 => Interval::Day,
        Some((a, b)) if (b - a).num_days() / 28 < MAX_BINS as i64 => Interval::Month,
        _ => Interval::Year,
    });
    let mut counts: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut ranges: BTreeMap<(NaiveDate, NaiveDate), usize> = BTreeMap::new();
    for (s, t) in dated {
        let bin = interval.floor(s);
        if interval.floor(t) == bin {
            *counts.entry(bin).or_default() += 1;
        } else {
            *ranges.entry((s, t)).or_default() += 1;
        }
    }
    let mut bins = Vec::new();
    if let (Some((&first, _)), Some((&last, _))) =
        (counts.first_key_value(), counts.last_key_value())
    {
        let mut d = first;
        while d <= last && bins.len() < MAX_BINS * 40 {
            let next = interval.next(d);
            bins.push(json!({
                "start": d,
                "end": next.pred_opt().unwrap_or(d),
                "count": counts.get(&d).copied().unwrap_or(0),
            }));
            if next <= d {
                break;
            }
            d = next;
        }
    }
    let ranges: Vec<Value> = ranges
        .into_iter()
        .map(|((s, t), n)| json!({ "start": s, "end": t, "count": n }))
        .collect();
    json!({
        "interval": interval.as_str(),
        "bins": bins,
        "ranges": ranges,
        "undated": undated,
    })
}

/// `GET /api/events/timeline`: the timeline of the events matching the same filters as
/// `/collections/events/items` (`bbox`, `datetime`, `event_type`, `source`, `claimant`,
/// `place`, `q`), optionally with `interval=day|month|year`.
///
/// # Errors
/// 400 for a bad filter or interval.
pub async fn events_timeline(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), &with_filters("interval"))?;
    let interval = match p.get("interval") {
        None | Some("auto") => None,
        Some("day") => Some(Interval::Day),
        Some("month") => Some(Interval::Month),
        Some("year") => Some(Interval::Year),
        Some(other) => {
            return Err(ApiError::invalid(
                "interval",
                format!("{other:?}: use day, month, year or auto"),
            ));
        }
    };
    let snap = st.snapshot();
    let (page, _) = all_matching(&snap, &p)?;
    let v = timeline(page.items.iter().map(|&i| snap.events.event(i)), interval);
    Ok(axum::Json(v).into_response())
}

/// Largest grid side of `/api/events/grid`.
pub const MAX_CELLS: usize = 256;

/// The events of `events` (positions with their points) counted on a grid of `cells`
/// columns over `bbox` (rows in proportion), as a FeatureCollection of Points at each
/// non-empty cell's mean position with `count` and the `bbox` of its events.
pub fn grid(bbox: [f64; 4], cells: usize, points: impl Iterator<Item = [f64; 2]>) -> Value {
    let [w, s, e, n] = bbox;
    let width = if w > e { e - w + 360.0 } else { e - w }.max(1e-9);
    let height = (n - s).max(1e-9);
    let cols = cells.max(1);
    let rows = ((cols as f64 * height / width).round() as usize).clamp(1, MAX_CELLS);
    // Per cell: count, sums of lon and lat, and the events' bounds.
    type Cell = (u64, f64, f64, [f64; 4]);
    let mut acc: BTreeMap<(usize, usize), Cell> = BTreeMap::new();
    for [x, y] in points {
        let ux = if w > e && x < w { x + 360.0 } else { x };
        let cx = (((ux - w) / width * cols as f64) as usize).min(cols - 1);
        let cy = (((y - s) / height * rows as f64) as usize).min(rows - 1);
        let a =
            acc.entry((cx, cy))
                .or_insert((0, 0.0, 0.0, [f64::MAX, f64::MAX, f64::MIN, f64::MIN]));
        a.0 += 1;
        a.1 += ux;
        a.2 += y;
        a.3 = [a.3[0].min(x), a.3[1].min(y), a.3[2].max(x), a.3[3].max(y)];
    }
    let features: Vec<Value> = acc
        .into_iter()
        .map(|((cx, cy), (count, sx, sy, b))| {
            let mut lon = sx / count as f64;
            if lon > 180.0 {
                lon -= 360.0;
            }
            json!({
                "type": "Feature",
                "id": format!("{cx}-{cy}"),
                "geometry": { "type": "Point", "coordinates": [r4(lon), r4(sy / count as f64)] },
                "properties": { "count": count, "bbox": b.map(r4) },
            })
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features, "columns": cols, "rows": rows })
}

/// `GET /api/events/grid?bbox=&cells=`: how many events of the same filters as items lie in
/// each cell of a grid over the box (default 32 columns), for maps that show more events
/// than a page holds. Events drawn as areas count at their place's point.
///
/// # Errors
/// 400 without `bbox`, for a bad filter, or `cells` outside 1–256.
pub async fn events_grid(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), &with_filters("cells"))?;
    p.required("bbox")?;
    let cells = p.number("cells", 32, 1, MAX_CELLS)?;
    let snap = st.snapshot();
    let (page, query) = all_matching(&snap, &p)?;
    let bbox = query.bbox.as_ref().map(|b| b.bounds()).unwrap_or_default();
    let g = &st.gazetteer;
    let points = page
        .items
        .iter()
        .filter_map(|&i| g.get(&snap.events.event(i).place_id).map(|pl| pl.point));
    let mut v = grid(bbox, cells, points);
    v["numberMatched"] = json!(page.number_matched);
    Ok(axum::Json(v).into_response())
}

/// One source's metadata for the API, with its number of claims.
fn source_json(snap: &Snapshot, s: &Source, claims: usize) -> Value {
    json!({
        "id": s.id,
        "kind": s.kind,
        "title": s.title,
        "url": s.url,
        "published": s.published,
        "publisher": s.outlet,
        "speakers": s.speakers,
        "interviewer": s.interviewer,
        "language": s.language,
        "attribution": s.attribution,
        "has_text": snap.texts.contains_key(&s.id),
        "claims": claims,
    })
}

/// A text given to the server (`serve --text ID=PATH`) for an id no dataset source has: its
/// id as title, no metadata, and a note saying so. It has no claims; its mentions are shown.
fn text_only_json(id: &str) -> Value {
    json!({
        "id": id,
        "kind": null,
        "title": id,
        "url": null,
        "published": null,
        "publisher": null,
        "has_text": true,
        "claims": 0,
        "note": "a text given to the server; no source in the dataset has this id",
    })
}

/// Claims per source id, in one pass over the events.
fn claims_per_source(snap: &Snapshot) -> FxHashMap<&str, usize> {
    let mut n: FxHashMap<&str, usize> = FxHashMap::default();
    for c in snap.events.events().iter().flat_map(|e| &e.claims) {
        *n.entry(c.source.as_str()).or_default() += 1;
    }
    n
}

/// `GET /api/sources`: every source with its number of claims and whether the server has
/// its text, then the texts given to the server that no source has.
pub async fn sources(State(st): State<AppState>) -> Response {
    let snap = st.snapshot();
    let claims = claims_per_source(&snap);
    let list: Vec<Value> = snap
        .sources
        .sources
        .iter()
        .map(|(s, _)| source_json(&snap, s, claims.get(s.id.as_str()).copied().unwrap_or(0)))
        .chain(
            snap.texts
                .keys()
                .filter(|id| snap.sources.source(id).is_none())
                .map(|id| text_only_json(id)),
        )
        .collect();
    axum::Json(list).into_response()
}

/// `GET /api/sources/{id}`: a source with its text (when the server has it), its claims
/// (byte spans into the text, quotes, events) and its place-name mentions.
///
/// # Errors
/// 404 for an unknown source.
pub async fn source_detail(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let v = source_detail_json(&st.gazetteer, &st.snapshot(), &id)
        .ok_or_else(|| ApiError::NotFound(format!("no source {id:?}")))?;
    Ok(axum::Json(v).into_response())
}

/// A source with its text (when the server has it), claims and mentions; a text given to the
/// server that no source has, with its mentions; `None` for an unknown id.
pub fn source_detail_json(g: &Gazetteer, snap: &Snapshot, id: &str) -> Option<Value> {
    let source = snap.sources.source(id);
    if source.is_none() && !snap.texts.contains_key(id) {
        return None;
    }
    let claims: Vec<Value> = snap
        .events
        .events()
        .iter()
        .flat_map(|e| e.claims.iter().map(move |c| (e, c)))
        .filter(|(_, c)| c.source == id)
        .map(|(e, c)| {
            json!({
                "event_id": e.id,
                "event_title": e.title,
                "event_type": e.event_type,
                "claimant": c.claimant,
                "stance": c.stance,
                "quote": c.quote,
                "start": c.start,
                "end": c.end,
            })
        })
        .collect();
    let mentions: Vec<Value> = (0..snap.mentions.len() as u32)
        .map(|i| snap.mentions.record(i))
        .filter(|r| r.source == id)
        .map(|r| {
            let p = g.place(r.mention.place);
            json!({
                "start": r.mention.start,
                "end": r.mention.end,
                "text": r.mention.text,
                "place_id": p.id,
                "name": p.name,
                "kind": p.kind,
                "lon": p.lon(),
                "lat": p.lat(),
            })
        })
        .collect();
    let mut v = match source {
        Some(source) => source_json(snap, source, claims.len()),
        None => text_only_json(id),
    };
    v["text"] = json!(snap.texts.get(id));
    v["claims"] = json!(claims);
    v["mentions"] = json!(mentions);
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::dates::DatePrecision;
    use crate::events::{EventType, LocationPrecision};

    fn ev(s: Option<&str>, t: Option<&str>) -> Event {
        let d = |x: Option<&str>| x.map(|x| x.parse::<NaiveDate>().expect("date"));
        Event {
            id: "e".into(),
            title: "t".into(),
            summary: String::new(),
            event_type: EventType::Shelling,
            date_start: d(s),
            date_end: d(t),
            date_precision: DatePrecision::Day,
            date_text: String::new(),
            place_id: "p".into(),
            place_name: "p".into(),
            location_precision: LocationPrecision::Place,
            claims: Vec::new(),
        }
    }

    #[test]
    fn short_dates_are_binned_long_ones_are_ranges() {
        let evs = [
            ev(Some("2020-09-27"), Some("2020-09-27")),
            ev(Some("2020-09-27"), Some("2020-09-27")),
            ev(Some("2020-09-30"), Some("2020-09-30")),
            ev(Some("1990-01-01"), Some("1999-12-31")),
            ev(None, None),
        ];
        let v = timeline(evs.iter(), None);
        assert_eq!(v["interval"], "day");
        let bins = v["bins"].as_array().expect("bins");
        assert_eq!(bins.len(), 4, "27, 28, 29 and 30 September");
        assert_eq!(bins[0]["count"], 2);
        assert_eq!(bins[1]["count"], 0);
        assert_eq!(bins[3]["start"], "2020-09-30");
        assert_eq!(v["ranges"][0]["start"], "1990-01-01");
        assert_eq!(v["ranges"][0]["count"], 1);
        assert_eq!(v["undated"], 1);
    }

    #[test]
    fn the_grid_counts_every_point_once_even_across_the_antimeridian() {
        let pts = [[179.5, -17.0], [-179.5, -17.2], [179.6, -17.1], [0.0, 0.0]];
        let v = grid([179.0, -17.5, -179.0, -16.5], 2, pts[..3].iter().copied());
        let f = v["features"].as_array().expect("features");
        let total: u64 = f
            .iter()
            .map(|c| c["properties"]["count"].as_u64().expect("n"))
            .sum();
        assert_eq!(total, 3);
        assert_eq!(f.len(), 2, "west and east of the antimeridian");
        let east = f
            .iter()
            .find(|c| c["properties"]["count"] == 1)
            .expect("one");
        assert_eq!(east["geometry"]["coordinates"][0], -179.5);
        let world = grid([-180.0, -90.0, 180.0, 90.0], 4, pts.iter().copied());
        assert_eq!(world["rows"], 2);
        assert_eq!(world["features"].as_array().map(Vec::len), Some(3));
    }

    #[test]
    fn a_coarser_interval_absorbs_short_ranges() {
        let evs = [
            ev(Some("2020-10-01"), Some("2020-10-15")),
            ev(Some("2020-11-09"), Some("2020-11-10")),
        ];
        let v = timeline(evs.iter(), Some(Interval::Month));
        let bins = v["bins"].as_array().expect("bins");
        assert_eq!(bins.len(), 2);
        assert_eq!(bins[0]["end"], "2020-10-31");
        assert_eq!(v["ranges"].as_array().map(Vec::len), Some(0));
    }
}
