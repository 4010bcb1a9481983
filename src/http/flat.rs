//! What GIS clients read: the flat collections (`claims`, `event-points`, `event-areas`)
//! as GeoJSON Features with scalar properties only, and every collection's schema
//! (OGC API – Features Part 5, `/collections/{id}/schema`, a JSON Schema with the geometry
//! type and each property's name and type), declared even when a collection is empty, so a
//! saved QGIS project keeps working.
//!
//! Coordinates `[lon, lat]`, 6 decimals.

use axum::extract::{Path, RawQuery};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::error::ApiError;
use super::items::Collection;
use super::params::Params;
use super::{AppState, base_url};
use crate::index::flat::{Cell, Field, FieldType, FlatGeometry, FlatLayer, GeometryType};
use crate::output::event_geometry;

/// Media type of a JSON Schema.
pub const SCHEMA_JSON: &str = "application/schema+json";

/// The link relation of a collection's schema (Part 5).
pub const REL_SCHEMA: &str = "http://www.opengis.net/def/rel/ogc/1.0/schema";

const fn field(name: &'static str, kind: FieldType, description: &'static str) -> Field {
    Field {
        name,
        kind,
        description,
    }
}

/// The scalar properties of the places collection (its `names` list comes after them).
pub static PLACE_FIELDS: &[Field] = &[
    field(
        "place_id",
        FieldType::Text,
        "gazetteer id (geonames:…, dateline:…)",
    ),
    field("name", FieldType::Text, "the place's preferred name"),
    field(
        "kind",
        FieldType::Text,
        "country, region, district, city, town, village, site…",
    ),
    field(
        "feature_code",
        FieldType::Text,
        "GeoNames feature code or CURATED",
    ),
    field(
        "country",
        FieldType::Text,
        "ISO 3166-1 alpha-2 country code",
    ),
    field(
        "population",
        FieldType::Integer,
        "inhabitants (0 when unknown)",
    ),
];

/// The properties of the mentions collection.
pub static MENTION_FIELDS: &[Field] = &[
    field(
        "source",
        FieldType::Text,
        "the source id the text belongs to",
    ),
    field("text", FieldType::Text, "the name as written in the text"),
    field(
        "start",
        FieldType::Integer,
        "UTF-8 byte offset of the name in the text",
    ),
    field(
        "end",
        FieldType::Integer,
        "UTF-8 byte offset just after the name",
    ),
    field(
        "place_id",
        FieldType::Text,
        "gazetteer id of the place it resolves to",
    ),
    field("name", FieldType::Text, "the place's preferred name"),
    field("kind", FieldType::Text, "the place's kind"),
    field(
        "country",
        FieldType::Text,
        "ISO 3166-1 alpha-2 country code",
    ),
    field(
        "score",
        FieldType::Real,
        "confidence of the resolution, 0 to 1",
    ),
];

/// The scalar properties of the events collection (its nested `place_names` and `claims`
/// come after them).
pub static NESTED_EVENT_FIELDS: &[Field] = &[
    field("id", FieldType::Text, "the event's id"),
    field("title", FieldType::Text, "the event's title"),
    field(
        "summary",
        FieldType::Text,
        "one neutral line describing what the sources claim",
    ),
    field("event_type", FieldType::Text, "what kind of event"),
    field(
        "date_start",
        FieldType::Date,
        "first day the event may have happened",
    ),
    field(
        "date_end",
        FieldType::Date,
        "last day the event may have happened",
    ),
    field(
        "date_precision",
        FieldType::Text,
        "how precisely the date is known",
    ),
    field(
        "date_text",
        FieldType::Text,
        "the date as the source writes it",
    ),
    field("place_id", FieldType::Text, "gazetteer id of the place"),
    field(
        "place_name",
        FieldType::Text,
        "the place's name as the source gives it",
    ),
    field(
        "country",
        FieldType::Text,
        "ISO 3166-1 alpha-2 country code",
    ),
    field(
        "location_precision",
        FieldType::Text,
        "how precisely the event is located",
    ),
    field(
        "status",
        FieldType::Text,
        "claimed, corroborated or disputed",
    ),
];

/// A value as JSON (days as `YYYY-MM-DD`).
pub fn cell_json(c: &Cell<'_>) -> Value {
    match c {
        Cell::Null => Value::Null,
        Cell::Integer(n) => json!(n),
        Cell::Real(x) => json!(x),
        Cell::Text(s) => json!(s),
        Cell::Date(d) => json!(d.to_string()),
    }
}

fn r6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Row `r` of a flat layer as a GeoJSON Feature: its id, its geometry (the outline as the
/// events collection draws it, for areas) and one property per field.
pub fn flat_feature(st: &AppState, layer: &FlatLayer, r: u32) -> Value {
    let g = &st.gazetteer;
    let cells = layer.cells(g, &st.sources, &st.events, r);
    let props: Map<String, Value> = layer
        .kind()
        .fields()
        .iter()
        .zip(&cells)
        .map(|(f, c)| (f.name.to_owned(), cell_json(c)))
        .collect();
    let geometry = match layer.geometry(g, &st.events, r) {
        None => Value::Null,
        Some(FlatGeometry::Point([x, y])) => {
            json!({ "type": "Point", "coordinates": [r6(x), r6(y)] })
        }
        Some(FlatGeometry::Area(_)) => {
            let e = st.events.event(layer.event_position(r));
            match st.event_json.geometry(e) {
                Some(raw) => serde_json::from_str(raw.get()).unwrap_or(Value::Null),
                None => event_geometry(g, e),
            }
        }
    };
    json!({
        "type": "Feature",
        "id": layer.id(&st.events, r),
        "geometry": geometry,
        "properties": props,
    })
}

/// The JSON Schema of one property.
fn property(f: &Field) -> Value {
    let mut p = match f.kind {
        FieldType::Text => json!({ "type": "string" }),
        FieldType::Integer => json!({ "type": "integer" }),
        FieldType::Real => json!({ "type": "number" }),
        FieldType::Date => json!({ "type": "string", "format": "date" }),
    };
    p["title"] = json!(f.name);
    p["description"] = json!(f.description);
    p
}

/// The geometry type of a collection, as Part 5 names it (`geometry-point`…).
fn geometry_format(c: Collection) -> &'static str {
    match c.flat().map(|k| k.geometry_type()) {
        Some(GeometryType::MultiPolygon) => "geometry-multipolygon",
        Some(GeometryType::Point) => "geometry-point",
        None if c == Collection::Events => "geometry-any",
        None => "geometry-point",
    }
}

/// The scalar fields of a collection, in the order its features list them.
pub fn fields(c: Collection) -> &'static [Field] {
    match c {
        Collection::Events => NESTED_EVENT_FIELDS,
        Collection::Places => PLACE_FIELDS,
        Collection::Mentions => MENTION_FIELDS,
        other => other.flat().map_or(&[], |k| k.fields()),
    }
}

/// The collection's schema (a JSON Schema 2020-12 document, Part 5 conventions): the
/// geometry type (`x-ogc-role: primary-geometry`), the feature id and the date interval
/// roles, every property with its type.
pub fn schema_document(c: Collection, base: &str) -> Value {
    let mut props = Map::new();
    props.insert(
        "geometry".into(),
        json!({ "format": geometry_format(c), "x-ogc-role": "primary-geometry" }),
    );
    for (n, f) in fields(c).iter().enumerate() {
        let mut p = property(f);
        match f.name {
            _ if n == 0 && c != Collection::Mentions => p["x-ogc-role"] = json!("id"),
            "date_start" => p["x-ogc-role"] = json!("primary-interval-start"),
            "date_end" => p["x-ogc-role"] = json!("primary-interval-end"),
            _ => {}
        }
        props.insert(f.name.into(), p);
    }
    let list =
        |d: &str| json!({ "type": "array", "description": d, "items": { "type": "object" } });
    match c {
        Collection::Events => {
            props.insert(
                "place_names".into(),
                list("every name of the place: text, lang, script"),
            );
            props.insert(
                "claims".into(),
                list("the claims: claimant, stance, quote, source and byte span, figures"),
            );
        }
        Collection::Places => {
            props.insert("names".into(), list("every name: text, lang, script, note"));
        }
        _ => {}
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{base}/collections/{}/schema", c.id()),
        "title": c.id(),
        "type": "object",
        "properties": props,
    })
}

/// `GET /collections/{id}/schema`.
///
/// # Errors
/// 404 for an unknown collection; 400 for any parameter but `f=json`.
pub async fn schema(
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let c = Collection::parse(&id)?;
    let p = Params::parse(raw.as_deref(), &["f"])?;
    if let Some(f) = p.get("f").filter(|f| *f != "json") {
        return Err(ApiError::invalid(
            "f",
            format!("{f:?}: the schema is served as json"),
        ));
    }
    let mut r = schema_document(c, &base_url(&headers))
        .to_string()
        .into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(SCHEMA_JSON));
    Ok(r)
}

/// The state's flat layer of a collection, if it is one.
pub fn layer(st: &AppState, c: Collection) -> Option<&FlatLayer> {
    use crate::index::FlatKind as K;
    Some(match c.flat()? {
        K::Claims => &st.claims,
        K::EventPoints => &st.event_points,
        K::EventAreas => &st.event_areas,
    })
}
