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
    ];
    for uri in &lists {
        let body = d.public(uri).await.text();
        assert!(
            !body.contains(&eid) && !body.contains(&sid),
            "{uri} shows a draft"
        );
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
