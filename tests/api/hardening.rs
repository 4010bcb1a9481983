//! Regression tests for the smaller faults of issue 13, one per fault, named after it.

use axum::body::Body;
use axum::http::Request;
use dateline::http::middleware::PublicUrl;
use dateline::http::{AppSettings, app_with};
use tower::ServiceExt;

use crate::helpers::{Resp, get, send, state};

fn with_header(uri: &str, name: &str, value: &str) -> Request<Body> {
    Request::get(uri)
        .header("host", "example.org")
        .header(name, value)
        .body(Body::empty())
        .expect("request")
}

#[tokio::test]
async fn if_none_match_star_on_404_is_not_304() {
    let r = send(with_header("/collections/nope", "if-none-match", "*")).await;
    r.assert_problem(404, None);
    let r = send(with_header("/api/places/nope", "if-none-match", "*")).await;
    r.assert_problem(404, None);
}

#[tokio::test]
async fn if_none_match_star_on_400_is_not_304() {
    let r = send(with_header(
        "/collections/events/items?limit=x",
        "if-none-match",
        "*",
    ))
    .await;
    r.assert_problem(400, Some("limit"));
}

#[tokio::test]
async fn if_none_match_star_on_an_existing_resource_is_304() {
    let r = send(with_header("/collections", "if-none-match", "*")).await;
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn accept_encoding_star_q0_is_a_406_problem_without_the_resource() {
    let r = send(with_header("/collections", "accept-encoding", "*;q=0")).await;
    r.assert_problem(406, None);
    assert!(!r.text().contains("\"collections\""), "{}", r.text());
    assert_eq!(r.header("etag"), "");
}

#[tokio::test]
async fn oembed_maxwidth_4294967296_is_clamped_not_zero() {
    let url = "http%3A%2F%2Fexample.org%2F";
    let r = get(&format!(
        "/oembed?url={url}&maxwidth=4294967296&maxheight=4294967296"
    ))
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert!(v["width"].as_u64().is_some_and(|w| w > 0), "{v}");
    assert!(v["height"].as_u64().is_some_and(|h| h > 0), "{v}");
}

#[tokio::test]
async fn json_and_problem_responses_say_nosniff() {
    for uri in ["/collections", "/collections/nope", "/health", "/api?x=1"] {
        let r = get(uri).await;
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{uri}");
    }
}

async fn send_public(req: Request<Body>) -> Resp {
    let settings = AppSettings {
        public_url: Some(PublicUrl::parse("https://maps.example.net/").expect("url")),
        ..AppSettings::default()
    };
    let resp = app_with(state(), &settings)
        .oneshot(req)
        .await
        .expect("infallible");
    let (parts, body) = resp.into_parts();
    Resp {
        status: parts.status,
        headers: parts.headers,
        body: axum::body::to_bytes(body, usize::MAX).await.expect("body"),
    }
}

#[tokio::test]
async fn host_header_is_not_echoed_into_links_when_a_public_url_is_set() {
    let req = |uri: &str| {
        Request::get(uri)
            .header("host", "evil.example")
            .body(Body::empty())
            .expect("request")
    };
    let r = send_public(req("/collections")).await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("https://maps.example.net/collections"));
    assert!(!r.text().contains("evil.example"));
    let r = send_public(req(
        "/oembed?url=https%3A%2F%2Fmaps.example.net%2F%3Fevent%3De1",
    ))
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.json()["html"]
            .as_str()
            .is_some_and(|h| h.contains("https://maps.example.net/embed"))
    );
    // A link to the host a client names is not the server's own.
    let r = send_public(req("/oembed?url=http%3A%2F%2Fevil.example%2F")).await;
    r.assert_problem(404, None);
}

#[test]
fn public_urls_with_a_path_or_another_scheme_are_refused() {
    assert!(PublicUrl::parse("https://maps.example.net:8443").is_ok());
    for bad in [
        "maps.example.net",
        "ftp://x",
        "https://x/sub",
        "https://",
        "https://a b",
    ] {
        assert!(PublicUrl::parse(bad).is_err(), "{bad}");
    }
}

#[tokio::test]
async fn a_long_uri_gets_414_and_many_headers_431_with_problem_bodies() {
    let long = format!("/collections/events/items?q={}", "a".repeat(9000));
    let r = send(Request::get(long).body(Body::empty()).expect("request")).await;
    r.assert_problem(414, None);
    let mut b = Request::get("/health");
    for i in 0..80 {
        b = b.header(format!("x-h{i}"), "v");
    }
    let r = send(b.body(Body::empty()).expect("request")).await;
    r.assert_problem(431, None);
    // An ordinary permalink is far below the limit.
    let r = get("/collections/events/items?bbox=44.9050,39.1139,49.2786,41.5089&datetime=2020-09-27/2020-11-10").await;
    assert_eq!(r.status, 200);
}
