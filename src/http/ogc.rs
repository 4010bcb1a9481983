//! OGC API – Features Part 1 resources: the landing page, conformance classes, the
//! collections and their metadata (extents), and the OpenAPI document.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::error::ApiError;
use super::flat::{REL_SCHEMA, SCHEMA_JSON};
use super::formats::{CSV, GEOJSON, GPKG, KML};
use super::items::{Collection, link};
use super::params::Params;
use super::{AppState, Snapshot, base_url, openapi};

/// Media type of the OpenAPI document.
pub const OPENAPI_JSON: &str = "application/vnd.oai.openapi+json;version=3.0";

/// The conformance classes implemented.
pub const CONFORMANCE: [&str; 3] = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
];

/// Refuses every parameter but `f=json`.
fn json_only(raw: Option<&str>) -> Result<(), ApiError> {
    let p = Params::parse(raw, &["f"])?;
    match p.get("f") {
        None | Some("json") => Ok(()),
        Some(other) => Err(ApiError::invalid(
            "f",
            format!("{other:?}: this resource is served as json"),
        )),
    }
}

fn json_response(v: &Value, media_type: &'static str) -> Response {
    let mut r = v.to_string().into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    r
}

/// `GET /`: links to the API description, conformance and collections.
///
/// # Errors
/// 400 for any parameter but `f=json`.
pub async fn landing(RawQuery(raw): RawQuery, headers: HeaderMap) -> Result<Response, ApiError> {
    json_only(raw.as_deref())?;
    let b = base_url(&headers);
    let j = "application/json";
    Ok(json_response(
        &json!({
            "title": "Dateline",
            "description": "Dated, sourced events from texts, the gazetteer and place-name mentions, as OGC API – Features collections.",
            "links": [
                link(&format!("{b}/"), "self", j, "this document"),
                link(&format!("{b}/api"), "service-desc", OPENAPI_JSON, "the API definition (OpenAPI 3.0)"),
                link(&format!("{b}/conformance"), "conformance", j, "conformance classes"),
                link(&format!("{b}/collections"), "data", j, "the collections"),
            ]
        }),
        "application/json",
    ))
}

/// `GET /conformance`.
///
/// # Errors
/// 400 for any parameter but `f=json`.
pub async fn conformance(RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    json_only(raw.as_deref())?;
    Ok(json_response(
        &json!({ "conformsTo": CONFORMANCE }),
        "application/json",
    ))
}

/// `GET /api`: the OpenAPI 3.0 document (self-contained: no external references).
///
/// # Errors
/// 400 for any parameter but `f=json`.
pub async fn api(RawQuery(raw): RawQuery, headers: HeaderMap) -> Result<Response, ApiError> {
    json_only(raw.as_deref())?;
    Ok(json_response(
        &openapi::document(&base_url(&headers)),
        OPENAPI_JSON,
    ))
}

/// The metadata of one collection: title, extent, item links.
fn describe(snap: &Snapshot, c: Collection, b: &str) -> Value {
    let st = snap;
    let events_temporal = st
        .events
        .temporal_extent()
        .map(|(s, e)| json!([[format!("{s}T00:00:00Z"), format!("{e}T23:59:59Z")]]));
    let (title, description, extent, temporal) = match c {
        Collection::Events => (
            "Events",
            "Dated, sourced events: each with its claims (who says what, in which source, with the quote).",
            st.events.extent(),
            events_temporal,
        ),
        Collection::Places => (
            "Places",
            "The gazetteer: countries, regions, districts, cities and towns with every name.",
            Some([-180.0, -90.0, 180.0, 90.0]),
            None,
        ),
        Collection::Mentions => (
            "Mentions",
            "Place names found in the source texts the server was given, with their byte spans.",
            snap.mentions.extent(),
            None,
        ),
        Collection::Claims => (
            "Claims",
            "One point per claim: who says what about which event, in which source, with the exact quote, byte span and each figure as its own column (flat properties, for GIS). Areas are drawn at their representative point; location_precision says so.",
            st.claims.extent(),
            events_temporal,
        ),
        Collection::EventPoints => (
            "Events as points",
            "Every event as a point: the place's point, or the representative point of the district, region or country it is located to (location_precision says which). Flat properties: counts, the first claim's quote and source.",
            st.event_points.extent(),
            events_temporal,
        ),
        Collection::EventAreas => (
            "Events as areas",
            "The events located to a district, region, country, border or line of contact, as the area's outline (MultiPolygon). Flat properties: counts, the first claim's quote and source.",
            st.event_areas.extent(),
            events_temporal,
        ),
    };
    let items = format!("{b}/collections/{}/items", c.id());
    let mut links = vec![
        link(
            &format!("{b}/collections/{}", c.id()),
            "self",
            "application/json",
            title,
        ),
        link(&items, "items", GEOJSON, "the features"),
        link(
            &format!("{items}?f=gpkg"),
            "items",
            GPKG,
            "the features as a GeoPackage",
        ),
        link(
            &format!("{b}/collections/{}/schema", c.id()),
            REL_SCHEMA,
            SCHEMA_JSON,
            "the schema of the features",
        ),
        // GDAL's OAPIF driver reads the fields' types and order from this link; it matches
        // the relation "describedBy" exactly (RFC 8288 relations are case-insensitive, so
        // this is the registered "describedby").
        link(
            &format!("{b}/collections/{}/schema/feature", c.id()),
            "describedBy",
            SCHEMA_JSON,
            "the schema of the features as GeoJSON",
        ),
    ];
    if c == Collection::Events {
        links.push(link(
            &format!("{items}?f=csv"),
            "items",
            CSV,
            "the events as CSV",
        ));
        links.push(link(
            &format!("{items}?f=kml"),
            "items",
            KML,
            "the events as KML",
        ));
    }
    let mut extent_v = json!({
        "spatial": {
            "bbox": [extent.unwrap_or([-180.0, -90.0, 180.0, 90.0])],
            "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
        }
    });
    extent_v["temporal"] = json!({
        "interval": temporal.unwrap_or(json!([[null, null]])),
        "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
    });
    json!({
        "id": c.id(),
        "title": title,
        "description": description,
        "itemType": "feature",
        "crs": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
        "extent": extent_v,
        "links": links,
    })
}

/// `GET /collections`.
///
/// # Errors
/// 400 for any parameter but `f=json`.
pub async fn collections(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    json_only(raw.as_deref())?;
    let b = base_url(&headers);
    let snap = st.snapshot();
    let all: Vec<Value> = Collection::ALL
        .iter()
        .map(|&c| describe(&snap, c, &b))
        .collect();
    Ok(json_response(
        &json!({
            "links": [link(&format!("{b}/collections"), "self", "application/json", "the collections")],
            "collections": all,
        }),
        "application/json",
    ))
}

/// `GET /collections/{id}`.
///
/// # Errors
/// 404 for an unknown collection; 400 for any parameter but `f=json`.
pub async fn collection(
    State(st): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let c = Collection::parse(&id)?;
    json_only(raw.as_deref())?;
    Ok(json_response(
        &describe(&st.snapshot(), c, &base_url(&headers)),
        "application/json",
    ))
}
