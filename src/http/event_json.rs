//! Events written straight to JSON bytes, for pages of thousands of events: the same
//! Feature as [`crate::output::event_feature`] (a test holds them equal), but with each
//! place's geometry and names serialised once, not once per event, and no intermediate
//! `serde_json::Value` trees.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::events::dates::DatePrecision;
use crate::events::{Claim, Dataset, Event, EventType, LocationPrecision, Status};
use crate::gazetteer::Gazetteer;
use crate::output::{event_feature, event_geometry};

/// Number of [`LocationPrecision`] variants (the geometry depends on it).
const PRECISIONS: usize = 7;

/// What is serialised once per place.
#[derive(Debug)]
struct PlaceJson {
    /// Geometry by location precision (`None` until an event uses it).
    geometry: [Option<Box<RawValue>>; PRECISIONS],
    /// Every name of the place.
    names: Box<RawValue>,
    /// The country code.
    country: String,
}

/// Per-place JSON fragments for the places events are located at.
#[derive(Debug, Default)]
pub struct EventJson {
    places: FxHashMap<String, PlaceJson>,
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
        let mut places: FxHashMap<String, PlaceJson> = FxHashMap::default();
        for e in events {
            let Some(p) = g.get(&e.place_id) else {
                continue;
            };
            let entry = places
                .entry(e.place_id.clone())
                .or_insert_with(|| PlaceJson {
                    geometry: Default::default(),
                    names: raw(&crate::output::display_names(p)).unwrap_or_default(),
                    country: p.country.to_string(),
                });
            let slot = &mut entry.geometry[e.location_precision as usize];
            if slot.is_none() {
                *slot = raw(&event_geometry(g, e));
            }
        }
        EventJson { places }
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
            return serde_json::to_writer(out, &event_feature(g, Some(ds), e, None));
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
                claims,
            },
        };
        serde_json::to_writer(out, &f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
