//! The document's reusable parts: parameters shared by several operations, the problem
//! responses, and the response schemas.

use serde_json::{Value, json};

use super::{param, query, sref};
use crate::events::EventType;
use crate::http::items::Collection;
use crate::index::Query;

/// Largest whole number a parameter takes (`limit`, `offset`): the server's `usize`.
pub const MAX_WHOLE: u64 = usize::MAX as u64;

/// `components`: parameters, responses, schemas.
pub fn components() -> Value {
    let mut schemas = schemas();
    if let (Some(all), serde_json::Value::Object(more)) =
        (schemas.as_object_mut(), super::desk::schemas())
    {
        all.extend(more);
    }
    json!({
        "parameters": parameters(),
        "responses": problem_responses(),
        "schemas": schemas,
        "securitySchemes": super::desk::security_schemes(),
    })
}

fn parameters() -> Value {
    let types: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
    let text = |d: &str| json!({ "type": "string", "description": d });
    let ids: Vec<&str> = Collection::ALL.iter().map(|c| c.id()).collect();
    json!({
        "collectionId": param("collectionId", "path", "events, places, mentions; for GIS, with flat properties: claims, event-points, event-areas", json!({ "type": "string", "enum": ids }), true),
        "featureId": param("featureId", "path", "the feature id (events by id, places by gazetteer id, mentions as source:byte, claims as event:n)", text("feature id"), true),
        "fJson": query("f", "format: this resource is served as json only", json!({ "type": "string", "enum": ["json"] })),
        // Items filters (see `crate::http::params::items_query`).
        "bbox": query("bbox", "west,south,east,north (or west,south,min,east,north,max) in CRS84: longitudes within [-180, 180], latitudes within [-90, 90], south ≤ north; west > east crosses the antimeridian", sref("Bbox")),
        "date_match": query("date_match", "how an event's date interval relates to datetime: overlaps it (the default) or lies within it", json!({ "type": "string", "enum": ["overlaps", "within"], "default": "overlaps" })),
        "datetime": query("datetime", "a date (YYYY-MM-DD) or RFC 3339 date-time, or an interval start/end, ../end, start/.., ../.. (start ≤ end); events whose own date interval overlaps it; undated events only for ../..", json!({ "type": "string", "minLength": 1, "example": "2020-10-01/2020-10-31" })),
        "limit": query("limit", "features per page; larger than the maximum page are clamped to it", json!({ "type": "integer", "minimum": 1, "maximum": MAX_WHOLE, "default": Query::DEFAULT_LIMIT, "description": format!("at most {} are returned", Query::MAX_LIMIT) })),
        "offset": query("offset", "features to skip", json!({ "type": "integer", "minimum": 0, "maximum": MAX_WHOLE, "default": 0 })),
        "event_type": query("event_type", "events of this type", json!({ "type": "string", "enum": types })),
        "source": query("source", "a source id: events with a claim from it (claims: from it; mentions: found in it)", text("source id")),
        "claimant": query("claimant", "events with a claimant containing this text (any case)", text("text")),
        "place": query("place", "a gazetteer id or a place's name", text("place")),
        "ids": query("ids", "comma-separated event ids: only these events (a published map's hand-picked ones; at most 1000; blanks around and between commas are ignored, and a list of none matches none)", json!({ "type": "string" })),
        "q": query("q", "text contained in titles, summaries, quotes or names (any case); empty or blank matches everything", text("text")),
    })
}

/// A problem response per status the server answers with one.
fn problem_responses() -> Value {
    let problem = |d: &str| {
        json!({
            "description": d,
            "content": { "application/problem+json": { "schema": sref("Problem") } },
        })
    };
    json!({
        "Problem400": problem("invalid or unknown parameter, or an unusable body; `parameter` names it"),
        "Problem401": problem("no credentials, or unknown or expired ones: sign in or send an API token"),
        "Problem403": problem("a cookie-authenticated write from another site, or without the session's CSRF token"),
        "Problem404": problem("no such resource"),
        "Problem410": problem("a published map that was withdrawn (back to a draft)"),
        "Problem409": problem("an id that is taken, or a source that claims cite"),
        "Problem412": problem("If-Match names another revision: `current` is the entity as stored now"),
        "Problem414": problem("the request target is longer than the server serves (8 KiB)"),
        "Problem428": problem("an update or delete without If-Match"),
        "Problem431": problem("more request headers, or larger ones, than the server serves (64 headers, 32 KiB)"),
        "Problem429": problem("too many failed sign-ins for the account or from the address; see Retry-After"),
        "Problem413": problem("the body is larger than 5 MB (refused before it is read)"),
        "Problem422": problem("the text names places more often than one request may answer (the detail states the limit), or a written field breaks a rule (`field` names it)"),
        "Problem501": problem("a format the server does not offer"),
        "Problem503": problem("the request took longer than the server allows"),
    })
}

fn schemas() -> Value {
    let int = json!({ "type": "integer", "minimum": 0 });
    let string = json!({ "type": "string" });
    let day = json!({ "type": "string", "format": "date" });
    let links = json!({ "type": "array", "items": sref("Link") });
    json!({
        "Problem": {
            "type": "object",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": string, "title": string, "detail": string, "parameter": string,
                "status": { "type": "integer", "minimum": 400, "maximum": 599 },
            },
        },
        // `type: array` at the top, so clients serialise it as one comma-separated value.
        "Bbox": {
            "type": "array",
            "items": { "type": "number", "minimum": -180, "maximum": 180 },
            "oneOf": [
                { "type": "array", "minItems": 4, "maxItems": 4 },
                { "type": "array", "minItems": 6, "maxItems": 6 },
            ],
        },
        "Link": {
            "type": "object",
            "required": ["href", "rel"],
            "properties": { "href": string, "rel": string, "type": string, "title": string },
        },
        "Landing": {
            "type": "object",
            "required": ["links"],
            "properties": { "title": string, "description": string, "links": links },
        },
        "Conformance": {
            "type": "object",
            "required": ["conformsTo"],
            "properties": { "conformsTo": { "type": "array", "items": string } },
        },
        "Collection": {
            "type": "object",
            "required": ["id", "links", "extent"],
            "properties": {
                "id": string, "title": string, "description": string, "itemType": string,
                "crs": { "type": "array", "items": string }, "extent": { "type": "object" }, "links": links,
            },
        },
        "Collections": {
            "type": "object",
            "required": ["links", "collections"],
            "properties": { "links": links, "collections": { "type": "array", "items": sref("Collection") } },
        },
        "Feature": {
            "type": "object",
            "required": ["type", "geometry", "properties"],
            "properties": {
                "type": { "type": "string", "enum": ["Feature"] },
                "id": { "oneOf": [string, { "type": "integer" }] },
                "geometry": { "type": "object", "nullable": true, "required": ["type"] },
                "properties": { "type": "object", "nullable": true },
            },
        },
        "FeatureCollection": {
            "type": "object",
            "required": ["type", "features"],
            "properties": {
                "type": { "type": "string", "enum": ["FeatureCollection"] },
                "features": { "type": "array", "items": sref("Feature") },
            },
        },
        "ItemsPage": {
            "allOf": [sref("FeatureCollection"), {
                "type": "object",
                "required": ["numberMatched", "numberReturned", "timeStamp", "links"],
                "properties": { "numberMatched": int, "numberReturned": int, "timeStamp": { "type": "string", "format": "date-time" }, "links": links },
            }],
        },
        "Grid": {
            "allOf": [sref("FeatureCollection"), {
                "type": "object",
                "required": ["columns", "rows", "numberMatched"],
                "properties": { "columns": int, "rows": int, "numberMatched": int },
            }],
        },
        "Timeline": {
            "type": "object",
            "required": ["interval", "bins", "ranges", "undated"],
            "properties": {
                "interval": { "type": "string", "enum": ["day", "month", "year"] },
                "bins": { "type": "array", "items": sref("DateCount") },
                "ranges": { "type": "array", "items": sref("DateCount") },
                "undated": int,
            },
        },
        "DateCount": {
            "type": "object",
            "required": ["start", "end", "count"],
            "properties": { "start": day, "end": day, "count": int },
        },
        "Source": {
            "type": "object",
            "required": ["id", "title", "has_text", "claims"],
            "properties": { "id": string, "title": string, "has_text": { "type": "boolean" }, "claims": int },
        },
        "SourceDetail": {
            "type": "object",
            "required": ["id", "title", "has_text", "text", "claims", "mentions"],
            "properties": {
                "id": string, "title": string, "has_text": { "type": "boolean" },
                "text": { "type": "string", "nullable": true },
                "claims": { "type": "array", "items": { "type": "object" } },
                "mentions": { "type": "array", "items": { "type": "object" } },
            },
        },
        "OEmbed": {
            "type": "object",
            "required": ["version", "type", "html", "width", "height"],
            "properties": {
                "version": { "type": "string", "enum": ["1.0"] },
                "type": { "type": "string", "enum": ["rich"] },
                "html": string, "title": string, "provider_name": string, "provider_url": string,
                "width": { "type": "integer", "minimum": 1 }, "height": { "type": "integer", "minimum": 1 },
                "cache_age": int,
            },
        },
        "Health": {
            "type": "object",
            "required": ["status"],
            "properties": { "status": { "type": "string", "enum": ["ok"] } },
        },
    })
}
