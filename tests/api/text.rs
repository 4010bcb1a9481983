//! POST endpoints: geoparse and extract; body limit and encoding.

use crate::helpers::post;

#[tokio::test]
async fn geoparse_returns_the_mentions_of_a_text() {
    let r = post("/api/geoparse", "Missiles hit Ganja and Barda.").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "application/geo+json");
    let fc = r.json();
    let places: Vec<&str> = fc["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter_map(|f| f["properties"]["place_id"].as_str())
        .collect();
    assert_eq!(places, ["geonames:586523", "geonames:587057"]);
    assert_eq!(fc["features"][0]["properties"]["start"], 13);
}

#[tokio::test]
async fn extract_needs_the_publication_date() {
    let text = "On 28 October, missiles hit Barda, killing 21 civilians.";
    let r = post("/api/extract?published=2020-11-06&source_id=s9", text).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "application/geo+json");
    assert_eq!(r.json()["type"], "FeatureCollection");
    post("/api/extract", text)
        .await
        .assert_problem(400, Some("published"));
    post("/api/extract?published=yesterday", text)
        .await
        .assert_problem(400, Some("published"));
    post("/api/extract?published=2020-11-06&lang=en", text)
        .await
        .assert_problem(400, Some("lang"));
}

#[tokio::test]
async fn bodies_over_five_megabytes_are_413() {
    let big = vec![b'a'; 5 * 1024 * 1024 + 1];
    post("/api/geoparse", big).await.assert_problem(413, None);
}

#[tokio::test]
async fn bodies_that_are_not_utf8_are_400() {
    post("/api/geoparse", vec![0xff, 0xfe, b'a'])
        .await
        .assert_problem(400, None);
}

#[tokio::test]
async fn requests_over_the_time_limit_are_503_problems() {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    let text = "Missiles hit Ganja and Barda. ".repeat(20_000);
    let app = dateline::http::app_with_timeout(
        crate::helpers::state(),
        std::time::Duration::from_millis(1),
    );
    let resp = app
        .oneshot(
            Request::post("/api/geoparse")
                .body(Body::from(text))
                .expect("request"),
        )
        .await
        .expect("infallible");
    assert_eq!(resp.status(), 503);
    assert_eq!(
        resp.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/problem+json"[..])
    );
}
