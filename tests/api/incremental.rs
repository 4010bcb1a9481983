//! Reloads after a write apply what changed ([`dateline::store::Store::published_delta`])
//! to the snapshot served: after every kind of write, the snapshot is the one a full
//! rebuild from the store gives — the same events in the same order, byte-for-byte the same
//! Features and CSV rows, the same sources and texts.

use std::sync::Arc;

use dateline::http::Snapshot;
use dateline::index::{PlaceIndex, Scan};
use dateline::store::Store;
use serde_json::json;

use crate::desk::{Desk1, desk_with, gazetteer, sqlite_desk};

/// A desk on SQLite, and one on PostgreSQL when a test database is available.
async fn desks() -> Vec<Desk1> {
    let mut out = vec![sqlite_desk().await];
    if let Some(db) = crate::postgres::TestDb::fresh().await {
        let store = dateline::store::PgStore::connect(
            &db.url,
            Some(dateline::desk::store_geometry(gazetteer())),
        )
        .await
        .expect("store");
        let dir = tempfile::tempdir().expect("tempdir");
        out.push(desk_with(store.into(), dir, Some(db)).await);
    }
    out
}

/// Compares the served snapshot with a full rebuild from the store.
async fn same_as_a_rebuild(d: &Desk1, step: &str) {
    let served = d.state.snapshot();
    let store = &d.state.desk.as_ref().expect("desk").desk.store;
    let data = store.published().await.expect("read");
    let g = gazetteer();
    let full = Snapshot::build(
        &g,
        data.dataset,
        data.texts,
        Arc::new(PlaceIndex::new(&g)),
        Scan::Indexed,
        Snapshot::store_version(data.version),
    );
    assert_eq!(served.version, full.version, "{step}: version");
    let ids = |s: &Snapshot| {
        s.events
            .events()
            .iter()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&served), ids(&full), "{step}: events");
    for i in 0..full.events.events().len() as u32 {
        let id = &full.events.event(i).id;
        assert_eq!(
            served.event_json.feature(i).map(String::from_utf8_lossy),
            full.event_json.feature(i).map(String::from_utf8_lossy),
            "{step}: the Feature of {id}"
        );
        assert_eq!(
            served.event_csv.row(i),
            full.event_csv.row(i),
            "{step}: the CSV row of {id}"
        );
    }
    let sources = |s: &Snapshot| {
        s.sources
            .sources
            .iter()
            .map(|(s, _)| serde_json::to_string(s).expect("json"))
            .collect::<Vec<_>>()
    };
    assert_eq!(sources(&served), sources(&full), "{step}: sources");
    assert_eq!(served.texts, full.texts, "{step}: texts");
    for source in full.texts.keys() {
        assert_eq!(
            format!("{:?}", served.mentions.of_source(source)),
            format!("{:?}", full.mentions.of_source(source)),
            "{step}: the mentions of {source}"
        );
    }
}

#[tokio::test]
async fn every_kind_of_write_leaves_the_snapshot_a_full_rebuild_would_build() {
    for d in desks().await {
        every_kind_of_write(&d).await;
    }
}

async fn every_kind_of_write(d: &Desk1) {
    same_as_a_rebuild(d, "seeded").await;
    let sid = d.source().await["id"].as_str().expect("id").to_owned();
    same_as_a_rebuild(d, "a draft source").await;
    let r = d.event(&sid).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let eid = r.json()["id"].as_str().expect("id").to_owned();
    same_as_a_rebuild(d, "a draft event").await;
    let steps: Vec<(&str, String, Option<serde_json::Value>)> = vec![
        ("POST", format!("/api/sources/{sid}/publish"), None),
        ("POST", format!("/api/events/{eid}/publish"), None),
        (
            "PATCH",
            format!("/api/sources/{sid}"),
            Some(json!({"title": "A wire report, corrected"})),
        ),
        (
            "POST",
            "/api/events/ganja-missile-strike-2020-10-11/claims".to_owned(),
            Some(
                json!({"source": sid, "claimant": "officials", "stance": "reports", "start": 0, "end": 58}),
            ),
        ),
        (
            "PATCH",
            format!("/api/events/{eid}"),
            Some(json!({"date_start": "2020-10-12", "date_end": "2020-10-12"})),
        ),
        ("POST", format!("/api/sources/{sid}/unpublish"), None),
        ("POST", format!("/api/sources/{sid}/publish"), None),
        ("POST", format!("/api/events/{eid}/unpublish"), None),
    ];
    for (method, uri, body) in steps {
        let r = d.with_token(method, &uri, body, Some("*")).await;
        assert!(r.status.is_success(), "{method} {uri}: {}", r.text());
        same_as_a_rebuild(d, &format!("{method} {uri}")).await;
    }
    let etag = d
        .with_token("GET", &format!("/api/events/{eid}"), None, None)
        .await
        .header("etag")
        .to_owned();
    let r = d
        .with_token("DELETE", &format!("/api/events/{eid}"), None, Some(&etag))
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
    same_as_a_rebuild(d, "a deleted event").await;
    // The corrected title reached the interview's event through the new claim's provenance.
    let f = d
        .public("/collections/events/items/ganja-missile-strike-2020-10-11")
        .await;
    assert!(
        f.text().contains("A wire report, corrected"),
        "{}",
        f.text()
    );
}

#[tokio::test]
async fn a_delta_lists_what_changed_and_gives_up_beyond_its_limit() {
    for d in desks().await {
        a_delta_lists(&d).await;
    }
}

async fn a_delta_lists(d: &Desk1) {
    let store = &d.state.desk.as_ref().expect("desk").desk.store;
    let before = store.data_version().await.expect("version");
    let sid = d.source().await["id"].as_str().expect("id").to_owned();
    let delta = store
        .published_delta(before, 100)
        .await
        .expect("read")
        .expect("a delta");
    assert_eq!(delta.sources.len(), 1);
    assert_eq!(delta.sources[0].0, sid);
    assert!(delta.sources[0].1.is_none(), "a draft is not published");
    assert!(delta.events.is_empty());
    assert!(
        store.published_delta(0, 10).await.expect("read").is_none(),
        "the seed is hundreds of entities"
    );
    let r = d
        .with_token(
            "POST",
            "/api/places",
            Some(json!({"name": "Hill 9", "precision": "exact",
            "geometry": {"type": "Point", "coordinates": [46.5, 40.0]}})),
            None,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(
        store
            .published_delta(before, 100)
            .await
            .expect("read")
            .is_none(),
        "an editor place moves events without their revisions: a full reload"
    );
}
