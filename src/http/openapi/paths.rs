//! The document's paths, one function per group of routes (see [`GROUPS`](super::GROUPS)).

use serde_json::{Value, json};

use super::components::MAX_WHOLE;
use super::{get, one_of, param, post, pref, query, responses, sref, whole};
use crate::http::formats::{CSV, GEOJSON, GPKG, KML};
use crate::http::items::Collection;
use crate::http::layers::{EVENT_FILTERS, MAX_CELLS};
use crate::http::ogc::OPENAPI_JSON;
use crate::http::text::MAX_MENTIONS;
use crate::http::{BODY_LIMIT_BYTES, flat::SCHEMA_JSON};

const JSON: &str = "application/json";
const HTML: &str = "text/html";

fn path(p: &str, item: Value) -> (String, Value) {
    (p.to_owned(), item)
}

fn binary() -> Value {
    json!({ "type": "string", "format": "binary" })
}

/// The landing page, conformance, this document, the collections and their schemas.
pub fn ogc() -> Vec<(String, Value)> {
    let fj = || vec![pref("fJson")];
    let schema = || {
        responses(
            "a JSON Schema",
            &[(SCHEMA_JSON, json!({ "type": "object" }))],
            &[400, 404],
        )
    };
    vec![
        path(
            "/",
            get(
                "The map for browsers (Accept: text/html, or f=html); otherwise the OGC API landing page",
                vec![query(
                    "f",
                    "html: the map; json: the landing page (the default unless Accept asks for text/html)",
                    one_of(&["html", "json"]),
                )],
                responses(
                    "links to the API, conformance and collections; or the map",
                    &[(JSON, sref("Landing")), (HTML, json!({ "type": "string" }))],
                    &[400],
                ),
            ),
        ),
        path(
            "/conformance",
            get(
                "Conformance classes",
                fj(),
                responses(
                    "the conformance classes",
                    &[(JSON, sref("Conformance"))],
                    &[400],
                ),
            ),
        ),
        path(
            "/api",
            get(
                "This document",
                fj(),
                responses(
                    "the OpenAPI document",
                    &[(OPENAPI_JSON, json!({ "type": "object" }))],
                    &[400],
                ),
            ),
        ),
        path(
            "/collections",
            get(
                "The collections",
                fj(),
                responses(
                    "every collection with its extent",
                    &[(JSON, sref("Collections"))],
                    &[400],
                ),
            ),
        ),
        path(
            "/collections/{collectionId}",
            get(
                "One collection",
                vec![pref("collectionId"), pref("fJson")],
                responses(
                    "the collection's metadata",
                    &[(JSON, sref("Collection"))],
                    &[400, 404],
                ),
            ),
        ),
        path(
            "/collections/{collectionId}/schema",
            get(
                "The schema of a collection's features (OGC API – Features Part 5): geometry type, property names and types",
                vec![pref("collectionId"), pref("fJson")],
                schema(),
            ),
        ),
        path(
            "/collections/{collectionId}/schema/feature",
            get(
                "The JSON Schema of a collection's GeoJSON Features (linked as describedBy; GDAL reads field types from it)",
                vec![pref("collectionId"), pref("fJson")],
                schema(),
            ),
        ),
    ]
}

/// The formats a collection's items are served in (`f`).
fn formats(c: Collection) -> Vec<&'static str> {
    match c {
        Collection::Events => vec!["json", "geojson", "csv", "kml", "gpkg"],
        _ => vec!["json", "geojson", "gpkg"],
    }
}

/// Items, one path per collection (each accepts its own parameters, see
/// [`Collection::params`]), and single features.
pub fn items() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Collection::ALL
        .iter()
        .map(|&c| {
            let params: Vec<Value> = c
                .params()
                .iter()
                .map(|&p| match p {
                    "f" => query("f", "format: json and geojson are GeoJSON; gpkg a GeoPackage download; for events csv and kml downloads", one_of(&formats(c))),
                    other => pref(other),
                })
                .collect();
            let mut contents = vec![(GEOJSON, sref("ItemsPage")), (GPKG, binary())];
            if c == Collection::Events {
                contents.push((CSV, json!({ "type": "string" })));
                contents.push((KML, json!({ "type": "string" })));
            }
            let summary = format!(
                "Features of the {} collection{}, paged; other parameters are refused (400)",
                c.id(),
                if c == Collection::Places { "" } else { ", sorted by date" },
            );
            path(
                &format!("/collections/{}/items", c.id()),
                get(&summary, params, responses("a page of features (GeoJSON), or the page as a download", &contents, &[400, 503])),
            )
        })
        .collect();
    out.push(path(
        "/collections/{collectionId}/items/{featureId}",
        get(
            "One feature",
            vec![
                pref("collectionId"),
                pref("featureId"),
                query(
                    "f",
                    "single features are served as GeoJSON",
                    one_of(&["json", "geojson"]),
                ),
            ],
            responses("the feature", &[(GEOJSON, sref("Feature"))], &[400, 404]),
        ),
    ));
    out
}

/// Gazetteer search, reverse lookup and place detail.
pub fn places() -> Vec<(String, Value)> {
    let number = |min: f64, max: f64| json!({ "type": "number", "minimum": min, "maximum": max });
    vec![
        path(
            "/api/places/search",
            get(
                "Places for a name in any spelling or script, best first (a prefix autocompletes)",
                vec![
                    param(
                        "q",
                        "query",
                        "a name; refused when empty, and a name of spaces or punctuation matches nothing",
                        json!({ "type": "string", "minLength": 1 }),
                        true,
                    ),
                    query("limit", "results", whole(1, 100, 10)),
                ],
                responses(
                    "places (GeoJSON) with every name",
                    &[(GEOJSON, sref("FeatureCollection"))],
                    &[400, 503],
                ),
            ),
        ),
        path(
            "/api/places/reverse",
            get(
                "Nearest places to a point, with great-circle distances in km",
                vec![
                    param(
                        "lon",
                        "query",
                        "longitude in degrees",
                        number(-180.0, 180.0),
                        true,
                    ),
                    param(
                        "lat",
                        "query",
                        "latitude in degrees",
                        number(-90.0, 90.0),
                        true,
                    ),
                    query("k", "number of places", whole(1, 100, 5)),
                ],
                responses(
                    "places (GeoJSON), nearest first, with distance_km",
                    &[(GEOJSON, sref("FeatureCollection"))],
                    &[400],
                ),
            ),
        ),
        path(
            "/api/places/{placeId}",
            get(
                "One place with all its names",
                vec![param(
                    "placeId",
                    "path",
                    "a gazetteer id such as geonames:587057",
                    json!({ "type": "string" }),
                    true,
                )],
                responses(
                    "the place (GeoJSON Feature)",
                    &[(GEOJSON, sref("Feature"))],
                    &[404],
                ),
            ),
        ),
    ]
}

/// The event filters of items, without paging or format (timeline and grid).
fn event_filters() -> Vec<Value> {
    EVENT_FILTERS.into_iter().map(pref).collect()
}

/// What the map needs besides the collections: outlines, timeline, grid, sources.
pub fn layers() -> Vec<(String, Value)> {
    let mut timeline = event_filters();
    timeline.push(query(
        "interval",
        "bin width; auto picks the finest that keeps the bins under 1,500",
        json!({ "type": "string", "enum": ["auto", "day", "month", "year"], "default": "auto" }),
    ));
    let mut grid = event_filters();
    if let Some(b) = grid.first_mut() {
        *b = param(
            "bbox",
            "query",
            "the box the grid covers: west,south,east,north (or with heights) in CRS84, as for items",
            sref("Bbox"),
            true,
        );
    }
    grid.push(query(
        "cells",
        "columns of the grid (rows in proportion)",
        whole(1, MAX_CELLS as u64, 32),
    ));
    vec![
        path(
            "/api/outlines",
            get(
                "Country, region or district outlines (simplified Natural Earth), the map's offline basemap",
                vec![query(
                    "kind",
                    "which outlines",
                    json!({ "type": "string", "enum": ["country", "region", "district"], "default": "country" }),
                )],
                responses(
                    "outlines (GeoJSON MultiPolygons) with their names",
                    &[(GEOJSON, sref("FeatureCollection"))],
                    &[400],
                ),
            ),
        ),
        path(
            "/api/events/timeline",
            get(
                "The events of the same filters as items as a histogram: bins of events dated within one bin, ranges of the imprecise ones, and the number undated",
                timeline,
                responses("the timeline", &[(JSON, sref("Timeline"))], &[400, 503]),
            ),
        ),
        path(
            "/api/events/grid",
            get(
                "How many events of the same filters as items lie in each cell of a grid over bbox, at each cell's mean position",
                grid,
                responses(
                    "non-empty cells (GeoJSON Points) with count and the bbox of their events",
                    &[(JSON, sref("Grid"))],
                    &[400, 503],
                ),
            ),
        ),
        path(
            "/api/sources",
            get(
                "Every published source with its number of claims and whether the server has its text, then the texts given to the server that no source has; with an editor's credentials, every stored source (drafts too) with its status and revision",
                vec![],
                responses(
                    "the sources",
                    &[(
                        JSON,
                        json!({ "anyOf": [
                        { "type": "array", "items": sref("Source") },
                        { "type": "object", "required": ["items"], "properties": { "items": { "type": "array", "items": sref("DeskEntity") } } },
                    ] }),
                    )],
                    &[401],
                ),
            ),
        ),
        path(
            "/api/sources/{sourceId}",
            get(
                "One published source with its text (when the server has it), its claims (byte spans, quotes) and its place-name mentions; with an editor's credentials, the stored source (drafts too) with its text, status and revision (ETag)",
                vec![param(
                    "sourceId",
                    "path",
                    "a source id",
                    json!({ "type": "string" }),
                    true,
                )],
                responses(
                    "the source",
                    &[(
                        JSON,
                        json!({ "anyOf": [sref("SourceDetail"), sref("DeskEntity")] }),
                    )],
                    &[401, 404],
                ),
            ),
        ),
    ]
}

/// The map's pages, their files, the front end's configuration and oEmbed.
pub fn web() -> Vec<(String, Value)> {
    let html = || vec![(HTML, json!({ "type": "string" }))];
    let file = |dir: &str| {
        get(
            &format!("A file of the front end under /{dir}/ (modules, styles, images)"),
            vec![param(
                "path",
                "path",
                "the file's path",
                json!({ "type": "string", "minLength": 1 }),
                true,
            )],
            responses("the file", &[("*/*", binary())], &[404]),
        )
    };
    vec![
        path(
            "/embed",
            get(
                "The chrome-less map for iframes (any site may frame it); the map's view is in its query, read by the page; `map=SLUG` shows a published map (410, the page saying \"no longer available\", when it is not published)",
                vec![query(
                    "map",
                    "the slug of a published map",
                    json!({ "type": "string" }),
                )],
                {
                    let mut r = responses("the page", &html(), &[]);
                    r["410"] = json!({
                        "description": "the map is not (or no longer) published: the page says so",
                        "content": { (HTML): { "schema": { "type": "string" } } },
                    });
                    r
                },
            ),
        ),
        path(
            "/desk",
            get(
                "The editor's screens: sign in, new source, review places, events and claims, publish a map, history",
                vec![],
                responses("the page", &html(), &[]),
            ),
        ),
        path(
            "/source",
            get(
                "The source view: a text with its mentions and claims, and the paste-a-text view",
                vec![],
                responses("the page", &html(), &[]),
            ),
        ),
        path(
            "/config.json",
            get(
                "The front end's configuration: tiles, default names, sources with text",
                vec![],
                responses(
                    "the configuration",
                    &[(JSON, json!({ "type": "object" }))],
                    &[],
                ),
            ),
        ),
        path("/static/{path}", file("static")),
        path("/vendor/{path}", file("vendor")),
        path(
            "/oembed",
            get(
                "oEmbed 1.0: an iframe of /embed with the view of a pasted map URL of this server",
                vec![
                    param(
                        "url",
                        "query",
                        "a map URL of this server (/ or /embed, with its view parameters); another URL is 404",
                        json!({ "type": "string", "minLength": 1 }),
                        true,
                    ),
                    query(
                        "maxwidth",
                        "largest width in pixels (larger values are clamped to 4096)",
                        json!({ "type": "integer", "minimum": 1, "maximum": MAX_WHOLE }),
                    ),
                    query(
                        "maxheight",
                        "largest height in pixels (larger values are clamped to 4096)",
                        json!({ "type": "integer", "minimum": 1, "maximum": MAX_WHOLE }),
                    ),
                    query(
                        "format",
                        "json; xml is not offered (501)",
                        one_of(&["json", "xml"]),
                    ),
                ],
                responses(
                    "the oEmbed response",
                    &[(JSON, sref("OEmbed"))],
                    &[400, 404, 501],
                ),
            ),
        ),
    ]
}

/// The `POST` endpoints that read a text.
pub fn text() -> Vec<(String, Value)> {
    let body = || {
        json!({ "text/plain": { "schema": {
            "type": "string", "minLength": 1, "maxLength": BODY_LIMIT_BYTES,
            "description": "UTF-8 text, at most 5 MB; an empty body is refused (400)",
        } } })
    };
    let answers = |d: &str| {
        responses(
            d,
            &[(GEOJSON, sref("FeatureCollection"))],
            &[400, 413, 422, 503],
        )
    };
    vec![
        path(
            "/api/geoparse",
            post(
                &format!(
                    "Place-name mentions in a text (byte offsets into it), at most {MAX_MENTIONS} per request"
                ),
                vec![],
                body(),
                answers("mentions (GeoJSON Points)"),
            ),
        ),
        path(
            "/api/extract",
            post(
                "Candidate events in a text, best first: trigger, places, dates, figures, each claim with its span",
                vec![
                    param(
                        "published",
                        "query",
                        "publication date of the text (YYYY-MM-DD), for relative dates",
                        json!({ "type": "string", "format": "date" }),
                        true,
                    ),
                    query(
                        "source_id",
                        "source id the claims refer to",
                        json!({ "type": "string", "default": "text" }),
                    ),
                    query(
                        "claimant",
                        "who the claims are attributed to",
                        json!({ "type": "string", "default": "the source" }),
                    ),
                ],
                body(),
                answers("candidate events (GeoJSON)"),
            ),
        ),
    ]
}

/// Liveness.
pub fn health() -> Vec<(String, Value)> {
    vec![path(
        "/health",
        get(
            "Liveness",
            vec![],
            responses("the server runs", &[(JSON, sref("Health"))], &[]),
        ),
    )]
}
