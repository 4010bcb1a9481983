//! Editor places over HTTP: `POST /api/places`, `PATCH`/`DELETE /api/places/{id}`, and the
//! desk's side of `GET /api/places/{id}` for ids `editor:…` (see [`crate::desk`]'s places).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::auth::Editor;
use super::entities::{delete, get_one, patch, written};
use super::{desk, object};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::Kind;

/// `POST /api/places`: `{"name", "geometry", "precision", "names"?, "country_code"?,
/// "notes"?}` → 201 with `Location`; its id (`editor:…`) is then usable as a `place_id`.
pub async fn create_place(
    State(state): State<AppState>,
    editor: Editor,
    body: Bytes,
) -> Result<Response, ApiError> {
    let doc = object(&body)?;
    let w = desk(&state)?.desk.create_place(doc, &editor.user).await?;
    written(&state, w, StatusCode::CREATED, false).await
}

/// `PATCH /api/places/{id}` (merge patch, `If-Match`).
pub async fn patch_place(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    patch(&state, &editor, Kind::Place, &id, &headers, &body).await
}

/// `DELETE /api/places/{id}` (`If-Match`; refused while events are located to it).
pub async fn delete_place(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    delete(&state, &editor, Kind::Place, &id, &headers).await
}

/// The stored editor place `id` with its revision ETag, for a signed-in editor.
///
/// # Errors
/// 404 when there is no such place.
pub async fn stored_place(state: &AppState, id: &str) -> Result<Response, ApiError> {
    get_one(state, Kind::Place, id).await
}
