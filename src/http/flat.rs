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
use serde_json::{Value, json};

use super::error::ApiError;
use super::items::Collection;
use super::params::Params;
use super::{Snapshot, base_url};
use crate::gazetteer::Gazetteer;
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

/// Appends row `r` of a flat layer as a GeoJSON Feature: its id, its geometry (the
/// outline as the events collection draws it, for areas) and one property per field, in
/// the fields' order (JSON objects here are written by hand: `serde_json::Map` sorts keys,
/// and GIS clients show columns in the order they arrive).
///
/// # Errors
/// Occurs only if serialisation fails (it does not for valid rows).
pub fn write_flat_feature(
    g: &Gazetteer,
    st: &Snapshot,
    layer: &FlatLayer,
    r: u32,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"type\":\"Feature\",\"id\":");
    serde_json::to_writer(&mut *out, &layer.id(&st.events, r))?;
    out.extend_from_slice(b",\"geometry\":");
    match layer.geometry(g, &st.events, r) {
        None => out.extend_from_slice(b"null"),
        Some(FlatGeometry::Point([x, y])) => serde_json::to_writer(
            &mut *out,
            &json!({ "type": "Point", "coordinates": [r6(x), r6(y)] }),
        )?,
        Some(FlatGeometry::Area(_)) => {
            let e = st.events.event(layer.event_position(r));
            match st.event_json.geometry(e) {
                Some(raw) => out.extend_from_slice(raw.get().as_bytes()),
                None => serde_json::to_writer(&mut *out, &event_geometry(g, e))?,
            }
        }
    }
    out.extend_from_slice(b",\"properties\":{");
    let cells = layer.cells(g, &st.sources, &st.events, r);
    for (n, (f, c)) in layer.kind().fields().iter().zip(&cells).enumerate() {
        if n > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, f.name)?;
        out.push(b':');
        serde_json::to_writer(&mut *out, &cell_json(c))?;
    }
    out.extend_from_slice(b"}}");
    Ok(())
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

/// The JSON Schema of each property of a collection, in the features' order: the
/// geometry (`x-ogc-role: primary-geometry`), the feature id and the date interval roles,
/// every property with its type.
fn property_schemas(c: Collection) -> Vec<(&'static str, Value)> {
    let mut props = vec![(
        "geometry",
        json!({ "format": geometry_format(c), "x-ogc-role": "primary-geometry" }),
    )];
    for (n, f) in fields(c).iter().enumerate() {
        let mut p = property(f);
        // The column order, for clients that parse JSON objects into sorted maps (QGIS).
        p["x-ogc-propertySeq"] = json!(n + 1);
        match f.name {
            _ if n == 0 && c != Collection::Mentions => p["x-ogc-role"] = json!("id"),
            "date_start" => p["x-ogc-role"] = json!("primary-interval-start"),
            "date_end" => p["x-ogc-role"] = json!("primary-interval-end"),
            _ => {}
        }
        props.push((f.name, p));
    }
    let list =
        |d: &str| json!({ "type": "array", "description": d, "items": { "type": "object" } });
    match c {
        Collection::Events => {
            props.push((
                "place_names",
                list("every name of the place: text, lang, script"),
            ));
            props.push((
                "claims",
                list("the claims: claimant, stance, quote, source and byte span, figures"),
            ));
        }
        Collection::Places => props.push(("names", list("every name: text, lang, script, note"))),
        _ => {}
    }
    props
}

/// A JSON object with its members in this order.
fn ordered_object<'a>(members: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let body: Vec<String> = members
        .into_iter()
        .map(|(k, v)| format!("{}:{v}", Value::from(k)))
        .collect();
    format!("{{{}}}", body.join(","))
}

/// The collection's schema (OGC API – Features Part 5: a JSON Schema 2020-12 document of
/// the feature's logical model, properties in order).
pub fn schema_document(c: Collection, base: &str) -> String {
    let props = ordered_object(
        property_schemas(c)
            .into_iter()
            .map(|(k, v)| (k, v.to_string())),
    );
    ordered_object([
        (
            "$schema",
            json!("https://json-schema.org/draft/2020-12/schema").to_string(),
        ),
        (
            "$id",
            json!(format!("{base}/collections/{}/schema", c.id())).to_string(),
        ),
        ("title", json!(c.id()).to_string()),
        ("type", json!("object").to_string()),
        ("properties", props),
    ])
}

/// The schema of the collection's GeoJSON Features (`describedby`): `type`, `id`,
/// `geometry` and the properties, in order, under `properties` — the form GDAL's OAPIF
/// driver reads field types and order from.
pub fn feature_schema_document(c: Collection, base: &str) -> String {
    let props = ordered_object(
        property_schemas(c)
            .into_iter()
            .filter(|(k, _)| *k != "geometry")
            .map(|(k, v)| (k, v.to_string())),
    );
    let geometry = json!({ "type": ["object", "null"], "description": format!("GeoJSON {}", geometry_format(c)) });
    let members = ordered_object([
        (
            "type",
            json!({ "type": "string", "enum": ["Feature"] }).to_string(),
        ),
        ("id", json!({ "type": "string" }).to_string()),
        ("geometry", geometry.to_string()),
        (
            "properties",
            ordered_object([("type", json!("object").to_string()), ("properties", props)]),
        ),
    ]);
    ordered_object([
        (
            "$schema",
            json!("https://json-schema.org/draft/2020-12/schema").to_string(),
        ),
        (
            "$id",
            json!(format!("{base}/collections/{}/schema/feature", c.id())).to_string(),
        ),
        (
            "title",
            json!(format!("a GeoJSON Feature of {}", c.id())).to_string(),
        ),
        ("type", json!("object").to_string()),
        (
            "required",
            json!(["type", "geometry", "properties"]).to_string(),
        ),
        ("properties", members),
    ])
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
    schema_response(raw.as_deref(), schema_document(c, &base_url(&headers)))
}

/// `GET /collections/{id}/schema/feature`.
///
/// # Errors
/// 404 for an unknown collection; 400 for any parameter but `f=json`.
pub async fn feature_schema(
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let c = Collection::parse(&id)?;
    schema_response(
        raw.as_deref(),
        feature_schema_document(c, &base_url(&headers)),
    )
}

/// A schema document, after checking that only `f=json` is asked for.
fn schema_response(raw: Option<&str>, doc: String) -> Result<Response, ApiError> {
    let p = Params::parse(raw, &["f"])?;
    if let Some(f) = p.get("f").filter(|f| *f != "json") {
        return Err(ApiError::invalid(
            "f",
            format!("{f:?}: the schema is served as json"),
        ));
    }
    let mut r = doc.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(SCHEMA_JSON));
    Ok(r)
}

/// The snapshot's flat layer of a collection, if it is one.
pub fn layer(st: &Snapshot, c: Collection) -> Option<&FlatLayer> {
    use crate::index::FlatKind as K;
    Some(match c.flat()? {
        K::Claims => &st.claims,
        K::EventPoints => &st.event_points,
        K::EventAreas => &st.event_areas,
    })
}
