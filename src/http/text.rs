//! `POST` endpoints that read a text (`text/plain`, UTF-8, at most
//! [`BODY_LIMIT_BYTES`](super::BODY_LIMIT_BYTES)): `/api/geoparse` returns its place-name
//! mentions, `/api/extract?published=YYYY-MM-DD` its candidate events, both as GeoJSON.
//!
//! The work runs on the bounded heavy-work pool ([`blocking::run`](super::blocking::run))
//! within a [`Budget`] of [`MAX_MENTIONS`]: a text naming places more often is refused with
//! 422 (memory and response stay proportional to the limit, not to the text), and the work
//! stops when the client goes away or the request times out (the handler's future is
//! dropped, which cancels the budget).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde_json::Value;

use super::AppState;
use super::blocking;
use super::error::ApiError;
use super::formats::GEOJSON;
use super::params::Params;
use crate::events::extract::extract_with;
use crate::geoparse::{Budget, Geoparser, Stopped};
use crate::output::{candidates_geojson, mentions_geojson};

/// Most place-name mentions (and, for extraction, candidates plus claims) one request may
/// produce; a response of this many mentions is about 5 MB of GeoJSON.
pub const MAX_MENTIONS: usize = 10_000;

/// The body as text: not empty (a `POST` without its text is a mistake, not an empty
/// answer), UTF-8.
fn utf8(body: Bytes) -> Result<String, ApiError> {
    if body.is_empty() {
        return Err(ApiError::InvalidBody(
            "the body is empty: send the text (text/plain, UTF-8)".into(),
        ));
    }
    String::from_utf8(Vec::from(body))
        .map_err(|_| ApiError::InvalidBody("the body must be UTF-8 text".into()))
}

/// Cancels the budget when dropped: the client left or the request timed out.
struct CancelOnDrop(Arc<Budget>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Runs `f` within a fresh budget on the heavy-work pool; its GeoJSON as the response.
async fn budgeted(
    f: impl FnOnce(&Budget) -> Result<Value, Stopped> + Send + 'static,
) -> Result<Response, ApiError> {
    budgeted_as(GEOJSON, f).await
}

/// [`budgeted`] with another media type of the JSON answered.
pub(crate) async fn budgeted_as(
    content_type: &'static str,
    f: impl FnOnce(&Budget) -> Result<Value, Stopped> + Send + 'static,
) -> Result<Response, ApiError> {
    let budget = Arc::new(Budget::new(MAX_MENTIONS));
    let _cancel = CancelOnDrop(budget.clone());
    // Serialised on the pool too: the JSON tree is built and freed on the same thread.
    let v = blocking::run(move || f(&budget).map(|v| v.to_string()))
        .await?
        .map_err(|e| match e {
        Stopped::TooManyMentions(n) => ApiError::LimitExceeded(format!(
            "the text names places more than {n} times (the limit per request); send it in parts"
        )),
        Stopped::Cancelled => ApiError::Timeout,
    })?;
    let mut r = v.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    Ok(r)
}

/// `POST /api/geoparse`: the body's place-name mentions (byte offsets into the body).
///
/// # Errors
/// 400 for parameters or a body that is empty or not UTF-8; 413 for a body over the limit; 422 for
/// a text with more than [`MAX_MENTIONS`] mentions.
pub async fn geoparse(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    let text = utf8(body)?;
    let g = st.gazetteer.clone();
    budgeted(move |b| {
        let mentions = Geoparser::new(&g).parse_with(&text, b)?;
        Ok(mentions_geojson(&g, &mentions))
    })
    .await
}

/// `POST /api/extract?published=YYYY-MM-DD[&source_id=][&claimant=]`: candidate events in
/// the body, best first.
///
/// # Errors
/// 400 when `published` is missing or not a date, for unknown parameters, or a body that
/// is empty or not UTF-8; 413 for a body over the limit; 422 for a text with more than
/// [`MAX_MENTIONS`] mentions or candidates.
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
    budgeted(move |b| {
        let candidates = extract_with(&g, &text, published, &source_id, &claimant, b)?;
        Ok(candidates_geojson(&g, &candidates))
    })
    .await
}
