//! The OpenAPI document against the router (issue 13, item 7): every route the router serves
//! is documented and every documented operation is served, and the parameters the document
//! declares are the ones the server takes. `scripts/schemathesis.sh` checks the rest live.

use axum::body::Body;
use axum::http::Request;
use dateline::http::items::Collection;
use dateline::http::route_table;
use serde_json::Value;

use crate::helpers::{get, post, send};

/// Whether the router's `route` (axum syntax: `{id}`, `{*path}`) serves the document's
/// `path` (OpenAPI syntax): a placeholder of the route matches any segment, a catch-all the
/// rest; a placeholder of the document matches only a placeholder (it claims every value).
fn serves(route: &str, path: &str) -> bool {
    let r: Vec<&str> = route.split('/').collect();
    let d: Vec<&str> = path.split('/').collect();
    for (i, seg) in r.iter().enumerate() {
        if seg.starts_with("{*") {
            return d.len() > i;
        }
        let Some(doc) = d.get(i) else { return false };
        let matches = if seg.starts_with('{') {
            !doc.is_empty()
        } else {
            seg == doc
        };
        if !matches {
            return false;
        }
    }
    r.len() == d.len()
}

/// `(method, path)` of every operation of the document.
fn operations(doc: &Value) -> Vec<(String, String)> {
    doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .expect("path item")
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect()
}

#[tokio::test]
async fn every_route_is_documented_and_every_documented_operation_is_served() {
    let doc = get("/api").await.json();
    let ops = operations(&doc);
    let routes = route_table();
    assert!(routes.len() > 20, "{routes:?}");
    for (method, route) in &routes {
        assert!(
            ops.iter()
                .any(|(m, p)| m == method.as_str() && serves(route, p)),
            "{method} {route} is served but not in the OpenAPI document (src/http/openapi/)"
        );
    }
    for (method, path) in &ops {
        assert!(
            routes
                .iter()
                .any(|(m, r)| m.as_str() == method && serves(r, path)),
            "{method} {path} is in the OpenAPI document but no route serves it"
        );
    }
    // Every collection's items, so each declares its own parameters.
    for c in Collection::ALL {
        let p = format!("/collections/{}/items", c.id());
        assert!(ops.iter().any(|(_, d)| *d == p), "{p} missing");
    }
}

#[test]
fn the_route_matcher_tells_placeholders_from_literals() {
    assert!(serves(
        "/collections/{id}/items",
        "/collections/events/items"
    ));
    assert!(serves(
        "/collections/{id}/items",
        "/collections/{collectionId}/items"
    ));
    assert!(!serves(
        "/collections/events/items",
        "/collections/{id}/items"
    ));
    assert!(serves("/static/{*path}", "/static/{path}"));
    assert!(!serves("/static/{*path}", "/static"));
    assert!(!serves("/api", "/api/outlines"));
    assert!(!serves("/api/outlines", "/api"));
}

/// The parameter names of `GET path`, with `$ref`s resolved.
fn parameter_names(doc: &Value, path: &str) -> Vec<String> {
    doc["paths"][path]["get"]["parameters"]
        .as_array()
        .unwrap_or_else(|| panic!("{path} has no parameters"))
        .iter()
        .map(|p| {
            let p = match p["$ref"].as_str() {
                Some(r) => doc.pointer(&r[1..]).expect("resolves"),
                None => p,
            };
            p["name"].as_str().expect("name").to_owned()
        })
        .collect()
}

#[tokio::test]
async fn items_declare_exactly_the_parameters_each_collection_accepts() {
    let doc = get("/api").await.json();
    for c in Collection::ALL {
        let path = format!("/collections/{}/items", c.id());
        assert_eq!(parameter_names(&doc, &path), c.params(), "{path}");
    }
    let places = parameter_names(&doc, "/collections/places/items");
    for events_only in ["event_type", "claimant", "source", "place"] {
        assert!(!places.contains(&events_only.to_owned()), "{events_only}");
        // And the server refuses what is not declared.
        get(&format!("/collections/places/items?{events_only}=x"))
            .await
            .assert_problem(400, Some(events_only));
    }
}

#[tokio::test]
async fn kml_and_csv_are_declared_only_where_they_are_served() {
    let doc = get("/api").await.json();
    for c in Collection::ALL {
        let path = format!("/collections/{}/items", c.id());
        let f = doc["paths"][&path]["get"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .find(|p| p["name"] == "f")
            .expect("f")
            .clone();
        let declared: Vec<&str> = f["schema"]["enum"]
            .as_array()
            .expect("enum")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for format in ["kml", "csv"] {
            let r = get(&format!("{path}?f={format}&limit=1")).await;
            assert_eq!(
                declared.contains(&format),
                r.status == 200,
                "{path} f={format}: declared {declared:?}, answered {}",
                r.status
            );
        }
    }
}

#[tokio::test]
async fn a_limit_over_the_largest_page_is_clamped_and_declared_valid() {
    let doc = get("/api").await.json();
    let max = doc["components"]["parameters"]["limit"]["schema"]["maximum"]
        .as_u64()
        .expect("maximum");
    assert!(max > 10_001);
    let r = get("/collections/events/items?limit=10001").await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn an_empty_q_is_refused_as_declared_and_a_blank_one_matches_nothing() {
    let doc = get("/api").await.json();
    let q = &doc["paths"]["/api/places/search"]["get"]["parameters"][0];
    assert_eq!(q["name"], "q");
    assert_eq!(q["schema"]["minLength"], 1);
    get("/api/places/search?q=")
        .await
        .assert_problem(400, Some("q"));
    let blank = get("/api/places/search?q=%20%20").await;
    assert_eq!(blank.status, 200);
    assert_eq!(blank.ids(), Vec::<String>::new());
}

#[tokio::test]
async fn a_post_without_a_body_is_a_400_problem_and_declared_so() {
    let doc = get("/api").await.json();
    for (path, query) in [
        ("/api/geoparse", ""),
        ("/api/extract", "?published=2020-11-06"),
    ] {
        let op = &doc["paths"][path]["post"];
        assert_eq!(op["requestBody"]["required"], true, "{path}");
        assert_eq!(
            op["requestBody"]["content"]["text/plain"]["schema"]["minLength"],
            1
        );
        assert!(op["responses"]["400"].is_object(), "{path}");
        let uri = format!("{path}{query}");
        post(&uri, "").await.assert_problem(400, None);
        let no_body = send(Request::post(&uri).body(Body::empty()).expect("request")).await;
        no_body.assert_problem(400, None);
        assert!(
            no_body.json()["detail"]
                .as_str()
                .is_some_and(|d| d.contains("empty")),
            "{path}"
        );
    }
}
