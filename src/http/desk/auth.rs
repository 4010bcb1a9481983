//! Who is writing: the [`Editor`] extractor (an API token in `Authorization: Bearer`, or a
//! session cookie with, on state-changing requests, a same-origin `Origin`/`Referer` and the
//! session's `X-CSRF-Token`), and sign-in (`POST /api/session`), `GET` and `DELETE`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::{Value, json};

use super::{desk, object};
use crate::auth::session::{self, Session, StoredSession};
use crate::auth::{UserName, csrf, password, token};
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::store::{Store, User};

/// The header that carries the session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A signed-in editor (or admin).
#[derive(Debug, Clone)]
pub struct Editor {
    /// The account.
    pub user: User,
    /// The session, when signed in with the cookie (None with an API token).
    pub session: Option<StoredSession>,
}

/// Whether the request came over TLS: a proxy's `X-Forwarded-Proto: https` (with
/// `--public-url https://…` the server sets it on every request).
pub fn secure(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// Whether the request carries credentials (a token or a session cookie): such requests get
/// the desk's view and are never cached as public.
pub fn has_credentials(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
        || headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|c| {
                session::parse_cookie_header(c, true).is_some()
                    || session::parse_cookie_header(c, false).is_some()
            })
}

fn cookie_value(headers: &HeaderMap, secure: bool) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| session::parse_cookie_header(c, secure))
}

impl FromRequestParts<AppState> for Editor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Editor, ApiError> {
        let d = desk(state)?;
        let store = &d.desk.store;
        if let Some(auth) = parts.headers.get(header::AUTHORIZATION) {
            let value = auth.to_str().unwrap_or_default();
            let secret = value
                .strip_prefix("Bearer ")
                .map(str::trim)
                .filter(|s| token::looks_like_token(s))
                .ok_or_else(|| {
                    ApiError::Unauthorized(
                        "`Authorization` must be `Bearer dl_…` with an API token (`dateline \
                         token create USER`)"
                            .into(),
                    )
                })?;
            let user = store
                .token_user(&token::hash_secret(secret))
                .await
                .map_err(|e| ApiError::Internal(format!("store: {e}")))?
                .ok_or_else(|| ApiError::Unauthorized("unknown or revoked API token".into()))?;
            return Ok(Editor {
                user,
                session: None,
            });
        }
        let secure = secure(&parts.headers);
        let Some(value) = cookie_value(&parts.headers, secure) else {
            return Err(ApiError::Unauthorized(
                "sign in first (POST /api/session), or send an API token".into(),
            ));
        };
        let id_hash = session::hash_id(value);
        let found = store
            .session(&id_hash)
            .await
            .map_err(|e| ApiError::Internal(format!("store: {e}")))?;
        let now = Utc::now();
        let Some((s, user)) = found.filter(|(s, _)| s.is_valid(now)) else {
            return Err(ApiError::Unauthorized(
                "the session has ended: sign in again".into(),
            ));
        };
        if !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
            let h = |n: header::HeaderName| parts.headers.get(n).and_then(|v| v.to_str().ok());
            // With `--public-url`, `Host` is the public one (set by the server).
            let host = h(header::HOST).unwrap_or_default();
            if !csrf::origin_allowed(h(header::ORIGIN), h(header::REFERER), host, None) {
                return Err(ApiError::Forbidden(
                    "a cookie-authenticated write must come from this site's own pages \
                     (Origin or Referer)"
                        .into(),
                ));
            }
            let given = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !csrf::tokens_match(&s.csrf_token, given) {
                return Err(ApiError::Forbidden(format!(
                    "a cookie-authenticated write needs the session's CSRF token in `{CSRF_HEADER}` \
                     (from GET /api/session)"
                )));
            }
        }
        if s.needs_touch(now) {
            store
                .touch_session(&id_hash, now)
                .await
                .map_err(|e| ApiError::Internal(format!("store: {e}")))?;
        }
        Ok(Editor {
            user,
            session: Some(s),
        })
    }
}

/// `Option<Editor>`: None for a reader (no credentials, or a session cookie that has ended:
/// readers browse on); an API token that is wrong is still refused (401), so scripts learn.
impl axum::extract::OptionalFromRequestParts<AppState> for Editor {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Editor>, ApiError> {
        if state.desk.is_none() || !has_credentials(&parts.headers) {
            return Ok(None);
        }
        match <Editor as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(e) => Ok(Some(e)),
            Err(ApiError::Unauthorized(_))
                if !parts.headers.contains_key(header::AUTHORIZATION) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

fn session_json(user: &User, s: Option<&StoredSession>) -> Value {
    json!({
        "user": user.name,
        "role": user.role.as_str(),
        "csrf_token": s.map(|s| s.csrf_token.clone()),
        "expires_at": s.map(|s| s.expires_at.to_rfc3339()),
    })
}

/// `POST /api/session` `{"name", "password"}`: signs in; sets the session cookie and answers
/// the CSRF token. Failures are counted per account and per address (429 past the limit).
pub async fn sign_in(
    State(state): State<AppState>,
    connect: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let d = desk(&state)?.clone();
    let form = object(&body)?;
    let field = |k: &str| -> Result<String, ApiError> {
        form.get(k)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| ApiError::InvalidField {
                field: k.to_owned(),
                detail: "is required (a string)".into(),
            })
    };
    let (name, pass) = (field("name")?, field("password")?);
    let account = UserName::parse(&name)
        .map(|n| n.as_str().to_owned())
        .unwrap_or_else(|_| name.to_lowercase());
    let addr = connect.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.0.ip());
    if let Err(wait) = d.limiter.check(&account, addr, Instant::now()) {
        return Err(ApiError::TooManyRequests(wait.as_secs().max(1)));
    }
    let found = d
        .desk
        .store
        .user_by_name(&account)
        .await
        .map_err(|e| ApiError::Internal(format!("store: {e}")))?;
    let (user, ok) = super::super::blocking::run(move || match found {
        Some((u, phc)) => {
            let ok = password::verify(&pass, &phc);
            (Some(u), ok)
        }
        None => {
            // As long as a real check, so timing does not tell which names exist.
            let _ = password::verify_dummy(&pass);
            (None, false)
        }
    })
    .await?;
    let Some(user) = user.filter(|_| ok) else {
        d.limiter.failure(&account, addr, Instant::now());
        return Err(ApiError::Unauthorized("wrong name or password".into()));
    };
    d.limiter.success(&account);
    let now = Utc::now();
    let (value, stored) = Session::generate(now, session::ABSOLUTE_TIMEOUT)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    d.desk
        .store
        .add_session(&user, &stored)
        .await
        .map_err(|e| ApiError::Internal(format!("store: {e}")))?;
    let secure = secure(&headers);
    let cookie = session::cookie(&value, secure, stored.max_age_s(now));
    let mut resp = (
        StatusCode::OK,
        axum::Json(session_json(&user, Some(&stored))),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// `GET /api/session`: who is signed in, and the CSRF token for writes.
pub async fn whoami(editor: Editor) -> Response {
    let mut resp = axum::Json(session_json(&editor.user, editor.session.as_ref())).into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// `DELETE /api/session`: signs out (the session ends on the server; the cookie is cleared).
pub async fn sign_out(
    State(state): State<AppState>,
    editor: Editor,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let d = desk(&state)?;
    if let Some(s) = &editor.session {
        d.desk
            .store
            .remove_session(&s.id_hash)
            .await
            .map_err(|e| ApiError::Internal(format!("store: {e}")))?;
    }
    let secure = secure(&headers);
    let mut resp = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&session::clear_cookie(secure)) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(resp)
}
