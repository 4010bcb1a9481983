//! GeoJSON for the command line: mentions and search results as RFC 7946
//! FeatureCollections of Points (`[lon, lat]`, 6 decimals).

use serde_json::{Value, json};

use crate::gazetteer::Gazetteer;
use crate::gazetteer::search::SearchHit;
use crate::geoparse::Mention;

fn r6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Mentions as a FeatureCollection: one Point per mention, with `text`, `start`, `end`,
/// `place_id`, `name`, `kind`, `country`, `score` and `alternatives`.
pub fn mentions_geojson(g: &Gazetteer, mentions: &[Mention]) -> Value {
    let features: Vec<Value> = mentions
        .iter()
        .map(|m| {
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
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features })
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
