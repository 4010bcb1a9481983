//! The events layer: every event of the dataset, in date order, with an R-tree over the
//! geometry it is drawn with (the place's point, or the outline of the district, region or
//! country when that is all the sources support; unlocated events have none).

use chrono::NaiveDate;
use geo::{BoundingRect, MultiPolygon};
use rustc_hash::FxHashMap;

use super::query::contains_ci;
use super::{DateFilter, Page, Query, SpatialIndex};
use crate::events::{Event, LocationPrecision};
use crate::gazetteer::Gazetteer;

/// Events sorted by start date (undated last) then id, indexed by position.
#[derive(Debug, Default)]
pub struct EventIndex {
    events: Vec<Event>,
    by_id: FxHashMap<String, u32>,
    spatial: SpatialIndex,
    /// Outlines of the areas events are located to, by slot, for exact bbox tests.
    areas: Vec<MultiPolygon>,
    /// Number of events with a start date (they come first).
    dated: usize,
    /// The longest span `date_end - date_start` of any event, in days.
    max_span_days: u64,
    /// How queries find candidates.
    scan: Scan,
    /// Per event position, the slot in `areas` of the outline it is drawn with, or
    /// [`NO_AREA`]: the bbox test reads this (4 bytes per event, in order), not the event
    /// records, so a bbox-only query counting tens of thousands of hits never reads them.
    area_slot: Vec<u32>,
}

/// `area_slot` of an event drawn as a point (or not at all).
const NO_AREA: u32 = u32::MAX;

/// How [`EventIndex::query`] finds its candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scan {
    /// The R-tree for a bbox, a binary search over start dates for a datetime (the default).
    #[default]
    Indexed,
    /// Every event in turn: the baseline the indexes are measured against. Same results.
    Linear,
}

/// Whether an event located with this precision is drawn as its place's outline.
fn is_area(p: LocationPrecision) -> bool {
    use LocationPrecision as L;
    matches!(
        p,
        L::District | L::Region | L::Country | L::Border | L::LineOfContact
    )
}

impl EventIndex {
    /// Indexes the events (in any order) against the gazetteer's places and outlines.
    ///
    /// # Runtime
    /// O(n log n) for n events, plus one outline lookup per distinct area.
    pub fn new(g: &Gazetteer, mut events: Vec<Event>) -> EventIndex {
        events.sort_by(|a, b| {
            (a.date_start.is_none(), a.date_start, &a.id).cmp(&(
                b.date_start.is_none(),
                b.date_start,
                &b.id,
            ))
        });
        let mut areas: FxHashMap<String, MultiPolygon> = FxHashMap::default();
        let mut envelopes = Vec::with_capacity(events.len());
        for (i, e) in events.iter().enumerate() {
            envelopes.push((i as u32, envelope(g, e, &mut areas)));
        }
        let by_id = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i as u32))
            .collect();
        let mut areas: Vec<(String, MultiPolygon)> = areas.into_iter().collect();
        areas.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let area_slot = events
            .iter()
            .map(|e| {
                if !is_area(e.location_precision) {
                    return NO_AREA;
                }
                areas
                    .binary_search_by(|(id, _)| id.as_str().cmp(&e.place_id))
                    .map_or(NO_AREA, |s| s as u32)
            })
            .collect();
        let areas = areas.into_iter().map(|(_, mp)| mp).collect();
        let dated = events.partition_point(|e| e.date_start.is_some());
        let max_span_days = events
            .iter()
            .filter_map(|e| Some((e.date_end? - e.date_start?).num_days().max(0) as u64))
            .max()
            .unwrap_or(0);
        EventIndex {
            spatial: SpatialIndex::build(envelopes),
            events,
            by_id,
            areas,
            dated,
            max_span_days,
            scan: Scan::Indexed,
            area_slot,
        }
    }

    /// Chooses how queries find candidates (results are the same either way).
    pub fn set_scan(&mut self, scan: Scan) {
        self.scan = scan;
    }

    /// Every event, in date order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The event at a position of a [`Page`].
    pub fn event(&self, i: u32) -> &Event {
        &self.events[i as usize]
    }

    /// The position of the event with `id`.
    pub fn position(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The event with `id`.
    pub fn get(&self, id: &str) -> Option<&Event> {
        self.by_id.get(id).map(|&i| self.event(i))
    }

    /// The outline the event at position `i` is drawn with, when it is drawn as an area.
    pub fn area(&self, i: u32) -> Option<&MultiPolygon> {
        let slot = *self.area_slot.get(i as usize)?;
        self.areas.get(slot as usize)
    }

    /// The spatial extent `[min_lon, min_lat, max_lon, max_lat]` of the located events.
    pub fn extent(&self) -> Option<[f64; 4]> {
        self.spatial.extent()
    }

    /// The first and last day of the dated events.
    pub fn temporal_extent(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.events.iter().filter_map(|e| e.date_start).min()?;
        let last = self
            .events
            .iter()
            .filter_map(|e| e.date_end.or(e.date_start))
            .max()?;
        Some((first, last))
    }

    /// The events matching every filter of `q`, in date order, paged.
    ///
    /// # Runtime
    /// With a bbox: an R-tree search plus a pass over its hits; without one, a pass over all
    /// events (or the dated ones that can overlap `datetime`). With [`Scan::Linear`], a
    /// pass over all events. Counting is exact, so the pass never stops at the page's end.
    pub fn query(&self, q: &Query) -> Page {
        let text = q.q_lower();
        let claimant = q.claimant.as_deref().map(str::to_lowercase);
        let bbox_only = q.datetime.is_none()
            && q.event_type.is_none()
            && q.source.is_none()
            && q.claimant.is_none()
            && q.place.is_none()
            && q.q.is_none()
            && q.ids.is_none();
        // Whether the box touches each area's outline, tested once per area and query:
        // thousands of events can share one outline of thousands of vertices.
        let mut touches: Vec<Option<bool>> = vec![None; self.areas.len()];
        let keep = |i: &u32| {
            if let Some(b) = &q.bbox {
                let slot = self.area_slot[*i as usize];
                if slot != NO_AREA
                    && !*touches[slot as usize]
                        .get_or_insert_with(|| b.intersects_polygon(&self.areas[slot as usize]))
                {
                    return false;
                }
                if bbox_only {
                    // Decided without reading the event's record.
                    return true;
                }
            }
            event_matches(q, claimant.as_deref(), text.as_deref(), self.event(*i))
        };
        match (&q.bbox, &q.datetime) {
            (Some(b), _) if self.scan == Scan::Linear => {
                q.page(self.spatial.scan(b).into_iter().filter(keep))
            }
            (Some(b), _) => q.page(self.spatial.intersecting(b).into_iter().filter(keep)),
            (None, Some(d)) if self.scan == Scan::Indexed => {
                let (lo, hi) = self.date_candidates(d);
                // Events with only an end date sort with the undated ones: always look.
                let tail = self.dated..self.events.len();
                q.page((lo..hi).chain(tail).map(|i| i as u32).filter(keep))
            }
            (None, _) if q.ids.is_some() && self.scan == Scan::Indexed => {
                // The few events named, looked up, in date order.
                let mut at: Vec<u32> = q
                    .ids
                    .iter()
                    .flatten()
                    .filter_map(|id| self.position(id))
                    .collect();
                at.sort_unstable();
                q.page(at.into_iter().filter(keep))
            }
            (None, _) => q.page((0..self.events.len() as u32).filter(keep)),
        }
    }

    /// The positions `lo..hi` among the dated events (sorted by start) that can overlap
    /// `d`: none starts after its end, and none ends before its start, since no event lasts
    /// longer than the longest span.
    ///
    /// # Runtime
    /// O(log n).
    fn date_candidates(&self, d: &DateFilter) -> (usize, usize) {
        let dated = &self.events[..self.dated];
        let lo = d
            .start()
            .and_then(|s| s.checked_sub_days(chrono::Days::new(self.max_span_days)))
            .map_or(0, |from| {
                dated.partition_point(|e| e.date_start < Some(from))
            });
        let hi = d.end().map_or(dated.len(), |to| {
            dated.partition_point(|e| e.date_start <= Some(to))
        });
        (lo, hi.max(lo))
    }
}

/// Whether the event passes every filter of `q` but the bbox; `claimant` and `text` are
/// `q`'s claimant and `q` lower-cased (once per query, not per event).
pub(crate) fn event_matches(
    q: &Query,
    claimant: Option<&str>,
    text: Option<&str>,
    e: &Event,
) -> bool {
    if let Some(d) = &q.datetime {
        if !d.matches(e.date_start, e.date_end) {
            return false;
        }
    }
    if q.event_type.is_some_and(|t| t != e.event_type) {
        return false;
    }
    if q.ids
        .as_ref()
        .is_some_and(|ids| ids.binary_search(&e.id).is_err())
    {
        return false;
    }
    if let Some(s) = &q.source {
        if !e.claims.iter().any(|c| &c.source == s) {
            return false;
        }
    }
    if let Some(c) = claimant {
        if !e.claims.iter().any(|x| contains_ci(&x.claimant, c)) {
            return false;
        }
    }
    if let Some(p) = &q.place {
        if e.place_id != *p && !e.place_name.eq_ignore_ascii_case(p) {
            return false;
        }
    }
    text.is_none_or(|t| matches_text(e, t))
}

/// Whether the event's title, summary, place, date or any claim's quote or claimant
/// contains `t` (lower-case).
fn matches_text(e: &Event, t: &str) -> bool {
    [&e.title, &e.summary, &e.place_name, &e.date_text]
        .iter()
        .any(|s| contains_ci(s, t))
        || e.claims
            .iter()
            .any(|c| contains_ci(&c.quote, t) || contains_ci(&c.claimant, t))
}

/// The envelope of the geometry the event is drawn with (as `output::event_geometry`
/// draws it), remembering area outlines for exact tests.
fn envelope(
    g: &Gazetteer,
    e: &Event,
    areas: &mut FxHashMap<String, MultiPolygon>,
) -> Option<[f64; 4]> {
    let p = g.get(&e.place_id)?;
    if is_area(e.location_precision) {
        if !areas.contains_key(&e.place_id) {
            if let Some(mp) = g.polygon(&e.place_id) {
                areas.insert(e.place_id.clone(), mp);
            }
        }
        if let Some(r) = areas.get(&e.place_id).and_then(|mp| mp.bounding_rect()) {
            return Some([r.min().x, r.min().y, r.max().x, r.max().y]);
        }
    }
    if e.location_precision == LocationPrecision::Unknown {
        return None;
    }
    Some([p.lon(), p.lat(), p.lon(), p.lat()])
}

#[cfg(test)]
mod tests;
