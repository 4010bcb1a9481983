//! Swapping the data: a new snapshot is served by the next request, with a new ETag, while
//! the state shared by the other tests is left alone.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::Request;
use dateline::events::Dataset;
use dateline::http::AppState;

use crate::helpers::{Resp, send_to, state};

/// A state of its own (sharing the gazetteer), so replacing its data touches no other test.
fn own_state() -> AppState {
    let shared = state();
    let snap = shared.snapshot();
    let ds = Dataset {
        sources: snap.sources.sources.clone(),
        events: snap
            .events
            .events()
            .iter()
            .map(|e| (e.clone(), "events.toml".to_owned()))
            .collect(),
    };
    AppState::new(shared.gazetteer.clone(), ds, &snap.texts)
}

async fn items(st: &AppState) -> Resp {
    send_to(
        st.clone(),
        Request::get("/collections/events/items")
            .header("host", "example.org")
            .body(Body::empty())
            .expect("request"),
    )
    .await
}

#[tokio::test]
async fn replaced_data_is_served_by_the_next_request_with_a_new_etag() {
    let st = own_state();
    let before = items(&st).await;
    assert!(!before.ids().is_empty());
    let snap = st.snapshot();
    let kept: Vec<_> = snap.events.events()[..1]
        .iter()
        .map(|e| (e.clone(), "events.toml".to_owned()))
        .collect();
    let ds = Dataset {
        sources: snap.sources.sources.clone(),
        events: kept,
    };
    st.replace(ds, BTreeMap::new(), "v2".into());
    let after = items(&st).await;
    assert_eq!(after.ids().len(), 1);
    assert_ne!(before.header("etag"), after.header("etag"));
    assert_eq!(st.snapshot().version.as_ref(), "v2");
    // The snapshot loaded before the swap is unchanged: readers never see half a change.
    assert_eq!(snap.events.events().len(), before.ids().len());
    // The shared state still serves every fixture event.
    assert_eq!(items(&state()).await.ids(), before.ids());
}

/// Barda's strike as the real dataset has it: the whole war in one claim, 28 October in
/// another. It is served, filtered and downloaded at the day, the war's range kept as its
/// conflicting date in the Feature (in pages and alone).
#[tokio::test]
async fn an_event_dated_differently_by_its_claims_is_served_at_its_most_precise_date() {
    let shared = state();
    let snap = shared.snapshot();
    let mut events: Vec<_> = snap.events.events().to_vec();
    let barda = events
        .iter_mut()
        .find(|e| e.id == "barda-strike")
        .expect("fixture event");
    barda.date_start = "2020-09-27".parse().ok();
    barda.date_end = "2020-11-06".parse().ok();
    barda.date_precision = dateline::events::dates::DatePrecision::Range;
    barda.date_text = "during the war".into();
    let mut dated = barda.claims[0].clone();
    dated.claimed_date = "2020-10-28".parse().ok();
    dated.quote = "on 28 October".into();
    barda.claims.push(dated);
    let ds = Dataset {
        sources: snap.sources.sources.clone(),
        events: events
            .into_iter()
            .map(|e| (e, "events.toml".to_owned()))
            .collect(),
    };
    let st = AppState::new(shared.gazetteer.clone(), ds, &snap.texts);
    let get = |uri: &str| {
        let st = st.clone();
        let uri = uri.to_owned();
        async move {
            send_to(
                st,
                Request::get(uri)
                    .header("host", "example.org")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
        }
    };
    let one = get("/collections/events/items/barda-strike").await.json();
    let p = &one["properties"];
    assert_eq!(p["date_start"], "2020-10-28");
    assert_eq!(p["date_end"], "2020-10-28");
    assert_eq!(p["date_precision"], "day");
    assert_eq!(p["date_text"], "", "the range's words stay with the range");
    let others = p["other_dates"].as_array().expect("other_dates");
    assert_eq!(others.len(), 1, "{others:?}");
    assert_eq!(others[0]["date_start"], "2020-09-27");
    assert_eq!(others[0]["date_end"], "2020-11-06");
    assert_eq!(others[0]["date_precision"], "range");
    assert_eq!(others[0]["date_text"], "during the war");
    assert_eq!(others[0]["sources"], serde_json::json!(["s1"]));
    // A page's pre-serialised Feature says the same.
    let page = get("/collections/events/items").await.json();
    let f = page["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["id"] == "barda-strike")
        .expect("listed");
    assert_eq!(f["properties"], one["properties"]);
    // Filtered by the day: not in the war's first week, which its range overlaps; within
    // October.
    let ids =
        |q: &'static str| async move { get(&format!("/collections/events/items?{q}")).await.ids() };
    assert!(
        !ids("datetime=2020-09-27/2020-10-03")
            .await
            .contains(&"barda-strike".to_owned())
    );
    assert!(
        ids("datetime=2020-10-28")
            .await
            .contains(&"barda-strike".to_owned())
    );
    assert!(
        ids("datetime=2020-10-01/2020-10-31&date_match=within")
            .await
            .contains(&"barda-strike".to_owned())
    );
    // Other events have no conflicting dates.
    let ganja = get("/collections/events/items/ganja-strike").await.json();
    assert!(ganja["properties"].get("other_dates").is_none());
    // The CSV's row is at the day too.
    let csv = get("/collections/events/items?f=csv").await.text();
    let row = csv
        .lines()
        .find(|l| l.starts_with("barda-strike,"))
        .expect("Barda's row");
    assert!(row.contains(",2020-10-28,2020-10-28,day,"), "{row}");
    assert!(
        row.ends_with(",2020-09-27/2020-11-06"),
        "the other date, last: {row}"
    );
    assert!(
        csv.lines()
            .next()
            .is_some_and(|h| h.ends_with(",other_dates"))
    );
}
