//! Landing page, conformance, OpenAPI document, collections.

use serde_json::Value;

use crate::helpers::get;

#[tokio::test]
async fn landing_page_links_to_api_conformance_and_collections() {
    let r = get("/").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "application/json");
    let links = r.json()["links"].as_array().expect("links").clone();
    for (rel, href) in [
        ("self", "http://example.org/"),
        ("service-desc", "http://example.org/api"),
        ("conformance", "http://example.org/conformance"),
        ("data", "http://example.org/collections"),
    ] {
        assert!(
            links.iter().any(|l| l["rel"] == rel && l["href"] == href),
            "{rel} {href} missing: {links:?}"
        );
    }
}

#[tokio::test]
async fn conformance_declares_core_geojson_and_oas30() {
    let c = get("/conformance").await.json();
    let classes: Vec<&str> = c["conformsTo"]
        .as_array()
        .expect("conformsTo")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for want in ["conf/core", "conf/geojson", "conf/oas30"] {
        assert!(classes.iter().any(|c| c.ends_with(want)), "{want}");
    }
}

fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(o) => {
            if let Some(Value::String(r)) = o.get("$ref") {
                out.push(r);
            }
            o.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn openapi_document_is_self_contained() {
    let r = get("/api").await;
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .starts_with("application/vnd.oai.openapi+json")
    );
    let doc = r.json();
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.0"))
    );
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external $ref {r}"));
        assert!(doc.pointer(pointer).is_some(), "dangling $ref {r}");
    }
    // Every route is in it: tests/api/openapi.rs.
    assert!(doc["paths"]["/collections/events/items"].is_object());
}

#[tokio::test]
async fn collections_describe_events_places_and_mentions_with_extents() {
    let c = get("/collections").await.json();
    let ids: Vec<&str> = c["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "events",
            "places",
            "mentions",
            "claims",
            "event-points",
            "event-areas"
        ]
    );
    let events = get("/collections/events").await.json();
    assert_eq!(events["itemType"], "feature");
    assert_eq!(
        events["extent"]["temporal"]["interval"][0][0],
        "2019-01-01T00:00:00Z"
    );
    let bbox = events["extent"]["spatial"]["bbox"][0]
        .as_array()
        .expect("bbox");
    assert_eq!(bbox.len(), 4);
    assert!(
        events["links"]
            .as_array()
            .expect("links")
            .iter()
            .any(|l| l["rel"] == "items" && l["type"] == "application/geo+json")
    );
}

#[tokio::test]
async fn unknown_collections_are_404_problems() {
    get("/collections/nope").await.assert_problem(404, None);
    get("/collections/nope/items")
        .await
        .assert_problem(404, None);
    get("/collections/events/items/nope")
        .await
        .assert_problem(404, None);
    get("/no/such/path").await.assert_problem(404, None);
}
