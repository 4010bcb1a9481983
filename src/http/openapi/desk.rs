//! The desk's paths: sign-in, sources, events, claims, maps, mention decisions, imports,
//! publishing and the revision log (`src/http/desk/`). Writes need credentials (an API token
//! as `Authorization: Bearer`, or the session cookie with `X-CSRF-Token` and a same-origin
//! `Origin`); updates and deletes need `If-Match` with the entity's ETag.

use serde_json::{Map, Value, json};

use super::{one_of, param, query, sref, whole};
use crate::events::EventType;
use crate::http::BODY_LIMIT_BYTES;

const JSON: &str = "application/json";

fn path(p: &str, item: Value) -> (String, Value) {
    (p.to_owned(), item)
}

/// Responses: `code` with a JSON `schema` (none for 204), and a problem for each error.
fn answers(code: u16, description: &str, schema: Option<Value>, errors: &[u16]) -> Value {
    let mut r = Map::new();
    let mut ok = json!({ "description": description });
    if let Some(s) = schema {
        ok["content"] = json!({ JSON: { "schema": s } });
    }
    r.insert(code.to_string(), ok);
    for status in errors {
        r.insert(
            status.to_string(),
            json!({ "$ref": format!("#/components/responses/Problem{status}") }),
        );
    }
    Value::Object(r)
}

/// An operation with credentials required.
fn op(summary: &str, parameters: Vec<Value>, body: Option<Value>, responses: Value) -> Value {
    let mut o = json!({
        "summary": summary,
        "parameters": parameters,
        "responses": responses,
        "security": [{ "token": [] }, { "session": [], "csrf": [] }],
    });
    if let Some(b) = body {
        o["requestBody"] = json!({ "required": true, "content": b });
    }
    o
}

fn json_body(schema: Value) -> Option<Value> {
    Some(json!({ JSON: { "schema": schema } }))
}

fn id(name: &str, what: &str) -> Value {
    param(
        name,
        "path",
        what,
        json!({ "type": "string", "minLength": 1 }),
        true,
    )
}

/// `If-Match`: the server requires it (428 without, RFC 6585), which is a precondition
/// policy rather than request syntax, so it is declared optional with the 428 documented.
fn if_match() -> Value {
    param(
        "If-Match",
        "header",
        "required in practice (428 without): the entity's ETag (from its GET or last write), e.g. \"r3\"; `*` for whatever is stored",
        json!({ "type": "string", "minLength": 1 }),
        false,
    )
}

/// A merge patch (RFC 7396) of the entity's fields.
fn patch_body() -> Option<Value> {
    json_body(json!({
        "type": "object",
        "description": "a JSON merge patch (RFC 7396) of the entity's fields: null removes a field",
    }))
}

fn entity() -> Option<Value> {
    Some(sref("DeskEntity"))
}

/// `/maps/{slug}.{ext}`: a published map's image (no credentials needed; a draft's is an
/// editor's preview).
fn map_image(ext: &str, media: &str, summary: &str) -> (String, Value) {
    let mut params = vec![
        id("slug", "the map"),
        param(
            "width",
            "query",
            "width in CSS pixels",
            json!({ "type": "integer", "minimum": crate::render::MIN_WIDTH, "maximum": crate::render::MAX_WIDTH, "default": crate::render::DEFAULT_WIDTH }),
            false,
        ),
    ];
    if ext == "png" {
        params.push(param(
            "scale",
            "query",
            "device pixels per CSS pixel (print: 2 or 3)",
            json!({ "type": "number", "minimum": 1, "maximum": crate::render::MAX_SCALE, "default": 1 }),
            false,
        ));
    }
    let mut responses = answers(200, "the image", None, &[400, 404, 410, 422, 503]);
    responses["200"]["content"] =
        json!({ media: { "schema": { "type": "string", "format": "binary" } } });
    path(
        &format!("/maps/{{slug}}.{ext}"),
        json!({ "get": { "summary": summary, "parameters": params, "responses": responses } }),
    )
}

/// The errors of a write with a body.
const WRITE: [u16; 6] = [400, 401, 403, 404, 413, 422];
/// The errors of an update or delete.
const UPDATE: [u16; 8] = [400, 401, 403, 404, 409, 412, 422, 428];

/// The desk's operations.
pub fn desk() -> Vec<(String, Value)> {
    let event_types: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
    let source_body = json!({
        "type": "object", "required": ["title", "kind", "text"],
        "description": "the source.toml fields (id from the title when absent, published today when absent) and the full text claims' spans will refer to",
        "properties": {
            "id": { "type": "string" }, "title": { "type": "string" },
            "kind": one_of(&["interview", "article", "statement", "report", "caption", "resolution", "agreement"]),
            "text": { "type": "string", "maxLength": BODY_LIMIT_BYTES },
            "outlet": { "type": "string" }, "published": { "type": "string", "format": "date" },
            "url": { "type": "string" }, "language": { "type": "string" },
            "speakers": { "type": "array", "items": { "type": "string" } },
        },
    });
    let event_body = json!({
        "type": "object",
        "required": ["title", "summary", "event_type", "date_precision", "place_id", "place_name", "location_precision"],
        "description": "the fields of an event as in events.toml, optionally with `claim`: claims whose quote is taken from the source's text at start..end",
        "properties": {
            "event_type": one_of(&event_types),
            "claim": { "type": "array", "items": sref("ClaimInput") },
        },
    });
    let maps = json!({
        "type": "object", "required": ["title"],
        "properties": {
            "slug": { "type": "string" }, "title": { "type": "string", "minLength": 1 },
            "description": { "type": "string" }, "credit": { "type": "string" },
            "selection": { "type": "object" }, "names": { "type": "string" },
            "view": { "type": "object", "properties": { "bbox": sref("Bbox") } },
        },
    });
    let list = || {
        Some(
            json!({ "type": "object", "required": ["items"], "properties": { "items": { "type": "array", "items": sref("DeskEntity") } } }),
        )
    };
    vec![
        path(
            "/api/session",
            json!({
                "post": {
                    "summary": "Sign in: sets the session cookie (HttpOnly, SameSite=Lax; Secure and __Host- over TLS) and answers the CSRF token",
                    "parameters": [],
                    "requestBody": { "required": true, "content": { JSON: { "schema": {
                        "type": "object", "required": ["name", "password"],
                        "properties": { "name": { "type": "string" }, "password": { "type": "string" } },
                    } } } },
                    "responses": answers(200, "signed in", Some(sref("Session")), &[400, 401, 422, 429]),
                },
                "get": op("Who is signed in, and the CSRF token", vec![], None, answers(200, "the session", Some(sref("Session")), &[401])),
                "delete": op("Sign out", vec![], None, answers(204, "signed out", None, &[401, 403])),
            }),
        ),
        path(
            "/api/sources",
            json!({
                "post": op("A draft source from its metadata and full text (JSON), or an uploaded .txt or .pdf (multipart: `file`, and the metadata as fields or a JSON `meta`)", vec![],
                Some(json!({
                    JSON: { "schema": source_body },
                    "multipart/form-data": { "schema": {
                        "type": "object", "required": ["file"],
                        "properties": {
                            "file": { "type": "string", "format": "binary" },
                            "meta": { "type": "string", "description": "a JSON object of the source's fields" },
                            "title": { "type": "string" }, "kind": { "type": "string" }, "outlet": { "type": "string" },
                            "url": { "type": "string" }, "published": { "type": "string" }, "language": { "type": "string" },
                            "speakers": { "type": "string", "description": "comma-separated (or repeated)" },
                        },
                    } },
                })),
                answers(201, "the source, with its ETag and Location", entity(), &[400, 401, 403, 409, 413, 422])),
            }),
        ),
        path(
            "/api/sources/{sourceId}",
            json!({
                "patch": op("Change a source's metadata (its text and digest are fixed)", vec![id("sourceId", "the source"), if_match()], patch_body(), answers(200, "the source", entity(), &UPDATE)),
                "delete": op("Delete a source no claim cites", vec![id("sourceId", "the source"), if_match()], None, answers(204, "deleted (the revision log keeps it)", None, &UPDATE)),
            }),
        ),
        path(
            "/api/sources/{sourceId}/analyse",
            json!({
                "post": op("Geoparse the stored text and propose its events (spans into the stored text), with the mention decisions so far", vec![id("sourceId", "the source")], None,
                    answers(200, "mentions, candidates and decisions", Some(json!({ "type": "object", "required": ["mentions", "candidates", "decisions"] })), &[401, 403, 404, 422, 503])),
            }),
        ),
        path(
            "/api/sources/{sourceId}/mentions/{start}",
            json!({
                "put": op("The editor's decision about the mention at byte `start`", vec![id("sourceId", "the source"), param("start", "path", "byte offset of the mention", whole(0, u64::from(u32::MAX), 0), true)],
                    json_body(json!({ "type": "object", "required": ["decision"], "properties": {
                        "decision": one_of(&["accepted", "rejected", "resolved"]), "place_id": { "type": "string", "description": "a gazetteer or editor place id" },
                        "end": { "type": "integer", "minimum": 1, "description": "the span's end (byte offset), making a span the geoparser missed a mention" } } })),
                    answers(200, "the decision", entity(), &WRITE)),
            }),
        ),
        path(
            "/api/places",
            json!({
                "post": op("An editor place (a place the gazetteer lacks): its id, editor:…, is then usable as a place_id", vec![],
                    json_body(json!({ "type": "object", "required": ["name", "geometry", "precision"], "properties": {
                        "name": { "type": "string", "minLength": 1, "maxLength": 200 },
                        "names": { "type": "array", "items": { "type": "string", "minLength": 1 } },
                        "geometry": { "type": "object", "description": "a GeoJSON Point, Polygon or MultiPolygon (longitude, latitude)", "required": ["type", "coordinates"] },
                        "precision": one_of(&["exact", "approximate", "district", "region", "country"]),
                        "country_code": { "type": "string", "pattern": "^[A-Z]{2}$" },
                        "notes": { "type": "string" } } })),
                    answers(201, "the place, with its ETag and Location", entity(), &[400, 401, 403, 409, 413, 422])),
            }),
        ),
        path(
            "/api/places/{placeId}",
            json!({
                "patch": op("Change an editor place (events located to it move with it)", vec![id("placeId", "the editor place"), if_match()], patch_body(), answers(200, "the place", entity(), &UPDATE)),
                "delete": op("Delete an editor place no event is located to", vec![id("placeId", "the editor place"), if_match()], None, answers(204, "deleted (the revision log keeps it)", None, &UPDATE)),
            }),
        ),
        path(
            "/api/events",
            json!({
                "post": op("A draft event, with the claims it carries", vec![], json_body(event_body), answers(201, "the event with its claims", entity(), &[400, 401, 403, 409, 413, 422])),
                "get": op("Every event, drafts too, with status and revision", vec![], None, answers(200, "the events", list(), &[401])),
            }),
        ),
        path(
            "/api/events/{id}",
            json!({
                "get": op("An event as stored, with its claims", vec![id("id", "the event")], None, answers(200, "the event", entity(), &[401, 404])),
                "patch": op("Change an event's fields (claims one by one)", vec![id("id", "the event"), if_match()], patch_body(), answers(200, "the event", entity(), &UPDATE)),
                "delete": op("Delete an event with its claims", vec![id("id", "the event"), if_match()], None, answers(204, "deleted", None, &UPDATE)),
            }),
        ),
        path(
            "/api/events/{id}/claims",
            json!({
                "post": op("A claim from a span of a stored source (the quote is taken from the text)", vec![id("id", "the event")], json_body(sref("ClaimInput")), answers(201, "the claim", entity(), &WRITE)),
            }),
        ),
        path(
            "/api/claims/{id}",
            json!({
                "get": op("A claim", vec![id("id", "the claim's number")], None, answers(200, "the claim", entity(), &[401, 404])),
                "patch": op("Change a claim (its span is checked again)", vec![id("id", "the claim's number"), if_match()], patch_body(), answers(200, "the claim", entity(), &UPDATE)),
                "delete": op("Delete a claim", vec![id("id", "the claim's number"), if_match()], None, answers(204, "deleted", None, &UPDATE)),
            }),
        ),
        path(
            "/api/maps",
            json!({
                "post": op("A draft map: title, description, credit, selection, view, names", vec![], json_body(maps), answers(201, "the map", entity(), &[400, 401, 403, 409, 413, 422])),
                "get": op("Every map, drafts too", vec![], None, answers(200, "the maps", list(), &[401])),
            }),
        ),
        path(
            "/api/maps/{slug}",
            json!({
                "get": { "summary": "A published map (a draft for editors only)", "parameters": [id("slug", "the map")],
                         "responses": answers(200, "the map", entity(), &[401, 404]) },
                "patch": op("Change a map", vec![id("slug", "the map"), if_match()], patch_body(), answers(200, "the map", entity(), &UPDATE)),
                "delete": op("Delete a map", vec![id("slug", "the map"), if_match()], None, answers(204, "deleted", None, &UPDATE)),
            }),
        ),
        path(
            "/maps/{slug}",
            json!({
                "get": { "summary": "A published map: a 302 to the map page at its view, selection, names, title and credit", "parameters": [id("slug", "the map")],
                         "responses": {
                             "302": { "description": "to the map page's permalink", "headers": { "Location": { "schema": { "type": "string" } } } },
                             "404": { "$ref": "#/components/responses/Problem404" },
                             "410": { "$ref": "#/components/responses/Problem410" },
                         } },
            }),
        ),
        map_image(
            "png",
            "image/png",
            "The published map as a PNG image (as /map.png draws its permalink, with the map's credit) at a pixel density",
        ),
        map_image(
            "svg",
            "image/svg+xml",
            "The published map as an SVG image: outlines, its events, labels, title, dates, legend, the map's credit, attribution, scale bar",
        ),
        path(
            "/api/{kind}/{id}/publish",
            json!({
                "post": op("Publish a source, event or map (an event needs a claim)", vec![param("kind", "path", "what", one_of(&["sources", "events", "maps"]), true), id("id", "its id"),
                    param("If-Match", "header", "its ETag, to publish only the revision read", json!({ "type": "string" }), false)], None, answers(200, "published", entity(), &UPDATE)),
            }),
        ),
        path(
            "/api/{kind}/{id}/unpublish",
            json!({
                "post": op("Back to a draft: readers no longer see it", vec![param("kind", "path", "what", one_of(&["sources", "events", "maps"]), true), id("id", "its id"),
                    param("If-Match", "header", "its ETag", json!({ "type": "string" }), false)], None, answers(200, "a draft again", entity(), &UPDATE)),
            }),
        ),
        path(
            "/api/import",
            json!({
                "post": op("Import a GeoJSON, CSV or KML point layer as a draft source and draft events with claims citing it",
                    vec![param("name", "query", "the file's name (its extension tells the format)", json!({ "type": "string", "minLength": 1 }), true),
                         param("event_type", "query", "the type of the events made", one_of(&event_types), true),
                         query("claimant", "who the claims are attributed to (the file's name when absent)", json!({ "type": "string" }))],
                    Some(json!({ "application/geo+json": { "schema": { "type": "string" } }, "text/csv": { "schema": { "type": "string" } },
                                 "application/vnd.google-earth.kml+xml": { "schema": { "type": "string" } } })),
                    answers(201, "what was imported and what was skipped", Some(json!({ "type": "object", "required": ["source", "events", "skipped"] })), &WRITE)),
            }),
        ),
        path(
            "/api/revisions",
            json!({
                "get": op("The revision log, newest first", vec![
                    query("entity", "KIND:ID, e.g. event:ganja-2020-10-11", json!({ "type": "string", "pattern": "^(source|event|claim|map|place|mention):.+$" })),
                    query("before", "revisions older than this number", json!({ "type": "integer", "minimum": 1 })),
                    query("limit", "at most this many (1000 at most)", json!({ "type": "integer", "minimum": 1 }))], None,
                    answers(200, "revisions with who, when, before and after", Some(json!({ "type": "object", "required": ["revisions"] })), &[400, 401])),
            }),
        ),
        path(
            "/api/revisions/{n}/restore",
            json!({
                "post": op("Restore an entity to its state after revision n (a new revision)", vec![param("n", "path", "the revision", json!({ "type": "integer", "minimum": 1 }), true)], None,
                    answers(200, "the entity restored", entity(), &[400, 401, 403, 404, 409, 422])),
            }),
        ),
    ]
}

/// The schemas the desk's operations use (merged into `components/schemas`).
pub fn schemas() -> Value {
    json!({
        "DeskEntity": {
            "type": "object", "required": ["revision"],
            "description": "the entity's fields with its revision (the ETag is \"r<revision>\") and status (draft or published)",
            "properties": { "revision": { "type": "integer" }, "status": one_of(&["draft", "published"]) },
        },
        "ClaimInput": {
            "type": "object", "required": ["source", "start", "end", "stance"],
            "properties": {
                "source": { "type": "string" }, "claimant": { "type": "string" },
                "stance": one_of(&["asserts", "reports", "denies"]),
                "start": { "type": "integer", "minimum": 0 }, "end": { "type": "integer", "minimum": 0 },
                "quote": { "type": "string", "description": "when given, must equal the text at start..end" },
            },
        },
        "Session": {
            "type": "object", "required": ["user", "role"],
            "properties": { "user": { "type": "string" }, "role": one_of(&["editor", "admin"]),
                            "csrf_token": { "type": "string", "nullable": true }, "expires_at": { "type": "string", "nullable": true } },
        },
    })
}

/// The security schemes: an API token, or the session cookie with its CSRF header.
pub fn security_schemes() -> Value {
    json!({
        "token": { "type": "http", "scheme": "bearer", "description": "an API token from `dateline token create USER`" },
        "session": { "type": "apiKey", "in": "cookie", "name": "dateline_session", "description": "the session cookie from POST /api/session (`__Host-dateline_session` over TLS)" },
        "csrf": { "type": "apiKey", "in": "header", "name": "X-CSRF-Token", "description": "the session's CSRF token, on every state-changing request with the cookie" },
    })
}
