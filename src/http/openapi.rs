//! The OpenAPI 3.0 document served at `/api`: every endpoint, parameter and response,
//! self-contained (references point only inside the document).

use serde_json::{Value, json};

use crate::events::EventType;
use crate::index::Query;

fn param(name: &str, location: &str, description: &str, schema: Value, required: bool) -> Value {
    json!({ "name": name, "in": location, "description": description, "required": required, "schema": schema, "style": "form", "explode": false })
}

fn ok(description: &str, media_type: &str) -> Value {
    json!({
        "200": { "description": description, "content": { media_type: { "schema": { "type": "object" } } } },
        "400": { "$ref": "#/components/responses/Problem" },
        "404": { "$ref": "#/components/responses/Problem" },
    })
}

fn get(summary: &str, params: &[&str], responses: Value) -> Value {
    let refs: Vec<Value> = params
        .iter()
        .map(|p| json!({ "$ref": format!("#/components/parameters/{p}") }))
        .collect();
    json!({ "get": { "summary": summary, "parameters": refs, "responses": responses } })
}

/// The document, with `base` (e.g. `http://127.0.0.1:8080`) as the server URL.
pub fn document(base: &str) -> Value {
    let types: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
    let s = |d: &str| json!({ "type": "string", "description": d });
    let j = "application/json";
    let gj = "application/geo+json";
    // The events collection accepts every items parameter; the path parameter comes first.
    let items_params: Vec<&str> = std::iter::once("collectionId")
        .chain(super::items::Collection::Events.params().iter().copied())
        .collect();
    let text_body = json!({ "required": true, "content": { "text/plain": { "schema": { "type": "string", "maxLength": super::BODY_LIMIT_BYTES } } } });
    let mut items_responses = ok(
        "a page of features (GeoJSON), or the events as CSV or KML",
        gj,
    );
    items_responses["200"]["content"]["text/csv"] = json!({ "schema": { "type": "string" } });
    items_responses["200"]["content"]["application/vnd.google-earth.kml+xml"] =
        json!({ "schema": { "type": "string" } });
    items_responses["200"]["content"][super::formats::GPKG] =
        json!({ "schema": { "type": "string", "format": "binary" } });
    let mut doc = json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Dateline API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Dated, sourced events, the gazetteer and place-name mentions as OGC API – Features collections (events, places, mentions); gazetteer search and reverse lookup; geoparsing and event extraction. Coordinates are [lon, lat] (CRS84). Errors are RFC 9457 problem details.",
            "license": { "name": "MIT OR Apache-2.0" }
        },
        "servers": [{ "url": base }],
        "paths": {
            "/": get("Landing page", &["f"], ok("links to the API, conformance and collections", j)),
            "/conformance": get("Conformance classes", &["f"], ok("the conformance classes", j)),
            "/api": get("This document", &["f"], ok("the OpenAPI document", "application/vnd.oai.openapi+json;version=3.0")),
            "/collections": get("The collections", &["f"], ok("events, places, mentions", j)),
            "/collections/{collectionId}": get("One collection", &["collectionId", "f"], ok("the collection's metadata", j)),
            "/collections/{collectionId}/items": get(
                "Features of a collection, sorted by date (events), paged. Parameters a collection does not support are refused (400).",
                &items_params,
                items_responses,
            ),
            "/collections/{collectionId}/schema": get("The schema of a collection's features (OGC API – Features Part 5): geometry type, property names and types", &["collectionId", "f"], ok("a JSON Schema", "application/schema+json")),
            "/collections/{collectionId}/schema/feature": get("The JSON Schema of a collection's GeoJSON Features (linked as describedby; GDAL reads field types from it)", &["collectionId", "f"], ok("a JSON Schema", "application/schema+json")),
            "/collections/{collectionId}/items/{featureId}": get("One feature", &["collectionId", "featureId", "f"], ok("the feature", gj)),
            "/api/places/search": get("Places for a name in any spelling or script, best first", &["searchQ", "searchLimit"], ok("places (GeoJSON) with every name", gj)),
            "/api/places/reverse": get("Nearest places to a point, with great-circle distances in km", &["lon", "lat", "k"], ok("places (GeoJSON), nearest first, with distance_km", gj)),
            "/api/places/{placeId}": get("One place with all its names", &["placeId"], ok("the place (GeoJSON Feature)", gj)),
            "/api/geoparse": { "post": {
                "summary": "Place-name mentions in a text",
                "requestBody": text_body,
                "responses": { "200": { "description": "mentions (GeoJSON)", "content": { gj: { "schema": { "type": "object" } } } }, "400": { "$ref": "#/components/responses/Problem" }, "413": { "$ref": "#/components/responses/Problem" } }
            } },
            "/api/extract": { "post": {
                "summary": "Candidate events in a text",
                "parameters": [
                    param("published", "query", "publication date of the text (YYYY-MM-DD), for relative dates", json!({ "type": "string", "format": "date" }), true),
                    param("source_id", "query", "source id the claims refer to", json!({ "type": "string", "default": "text" }), false),
                    param("claimant", "query", "who the claims are attributed to", json!({ "type": "string", "default": "the source" }), false),
                ],
                "requestBody": text_body,
                "responses": { "200": { "description": "candidate events (GeoJSON), best first", "content": { gj: { "schema": { "type": "object" } } } }, "400": { "$ref": "#/components/responses/Problem" }, "413": { "$ref": "#/components/responses/Problem" } }
            } },
            "/health": { "get": { "summary": "Liveness", "responses": { "200": { "description": "the server runs", "content": { j: { "schema": { "type": "object" } } } } } } },
        },
        "components": {
            "parameters": {
                "collectionId": param("collectionId", "path", "events, places, mentions; for GIS, with flat properties: claims, event-points, event-areas", json!({ "type": "string", "enum": super::items::Collection::ALL.iter().map(|c| c.id()).collect::<Vec<_>>() }), true),
                "featureId": param("featureId", "path", "the feature id", s("feature id"), true),
                "placeId": param("placeId", "path", "a gazetteer id such as geonames:587057", s("place id"), true),
                "f": param("f", "query", "format: json/geojson; gpkg (GeoPackage) for every collection; csv and kml for events (downloads)", json!({ "type": "string", "enum": ["json", "geojson", "csv", "kml", "gpkg"] }), false),
                "bbox": param("bbox", "query", "west,south,east,north in CRS84; west > east crosses the antimeridian", json!({ "type": "array", "minItems": 4, "maxItems": 6, "items": { "type": "number" } }), false),
                "datetime": param("datetime", "query", "an instant or an interval (start/end, ../end, start/.., ../..); events whose date interval overlaps it; undated events only for ../..", s("RFC 3339 date or interval"), false),
                "date_match": param("date_match", "query", "how an event's date interval relates to datetime: overlaps it (default) or lies within it", json!({ "type": "string", "enum": ["overlaps", "within"], "default": "overlaps" }), false),
                "limit": param("limit", "query", "features per page (larger values are clamped)", json!({ "type": "integer", "minimum": 1, "maximum": Query::MAX_LIMIT, "default": Query::DEFAULT_LIMIT }), false),
                "offset": param("offset", "query", "features to skip", json!({ "type": "integer", "minimum": 0, "default": 0 }), false),
                "event_type": param("event_type", "query", "events of this type", json!({ "type": "string", "enum": types }), false),
                "source": param("source", "query", "events with a claim from this source id; mentions found in it", s("source id"), false),
                "claimant": param("claimant", "query", "events with a claimant containing this text", s("text"), false),
                "place": param("place", "query", "a gazetteer id or the place's name", s("place"), false),
                "q": param("q", "query", "text contained in titles, summaries, quotes or names (case-insensitive)", s("text"), false),
                "searchQ": param("q", "query", "a name, any spelling or script (a prefix autocompletes)", s("name"), true),
                "searchLimit": param("limit", "query", "results", json!({ "type": "integer", "minimum": 1, "maximum": 100, "default": 10 }), false),
                "lon": param("lon", "query", "longitude in degrees", json!({ "type": "number", "minimum": -180, "maximum": 180 }), true),
                "lat": param("lat", "query", "latitude in degrees", json!({ "type": "number", "minimum": -90, "maximum": 90 }), true),
                "k": param("k", "query", "number of places", json!({ "type": "integer", "minimum": 1, "maximum": 100, "default": 5 }), false),
            },
            "responses": {
                "Problem": {
                    "description": "RFC 9457 problem details; detail names the parameter",
                    "content": { "application/problem+json": { "schema": {
                        "type": "object",
                        "properties": {
                            "type": { "type": "string" },
                            "title": { "type": "string" },
                            "status": { "type": "integer" },
                            "detail": { "type": "string" },
                            "parameter": { "type": "string" }
                        }
                    } } }
                }
            }
        }
    });
    // The map as an image (`http::image`): its own paths, merged in.
    if let (Some(paths), Value::Object(images)) =
        (doc["paths"].as_object_mut(), super::image::openapi_paths())
    {
        paths.extend(images);
    }
    doc
}
