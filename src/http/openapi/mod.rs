//! The OpenAPI 3.0 document served at `/api`: every route of [`route_table`](super::route_table)
//! with the parameters, bodies, statuses and media types the server really uses,
//! self-contained (references point only inside the document).
//!
//! One function per path group in [`paths`] (landing and OGC resources, items, places,
//! map layers, web pages, texts, health); the reusable parameters and schemas are in
//! [`components`]. To document a new group, write its function with the helpers below and
//! add it to [`GROUPS`]: paths from several groups merge (one may add `post` to another's
//! `get`). `tests/api/openapi.rs` fails while a route is missing here, and schemathesis
//! (`scripts/schemathesis.sh`, run by `.ci/run`) holds every operation to the server.

pub mod components;
pub mod desk;
pub mod paths;

use serde_json::{Map, Value, json};

/// A path group: `(path, path item)` pairs.
pub type Group = fn() -> Vec<(String, Value)>;

/// Every path group, in the order the document lists them.
pub const GROUPS: [Group; 9] = [
    paths::ogc,
    paths::items,
    paths::places,
    paths::layers,
    paths::web,
    images,
    paths::text,
    desk::desk,
    paths::health,
];

/// The map as an image (`/map.svg`, `/map.png`), documented beside its handler.
fn images() -> Vec<(String, Value)> {
    match crate::http::image::openapi_paths() {
        Value::Object(m) => m.into_iter().collect(),
        _ => Vec::new(),
    }
}

/// A reference to a parameter of `components/parameters`.
pub fn pref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/parameters/{name}") })
}

/// A reference to a schema of `components/schemas`.
pub fn sref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// A parameter in `location` (`query`, `path`).
pub fn param(
    name: &str,
    location: &str,
    description: &str,
    schema: Value,
    required: bool,
) -> Value {
    json!({
        "name": name, "in": location, "description": description, "required": required,
        "schema": schema, "style": if location == "path" { "simple" } else { "form" }, "explode": false,
    })
}

/// An optional query parameter.
pub fn query(name: &str, description: &str, schema: Value) -> Value {
    param(name, "query", description, schema, false)
}

/// A string value of one of `values`.
pub fn one_of(values: &[&str]) -> Value {
    json!({ "type": "string", "enum": values })
}

/// A whole number within `[min, max]`, `default` when absent.
pub fn whole(min: u64, max: u64, default: u64) -> Value {
    json!({ "type": "integer", "minimum": min, "maximum": max, "default": default })
}

/// What an operation answers: a 200 with these `(media type, schema)` contents, and a
/// problem (`application/problem+json`) for each of `errors`.
pub fn responses(description: &str, contents: &[(&str, Value)], errors: &[u16]) -> Value {
    let content: Map<String, Value> = contents
        .iter()
        .map(|(media, schema)| ((*media).to_owned(), json!({ "schema": schema })))
        .collect();
    let mut r = Map::new();
    r.insert(
        "200".into(),
        json!({ "description": description, "content": content }),
    );
    for status in errors {
        r.insert(
            status.to_string(),
            json!({ "$ref": format!("#/components/responses/Problem{status}") }),
        );
    }
    Value::Object(r)
}

/// A `GET` operation as a path item.
pub fn get(summary: &str, parameters: Vec<Value>, responses: Value) -> Value {
    json!({ "get": { "summary": summary, "parameters": parameters, "responses": responses } })
}

/// A `POST` operation with a required body of `media_type` as a path item.
pub fn post(summary: &str, parameters: Vec<Value>, body: Value, responses: Value) -> Value {
    json!({ "post": {
        "summary": summary,
        "parameters": parameters,
        "requestBody": { "required": true, "content": body },
        "responses": responses,
    } })
}

/// The document, with `base` (e.g. `http://127.0.0.1:8080`) as the server URL.
pub fn document(base: &str) -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for group in GROUPS {
        for (path, item) in group() {
            match (paths.get_mut(&path), item) {
                (Some(Value::Object(have)), Value::Object(more)) => have.extend(more),
                (_, item) => {
                    paths.insert(path, item);
                }
            }
        }
    }
    // Any request can be refused for its length before routing (`middleware::refuse_long_head`).
    for item in paths.values_mut() {
        if let Some(ops) = item.as_object_mut() {
            for op in ops.values_mut() {
                if let Some(r) = op.get_mut("responses").and_then(Value::as_object_mut) {
                    for status in ["414", "431"] {
                        r.entry(status).or_insert_with(
                            || json!({ "$ref": format!("#/components/responses/Problem{status}") }),
                        );
                    }
                }
            }
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Dateline API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Dated, sourced events, the gazetteer and place-name mentions as OGC API – Features collections (events, places, mentions; claims, event-points, event-areas for GIS); gazetteer search and reverse lookup; the map's layers (outlines, timeline, grid, sources); geoparsing and event extraction; the map's pages and oEmbed. Coordinates are [lon, lat] (CRS84). Errors are RFC 9457 problem details naming the parameter. Every GET also answers HEAD, sends a weak ETag (If-None-Match → 304) and compresses with gzip or br.",
            "license": { "name": "MIT OR Apache-2.0" }
        },
        "servers": [{ "url": base }],
        "paths": paths,
        "components": components::components(),
    })
}
