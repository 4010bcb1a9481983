//! HTTP behaviour: errors as problem details, ETag and 304, HEAD, CORS, compression, health.

use axum::body::Body;
use axum::http::Request;

use crate::helpers::{get, send};

#[tokio::test]
async fn unknown_and_invalid_parameters_are_400_problems_naming_them() {
    get("/collections/events/items?colour=red")
        .await
        .assert_problem(400, Some("colour"));
    get("/collections/places/items?event_type=shelling")
        .await
        .assert_problem(400, Some("event_type"));
    for (q, name) in [
        ("bbox=1,2,3", "bbox"),
        ("bbox=10,50,20,40", "bbox"),
        ("datetime=2020-10-31/2020-10-01", "datetime"),
        ("datetime=last%20week", "datetime"),
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("event_type=war", "event_type"),
        ("limit=1&limit=2", "limit"),
    ] {
        get(&format!("/collections/events/items?{q}"))
            .await
            .assert_problem(400, Some(name));
    }
    get("/conformance?x=1").await.assert_problem(400, Some("x"));
}

#[tokio::test]
async fn large_limits_are_clamped_not_refused() {
    let fc = get("/collections/places/items?limit=50000").await.json();
    assert_eq!(fc["numberReturned"], 10_000);
}

#[tokio::test]
async fn wrong_methods_are_405_problems() {
    let r = send(
        Request::post("/collections/events/items")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    r.assert_problem(405, None);
    assert!(r.header("allow").contains("GET"), "{:?}", r.headers);
    let r = send(
        Request::get("/api/geoparse")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    r.assert_problem(405, None);
}

#[tokio::test]
async fn etag_and_if_none_match_give_304() {
    let first = get("/collections/events/items?limit=2").await;
    let tag = first.header("etag").to_owned();
    assert!(tag.starts_with("W/\""), "{tag}");
    assert!(first.header("cache-control").contains("max-age"));
    let again = send(
        Request::get("/collections/events/items?limit=2")
            .header("host", "example.org")
            .header("if-none-match", &tag)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), tag);
    // Another query has another tag.
    assert_ne!(
        get("/collections/events/items?limit=3")
            .await
            .header("etag"),
        tag
    );
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let r = send(
        Request::head("/collections/events/items")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "application/geo+json");
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn read_only_endpoints_allow_any_origin() {
    let r = send(
        Request::get("/collections/events/items")
            .header("origin", "https://newsroom.example")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(r.header("access-control-allow-origin"), "*");
    let pre = send(
        Request::options("/collections/events/items")
            .header("origin", "https://newsroom.example")
            .header("access-control-request-method", "GET")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(pre.status, 200);
    assert_eq!(pre.header("access-control-allow-origin"), "*");
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    for enc in ["gzip", "br"] {
        let r = send(
            Request::get("/collections/places/items?limit=100")
                .header("accept-encoding", enc)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-encoding"), enc);
    }
}

#[tokio::test]
async fn health_is_ok_and_not_cached() {
    let r = get("/health").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "ok");
    assert_eq!(r.header("cache-control"), "no-store");
}
