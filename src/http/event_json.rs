//! Events written straight to JSON bytes, for pages of thousands of events: the same
//! Feature as [`crate::output::event_feature`] (a test holds them equal), but with each
//! place's geometry and names serialised once, not once per event, and no intermediate
//! `serde_json::Value` trees.
//!
//! The server goes one step further ([`EventJson::with_features`]): every event's Feature
//! is serialised once when the data is loaded, and a page is the concatenation of those
//! bytes (a test holds them byte-for-byte equal to [`EventJson::write_feature`]). That
//! costs the size of the JSON in memory (~0.75 KB per event) and takes a viewport of
//! 1,000 events from ~1.8 ms to a copy of its bytes; see BENCHMARKS.md.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::events::attested::{OtherDate, OtherDates};
use crate::events::dates::DatePrecision;
use crate::events::{Claim, Dataset, Event, EventType, LocationPrecision, Status};
use crate::gazetteer::Gazetteer;
use crate::output::{event_feature, event_geometry};

/// Number of [`LocationPrecision`] variants (the geometry depends on it).
const PRECISIONS: usize = 7;

/// What is serialised once per place.
#[derive(Debug, Clone)]
struct PlaceJson {
    /// Geometry by location precision (`None` until an event uses it).
    geometry: [Option<Box<RawValue>>; PRECISIONS],
    /// Every name of the place.
    names: Box<RawValue>,
    /// The country code.
    country: String,
}

/// Per-place JSON fragments for the places events are located at, and optionally every
/// event's Feature, pre-serialised.
#[derive(Debug, Default)]
pub struct EventJson {
    places: FxHashMap<String, PlaceJson>,
    /// Every event's Feature, one after the other (empty unless built by `with_features`).
    features: Vec<u8>,
    /// Where the Feature of the event at each position ends in `features`.
    ends: Vec<usize>,
    /// The conflicting dates of events (id → dates), as [`attest`](crate::events::attested::attest) left them.
    other_dates: OtherDates,
}

fn raw(v: &impl Serialize) -> Option<Box<RawValue>> {
    serde_json::to_string(v)
        .ok()
        .and_then(|s| RawValue::from_string(s).ok())
}

#[derive(Serialize)]
struct Provenance<'a> {
    source_title: &'a str,
    source_url: Option<&'a str>,
    source_published: NaiveDate,
}

#[derive(Serialize)]
struct ClaimOut<'a> {
    #[serde(flatten)]
    claim: &'a Claim,
    #[serde(flatten)]
    provenance: Option<Provenance<'a>>,
}

#[derive(Serialize)]
struct Properties<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    event_type: EventType,
    date_start: Option<NaiveDate>,
    date_end: Option<NaiveDate>,
    date_precision: DatePrecision,
    date_text: &'a str,
    place_id: &'a str,
    place_name: &'a str,
    place_names: Option<&'a RawValue>,
    country: Option<&'a str>,
    location_precision: LocationPrecision,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    other_dates: Option<&'a [OtherDate]>,
    claims: Vec<ClaimOut<'a>>,
}

#[derive(Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    geometry: Option<&'a RawValue>,
    properties: Properties<'a>,
}

impl EventJson {
    /// Serialises the geometry and names of every place the events use.
    ///
    /// # Runtime
    /// Linear in the events, plus one geometry per distinct place and precision.
    pub fn new(g: &Gazetteer, events: &[Event]) -> EventJson {
        EventJson::new_from(g, events, None)
    }

    /// [`EventJson::new`], starting from the places an earlier one serialised (`prev`,
    /// built over the same gazetteer places: an outline is costly to serialise again).
    pub fn new_from(g: &Gazetteer, events: &[Event], prev: Option<&EventJson>) -> EventJson {
        let mut places: FxHashMap<String, PlaceJson> = FxHashMap::default();
        for e in events {
            let Some(p) = g.get(&e.place_id) else {
                continue;
            };
            let entry = places.entry(e.place_id.clone()).or_insert_with(|| {
                match prev.and_then(|j| j.places.get(&e.place_id)) {
                    Some(earlier) => earlier.clone(),
                    None => PlaceJson {
                        geometry: Default::default(),
                        names: raw(&crate::output::display_names(p)).unwrap_or_default(),
                        country: p.country.to_string(),
                    },
                }
            });
            let slot = &mut entry.geometry[e.location_precision as usize];
            if slot.is_none() {
                *slot = raw(&event_geometry(g, e));
            }
        }
        EventJson {
            places,
            ..EventJson::default()
        }
    }

    /// Gives events their conflicting dates (id → dates; see [`attest`](crate::events::attested::attest)): each
    /// Feature written from now on carries them as `other_dates`.
    pub fn with_other_dates(mut self, other_dates: OtherDates) -> Self {
        self.other_dates = other_dates;
        self
    }

    /// The conflicting dates of the event `id`, if it has any.
    pub fn other_dates(&self, id: &str) -> Option<&[OtherDate]> {
        self.other_dates.get(id).map(Vec::as_slice)
    }

    /// Every event's conflicting dates.
    pub fn all_other_dates(&self) -> &OtherDates {
        &self.other_dates
    }

    /// `("other_dates", [...])` for [`event_feature`]'s extra member, if the event has any.
    pub fn other_dates_member(&self, id: &str) -> Option<(&'static str, serde_json::Value)> {
        let others = self.other_dates(id)?;
        Some(("other_dates", serde_json::to_value(others).ok()?))
    }

    /// Serialises every event's Feature once, in the order given (the [`EventIndex`]'s
    /// positions), for [`EventJson::feature`].
    ///
    /// [`EventIndex`]: crate::index::EventIndex
    ///
    /// # Runtime
    /// One serialisation per event; memory grows by the size of the JSON.
    pub fn with_features(self, g: &Gazetteer, ds: &Dataset, events: &[Event]) -> EventJson {
        self.with_features_from(g, ds, events, |_| None)
    }

    /// [`EventJson::with_features`], copying the bytes `reuse` has for an event (its
    /// Feature in an earlier snapshot, when neither it nor its sources changed) instead of
    /// serialising it again.
    pub fn with_features_from<'p>(
        mut self,
        g: &Gazetteer,
        ds: &Dataset,
        events: &[Event],
        reuse: impl Fn(&Event) -> Option<&'p [u8]>,
    ) -> EventJson {
        let mut features = Vec::with_capacity(events.len() * 768);
        let mut ends = Vec::with_capacity(events.len());
        for e in events {
            let start = features.len();
            if let Some(bytes) = reuse(e) {
                features.extend_from_slice(bytes);
            } else if self.write_feature(g, ds, e, &mut features).is_err() {
                // Served the slow way instead (it does not fail for valid events).
                features.truncate(start);
            }
            ends.push(features.len());
        }
        features.shrink_to_fit();
        self.features = features;
        self.ends = ends;
        self
    }

    /// The pre-serialised Feature of the event at position `i`, if
    /// [`EventJson::with_features`] made one.
    pub fn feature(&self, i: u32) -> Option<&[u8]> {
        let i = i as usize;
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        (end > start).then(|| &self.features[start..end])
    }

    /// Appends the Feature of `event`, at position `i` of the index: a copy of its
    /// pre-serialised bytes, or written when there are none.
    ///
    /// # Errors
    /// As [`EventJson::write_feature`].
    pub fn append_feature(
        &self,
        g: &Gazetteer,
        ds: &Dataset,
        i: u32,
        event: &Event,
        out: &mut Vec<u8>,
    ) -> serde_json::Result<()> {
        match self.feature(i) {
            Some(bytes) => {
                out.extend_from_slice(bytes);
                Ok(())
            }
            None => self.write_feature(g, ds, event, out),
        }
    }

    /// The event's geometry as serialised once for its place and precision, if cached.
    pub fn geometry(&self, e: &Event) -> Option<&RawValue> {
        self.places.get(&e.place_id)?.geometry[e.location_precision as usize].as_deref()
    }

    /// Bytes held by the pre-serialised Features (0 without them).
    pub fn features_bytes(&self) -> usize {
        self.features.len() + self.ends.len() * std::mem::size_of::<usize>()
    }

    /// Appends the event's Feature to `out`.
    ///
    /// # Errors
    /// Occurs only if serialisation fails (it does not for valid events).
    pub fn write_feature(
        &self,
        g: &Gazetteer,
        ds: &Dataset,
        e: &Event,
        out: &mut Vec<u8>,
    ) -> serde_json::Result<()> {
        let place = self.places.get(&e.place_id);
        let geometry = place.and_then(|p| p.geometry[e.location_precision as usize].as_deref());
        if geometry.is_none() && g.get(&e.place_id).is_some() {
            // A place or precision the cache has not seen: the CLI's way, slower.
            let extra = self.other_dates_member(&e.id);
            return serde_json::to_writer(out, &event_feature(g, Some(ds), e, extra));
        }
        let claims = e
            .claims
            .iter()
            .map(|c| ClaimOut {
                claim: c,
                provenance: ds.source(&c.source).map(|s| Provenance {
                    source_title: &s.title,
                    source_url: s.url.as_deref(),
                    source_published: s.published,
                }),
            })
            .collect();
        let f = Feature {
            kind: "Feature",
            id: &e.id,
            geometry,
            properties: Properties {
                id: &e.id,
                title: &e.title,
                summary: &e.summary,
                event_type: e.event_type,
                date_start: e.date_start,
                date_end: e.date_end,
                date_precision: e.date_precision,
                date_text: &e.date_text,
                place_id: &e.place_id,
                place_name: &e.place_name,
                place_names: place.map(|p| p.names.as_ref()),
                country: place.map(|p| p.country.as_str()),
                location_precision: e.location_precision,
                status: e.status(),
                other_dates: self.other_dates(&e.id),
                claims,
            },
        };
        serde_json::to_writer(out, &f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::attested;
    use crate::index::fixture::{dataset, gazetteer};

    #[test]
    fn same_features_as_the_command_line() {
        let g = gazetteer();
        let ds = dataset();
        let events: Vec<Event> = ds.events.iter().map(|(e, _)| e.clone()).collect();
        let json = EventJson::new(g, &events);
        for e in &events {
            let mut out = Vec::new();
            json.write_feature(g, &ds, e, &mut out).expect("serialises");
            let fast: serde_json::Value = serde_json::from_slice(&out).expect("json");
            assert_eq!(fast, event_feature(g, Some(&ds), e, None), "{}", e.id);
        }
        // An event at a place the cache has never seen is still right.
        let mut other = events[0].clone();
        other.place_id = "geonames:586523".into();
        let empty = EventJson::default();
        let mut out = Vec::new();
        empty
            .write_feature(g, &ds, &other, &mut out)
            .expect("serialises");
        let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
        assert_eq!(v, event_feature(g, Some(&ds), &other, None));
    }

    /// An event's conflicting dates are in its Feature, written either way, and only there.
    #[test]
    fn conflicting_dates_are_written_as_other_dates() {
        let g = gazetteer();
        let ds = dataset();
        let mut events: Vec<Event> = ds.events.iter().map(|(e, _)| e.clone()).collect();
        // Barda's strike: the whole war in one claim, 28 October in another.
        let barda = events
            .iter_mut()
            .find(|e| e.id == "barda-strike")
            .expect("fixture event");
        barda.date_start = NaiveDate::from_ymd_opt(2020, 9, 27);
        barda.date_end = NaiveDate::from_ymd_opt(2020, 11, 6);
        barda.date_precision = DatePrecision::Range;
        let mut dated = barda.claims[0].clone();
        dated.claimed_date = NaiveDate::from_ymd_opt(2020, 10, 28);
        barda.claims.push(dated);
        let mut others = FxHashMap::default();
        for e in &mut events {
            let o = attested::attest(e);
            if !o.is_empty() {
                others.insert(e.id.clone(), o);
            }
        }
        assert!(others.contains_key("barda-strike"), "{:?}", others.keys());
        let json = EventJson::new(g, &events).with_other_dates(others);
        for e in &events {
            let mut out = Vec::new();
            json.write_feature(g, &ds, e, &mut out).expect("serialises");
            let fast: serde_json::Value = serde_json::from_slice(&out).expect("json");
            let slow = event_feature(g, Some(&ds), e, json.other_dates_member(&e.id));
            assert_eq!(fast, slow, "{}", e.id);
            let has = fast["properties"].get("other_dates").is_some();
            assert_eq!(has, e.id == "barda-strike", "{}", e.id);
        }
        // The empty cache's slow path carries them too.
        let barda = events
            .iter()
            .find(|e| e.id == "barda-strike")
            .expect("fixture");
        let mut out = Vec::new();
        let fresh = EventJson::default().with_other_dates(json.other_dates.clone());
        fresh
            .write_feature(g, &ds, barda, &mut out)
            .expect("serialises");
        let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
        assert_eq!(v["properties"]["other_dates"][0]["date_precision"], "range");
    }

    /// The pre-serialised Features are, byte for byte, what the serde path writes for the
    /// event at the same position of the index — for the fixture (sources, claims with
    /// provenance, areas, unlocated events) and for synthetic events.
    #[test]
    fn pre_serialised_features_are_the_serde_bytes() {
        use crate::events::synthetic::synthetic_events;
        use crate::index::EventIndex;
        let g = gazetteer();
        let ds = dataset();
        for events in [
            ds.events.iter().map(|(e, _)| e.clone()).collect(),
            synthetic_events(g, 2_000),
        ] {
            let idx = EventIndex::new(g, events);
            let json = EventJson::new(g, idx.events()).with_features(g, &ds, idx.events());
            assert!(json.features_bytes() > 0);
            for (i, e) in idx.events().iter().enumerate() {
                let mut want = Vec::new();
                json.write_feature(g, &ds, e, &mut want)
                    .expect("serialises");
                let got = json.feature(i as u32).expect("pre-serialised");
                assert_eq!(
                    String::from_utf8_lossy(got),
                    String::from_utf8_lossy(&want),
                    "{}",
                    e.id
                );
            }
            assert_eq!(json.feature(idx.events().len() as u32), None);
        }
        // Without `with_features` there is nothing to copy; the server writes instead.
        assert_eq!(EventJson::default().feature(0), None);
    }
}
