//! Editor places over the write API (SQLite): a place the gazetteer lacks locates an event
//! on the map, readers see it only through published events, it cannot be deleted while in
//! use, and a span the geoparser missed becomes a mention resolved to it.

use axum::body::Body;
use serde_json::{Value, json};

use crate::desk::{Desk1, TEXT, req, sqlite_desk as desk};

fn checkpoint() -> Value {
    json!({"name": "Checkpoint Zero", "names": ["KPP-0"], "precision": "approximate",
           "country_code": "UA", "geometry": {"type": "Point", "coordinates": [36.5, 49.5]}})
}

/// The public Feature of event `eid`.
async fn feature(d: &Desk1, eid: &str) -> Value {
    let r = d.public(&format!("/collections/events/items/{eid}")).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

#[tokio::test]
async fn an_editor_place_locates_an_event_and_readers_see_it_once_published() {
    let d = desk().await;
    let r = d
        .with_token("POST", "/api/places", Some(checkpoint()), None)
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let place = r.json();
    let pid = place["id"].as_str().expect("id").to_owned();
    assert_eq!(pid, "editor:checkpoint-zero");
    assert_eq!(place["added_by"], "ed");
    assert!(
        r.header("location")
            .ends_with("/api/places/editor:checkpoint-zero")
    );
    let uri = format!("/api/places/{pid}");
    assert_eq!(
        d.public(&uri).await.status,
        404,
        "an unused editor place is not public"
    );
    assert_eq!(d.with_token("GET", &uri, None, None).await.status, 200);

    let sid = d.source().await["id"].as_str().expect("id").to_owned();
    let r = d
        .with_token(
            "POST",
            "/api/events",
            Some(json!({
                "title": "Shelling near a checkpoint, as officials claim",
                "summary": "Officials claim shelling hit the area overnight.",
                "event_type": "shelling",
                "date_start": "2020-10-11", "date_end": "2020-10-11", "date_precision": "day",
                "place_id": pid, "place_name": "Checkpoint Zero", "location_precision": "place",
                "claim": [{"source": sid, "claimant": "officials", "stance": "asserts",
                           "start": 0, "end": 58}],
            })),
            None,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let eid = r.json()["id"].as_str().expect("id").to_owned();
    for path in [
        format!("/api/sources/{sid}/publish"),
        format!("/api/events/{eid}/publish"),
    ] {
        let r = d.with_token("POST", &path, None, None).await;
        assert_eq!(r.status, 200, "{path}: {}", r.text());
    }
    let f = feature(&d, &eid).await;
    assert_eq!(f["geometry"]["coordinates"], json!([36.5, 49.5]), "{f}");
    let r = d.public(&uri).await;
    assert_eq!(
        r.status,
        200,
        "a place of a published event is public: {}",
        r.text()
    );
    assert!(r.text().contains("Checkpoint Zero"));

    // Moved by an editor (If-Match), the event moves with it.
    let etag = d
        .with_token("GET", &uri, None, None)
        .await
        .header("etag")
        .to_owned();
    let moved = json!({"geometry": {"type": "Point", "coordinates": [36.75, 49.25]}});
    let r = d
        .with_token("PATCH", &uri, Some(moved.clone()), Some("\"r0\""))
        .await;
    assert_eq!(r.status, 412, "a stale If-Match: {}", r.text());
    let r = d.with_token("PATCH", &uri, Some(moved), Some(&etag)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let f = feature(&d, &eid).await;
    assert_eq!(f["geometry"]["coordinates"], json!([36.75, 49.25]), "{f}");

    // Not deleted while an event is located to it.
    let etag = r.header("etag").to_owned();
    let r = d.with_token("DELETE", &uri, None, Some(&etag)).await;
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.text().contains(&eid), "{}", r.text());
}

#[tokio::test]
async fn bad_places_get_422_naming_the_field() {
    let d = desk().await;
    let cases = [
        ("precision", json!({"precision": "street"})),
        (
            "geometry",
            json!({"geometry": {"type": "Point", "coordinates": [190.0, 0.0]}}),
        ),
        (
            "geometry",
            json!({"geometry": {"type": "LineString", "coordinates": [[1.0, 2.0], [3.0, 4.0]]}}),
        ),
        ("name", json!({"name": " "})),
        ("country_code", json!({"country_code": "ZZ"})),
        ("colour", json!({"colour": "red"})),
    ];
    for (field, change) in cases {
        let mut body = checkpoint();
        for (k, v) in change.as_object().expect("object") {
            body[k] = v.clone();
        }
        let r = d.with_token("POST", "/api/places", Some(body), None).await;
        assert_eq!(r.status, 422, "{field}: {}", r.text());
        assert_eq!(r.json()["field"], field, "{}", r.text());
    }
    let anon = d
        .send(
            req("POST", "/api/places")
                .header("content-type", "application/json")
                .body(Body::from(checkpoint().to_string()))
                .expect("request"),
        )
        .await;
    assert_eq!(anon.status, 401);
    let list = d
        .with_token("GET", "/api/places/editor:checkpoint-zero", None, None)
        .await;
    assert_eq!(list.status, 404, "nothing was written");
}

#[tokio::test]
async fn a_span_the_geoparser_missed_becomes_a_mention_resolved_to_an_editor_place() {
    let d = desk().await;
    let pid = d
        .with_token("POST", "/api/places", Some(checkpoint()), None)
        .await
        .json()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let sid = d.source().await["id"].as_str().expect("id").to_owned();
    // "Others" (a span no geoparser takes for a place) at its byte offset.
    let start = TEXT.find("Others").expect("in the text");
    let end = start + "Others".len();
    let uri = format!("/api/sources/{sid}/mentions/{start}");
    let r = d
        .with_token(
            "PUT",
            &uri,
            Some(json!({"decision": "accepted", "end": end, "place_id": pid})),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    for (body, field) in [
        (json!({"decision": "accepted", "end": start}), "end"),
        (
            json!({"decision": "accepted", "end": TEXT.len() + 1, "place_id": pid}),
            "end",
        ),
        (json!({"decision": "accepted", "end": end}), "place_id"),
        (
            json!({"decision": "resolved", "place_id": "editor:nowhere"}),
            "place_id",
        ),
    ] {
        let r = d.with_token("PUT", &uri, Some(body.clone()), None).await;
        assert_eq!(r.status, 422, "{body}: {}", r.text());
        assert_eq!(r.json()["field"], field, "{body}: {}", r.text());
    }
    let v = d
        .with_token("POST", &format!("/api/sources/{sid}/analyse"), None, None)
        .await
        .json();
    let decision = &v["decisions"][0];
    assert_eq!(decision["end"], end, "{v}");
    assert_eq!(decision["place_id"], pid.as_str());
}
