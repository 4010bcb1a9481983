use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde_json::{Value, json};

use super::*;
use crate::auth::Role;
use crate::events::Dataset;
use crate::store::SqliteStore;

fn gazetteer() -> Arc<Gazetteer> {
    static G: OnceLock<Arc<Gazetteer>> = OnceLock::new();
    G.get_or_init(|| Arc::new(Gazetteer::load_default().expect("gazetteer")))
        .clone()
}

async fn desk() -> (Desk<SqliteStore>, User) {
    let store = SqliteStore::in_memory().await.expect("store");
    store
        .seed(&Dataset::load_default().expect("dataset"), &BTreeMap::new())
        .await
        .expect("seed");
    let u = store
        .add_user("ed", Role::Editor, "$argon2id$x")
        .await
        .expect("user");
    (Desk::new(store, gazetteer()), u)
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!("an object"),
    }
}

const TEXT: &str = "Officials said on 3 May that shelling hit Ganja overnight. Others denied it.";

async fn source(d: &Desk<SqliteStore>, u: &User) -> Stored {
    d.create_source(
        obj(json!({"title": "A wire report", "kind": "article", "published": "2020-10-12"})),
        TEXT.to_owned(),
        u,
    )
    .await
    .expect("source")
    .entity
    .expect("stored")
}

fn event_doc(source: &str, claims: bool) -> Value {
    let mut e = json!({
        "title": "Shelling of Ganja",
        "summary": "Officials claim shelling hit Ganja.",
        "event_type": "shelling",
        "date_start": "2020-10-11", "date_end": "2020-10-11", "date_precision": "day",
        "place_id": "geonames:587084", "place_name": "Ganja", "location_precision": "place",
    });
    if claims {
        e["claim"] = json!([{"source": source, "claimant": "officials", "stance": "asserts",
                             "start": 0, "end": 58}]);
    }
    e
}

#[tokio::test]
async fn a_source_is_a_draft_with_its_digest_and_an_id_from_its_title() {
    let (d, u) = desk().await;
    let s = source(&d, &u).await;
    assert_eq!(s.id, "a-wire-report");
    assert_eq!(s.record.status, Visibility::Draft);
    assert_eq!(s.record.text.as_deref(), Some(TEXT));
    assert_eq!(
        s.record.doc["text_sha256"].as_str(),
        Some(sha256_hex(TEXT.as_bytes()).as_str())
    );
    let again = source(&d, &u).await;
    assert_eq!(again.id, "a-wire-report-2");
    let published = d.store.published().await.expect("published");
    assert!(
        published
            .dataset
            .sources
            .iter()
            .all(|(s, _)| s.id != "a-wire-report")
    );
}

#[tokio::test]
async fn a_claims_quote_is_taken_from_the_text_and_a_wrong_one_is_refused() {
    let (d, u) = desk().await;
    let s = source(&d, &u).await;
    let w = d
        .create_event(obj(event_doc(&s.id, true)), &u)
        .await
        .expect("event");
    let ev = w.entity.expect("event stored");
    let claims = d.list(Kind::Claim, Some(&ev.id)).await.expect("claims");
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].record.doc["quote"], json!(&TEXT[..58]));
    let mut bad = event_doc(&s.id, true);
    bad["claim"][0]["quote"] = json!("Officials said shelling hit Ganja.");
    let e = d.create_event(obj(bad), &u).await.expect_err("typed quote");
    assert!(
        matches!(&e, DeskError::Invalid { field, .. } if field == "quote"),
        "{e}"
    );
    let mut off = event_doc(&s.id, true);
    off["claim"][0]["end"] = json!(TEXT.len() + 1);
    let e = d
        .create_event(obj(off), &u)
        .await
        .expect_err("span off the text");
    assert!(
        matches!(&e, DeskError::Invalid { field, .. } if field == "end"),
        "{e}"
    );
}

#[tokio::test]
async fn bad_fields_are_named_with_the_rules_of_validate() {
    let (d, u) = desk().await;
    let s = source(&d, &u).await;
    let mut e = event_doc(&s.id, true);
    e["place_id"] = json!("geonames:0");
    let err = d.create_event(obj(e), &u).await.expect_err("unknown place");
    assert!(
        matches!(&err, DeskError::Invalid { field, .. } if field == "place_id"),
        "{err}"
    );
    let mut e = event_doc(&s.id, true);
    e["date_precision"] = json!("fortnight");
    let err = d.create_event(obj(e), &u).await.expect_err("bad precision");
    assert!(matches!(&err, DeskError::Invalid { .. }), "{err}");
    let mut e = event_doc(&s.id, true);
    e["colour"] = json!("red");
    let err = d.create_event(obj(e), &u).await.expect_err("unknown field");
    assert!(
        matches!(&err, DeskError::Invalid { field, .. } if field == "colour"),
        "{err}"
    );
}

#[tokio::test]
async fn a_stale_revision_is_a_conflict_and_nothing_is_lost() {
    let (d, u) = desk().await;
    let s = source(&d, &u).await;
    let ev = d
        .create_event(obj(event_doc(&s.id, true)), &u)
        .await
        .expect("event")
        .entity
        .expect("stored");
    let first = d
        .patch(
            Kind::Event,
            &ev.id,
            ev.revision,
            &json!({"title": "One"}),
            &u,
        )
        .await
        .expect("first editor wins");
    let e = d
        .patch(
            Kind::Event,
            &ev.id,
            ev.revision,
            &json!({"title": "Two"}),
            &u,
        )
        .await
        .expect_err("second editor's revision is stale");
    let DeskError::Conflict(now) = e else {
        unreachable!("a conflict, got {e}")
    };
    assert_eq!(now.record.doc["title"], json!("One"));
    assert_eq!(now.revision, first.entity.expect("stored").revision);
}

#[tokio::test]
async fn drafts_publish_only_when_complete_and_history_restores() {
    let (d, u) = desk().await;
    let s = source(&d, &u).await;
    let ev = d
        .create_event(obj(event_doc(&s.id, false)), &u)
        .await
        .expect("a draft without claims")
        .entity
        .expect("stored");
    let e = d
        .set_published(Kind::Event, &ev.id, None, true, &u)
        .await
        .expect_err("no claim yet");
    assert!(
        matches!(&e, DeskError::Invalid { field, .. } if field == "claim"),
        "{e}"
    );
    d.add_claim(
        &ev.id,
        obj(json!({"source": s.id, "claimant": "officials", "stance": "asserts", "start": 0, "end": 58})),
        &u,
    )
    .await
    .expect("claim");
    d.set_published(Kind::Event, &ev.id, None, true, &u)
        .await
        .expect("event published");
    // The event is public, but its claim's source is a draft: no claim is shown yet.
    let p = d.store.published().await.expect("published");
    let shown = p
        .dataset
        .events
        .iter()
        .find(|(e, _)| e.id == ev.id)
        .expect("event public");
    assert!(shown.0.claims.is_empty());
    d.set_published(Kind::Source, &s.id, None, true, &u)
        .await
        .expect("source published");
    let p = d.store.published().await.expect("published");
    let shown = p
        .dataset
        .events
        .iter()
        .find(|(e, _)| e.id == ev.id)
        .expect("event public");
    assert_eq!(shown.0.claims.len(), 1);

    let cur = d.get(Kind::Event, &ev.id).await.expect("event");
    let patched = d
        .patch(
            Kind::Event,
            &ev.id,
            cur.revision,
            &json!({"title": "Renamed"}),
            &u,
        )
        .await
        .expect("patch");
    let log = d
        .revisions(Some((Kind::Event, &ev.id)), None, 10)
        .await
        .expect("log");
    let actions: Vec<&str> = log.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["update", "publish", "create"]);
    assert_eq!(log[0].user.as_deref(), Some("ed"));
    // Restore the state after the publish: the old title, as a new revision.
    let restored = d
        .restore(log[1].n, &u)
        .await
        .expect("restore")
        .entity
        .expect("stored");
    assert_eq!(restored.record.doc["title"], json!("Shelling of Ganja"));
    assert!(restored.revision > patched.entity.expect("stored").revision);
    // A delete is a revision too, and restoring the one before brings it back.
    let cur = d.get(Kind::Event, &ev.id).await.expect("event");
    d.delete(Kind::Event, &ev.id, cur.revision, &u)
        .await
        .expect("delete");
    assert!(matches!(
        d.get(Kind::Event, &ev.id).await,
        Err(DeskError::NotFound(_))
    ));
    let log = d
        .revisions(Some((Kind::Event, &ev.id)), None, 10)
        .await
        .expect("log");
    assert_eq!(log[0].action, "delete");
    d.restore(log[1].n, &u).await.expect("undelete");
    assert_eq!(
        d.get(Kind::Event, &ev.id).await.expect("back").record.doc["title"],
        json!("Shelling of Ganja")
    );
}

#[tokio::test]
async fn a_cited_source_cannot_be_deleted_and_text_cannot_change() {
    let (d, u) = desk().await;
    let s = source(&d, &u).await;
    d.create_event(obj(event_doc(&s.id, true)), &u)
        .await
        .expect("event");
    let e = d
        .delete(Kind::Source, &s.id, s.revision, &u)
        .await
        .expect_err("cited");
    assert!(matches!(e, DeskError::InUse(_)), "{e}");
    let e = d
        .patch(
            Kind::Source,
            &s.id,
            s.revision,
            &json!({"text_sha256": "0"}),
            &u,
        )
        .await
        .expect_err("digest fixed");
    assert!(
        matches!(&e, DeskError::Invalid { field, .. } if field == "text_sha256"),
        "{e}"
    );
}

#[test]
fn merge_patch_follows_rfc_7396() {
    let mut t = json!({"a": "b", "c": {"d": "e", "f": "g"}});
    merge_patch(&mut t, &json!({"a": "z", "c": {"f": null}}));
    assert_eq!(t, json!({"a": "z", "c": {"d": "e"}}));
    let mut t = json!({"a": [1]});
    merge_patch(&mut t, &json!({"a": [2, 3], "n": null}));
    assert_eq!(t, json!({"a": [2, 3]}));
}

#[test]
fn slugs_are_lower_case_words_joined_by_hyphens() {
    assert_eq!(
        slug("Shelling of Ganja, 11 Oct."),
        "shelling-of-ganja-11-oct"
    );
    assert_eq!(slug("  ¿Qué?  "), "qu");
    assert_eq!(slug(""), "");
}
