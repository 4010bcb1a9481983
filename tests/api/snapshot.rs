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
