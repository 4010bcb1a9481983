//! `POST` endpoints that read a text (`text/plain`, UTF-8, at most
//! [`BODY_LIMIT_BYTES`](super::BODY_LIMIT_BYTES)): `/api/geoparse` returns its place-name
//! mentions, `/api/extract?published=YYYY-MM-DD` its candidate events, both as GeoJSON.
//! The work runs on the blocking pool so it does not stall other requests.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde_json::Value;

use super::AppState;
use super::error::ApiError;
use super::formats::GEOJSON;
use super::params::Params;
use crate::events::extract::extract as extract_events;
use crate::geoparse::Geoparser;
use crate::output::{candidates_geojson, mentions_geojson};

fn utf8(body: Bytes) -> Result<String, ApiError> {
    String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::InvalidBody("the body must be UTF-8 text".into()))
}

async fn blocking(f: impl FnOnce() -> Value + Send + 'static) -> Result<Response, ApiError> {
    let v = tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::Internal(format!("text task: {e}")))?;
    let mut r = v.to_string().into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(GEOJSON));
    Ok(r)
}

/// `POST /api/geoparse`: the body's place-name mentions (byte offsets into the body).
///
/// # Errors
/// 400 for parameters or a body that is not UTF-8; 413 for a body over the limit.
pub async fn geoparse(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    let text = utf8(body)?;
    let g = st.gazetteer.clone();
    blocking(move || mentions_geojson(&g, &Geoparser::new(&g).parse(&text))).await
}

/// `POST /api/extract?published=YYYY-MM-DD[&source_id=][&claimant=]`: candidate events in
/// the body, best first.
///
/// # Errors
/// 400 when `published` is missing or not a date, for unknown parameters, or a body that
/// is not UTF-8; 413 for a body over the limit.
pub async fn extract(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), &["published", "source_id", "claimant"])?;
    let published: NaiveDate = p
        .required("published")?
        .parse()
        .map_err(|_| ApiError::invalid("published", "expected a date, YYYY-MM-DD"))?;
    let source_id = p.get("source_id").unwrap_or("text").to_owned();
    let claimant = p.get("claimant").unwrap_or("the source").to_owned();
    let text = utf8(body)?;
    let g = st.gazetteer.clone();
    blocking(move || {
        candidates_geojson(
            &g,
            &extract_events(&g, &text, published, &source_id, &claimant),
        )
    })
    .await
}
