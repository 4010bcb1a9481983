//! GeoJSON for the command line: mentions, search results and events as RFC 7946
//! FeatureCollections (`[lon, lat]`, 6 decimals).

use serde_json::{Value, json};

use crate::events::extract::Candidate;
use crate::events::{Dataset, Event};
use crate::gazetteer::Gazetteer;
use crate::gazetteer::search::SearchHit;
use crate::geoparse::Mention;

fn r6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// One mention as a Point Feature with `text`, `start`, `end`, `place_id`, `name`,
/// `matched_name`, `kind`, `country`, `score` and `alternatives`.
pub fn mention_feature(g: &Gazetteer, m: &Mention) -> Value {
    let p = g.place(m.place);
    let alternatives: Vec<Value> = m
        .alternatives
        .iter()
        .map(|a| {
            let q = g.place(a.name.place);
            json!({ "place_id": q.id, "name": q.name, "kind": q.kind, "country": q.country, "score": a.score })
        })
        .collect();
    json!({
        "type": "Feature",
        "geometry": { "type": "Point", "coordinates": [r6(p.lon()), r6(p.lat())] },
        "properties": {
            "text": m.text,
            "start": m.start,
            "end": m.end,
            "place_id": p.id,
            "name": p.name,
            "matched_name": g.name(m.name).text,
            "kind": p.kind,
            "country": p.country,
            "score": m.score,
            "alternatives": alternatives,
        }
    })
}

/// Mentions as a FeatureCollection value (for small outputs; see
/// [`write_mentions_geojson`] for files of any size).
pub fn mentions_geojson(g: &Gazetteer, mentions: &[Mention]) -> Value {
    let features: Vec<Value> = mentions.iter().map(|m| mention_feature(g, m)).collect();
    json!({ "type": "FeatureCollection", "features": features })
}

/// Writes mentions as a FeatureCollection, one feature at a time, so memory stays flat
/// however many mentions a text has.
///
/// # Errors
/// Occurs when the writer fails.
pub fn write_mentions_geojson(
    w: &mut impl std::io::Write,
    g: &Gazetteer,
    mentions: &[Mention],
) -> std::io::Result<()> {
    w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
    for (i, m) in mentions.iter().enumerate() {
        if i > 0 {
            w.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *w, &mention_feature(g, m))?;
    }
    w.write_all(b"]}\n")
}

/// Search hits as a FeatureCollection, best first, each with every name of the place.
pub fn search_geojson(hits: &[SearchHit<'_>]) -> Value {
    let features: Vec<Value> = hits
        .iter()
        .map(|h| {
            let p = h.place;
            json!({
                "type": "Feature",
                "id": p.id,
                "geometry": { "type": "Point", "coordinates": [r6(p.lon()), r6(p.lat())] },
                "bbox": p.bbox,
                "properties": {
                    "place_id": p.id,
                    "name": p.name,
                    "kind": p.kind,
                    "country": p.country,
                    "population": p.population,
                    "matched_name": h.matched_name,
                    "exact": h.exact,
                    "score": (h.score * 1000.0).round() / 1000.0,
                    "names": p.names,
                }
            })
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features })
}

/// The geometry an event is drawn with: the place's point when the event is located to a
/// place; the outline of the district, region or country when that is all the source
/// supports (so a map shows the area, not a pin pretending to be exact); `null` when the
/// event is not located. Coordinates rounded to 6 decimals, `[lon, lat]`.
pub fn event_geometry(g: &Gazetteer, event: &Event) -> Value {
    use crate::events::LocationPrecision as L;
    let Some(p) = g.get(&event.place_id) else {
        return Value::Null;
    };
    let area = matches!(
        event.location_precision,
        L::District | L::Region | L::Country | L::Border | L::LineOfContact
    );
    if area {
        if let Some(mp) = g.polygon(&event.place_id) {
            // RFC 7946 §3.1.6: exterior rings counterclockwise, holes clockwise.
            let mp = geo::Orient::orient(&mp, geo::orient::Direction::Default);
            let v = geojson::GeometryValue::from(&mp);
            return serde_json::to_value(geojson::Geometry::new(v))
                .map(round_coords)
                .unwrap_or(Value::Null);
        }
    }
    if event.location_precision == L::Unknown {
        return Value::Null;
    }
    json!({ "type": "Point", "coordinates": [r6(p.lon()), r6(p.lat())] })
}

fn round_coords(v: Value) -> Value {
    match v {
        Value::Number(n) => n.as_f64().map_or(Value::Number(n), |f| json!(r6(f))),
        Value::Array(a) => Value::Array(a.into_iter().map(round_coords).collect()),
        Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (k, round_coords(v))).collect())
        }
        other => other,
    }
}

/// The names of a place an event carries: the display name, and every name whose language
/// or usage is known (what a name-convention setting chooses from: English, Azerbaijani,
/// Armenian, Russian…). The hundreds of untagged transliterations GeoNames lists for a city
/// stay in the gazetteer (`/api/places/{id}`), not in every event.
pub fn display_names(p: &crate::gazetteer::Place) -> Vec<&crate::gazetteer::Name> {
    p.names
        .iter()
        .enumerate()
        .filter(|(i, n)| *i == 0 || n.lang.is_some() || n.note.is_some())
        .map(|(_, n)| n)
        .collect()
}

/// One event as a GeoJSON Feature: every field, its derived status, the place's names in
/// every language, and every claim with its source's title.
pub fn event_feature(
    g: &Gazetteer,
    ds: Option<&Dataset>,
    event: &Event,
    extra: Option<(&str, Value)>,
) -> Value {
    let claims: Vec<Value> = event
        .claims
        .iter()
        .map(|c| {
            let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
            if let (Some(ds), Value::Object(o)) = (ds, &mut v) {
                if let Some(s) = ds.source(&c.source) {
                    o.insert("source_title".into(), json!(s.title));
                    o.insert("source_url".into(), json!(s.url));
                    o.insert("source_published".into(), json!(s.published));
                }
            }
            v
        })
        .collect();
    let place = g.get(&event.place_id);
    let mut props = json!({
        "id": event.id,
        "title": event.title,
        "summary": event.summary,
        "event_type": event.event_type,
        "date_start": event.date_start,
        "date_end": event.date_end,
        "date_precision": event.date_precision,
        "date_text": event.date_text,
        "place_id": event.place_id,
        "place_name": event.place_name,
        "place_names": place.map(display_names),
        "country": place.map(|p| p.country.as_ref()),
        "location_precision": event.location_precision,
        "status": event.status(),
        "claims": claims,
    });
    if let (Some((k, v)), Value::Object(o)) = (extra, &mut props) {
        o.insert(k.to_owned(), v);
    }
    json!({ "type": "Feature", "id": event.id, "geometry": event_geometry(g, event), "properties": props })
}

/// Events as a FeatureCollection, in the order given.
pub fn events_geojson(g: &Gazetteer, ds: Option<&Dataset>, events: &[&Event]) -> Value {
    let features: Vec<Value> = events
        .iter()
        .map(|e| event_feature(g, ds, e, None))
        .collect();
    json!({ "type": "FeatureCollection", "features": features })
}

/// Candidate events from `dateline extract`, with their scores, best first.
pub fn candidates_geojson(g: &Gazetteer, candidates: &[Candidate]) -> Value {
    let mut sorted: Vec<&Candidate> = candidates.iter().collect();
    sorted.sort_by(|a, b| b.score.total_cmp(&a.score));
    let features: Vec<Value> = sorted
        .iter()
        .map(|c| {
            let mut f = event_feature(g, None, &c.event, Some(("score", json!(c.score))));
            if let Some(o) = f["properties"].as_object_mut() {
                o.insert("not_after".into(), json!(c.not_after));
            }
            f
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features })
}

/// Escapes text for XML element content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newlines are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
