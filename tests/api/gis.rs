//! The GIS collections (`claims`, `event-points`, `event-areas`): one geometry type each,
//! flat scalar properties that match the collection's schema, the filters of events.

use serde_json::Value;

use crate::helpers::get;

/// Every feature's properties are scalars, named and typed as the schema says.
fn assert_matches_schema(fc: &Value, schema: &Value) {
    let props = schema["properties"].as_object().expect("properties");
    for f in fc["features"].as_array().expect("features") {
        let p = f["properties"].as_object().expect("properties");
        for (k, v) in p {
            let decl = props
                .get(k)
                .unwrap_or_else(|| panic!("{k} not in the schema"));
            let ok = match decl["type"].as_str() {
                _ if v.is_null() => true,
                Some("string") => v.is_string(),
                Some("integer") => v.is_i64() || v.is_u64(),
                Some("number") => v.is_number(),
                other => panic!("{k}: a flat collection declares {other:?}"),
            };
            assert!(ok, "{k} = {v} is not {}", decl["type"]);
        }
        // Every declared property is there (possibly null), so columns never move.
        assert_eq!(p.len() + 1, props.len(), "{}", f["id"]);
    }
}

#[tokio::test]
async fn each_gis_collection_has_one_geometry_type_and_its_schema() {
    for (id, geometry, format, count) in [
        ("claims", "Point", "geometry-point", 9),
        ("event-points", "Point", "geometry-point", 8),
        ("event-areas", "MultiPolygon", "geometry-multipolygon", 3),
    ] {
        let fc = get(&format!("/collections/{id}/items?limit=100")).await;
        assert_eq!(fc.header("content-type"), "application/geo+json");
        let fc = fc.json();
        assert_eq!(fc["numberMatched"], count, "{id}");
        for f in fc["features"].as_array().expect("features") {
            let t = &f["geometry"]["type"];
            assert!(t == geometry || f["geometry"].is_null(), "{id}: {t}");
        }
        let schema = get(&format!("/collections/{id}/schema")).await;
        assert_eq!(schema.header("content-type"), "application/schema+json");
        let schema = schema.json();
        assert_eq!(schema["properties"]["geometry"]["format"], format);
        assert_matches_schema(&fc, &schema);
        // Properties arrive in the schema's order (GIS clients keep it for columns).
        let first = get(&format!("/collections/{id}/items?limit=1"))
            .await
            .text();
        let schema_text = get(&format!("/collections/{id}/schema")).await.text();
        let names: Vec<&str> = schema["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "geometry")
            .collect();
        let pos = |text: &str, pat: String| text.find(&pat).expect("property");
        let mut in_feature: Vec<&str> = names.clone();
        let props_at = first.find("\"properties\":").expect("properties");
        in_feature.sort_by_key(|k| pos(&first[props_at..], format!("\"{k}\":")));
        let mut in_schema = names.clone();
        in_schema.sort_by_key(|k| pos(&schema_text, format!("\"{k}\":{{")));
        assert_eq!(in_feature, in_schema, "{id}");
        let seq: Vec<&str> = {
            let mut by_seq: Vec<(&str, u64)> = names
                .iter()
                .map(|k| {
                    (
                        *k,
                        schema["properties"][k]["x-ogc-propertySeq"]
                            .as_u64()
                            .expect("seq"),
                    )
                })
                .collect();
            by_seq.sort_by_key(|(_, n)| *n);
            by_seq.into_iter().map(|(k, _)| k).collect()
        };
        assert_eq!(seq, in_schema, "{id}: x-ogc-propertySeq");
        // The GeoJSON form of the schema (describedby) declares the same properties.
        let feature_schema = get(&format!("/collections/{id}/schema/feature"))
            .await
            .json();
        let fp = feature_schema["properties"]["properties"]["properties"]
            .as_object()
            .expect("feature properties");
        assert_eq!(fp.len(), names.len(), "{id}");
        let meta = get(&format!("/collections/{id}")).await.json();
        assert!(
            meta["links"]
                .as_array()
                .expect("links")
                .iter()
                .any(|l| l["rel"]
                    .as_str()
                    .is_some_and(|r| r.eq_ignore_ascii_case("describedby"))
                    && l["type"] == "application/schema+json"),
            "{meta}"
        );
    }
}

#[tokio::test]
async fn a_claim_feature_carries_its_quote_source_and_figures() {
    let f = get("/collections/claims/items/barda-strike:1").await.json();
    let p = &f["properties"];
    assert_eq!(p["claim_id"], "barda-strike:1");
    assert_eq!(
        p["quote"],
        "they struck Barda, \"21 dead\" & <many> wounded"
    );
    assert_eq!(p["claimant"], "President Ilham Aliyev");
    assert_eq!(p["source_title"], "An interview about the war");
    assert_eq!(p["source_published"], "2020-11-06");
    assert_eq!(p["killed"], 21);
    assert_eq!(p["wounded"], 70);
    assert_eq!(p["casualty_group"], "civilians");
    assert_eq!(f["geometry"]["type"], "Point");
    get("/collections/claims/items/barda-strike:2")
        .await
        .assert_problem(404, None);
}

#[tokio::test]
async fn claims_filter_like_events_but_per_claim() {
    let r = get("/collections/claims/items?source=s2&datetime=2020-10-01/2020-12-31").await;
    assert_eq!(r.ids(), ["ganja-strike:2"]);
    let r = get("/collections/claims/items?claimant=aliyev&event_type=missile_strike").await;
    assert_eq!(r.ids(), ["ganja-strike:1", "barda-strike:1"]);
    get("/collections/claims/items?event_type=nope")
        .await
        .assert_problem(400, Some("event_type"));
    get("/collections/event-areas/items?f=kml")
        .await
        .assert_problem(400, Some("f"));
}

#[tokio::test]
async fn an_area_event_is_a_representative_point_and_an_outline() {
    let p = get("/collections/event-points/items/tartar-shelling")
        .await
        .json();
    assert_eq!(p["geometry"]["type"], "Point");
    assert_eq!(p["properties"]["location_precision"], "district");
    assert_eq!(p["properties"]["claim_count"], 1);
    assert_eq!(p["properties"]["quote"], "Tartar was shelled all October");
    let a = get("/collections/event-areas/items/tartar-shelling")
        .await
        .json();
    assert_eq!(a["geometry"]["type"], "MultiPolygon");
    // The same outline the web map's events collection draws.
    let e = get("/collections/events/items/tartar-shelling")
        .await
        .json();
    assert_eq!(a["geometry"], e["geometry"]);
    get("/collections/event-areas/items/barda-strike")
        .await
        .assert_problem(404, None);
}

#[tokio::test]
async fn collections_without_flat_rows_still_declare_their_fields() {
    let s = get("/collections/mentions/schema").await.json();
    assert_eq!(s["properties"]["geometry"]["format"], "geometry-point");
    assert_eq!(s["properties"]["score"]["type"], "number");
    assert_eq!(s["properties"]["start"]["type"], "integer");
    let e = get("/collections/events/schema").await.json();
    assert_eq!(e["properties"]["geometry"]["format"], "geometry-any");
    assert_eq!(e["properties"]["claims"]["type"], "array");
    get("/collections/nope/schema")
        .await
        .assert_problem(404, None);
    get("/collections/claims/schema?f=xml")
        .await
        .assert_problem(400, Some("f"));
}

#[tokio::test]
async fn every_collection_downloads_as_a_geopackage() {
    for id in [
        "claims",
        "event-points",
        "event-areas",
        "events",
        "places",
        "mentions",
    ] {
        let r = get(&format!(
            "/collections/{id}/items?f=gpkg&limit=3&datetime=../.."
        ))
        .await;
        assert_eq!(r.status, 200, "{id}: {}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.header("content-type"), "application/geopackage+sqlite3");
        assert!(r.header("content-disposition").ends_with(".gpkg\""), "{id}");
        assert_eq!(&r.body[..16], b"SQLite format 3\0");
        assert_eq!(&r.body[68..72], b"GPKG", "application_id");
    }
    let page = get("/collections/claims/items?limit=2").await.json();
    assert!(
        page["links"]
            .as_array()
            .expect("links")
            .iter()
            .any(|l| l["type"] == "application/geopackage+sqlite3"
                && l["href"].as_str().is_some_and(|h| h.contains("f=gpkg"))),
        "{page}"
    );
    get("/collections/claims/items/barda-strike:1?f=gpkg")
        .await
        .assert_problem(400, Some("f"));
}
