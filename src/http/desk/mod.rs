//! The write API of the desk (JSON, RFC 9457 problems) and sign-in. Handlers here parse the
//! request, check the credentials ([`auth::Editor`]), call [`crate::desk`] and shape the
//! answer: `201` with `Location`, revision ETags (`"r<n>"`), `If-Match` required on updates
//! and deletes (`428` without, `412` with the entity as it is now when stale). After every
//! committed write the read path's snapshot is rebuilt from the store and swapped in.

pub mod auth;
pub mod entities;
mod follow;
pub mod maps;
pub mod places;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::routing::{delete, get, patch, post, put};
use serde_json::{Map, Value};

use super::error::ApiError;
use super::{AppState, Route};
use crate::auth::SignInLimiter;
use crate::desk::{Desk, DeskError};
use crate::store::{AnyStore, Kind, Store, Stored};

pub use follow::follow;

/// Most entities changed since the snapshot served that a reload applies one by one
/// ([`crate::store::Store::published_delta`]); beyond it, the snapshot is rebuilt.
pub const MAX_DELTA: usize = 20_000;

/// The desk of a server that has a store.
#[derive(Debug)]
pub struct DeskState {
    /// The desk and its store.
    pub desk: Desk<AnyStore>,
    /// Failed sign-ins per account and address.
    pub limiter: SignInLimiter,
    /// Texts given on the command line (`serve --text`), served beside the stored ones.
    pub extra_texts: BTreeMap<String, String>,
    /// The data version of the snapshot served (reloads never go back).
    applied: tokio::sync::Mutex<i64>,
    /// How long the last reload took, in milliseconds.
    last_reload_ms: std::sync::atomic::AtomicU64,
}

/// Longest reload a write's answer waits for: with more data, a write is answered once it
/// is committed and readers see it when the reload (in the background) is done.
pub const SYNC_RELOAD_MS: u64 = 500;

impl DeskState {
    /// The desk over `desk`, whose published data at `version` is served now.
    pub fn new(
        desk: Desk<AnyStore>,
        extra_texts: BTreeMap<String, String>,
        version: i64,
    ) -> DeskState {
        DeskState {
            desk,
            limiter: SignInLimiter::new(crate::auth::Limits::default()),
            extra_texts,
            applied: tokio::sync::Mutex::new(version),
            last_reload_ms: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Rebuilds the served snapshot from the store's published data when its data version
    /// is newer than the one served; concurrent reloads queue, and never swap in an older one.
    ///
    /// # Errors
    /// [`ApiError::Internal`] when the store cannot be read.
    pub async fn reload(&self, state: &AppState) -> Result<(), ApiError> {
        let mut applied = self.applied.lock().await;
        // A cheap look first: a reload that another one already did costs a query, not a
        // read of every event.
        let current = self
            .desk
            .store
            .data_version()
            .await
            .map_err(|e| ApiError::Internal(format!("reading the store: {e}")))?;
        if current <= *applied {
            return Ok(());
        }
        let read =
            |e: crate::store::StoreError| ApiError::Internal(format!("reading the store: {e}"));
        // What changed since the snapshot served, when that is a few entities.
        if let Some(delta) = self
            .desk
            .store
            .published_delta(*applied, MAX_DELTA)
            .await
            .map_err(read)?
        {
            if delta.version <= *applied {
                return Ok(());
            }
            let v = delta.version;
            let version = super::Snapshot::store_version(v);
            let (st, extra) = (state.clone(), self.extra_texts.clone());
            let t = std::time::Instant::now();
            super::blocking::run(move || st.update(delta, &extra, version)).await?;
            self.reloaded(t, v, "updated");
            *applied = v;
            return Ok(());
        }
        // A full rebuild (a delta is none when an editor place changed): editor places
        // first, since the snapshot's events may be located to them.
        self.desk
            .register_places()
            .await
            .map_err(|e| ApiError::Internal(format!("reading the store: {e}")))?;
        let data = self.desk.store.published().await.map_err(read)?;
        if data.version <= *applied {
            return Ok(());
        }
        let mut texts = self.extra_texts.clone();
        texts.extend(data.texts);
        let version = super::Snapshot::store_version(data.version);
        let st = state.clone();
        let ds = data.dataset;
        let t = std::time::Instant::now();
        super::blocking::run(move || st.replace(ds, texts, version)).await?;
        self.reloaded(t, data.version, "rebuilt");
        *applied = data.version;
        Ok(())
    }

    fn reloaded(&self, since: std::time::Instant, version: i64, how: &'static str) {
        let ms = u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_reload_ms
            .store(ms, std::sync::atomic::Ordering::Relaxed);
        tracing::debug!(version, ms, how, "snapshot reloaded");
    }

    /// After a committed write: reloads before answering while reloads are quick (under
    /// [`SYNC_RELOAD_MS`]), else in the background (concurrent writes fold into one reload).
    ///
    /// # Errors
    /// As [`DeskState::reload`] when it waits.
    pub async fn after_write(self: &Arc<Self>, state: &AppState) -> Result<(), ApiError> {
        if self
            .last_reload_ms
            .load(std::sync::atomic::Ordering::Relaxed)
            <= SYNC_RELOAD_MS
        {
            return self.reload(state).await;
        }
        let (desk, state) = (self.clone(), state.clone());
        tokio::spawn(async move {
            if let Err(e) = desk.reload(&state).await {
                tracing::error!(error = %e, "reloading the snapshot after a write");
            }
        });
        Ok(())
    }
}

/// The desk's routes (they answer 404 on a server without a store). The GETs of
/// `/api/sources` and `/api/sources/{id}` are read routes (the public view, or the desk's
/// with credentials).
pub fn routes() -> Vec<Route> {
    use Method as M;
    use entities as e;
    vec![
        (M::POST, "/api/session", post(auth::sign_in)),
        (M::GET, "/api/session", get(auth::whoami)),
        (M::DELETE, "/api/session", delete(auth::sign_out)),
        (M::POST, "/api/sources", post(e::create_source)),
        (M::PATCH, "/api/sources/{id}", patch(e::patch_source)),
        (M::DELETE, "/api/sources/{id}", delete(e::delete_source)),
        (M::POST, "/api/sources/{id}/analyse", post(e::analyse)),
        (
            M::PUT,
            "/api/sources/{id}/mentions/{start}",
            put(e::decide_mention),
        ),
        (M::POST, "/api/events", post(e::create_event)),
        (M::GET, "/api/events", get(e::list_events)),
        (M::GET, "/api/events/{id}", get(e::get_event)),
        (M::PATCH, "/api/events/{id}", patch(e::patch_event)),
        (M::DELETE, "/api/events/{id}", delete(e::delete_event)),
        (M::POST, "/api/events/{id}/claims", post(e::add_claim)),
        (M::GET, "/api/claims/{id}", get(e::get_claim)),
        (M::PATCH, "/api/claims/{id}", patch(e::patch_claim)),
        (M::DELETE, "/api/claims/{id}", delete(e::delete_claim)),
        (M::POST, "/api/maps", post(e::create_map)),
        (M::GET, "/api/maps", get(e::list_maps)),
        (M::GET, "/api/maps/{slug}", get(e::get_map)),
        // Also `/maps/{slug}.png` and `/maps/{slug}.svg`, the map's images: a path segment
        // has one parameter and no suffix, so one route serves all three.
        (M::GET, "/maps/{slug}", get(e::map_page)),
        (M::PATCH, "/api/maps/{slug}", patch(e::patch_map)),
        (M::DELETE, "/api/maps/{slug}", delete(e::delete_map)),
        (M::POST, "/api/{kind}/{id}/publish", post(e::publish)),
        (M::POST, "/api/{kind}/{id}/unpublish", post(e::unpublish)),
        (M::POST, "/api/import", post(e::import)),
        (M::POST, "/api/places", post(places::create_place)),
        (M::PATCH, "/api/places/{id}", patch(places::patch_place)),
        (M::DELETE, "/api/places/{id}", delete(places::delete_place)),
        (M::GET, "/api/revisions", get(e::revisions)),
        (M::POST, "/api/revisions/{n}/restore", post(e::restore)),
    ]
}

/// The desk of `state`, or 404 on a server without a store.
fn desk(state: &AppState) -> Result<&Arc<DeskState>, ApiError> {
    state.desk.as_ref().ok_or_else(|| {
        ApiError::NotFound(
            "this server has no store (it serves a dataset directory): the desk is off".into(),
        )
    })
}

/// The API's JSON of an entity: its fields with `revision` and `status` (a claim's with its
/// `id` and `event`; a source's `text` when `with_text`).
pub fn entity_json(s: &Stored, with_text: bool) -> Value {
    let mut v = s.record.doc.clone();
    if let Value::Object(o) = &mut v {
        o.insert("revision".into(), Value::from(s.revision));
        match s.kind {
            Kind::Claim => {
                o.insert("id".into(), Value::from(s.id.parse::<i64>().unwrap_or(0)));
                o.insert(
                    "event".into(),
                    Value::from(s.record.parent.clone().unwrap_or_default()),
                );
            }
            Kind::Mention => {
                o.insert("id".into(), Value::from(s.id.clone()));
            }
            _ => {
                o.insert("status".into(), Value::from(s.record.status.as_str()));
            }
        }
        if let Some(u) = &s.record.upload {
            o.insert("upload".into(), serde_json::json!(u));
        }
        if with_text {
            if let Some(t) = &s.record.text {
                o.insert("text".into(), Value::from(t.clone()));
            }
        }
    }
    v
}

/// The strong ETag of a revision.
pub fn etag(revision: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"r{revision}\"")).unwrap_or(HeaderValue::from_static("\"\""))
}

/// The revision `If-Match` names: `"r<n>"` (also weak), or `*` (whatever is stored: None).
///
/// # Errors
/// [`ApiError::PreconditionRequired`] without the header; [`ApiError::InvalidParameter`]
/// naming `If-Match` when it is not a revision tag.
fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Err(ApiError::PreconditionRequired(
            "updates and deletes need `If-Match` with the entity's ETag (from its GET), so \
             no one overwrites a change they have not seen"
                .into(),
        ));
    };
    let v = v.to_str().unwrap_or_default().trim();
    if v == "*" {
        return Ok(None);
    }
    v.trim_start_matches("W/")
        .trim_matches('"')
        .strip_prefix('r')
        .and_then(|n| n.parse().ok())
        .map(Some)
        .ok_or_else(|| ApiError::invalid("If-Match", "expected an ETag of this API, e.g. \"r3\""))
}

/// A JSON object body.
///
/// # Errors
/// [`ApiError::InvalidBody`] when it is not one.
fn object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.is_empty() {
        return Err(ApiError::InvalidBody(
            "the request needs a JSON object body".into(),
        ));
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::InvalidBody(
            "the body must be a JSON object".into(),
        )),
        Err(e) => Err(ApiError::InvalidBody(format!("the body is not JSON: {e}"))),
    }
}

impl From<DeskError> for ApiError {
    fn from(e: DeskError) -> ApiError {
        match e {
            DeskError::NotFound(what) => ApiError::NotFound(format!("no {what}")),
            DeskError::Invalid { field, message } => ApiError::InvalidField {
                field,
                detail: message,
            },
            DeskError::Conflict(now) => ApiError::PreconditionFailed {
                detail: format!(
                    "{} {} is at revision {}: someone changed it since you read it; the body's \
                     `current` is what is stored now",
                    now.kind.as_str(),
                    now.id,
                    now.revision
                ),
                current: entity_json(&now, false),
            },
            DeskError::Exists(what) => ApiError::Conflict(format!("{what} exists already")),
            DeskError::InUse(why) => ApiError::Conflict(why),
            DeskError::Store(e) => ApiError::Internal(format!("store: {e}")),
        }
    }
}
