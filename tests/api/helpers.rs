//! Shared state and request helpers.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use dateline::events::Dataset;
use dateline::gazetteer::Gazetteer;
use dateline::http::{AppState, app};
use serde_json::Value;
use tower::ServiceExt;

/// The text of source `s1`, for the mentions collection.
pub const S1_TEXT: &str = "Missiles hit Ganja and Barda. Later, Stepanakert.";

/// The fixture dataset (tests/fixtures/sources) with the embedded gazetteer, built once.
pub fn state() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let g = Gazetteer::load_default().expect("gazetteer");
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sources");
            let ds = Dataset::load_dir(std::path::Path::new(dir)).expect("fixture");
            let texts = BTreeMap::from([("s1".to_owned(), S1_TEXT.to_owned())]);
            AppState::new(g, ds, &texts)
        })
        .clone()
}

/// A response, read whole.
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Resp {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// A header as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8(self.body.to_vec()).expect("UTF-8 body")
    }

    /// The ids of a FeatureCollection's features.
    pub fn ids(&self) -> Vec<String> {
        self.json()["features"]
            .as_array()
            .expect("features")
            .iter()
            .map(|f| f["id"].as_str().expect("id").to_owned())
            .collect()
    }

    /// Asserts a problem+json body with this status, naming `parameter` in its detail.
    pub fn assert_problem(&self, status: u16, parameter: Option<&str>) {
        assert_eq!(
            self.status.as_u16(),
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.header("content-type"), "application/problem+json");
        let p = self.json();
        assert_eq!(p["status"], status);
        for k in ["type", "title", "detail"] {
            assert!(p[k].is_string(), "problem without {k}: {p}");
        }
        if let Some(name) = parameter {
            assert!(
                p["detail"].as_str().is_some_and(|d| d.contains(name)),
                "detail does not name {name}: {p}"
            );
            assert_eq!(p["parameter"], name);
        }
    }
}

/// Sends a request to the app in-process.
pub async fn send(req: Request<Body>) -> Resp {
    send_to(state(), req).await
}

/// Sends a request to an app with this state, in-process.
pub async fn send_to(state: AppState, req: Request<Body>) -> Resp {
    let resp = app(state).oneshot(req).await.expect("infallible");
    let (parts, body) = resp.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.expect("body");
    Resp {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// `GET uri` with `Host: example.org`.
pub async fn get(uri: &str) -> Resp {
    send(
        Request::get(uri)
            .header("host", "example.org")
            .body(Body::empty())
            .expect("request"),
    )
    .await
}

/// `POST uri` with a text body.
pub async fn post(uri: &str, body: impl Into<Body>) -> Resp {
    send(
        Request::post(uri)
            .header("content-type", "text/plain; charset=utf-8")
            .body(body.into())
            .expect("request"),
    )
    .await
}
