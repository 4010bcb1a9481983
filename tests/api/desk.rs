//! The desk's write API over a real SQLite file: credentials, CSRF, drafts invisible to
//! readers, If-Match, validation and history. Mounted twice: as `desk` (SQLite) and as
//! `desk_postgres`, where the same scenarios run on a fresh PostgreSQL database each
//! (skipped without `DATELINE_TEST_DATABASE_URL`, see `crate::postgres`).

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::Request;
use dateline::auth::token::ApiToken;
use dateline::auth::{Role, password};
use dateline::desk::Desk;
use dateline::events::Dataset;
use dateline::gazetteer::Gazetteer;
use dateline::http::desk::DeskState;
use dateline::http::{AppState, Snapshot};
use dateline::index::Scan;
use dateline::store::{AnyStore, PgStore, SqliteStore, Store};
use serde_json::{Value, json};

use crate::helpers::{Resp, send_to};
use crate::postgres::TestDb;

const PASSWORD: &str = "correct horse battery staple";
pub(crate) const TEXT: &str =
    "Officials said on 3 May that shelling hit Ganja overnight. Others denied it.";

pub(crate) fn gazetteer() -> Arc<Gazetteer> {
    static G: OnceLock<Arc<Gazetteer>> = OnceLock::new();
    G.get_or_init(|| Arc::new(Gazetteer::load_default().expect("gazetteer")))
        .clone()
}

fn phc() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| password::hash(PASSWORD).expect("hash"))
}

/// A server over a fresh store seeded with the embedded dataset, with user `ed` and an API
/// token of theirs.
pub(crate) struct Desk1 {
    pub(crate) state: AppState,
    pub(crate) token: String,
    _dir: tempfile::TempDir,
    _db: Option<TestDb>,
}

/// This module's backend: a store file in a fresh directory, or (mounted as
/// `desk_postgres`) a fresh PostgreSQL database; None when that is unavailable.
async fn desk() -> Option<Desk1> {
    let dir = tempfile::tempdir().expect("tempdir");
    if module_path!().ends_with("desk_postgres") {
        let db = TestDb::fresh().await?;
        let store = PgStore::connect(&db.url, Some(dateline::desk::store_geometry(gazetteer())))
            .await
            .expect("store");
        Some(desk_with(store.into(), dir, Some(db)).await)
    } else {
        let store = SqliteStore::open(dir.path()).await.expect("store");
        Some(desk_with(store.into(), dir, None).await)
    }
}

/// A server over a store file in a fresh directory, seeded, with user `ed` and their token
/// (the scenarios that need no PostgreSQL run).
#[allow(
    dead_code,
    reason = "this file is also mounted as desk_postgres, where no scenario calls it"
)]
pub(crate) async fn sqlite_desk() -> Desk1 {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(dir.path()).await.expect("store");
    desk_with(store.into(), dir, None).await
}

/// A server over `store`, seeded, with user `ed` and their token.
pub(crate) async fn desk_with(
    store: AnyStore,
    dir: tempfile::TempDir,
    db: Option<TestDb>,
) -> Desk1 {
    store
        .seed(&Dataset::load_default().expect("dataset"), &BTreeMap::new())
        .await
        .expect("seed");
    let user = store
        .add_user("ed", Role::Editor, phc())
        .await
        .expect("user");
    let (token, stored) = ApiToken::generate().expect("token");
    store
        .add_token(&user, &stored, "tests")
        .await
        .expect("token stored");
    let data = store.published().await.expect("published");
    let g = gazetteer();
    let state = AppState::at_version(
        g.clone(),
        data.dataset,
        &data.texts,
        Scan::Indexed,
        Snapshot::store_version(data.version),
    );
    let desk = DeskState::new(Desk::new(store, g), BTreeMap::new(), data.version);
    Desk1 {
        state: state.with_desk(desk),
        token,
        _dir: dir,
        _db: db,
    }
}

pub(crate) fn req(method: &str, uri: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "desk.example")
}

impl Desk1 {
    pub(crate) async fn send(&self, r: Request<Body>) -> Resp {
        send_to(self.state.clone(), r).await
    }

    /// A request with the API token.
    pub(crate) async fn with_token(
        &self,
        method: &str,
        uri: &str,
        body: Option<Value>,
        etag: Option<&str>,
    ) -> Resp {
        let mut b = req(method, uri).header("authorization", format!("Bearer {}", self.token));
        if let Some(t) = etag {
            b = b.header("if-match", t);
        }
        let body = match body {
            Some(v) => {
                b = b.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(b.body(body).expect("request")).await
    }

    pub(crate) async fn public(&self, uri: &str) -> Resp {
        self.send(req("GET", uri).body(Body::empty()).expect("request"))
            .await
    }

    pub(crate) async fn source(&self) -> Value {
        let r = self
            .with_token(
                "POST",
                "/api/sources",
                Some(json!({"title": "A wire report", "kind": "article",
                            "published": "2020-10-12", "text": TEXT})),
                None,
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()
    }

    pub(crate) async fn event(&self, source: &str) -> Resp {
        self.with_token(
            "POST",
            "/api/events",
            Some(json!({
                "title": "Shelling of Ganja, as officials claim",
                "summary": "Officials claim shelling hit Ganja overnight.",
                "event_type": "shelling",
                "date_start": "2020-10-11", "date_end": "2020-10-11", "date_precision": "day",
                "place_id": "geonames:587084", "place_name": "Ganja",
                "location_precision": "place",
                "claim": [{"source": source, "claimant": "officials", "stance": "asserts",
                           "start": 0, "end": 58}],
            })),
            None,
        )
        .await
    }
}

#[tokio::test]
async fn anonymous_writes_get_401_with_a_problem_body() {
    let Some(d) = desk().await else { return };
    for (method, uri) in [
        ("POST", "/api/sources"),
        ("POST", "/api/events"),
        ("PATCH", "/api/events/ganja-missile-strike-2020-10-11"),
        ("DELETE", "/api/events/ganja-missile-strike-2020-10-11"),
        (
            "POST",
            "/api/events/ganja-missile-strike-2020-10-11/unpublish",
        ),
        ("POST", "/api/maps"),
        ("GET", "/api/revisions"),
    ] {
        let r = d
            .send(
                req(method, uri)
                    .header("content-type", "application/json")
                    .body(Body::from("{}"))
                    .expect("request"),
            )
            .await;
        r.assert_problem(401, None);
        assert!(
            r.header("www-authenticate").starts_with("Bearer"),
            "{method} {uri}"
        );
    }
    // A made-up token is refused too.
    let r = d
        .send(
            req("POST", "/api/sources")
                .header("authorization", format!("Bearer dl_{}", "0".repeat(64)))
                .body(Body::from("{}"))
                .expect("request"),
        )
        .await;
    r.assert_problem(401, None);
}

#[tokio::test]
async fn a_draft_is_invisible_to_readers_until_published() {
    let Some(d) = desk().await else { return };
    let s = d.source().await;
    let sid = s["id"].as_str().expect("id").to_owned();
    assert_eq!(s["status"], "draft");
    let r = d.event(&sid).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let e = r.json();
    let eid = e["id"].as_str().expect("id").to_owned();
    assert_eq!(e["claim"][0]["quote"], json!(&TEXT[..58]));
    assert!(
        r.header("location")
            .ends_with(&format!("/api/events/{eid}"))
    );

    let public = [
        format!("/collections/events/items/{eid}"),
        format!("/api/sources/{sid}"),
    ];
    for uri in &public {
        assert_eq!(d.public(uri).await.status, 404, "{uri} shows a draft");
    }
    let lists = [
        "/collections/events/items?limit=1000".to_owned(),
        "/api/sources".to_owned(),
        "/collections/claims/items?limit=1000".to_owned(),
        "/collections/event-points/items?limit=1000".to_owned(),
        "/api/events/timeline".to_owned(),
        "/collections/events/items?limit=1000&f=csv".to_owned(),
        "/collections/events/items?limit=1000&f=kml".to_owned(),
        "/collections/claims/items?limit=1000&f=gpkg".to_owned(),
        "/collections/mentions/items?limit=1000".to_owned(),
        "/api/events/grid?bbox=44,38,50,42".to_owned(),
        format!("/oembed?url=http://desk.example/?event={eid}"),
        format!("/source?id={sid}"),
    ];
    for uri in &lists {
        let r = d.public(uri).await;
        let body = String::from_utf8_lossy(&r.body).into_owned();
        // oEmbed echoes the URL asked for (with its id), never the draft's title.
        let echoed = uri.starts_with("/oembed");
        assert!(
            echoed || (!body.contains(&eid) && !body.contains(&sid)),
            "{uri} shows a draft"
        );
        assert!(
            !body.contains("as officials claim"),
            "{uri} shows the draft's title"
        );
        // The draft text's words never reach the mentions layer either.
        assert!(!body.contains("overnight"), "{uri} shows the draft's text");
    }
    // Editors see it.
    assert_eq!(
        d.with_token("GET", &format!("/api/sources/{sid}"), None, None)
            .await
            .status,
        200
    );

    // The event published, its source still a draft: the event shows without the claim.
    let r = d
        .with_token("POST", &format!("/api/events/{eid}/publish"), None, None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let item = d.public(&format!("/collections/events/items/{eid}")).await;
    assert_eq!(item.status, 200);
    assert!(!item.text().contains(&sid));
    let r = d
        .with_token("POST", &format!("/api/sources/{sid}/publish"), None, None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let item = d.public(&format!("/collections/events/items/{eid}")).await;
    assert!(
        item.text().contains(&sid),
        "the claim is public with its source"
    );
    for uri in &lists[..3] {
        assert!(
            d.public(uri).await.text().contains(&eid) || uri.contains("sources"),
            "{uri}"
        );
    }
    assert!(d.public("/api/sources").await.text().contains(&sid));
}

#[tokio::test]
async fn updates_need_if_match_and_a_stale_one_gets_412_with_the_current_entity() {
    let Some(d) = desk().await else { return };
    let sid = d.source().await["id"].as_str().expect("id").to_owned();
    let e = d.event(&sid).await;
    let tag = e.header("etag").to_owned();
    let eid = e.json()["id"].as_str().expect("id").to_owned();
    let uri = format!("/api/events/{eid}");
    let r = d
        .with_token("PATCH", &uri, Some(json!({"title": "T1"})), None)
        .await;
    r.assert_problem(428, None);
    let first = d
        .with_token("PATCH", &uri, Some(json!({"title": "T1"})), Some(&tag))
        .await;
    assert_eq!(first.status, 200, "{}", first.text());
    assert_ne!(first.header("etag"), tag);
    // The second editor read the same revision: refused, nothing lost.
    let second = d
        .with_token("PATCH", &uri, Some(json!({"title": "T2"})), Some(&tag))
        .await;
    second.assert_problem(412, None);
    assert_eq!(second.json()["current"]["title"], "T1");
    assert_eq!(second.header("etag"), first.header("etag"));
    let now = d.with_token("GET", &uri, None, None).await;
    assert_eq!(now.json()["title"], "T1");
    // A stale delete is refused too.
    d.with_token("DELETE", &uri, None, Some(&tag))
        .await
        .assert_problem(412, None);
    let r = d
        .with_token("DELETE", &uri, None, Some(first.header("etag")))
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(d.with_token("GET", &uri, None, None).await.status, 404);
}

#[tokio::test]
async fn two_editors_patching_at_once_with_the_same_etag_one_wins_one_gets_412() {
    let Some(d) = desk().await else { return };
    let sid = d.source().await["id"].as_str().expect("id").to_owned();
    let e = d.event(&sid).await;
    let tag = e.header("etag").to_owned();
    let uri = format!("/api/events/{}", e.json()["id"].as_str().expect("id"));
    let (a, b) = tokio::join!(
        d.with_token(
            "PATCH",
            &uri,
            Some(json!({"title": "Editor A"})),
            Some(&tag)
        ),
        d.with_token(
            "PATCH",
            &uri,
            Some(json!({"summary": "Editor B's summary."})),
            Some(&tag)
        ),
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412], "{} / {}", a.text(), b.text());
    let (won, lost) = if a.status == 200 { (a, b) } else { (b, a) };
    // The loser is told what is stored now: the winner's change, nothing lost.
    assert_eq!(lost.json()["current"]["revision"], won.json()["revision"]);
    let now = d.with_token("GET", &uri, None, None).await.json();
    assert_eq!(now["revision"], won.json()["revision"]);
}

#[tokio::test]
async fn bad_fields_get_422_naming_the_field_and_nothing_is_written() {
    let Some(d) = desk().await else { return };
    let sid = d.source().await["id"].as_str().expect("id").to_owned();
    let before = d
        .with_token("GET", "/api/revisions?limit=1", None, None)
        .await
        .json();
    let bad = [
        (
            json!({"title": "x", "summary": "y", "event_type": "shelling", "date_start": "2020-10-11",
                "date_end": "2020-10-11", "date_precision": "day", "place_id": "geonames:0",
                "place_name": "Nowhere", "location_precision": "place"}),
            "place_id",
        ),
        (
            json!({"title": "x", "summary": "y", "event_type": "picnic", "date_start": null,
                "date_end": null, "date_precision": "unknown", "place_id": "geonames:587084",
                "place_name": "Ganja", "location_precision": "place"}),
            "event_type",
        ),
        (
            json!({"title": "x", "summary": "y", "event_type": "shelling", "date_start": null,
                "date_end": null, "date_precision": "unknown", "place_id": "geonames:587084",
                "place_name": "Ganja", "location_precision": "place",
                "claim": [{"source": sid, "claimant": "a", "stance": "asserts", "start": 0,
                           "end": 10, "quote": "typed by hand"}]}),
            "quote",
        ),
    ];
    for (body, field) in bad {
        let r = d.with_token("POST", "/api/events", Some(body), None).await;
        assert_eq!(r.status, 422, "{}", r.text());
        assert_eq!(r.json()["field"], field, "{}", r.text());
    }
    let r = d
        .with_token(
            "POST",
            "/api/sources",
            Some(json!({"title": "t", "kind": "article"})),
            None,
        )
        .await;
    assert_eq!(r.json()["field"], "text");
    let r = d
        .send(
            req("POST", "/api/events")
                .header("authorization", format!("Bearer {}", d.token))
                .body(Body::from("not json"))
                .expect("request"),
        )
        .await;
    r.assert_problem(400, None);
    let after = d
        .with_token("GET", "/api/revisions?limit=1", None, None)
        .await
        .json();
    assert_eq!(
        before["revisions"][0]["n"], after["revisions"][0]["n"],
        "nothing was logged"
    );
}

#[tokio::test]
async fn history_lists_who_changed_what_and_restores_it() {
    let Some(d) = desk().await else { return };
    let sid = d.source().await["id"].as_str().expect("id").to_owned();
    let e = d.event(&sid).await;
    let tag = e.header("etag").to_owned();
    let eid = e.json()["id"].as_str().expect("id").to_owned();
    let uri = format!("/api/events/{eid}");
    d.with_token("PATCH", &uri, Some(json!({"title": "Renamed"})), Some(&tag))
        .await;
    let log = d
        .with_token(
            "GET",
            &format!("/api/revisions?entity=event:{eid}"),
            None,
            None,
        )
        .await
        .json();
    let revs = log["revisions"].as_array().expect("revisions");
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[0]["action"], "update");
    assert_eq!(revs[0]["user"], "ed");
    assert_eq!(
        revs[0]["before"]["doc"]["title"],
        "Shelling of Ganja, as officials claim"
    );
    assert_eq!(revs[0]["after"]["doc"]["title"], "Renamed");
    let n = revs[1]["n"].as_i64().expect("n");
    let r = d
        .with_token("POST", &format!("/api/revisions/{n}/restore"), None, None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["title"], "Shelling of Ganja, as officials claim");
    let log = d
        .with_token(
            "GET",
            &format!("/api/revisions?entity=event:{eid}"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(log["revisions"][0]["action"], "restore");
}

#[tokio::test]
async fn sessions_set_safe_cookies_and_cookie_writes_need_origin_and_csrf() {
    let Some(d) = desk().await else { return };
    let sign_in = |body: Value, https: bool| {
        let mut b = req("POST", "/api/session").header("content-type", "application/json");
        if https {
            b = b.header("x-forwarded-proto", "https");
        }
        b.body(Body::from(body.to_string())).expect("request")
    };
    let r = d
        .send(sign_in(
            json!({"name": "ed", "password": "wrong password!"}),
            false,
        ))
        .await;
    r.assert_problem(401, None);
    assert!(r.header("set-cookie").is_empty());
    let r = d
        .send(sign_in(json!({"name": "ed", "password": PASSWORD}), true))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let cookie = r.header("set-cookie").to_owned();
    for flag in [
        "__Host-dateline_session=",
        "HttpOnly",
        "SameSite=Lax",
        "Path=/",
        "Secure",
        "Max-Age=",
    ] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    let r = d
        .send(sign_in(json!({"name": "ed", "password": PASSWORD}), false))
        .await;
    let cookie = r.header("set-cookie").to_owned();
    assert!(
        cookie.starts_with("dateline_session=") && !cookie.contains("Secure"),
        "{cookie}"
    );
    let csrf = r.json()["csrf_token"]
        .as_str()
        .expect("csrf token")
        .to_owned();
    let pair = cookie.split(';').next().expect("pair").to_owned();

    let write = |origin: Option<&str>, token: Option<&str>| {
        let mut b = req("POST", "/api/sources")
            .header("cookie", &pair)
            .header("content-type", "application/json");
        if let Some(o) = origin {
            b = b.header("origin", o);
        }
        if let Some(t) = token {
            b = b.header("x-csrf-token", t);
        }
        b.body(Body::from(
            json!({"title": "Via the cookie", "kind": "article", "text": TEXT}).to_string(),
        ))
        .expect("request")
    };
    // A cross-site form post carries the cookie (were it sent) but not our origin.
    d.send(write(Some("https://evil.example"), Some(&csrf)))
        .await
        .assert_problem(403, None);
    d.send(write(None, Some(&csrf)))
        .await
        .assert_problem(403, None);
    d.send(write(Some("http://desk.example"), None))
        .await
        .assert_problem(403, None);
    d.send(write(Some("http://desk.example"), Some(&"0".repeat(64))))
        .await
        .assert_problem(403, None);
    let ok = d
        .send(write(Some("http://desk.example"), Some(&csrf)))
        .await;
    assert_eq!(ok.status, 201, "{}", ok.text());
    assert_eq!(ok.header("cache-control"), "private, no-store");

    let who = d
        .send(
            req("GET", "/api/session")
                .header("cookie", &pair)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(who.json()["user"], "ed");
    let out = d
        .send(
            req("DELETE", "/api/session")
                .header("cookie", &pair)
                .header("origin", "http://desk.example")
                .header("x-csrf-token", &csrf)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(out.status, 204);
    assert!(out.header("set-cookie").contains("Max-Age=0"));
    let again = d
        .send(
            req("GET", "/api/session")
                .header("cookie", &pair)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    again.assert_problem(401, None);
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_limited() {
    let Some(d) = desk().await else { return };
    let mut last = 0;
    for _ in 0..7 {
        let r = d
            .send(
                req("POST", "/api/session")
                    .header("content-type", "application/json")
                    .body(Body::from(
                        json!({"name": "ed", "password": "guess guess guess"}).to_string(),
                    ))
                    .expect("request"),
            )
            .await;
        last = r.status.as_u16();
        if last == 429 {
            assert!(!r.header("retry-after").is_empty());
            break;
        }
        assert_eq!(last, 401);
    }
    assert_eq!(
        last, 429,
        "the sixth failure in a row is refused before checking"
    );
}

#[tokio::test]
async fn a_write_changes_the_public_etags() {
    let Some(d) = desk().await else { return };
    let before = d.public("/collections/events/items").await;
    let sid = d.source().await["id"].as_str().expect("id").to_owned();
    d.with_token("POST", &format!("/api/sources/{sid}/publish"), None, None)
        .await;
    let after = d.public("/collections/events/items").await;
    assert_ne!(before.header("etag"), after.header("etag"));
}

#[tokio::test]
async fn analyse_geoparses_the_stored_text_and_mention_decisions_stick() {
    let Some(d) = desk().await else { return };
    let sid = d.source().await["id"].as_str().expect("id").to_owned();
    let r = d
        .with_token("POST", &format!("/api/sources/{sid}/analyse"), None, None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let ganja = v["mentions"]["features"]
        .as_array()
        .expect("mentions")
        .iter()
        .find(|f| f["properties"]["text"] == "Ganja")
        .unwrap_or_else(|| panic!("Ganja among {}", v["mentions"]))
        .clone();
    let start = ganja["properties"]["start"].as_u64().expect("start");
    assert_eq!(&TEXT[start as usize..start as usize + 5], "Ganja");
    assert!(
        v["candidates"]["features"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
    let uri = format!("/api/sources/{sid}/mentions/{start}");
    let r = d
        .with_token("PUT", &uri, Some(json!({"decision": "rejected"})), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = d
        .with_token(
            "PUT",
            &uri,
            Some(json!({"decision": "resolved", "place_id": "geonames:0"})),
            None,
        )
        .await;
    assert_eq!(r.json()["field"], "place_id");
    let bad = format!("/api/sources/{sid}/mentions/{}", TEXT.len() + 5);
    let r = d
        .with_token("PUT", &bad, Some(json!({"decision": "accepted"})), None)
        .await;
    assert_eq!(r.json()["field"], "start");
    let v = d
        .with_token("POST", &format!("/api/sources/{sid}/analyse"), None, None)
        .await
        .json();
    assert_eq!(
        v["decisions"][0]["decision"], "rejected",
        "{}",
        v["decisions"]
    );
    assert_eq!(v["decisions"][0]["id"], format!("{sid}@{start}"));
}

#[tokio::test]
async fn imported_layers_become_drafts_whose_claims_quote_the_file() {
    let Some(d) = desk().await else { return };
    let layer = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "Strike near Barda", "date": "2020-10-28",
   "description": "Marked by a reader."}, "geometry": {"type": "Point", "coordinates": [47.13, 40.38]}},
  {"type": "Feature", "properties": {"name": "Mid-ocean"}, "geometry": {"type": "Point", "coordinates": [-30.0, 0.0]}},
  {"type": "Feature", "properties": {"name": "A road"}, "geometry": {"type": "LineString", "coordinates": [[47, 40], [47.1, 40.1]]}}
]}"#;
    let send = |uri: &str, body: &str, ct: &str| {
        req("POST", uri)
            .header("authorization", format!("Bearer {}", d.token))
            .header("content-type", ct)
            .body(Body::from(body.to_owned()))
            .expect("request")
    };
    let r = d
        .send(send(
            "/api/import?name=reader-map.geojson&event_type=missile_strike",
            layer,
            "application/geo+json",
        ))
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    assert_eq!(v["events"].as_array().map(Vec::len), Some(1), "{v}");
    let skipped: Vec<u64> = v["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| s["feature"].as_u64().expect("n"))
        .collect();
    assert_eq!(skipped, [2, 3], "{v}");
    let eid = v["events"][0].as_str().expect("id");
    let e = d
        .with_token("GET", &format!("/api/events/{eid}"), None, None)
        .await
        .json();
    assert_eq!(e["status"], "draft");
    assert_eq!(e["date_start"], "2020-10-28");
    assert_eq!(e["place_id"], "geonames:587057", "Barda, the nearest place");
    let c = &e["claim"][0];
    let (s, end) = (
        c["start"].as_u64().expect("start") as usize,
        c["end"].as_u64().expect("end") as usize,
    );
    assert_eq!(&layer[s..end], "Strike near Barda");
    assert_eq!(c["source"], v["source"]);
    // Nothing public until published.
    assert_eq!(
        d.public(&format!("/collections/events/items/{eid}"))
            .await
            .status,
        404
    );

    let r = d
        .send(send(
            "/api/import?name=x.csv&event_type=shelling",
            "title,notes\na,b\n",
            "text/csv",
        ))
        .await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.json()["field"], "file");
    let r = d
        .send(send(
            "/api/import?name=x.csv&event_type=picnic",
            "name,lat,lon\na,40,47\n",
            "text/csv",
        ))
        .await;
    assert_eq!(r.json()["field"], "event_type");
    let r = d
        .send(send(
            "/api/import?name=x.pdf&event_type=shelling",
            "%PDF",
            "application/pdf",
        ))
        .await;
    assert_eq!(r.json()["field"], "file");
}

/// A one-page PDF whose text layer reads `line` (Helvetica), with a correct xref table.
fn pdf(line: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 720 Td ({line}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

/// A form part: name, file name and media type when it is a file, content.
type Part<'a> = (&'a str, Option<(&'a str, &'a str)>, &'a [u8]);

fn multipart(parts: &[Part]) -> (String, Vec<u8>) {
    let boundary = "dateline-test-boundary";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend(format!("--{boundary}\r\n").bytes());
        match file {
            Some((fname, ct)) => body.extend(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{fname}\"\r\nContent-Type: {ct}\r\n\r\n").bytes(),
            ),
            None => body.extend(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn uploaded_txt_and_pdf_files_become_sources_with_their_text() {
    let Some(d) = desk().await else { return };
    let upload = |ct: String, body: Vec<u8>| {
        req("POST", "/api/sources")
            .header("authorization", format!("Bearer {}", d.token))
            .header("content-type", ct)
            .body(Body::from(body))
            .expect("request")
    };
    let (ct, body) = multipart(&[
        ("title", None, b"Wire copy"),
        ("kind", None, b"article"),
        ("speakers", None, b"a spokesman, an official"),
        ("file", Some(("wire.txt", "text/plain")), TEXT.as_bytes()),
    ]);
    let r = d.send(upload(ct, body)).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    assert_eq!(v["text"], TEXT);
    assert_eq!(v["upload"]["name"], "wire.txt");
    assert_eq!(v["speakers"], json!(["a spokesman", "an official"]));

    let (ct, body) = multipart(&[
        ("kind", None, b"report"),
        (
            "file",
            Some(("report.pdf", "application/pdf")),
            &pdf("Shelling hit Ganja overnight."),
        ),
    ]);
    let r = d.send(upload(ct, body)).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    assert!(
        v["text"]
            .as_str()
            .is_some_and(|t| t.contains("Shelling hit Ganja overnight.")),
        "{v}"
    );
    assert_eq!(
        v["title"], "report.pdf",
        "the file name when no title is given"
    );
    assert_eq!(v["upload"]["media_type"], "application/pdf");

    for (parts, field) in [
        (
            vec![
                ("kind", None, &b"report"[..]),
                (
                    "file",
                    Some(("x.pdf", "application/pdf")),
                    &b"%PDF-1.4 broken"[..],
                ),
            ],
            "file",
        ),
        (
            vec![
                ("kind", None, &b"report"[..]),
                ("file", Some(("x.docx", "application/msword")), &b"PK"[..]),
            ],
            "file",
        ),
        (vec![("kind", None, &b"report"[..])], "file"),
        (vec![("colour", None, &b"red"[..])], "colour"),
    ] {
        let (ct, body) = multipart(&parts);
        let r = d.send(upload(ct, body)).await;
        assert_eq!(r.status, 422, "{}", r.text());
        assert_eq!(r.json()["field"], field, "{}", r.text());
    }
}

#[tokio::test]
async fn a_published_map_opens_at_its_view_and_selection_and_a_draft_is_404() {
    let Some(d) = desk().await else { return };
    let r = d
        .with_token(
            "POST",
            "/api/maps",
            Some(json!({"slug": "ganja-strikes", "title": "Strikes on Ganja",
                        "selection": {"from": "2020-10-01", "to": "2020-10-31", "type": "missile_strike"},
                        "view": {"bbox": [46.0, 40.4, 46.7, 40.9]}, "names": "az"})),
            None,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(d.public("/maps/ganja-strikes").await.status, 404, "a draft");
    assert_eq!(
        d.public("/api/maps/ganja-strikes").await.status,
        404,
        "a draft"
    );
    d.with_token("POST", "/api/maps/ganja-strikes/publish", None, None)
        .await;
    let r = d.public("/maps/ganja-strikes").await;
    assert_eq!(r.status, 302);
    assert_eq!(
        r.header("location"),
        "/?bbox=46.0000,40.4000,46.7000,40.9000&from=2020-10-01&to=2020-10-31&type=missile_strike&names=az&title=Strikes+on+Ganja"
    );
    assert_eq!(
        d.public("/api/maps/ganja-strikes").await.json()["title"],
        "Strikes on Ganja"
    );
    let r = d
        .with_token(
            "POST",
            "/api/maps",
            Some(json!({"slug": "Bad Slug", "title": "x"})),
            None,
        )
        .await;
    assert_eq!(r.json()["field"], "slug");
}

#[tokio::test]
async fn a_published_maps_embed_and_oembed_carry_its_title_and_go_when_it_is_unpublished() {
    let Some(d) = desk().await else { return };
    let r = d
        .with_token(
            "POST",
            "/api/maps",
            Some(json!({"slug": "ganja-embed", "title": "Strikes on Ganja, October 2020",
                        "credit": "Map: the desk", "selection": {"from": "2020-10-01", "to": "2020-10-31"}})),
            None,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(
        d.public("/embed?map=ganja-embed").await.status,
        410,
        "a draft"
    );
    assert_eq!(d.public("/embed?map=no-such-map").await.status, 410);
    assert_eq!(d.public("/embed").await.status, 200, "no map: the view");
    let oembed = "/oembed?url=http://desk.example/maps/ganja-embed";
    assert_eq!(d.public(oembed).await.status, 404, "a draft has no oEmbed");
    d.with_token("POST", "/api/maps/ganja-embed/publish", None, None)
        .await;
    assert_eq!(d.public("/embed?map=ganja-embed").await.status, 200);
    for url in [
        oembed.to_owned(),
        "/oembed?url=http://desk.example/embed?map=ganja-embed"
            .replace('?', "%3F")
            .replacen("%3F", "?", 1),
    ] {
        let r = d.public(&url).await;
        assert_eq!(r.status, 200, "{url}: {}", r.text());
        let v = r.json();
        assert_eq!(
            v["title"], "Dateline: Strikes on Ganja, October 2020",
            "{url}"
        );
        assert!(
            v["html"]
                .as_str()
                .is_some_and(|h| h.contains("/embed?map=ganja-embed")),
            "{v}"
        );
    }
    d.with_token("POST", "/api/maps/ganja-embed/unpublish", None, None)
        .await;
    assert_eq!(d.public("/embed?map=ganja-embed").await.status, 410);
    assert_eq!(d.public(oembed).await.status, 404);
}
