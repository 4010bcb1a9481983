//! Gazetteer endpoints: `/api/places/search?q=` (ranked, any script; for autocompletion),
//! `/api/places/reverse?lon=&lat=&k=` (nearest places, great-circle km) and
//! `/api/places/{id}` (one place with all its names).

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::formats::{GEOJSON, place_feature};
use super::params::Params;
use crate::output::search_geojson;

fn geojson(v: &Value) -> Response {
    let mut r = v.to_string().into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(GEOJSON));
    r
}

/// `GET /api/places/search?q=NAME&limit=N`: places for a name, best first, with the name
/// matched, a score and every name of the place.
///
/// # Errors
/// 400 when `q` is missing or empty or `limit` is not in [1, 100].
pub async fn search(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), &["q", "limit"])?;
    // Refused only when missing or empty (the document's `minLength: 1`): a name of spaces
    // or punctuation is valid and matches nothing.
    let q = p
        .get("q")
        .filter(|q| !q.is_empty())
        .ok_or_else(|| ApiError::invalid("q", "required"))?
        .to_owned();
    let limit = p.number("limit", 10, 1, 100)?;
    // On the heavy-work pool (see `blocking::offload`).
    Ok(geojson(&search_geojson(&st.gazetteer.search(&q, limit))))
}

/// `GET /api/places/reverse?lon=&lat=&k=`: the `k` nearest places, nearest first, each
/// with `distance_km` (great-circle).
///
/// # Errors
/// 400 when `lon` or `lat` is missing or out of range, or `k` is not in [1, 100].
pub async fn reverse(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), &["lon", "lat", "k"])?;
    let lon = p.float("lon", -180.0, 180.0)?;
    let lat = p.float("lat", -90.0, 90.0)?;
    let k = p.number("k", 5, 1, 100)?;
    let g = &st.gazetteer;
    let features: Vec<Value> = st
        .snapshot()
        .places
        .nearest(g, [lon, lat], k)
        .iter()
        .map(|n| {
            let mut f = place_feature(g.place(n.place));
            f["properties"]["distance_km"] = json!((n.distance_km * 1000.0).round() / 1000.0);
            f
        })
        .collect();
    Ok(geojson(
        &json!({ "type": "FeatureCollection", "features": features }),
    ))
}

/// `GET /api/places/{id}`: one place as a Feature with every name.
///
/// # Errors
/// 404 for an unknown id; 400 for any parameter.
pub async fn detail(
    State(st): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    editor: Option<super::desk::auth::Editor>,
) -> Result<Response, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    if id.starts_with(crate::gazetteer::editor::ID_PREFIX) {
        if editor.is_some() {
            return super::desk::places::stored_place(&st, &id).await;
        }
        // Readers see an editor place only through the published events located to it.
        if st
            .snapshot()
            .events
            .events()
            .iter()
            .all(|e| e.place_id != id)
        {
            return Err(ApiError::NotFound(format!("no place {id:?}")));
        }
    }
    let p = st
        .gazetteer
        .get(&id)
        .ok_or_else(|| ApiError::NotFound(format!("no place {id:?}")))?;
    Ok(geojson(&place_feature(p)))
}
