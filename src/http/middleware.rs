//! Middleware: weak ETags with `If-None-Match` → 304 for read-only responses; problem
//! details for error responses produced below the handlers (405, 413, timeouts,
//! framework rejections), so every error body is `application/problem+json`; a declared
//! body over the limit refused before it is read; `nosniff`; the public URL; access logs.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::error::ApiError;
use super::{AppState, BODY_LIMIT_BYTES, CACHE_CONTROL};

/// A read-only response depends only on the data (fixed while the server runs), the URL, the
/// host and scheme (absolute links) and `Accept` (`/`) — so its ETag is a hash of those, known before the handler
/// runs, and a matching `If-None-Match` is answered with 304 without doing the work. The
/// tag is weak: bodies carry a `timeStamp` and may be compressed.
pub async fn etag(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return next.run(req).await;
    }
    if super::desk::auth::has_credentials(req.headers()) {
        // An editor's view (drafts, revision ETags): never a shared cache's.
        let mut resp = next.run(req).await;
        resp.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
        resp.headers_mut().insert(
            header::VARY,
            HeaderValue::from_static("Cookie, Authorization"),
        );
        return resp;
    }
    if st.site.dir.is_some() {
        // `serve --web DIR`: the front end's files change while the server runs.
        let mut resp = next.run(req).await;
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return resp;
    }
    let mut h = Sha256::new();
    // The version is read before the handler loads its snapshot, so a body is never older
    // than its tag (a newer body under an older tag only costs a later full response).
    h.update(st.snapshot().version.as_bytes());
    h.update(req.uri().to_string());
    // Absolute links depend on the host and scheme; `/` answers by `Accept` (map or JSON).
    h.update(super::base_url(req.headers()));
    if let Some(accept) = req.headers().get(header::ACCEPT) {
        h.update(accept.as_bytes());
    }
    let hex: String = h.finalize()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let tag = format!("W/\"{hex}\"");
    let inm = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(',').map(|t| t.trim().trim_start_matches("W/")));
    let (matches, star) = inm.map_or((false, false), |mut tags| {
        let tags: Vec<&str> = tags.by_ref().collect();
        (tags.contains(&&tag[2..]), tags.contains(&"*"))
    });
    let tag_value = HeaderValue::from_str(&tag).unwrap_or(HeaderValue::from_static("W/\"0\""));
    let not_modified = |tag_value: HeaderValue| {
        let mut resp = StatusCode::NOT_MODIFIED.into_response();
        resp.headers_mut().insert(header::ETAG, tag_value);
        resp.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(CACHE_CONTROL),
        );
        resp
    };
    if matches {
        return not_modified(tag_value);
    }
    let mut resp = next.run(req).await;
    // `*` matches any current representation: only a resource that exists (RFC 9110 13.1.2).
    if star && resp.status() == StatusCode::OK {
        return not_modified(tag_value);
    }
    if resp.status() == StatusCode::OK {
        resp.headers_mut().insert(header::ETAG, tag_value);
        resp.headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(CACHE_CONTROL));
    }
    resp
}

/// Turns error responses that are not problem details (axum's 405 and rejections, the
/// timeout's 503) into problem details with the same status, keeping headers such as
/// `Allow`.
pub async fn problems(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    // The framework's errors come without a body or as plain text; a handler's own error
    // page (problem details, or the HTML page of a binary built without the map) stays.
    let framework = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"));
    if !(status.is_client_error() || status.is_server_error()) || !framework {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let err = match status {
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge(BODY_LIMIT_BYTES),
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => ApiError::Timeout,
        s if s.is_client_error() && !text.is_empty() => ApiError::Other(s, text),
        s => ApiError::Other(s, s.canonical_reason().unwrap_or("error").to_owned()),
    };
    let new = err.into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    for (k, v) in new.headers() {
        parts.headers.insert(k, v.clone());
    }
    let (_, body) = new.into_parts();
    Response::from_parts(parts, Body::new(body))
}

/// Refuses a request whose `Content-Length` is over [`BODY_LIMIT_BYTES`] with 413 before
/// any of the body is read — so `Expect: 100-continue` gets the 413, never `100 Continue`
/// (hyper sends that only when a handler starts reading the body).
pub async fn refuse_oversized(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT_BYTES as u64) {
        let mut resp = ApiError::PayloadTooLarge(BODY_LIMIT_BYTES).into_response();
        // The unread body makes the connection unusable for another request.
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return resp;
    }
    next.run(req).await
}

/// Longest request target (path and query) served, in bytes: far above any permalink, far
/// below hyper's own limit (64 KiB), whose 414 has no body.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Most request headers served, and their largest total size in bytes (below hyper's own
/// limits of 100 headers and ~400 KiB, whose 431 has no body).
pub const MAX_HEADERS: usize = 64;
/// See [`MAX_HEADERS`].
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Refuses a request target over [`MAX_URI_BYTES`] (414) and headers over [`MAX_HEADERS`] or
/// [`MAX_HEADER_BYTES`] (431) with problem bodies. Requests past hyper's own limits, and
/// malformed request lines, are answered by hyper before any middleware, without a body
/// (README, "Limits").
pub async fn refuse_long_head(req: Request, next: Next) -> Response {
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI_BYTES {
        let mut resp = ApiError::Other(
            StatusCode::URI_TOO_LONG,
            format!("the request target is {uri_len} bytes; at most {MAX_URI_BYTES} are served"),
        )
        .into_response();
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return resp;
    }
    let headers = req.headers();
    let bytes: usize = headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    if headers.len() > MAX_HEADERS || bytes > MAX_HEADER_BYTES {
        let mut resp = ApiError::Other(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "{} headers of {bytes} bytes; at most {MAX_HEADERS} headers and {MAX_HEADER_BYTES} bytes are served",
                headers.len()
            ),
        )
        .into_response();
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return resp;
    }
    next.run(req).await
}

/// The compression layer answers 406 when a request refuses every coding, identity
/// included (`Accept-Encoding: *;q=0`), but keeps the resource's body: make it a problem.
pub async fn not_acceptable(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let problem = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == super::error::PROBLEM_JSON.as_bytes());
    if resp.status() != StatusCode::NOT_ACCEPTABLE || problem {
        return resp;
    }
    let (mut parts, _) = resp.into_parts();
    let new = ApiError::Other(
        StatusCode::NOT_ACCEPTABLE,
        "no acceptable content coding: the request refuses identity (Accept-Encoding)".into(),
    )
    .into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    for (k, v) in new.headers() {
        parts.headers.insert(k, v.clone());
    }
    let (_, body) = new.into_parts();
    Response::from_parts(parts, Body::new(body))
}

/// `X-Content-Type-Options: nosniff` on every response: browsers take JSON and problem
/// bodies for what they say they are.
pub async fn nosniff(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    resp.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    resp
}

/// The server's public URL (`--public-url`): scheme and authority, used for absolute links
/// (canonical, oEmbed, embed, OGC links) instead of the request's `Host` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    https: bool,
    host: HeaderValue,
}

impl PublicUrl {
    /// Parses `http(s)://host[:port]` (a trailing `/` is allowed; no path).
    ///
    /// # Errors
    /// A message saying what is wrong, for the command line.
    pub fn parse(url: &str) -> Result<PublicUrl, String> {
        let (https, rest) = if let Some(r) = url.strip_prefix("https://") {
            (true, r)
        } else if let Some(r) = url.strip_prefix("http://") {
            (false, r)
        } else {
            return Err(format!(
                "{url:?}: expected http://HOST[:PORT] or https://HOST[:PORT]"
            ));
        };
        let host = rest.strip_suffix('/').unwrap_or(rest);
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        {
            return Err(format!(
                "{url:?}: expected a scheme and host (and port) only, without a path"
            ));
        }
        let host = HeaderValue::from_str(host).map_err(|e| format!("{url:?}: {e}"))?;
        Ok(PublicUrl { https, host })
    }
}

/// With a public URL set, every request is treated as addressed to it: its `Host` and
/// `X-Forwarded-Proto` are replaced, so no client-sent host reaches a link.
pub async fn public_url(
    State(url): State<Option<std::sync::Arc<PublicUrl>>>,
    mut req: Request,
    next: Next,
) -> Response {
    if let Some(u) = url {
        let h = req.headers_mut();
        h.insert(header::HOST, u.host.clone());
        let proto = if u.https { "https" } else { "http" };
        h.insert("x-forwarded-proto", HeaderValue::from_static(proto));
    }
    next.run(req).await
}

/// Access logs: every request at INFO when `enabled` (`--access-log`); server errors (5xx)
/// always, at WARN.
pub async fn access_log(State(enabled): State<bool>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let t = std::time::Instant::now();
    let resp = next.run(req).await;
    let status = resp.status().as_u16();
    let ms = t.elapsed().as_secs_f64() * 1e3;
    if resp.status().is_server_error() {
        tracing::warn!(%method, path, status, ms, "request failed");
    } else if enabled {
        tracing::info!(%method, path, status, ms, "request");
    }
    resp
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;
    use crate::http::error::PROBLEM_JSON;

    #[tokio::test]
    async fn a_handlers_own_error_page_is_kept() {
        let page = || async {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "<h1>not built</h1>",
            )
        };
        let app = Router::new()
            .route("/", get(page))
            .layer(axum::middleware::from_fn(problems));
        let resp = app
            .oneshot(Request::get("/").body(Body::empty()).expect("request"))
            .await
            .expect("infallible");
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = axum::body::to_bytes(resp.into_body(), 4096)
            .await
            .expect("body");
        assert_eq!(&body[..], b"<h1>not built</h1>");
    }

    #[tokio::test]
    async fn empty_error_responses_become_problem_details() {
        let app = Router::new()
            .route("/slow", get(|| async { StatusCode::SERVICE_UNAVAILABLE }))
            .layer(axum::middleware::from_fn(problems));
        let resp = app
            .oneshot(Request::get("/slow").body(Body::empty()).expect("request"))
            .await
            .expect("infallible");
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            resp.headers()
                .get(header::CONTENT_TYPE)
                .map(|v| v.as_bytes()),
            Some(PROBLEM_JSON.as_bytes())
        );
        let body = axum::body::to_bytes(resp.into_body(), 4096)
            .await
            .expect("body");
        let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(v["type"], "urn:dateline:problem:timeout");
        assert_eq!(v["status"], 503);
    }
}
