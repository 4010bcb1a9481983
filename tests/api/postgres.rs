//! The PostgreSQL + PostGIS store: each test on a fresh database of the cluster that
//! `DATELINE_TEST_DATABASE_URL` names (scripts/pg-test-cluster.sh starts one); skipped with
//! a note without it, failing when `CI=true`. The desk's scenarios run on it too
//! (`desk_postgres`, the file of `desk` mounted again); here: what only PostgreSQL has
//! (PostGIS geometry, the trigger of the revision log, commits of two servers at once) and
//! two `dateline serve` replicas on one database.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dateline::store::{Change, Expect, Kind, PgStore, Record, Store, StoreError, Visibility};
use serde_json::{Value, json};
use sqlx::Connection;
use sqlx::postgres::PgConnection;

use crate::desk::{Desk1, TEXT, desk_with, gazetteer};
use crate::support;

/// A database made for one test, dropped (with whatever is still connected) at its end.
pub struct TestDb {
    /// Its URL.
    pub url: String,
    admin: String,
    name: String,
}

impl TestDb {
    /// A fresh empty database on the test cluster; None (with a note) when none is set up,
    /// except on CI, where that fails the test.
    pub async fn fresh() -> Option<TestDb> {
        let Ok(admin) = std::env::var("DATELINE_TEST_DATABASE_URL") else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "DATELINE_TEST_DATABASE_URL is unset (CI=true): .ci/run starts a cluster with \
                 scripts/pg-test-cluster.sh"
            );
            println!(
                "skipped: DATELINE_TEST_DATABASE_URL is unset; \
                 eval \"$(scripts/pg-test-cluster.sh start)\" sets it"
            );
            return None;
        };
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "dateline_test_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let mut conn = PgConnection::connect(&admin).await.expect("test cluster");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .expect("create database");
        conn.close().await.ok();
        let (base, query) = match admin.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (admin.as_str(), String::new()),
        };
        let (server, _) = base.rsplit_once('/').expect("a URL with a database");
        Some(TestDb {
            url: format!("{server}/{name}{query}"),
            admin,
            name,
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        // Its own thread and runtime: drop runs inside the test's runtime.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async {
                let mut conn = PgConnection::connect(&admin).await.ok()?;
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut conn)
                .await
                .ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(_))) {
            eprintln!("could not drop test database {}", self.name);
        }
    }
}

/// A store on a fresh database, and the database.
async fn store() -> Option<(PgStore, TestDb)> {
    let db = TestDb::fresh().await?;
    let st = PgStore::connect(&db.url, Some(dateline::desk::store_geometry(gazetteer())))
        .await
        .expect("store");
    Some((st, db))
}

/// A desk over a fresh database.
async fn desk() -> Option<(Desk1, PgStore)> {
    let (st, db) = store().await?;
    let dir = tempfile::tempdir().expect("tempdir");
    Some((desk_with(st.clone().into(), dir, Some(db)).await, st))
}

/// Longitude and latitude of a `POINT(lon lat)`.
fn point(wkt: &str) -> (f64, f64) {
    let inner = wkt
        .strip_prefix("POINT(")
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or_else(|| panic!("not a point: {wkt}"));
    let (lon, lat) = inner.split_once(' ').expect("two coordinates");
    (
        lon.parse().expect("longitude"),
        lat.parse().expect("latitude"),
    )
}

#[tokio::test]
async fn events_keep_the_postgis_geometry_of_their_place_through_writes() {
    let Some((d, st)) = desk().await else { return };
    let g = gazetteer();
    let sid = d.source().await["id"].as_str().expect("id").to_owned();
    let r = d.event(&sid).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let e = r.json();
    let eid = e["id"].as_str().expect("id").to_owned();
    let geometry = |id: String| {
        let pool = st.pool().clone();
        async move {
            sqlx::query_as::<_, (Option<String>, Option<i32>)>(
                "SELECT ST_AsText(geometry), ST_SRID(geometry) FROM events WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("row")
        }
    };
    let (wkt, srid) = geometry(eid.clone()).await;
    // The place the test's event names (`crate::desk`'s `event`).
    let placed = g.get("geonames:587084").expect("the event's place");
    let (lon, lat) = point(&wkt.expect("a geometry"));
    assert!((lon - placed.lon()).abs() < 1e-5 && (lat - placed.lat()).abs() < 1e-5);
    assert_eq!(srid, Some(4326));

    // Moved to another place: the geometry follows.
    let ds = dateline::events::Dataset::load_default().expect("dataset");
    let (other, _) = ds
        .events
        .iter()
        .find(|(e, _)| {
            e.place_id != "geonames:587084"
                && e.location_precision == dateline::events::LocationPrecision::Place
        })
        .expect("an event at another place");
    let r = d
        .with_token(
            "PATCH",
            &format!("/api/events/{eid}"),
            Some(json!({"place_id": other.place_id, "place_name": other.place_name})),
            Some(r.header("etag")),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let p = g.get(&other.place_id).expect("its place");
    let (lon, lat) = point(&geometry(eid.clone()).await.0.expect("a geometry"));
    assert!((lon - p.lon()).abs() < 1e-5 && (lat - p.lat()).abs() < 1e-5);

    // Seeded events are there too, areas as outlines; the GiST index serves a bbox query
    // as QGIS sends it: the points within 0.01° of the place the event moved to.
    let at = p;
    let (points, areas, near): (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE GeometryType(geometry) = 'POINT'), \
         count(*) FILTER (WHERE GeometryType(geometry) = 'MULTIPOLYGON'), \
         count(*) FILTER (WHERE GeometryType(geometry) = 'POINT' AND geometry && \
         ST_MakeEnvelope($1 - 0.01, $2 - 0.01, $1 + 0.01, $2 + 0.01, 4326)) FROM events",
    )
    .bind(at.lon())
    .bind(at.lat())
    .fetch_one(st.pool())
    .await
    .expect("counts");
    let near_there = ds
        .events
        .iter()
        .filter_map(|(e, _)| dateline::desk::geometry_of(&g, &serde_json::to_value(e).ok()?))
        .filter_map(|geo| serde_json::from_str::<Value>(&geo).ok())
        .filter(|geo| {
            let c = |i: usize| geo["coordinates"][i].as_f64().unwrap_or(f64::NAN);
            geo["type"] == "Point"
                && (c(0) - at.lon()).abs() <= 0.01
                && (c(1) - at.lat()).abs() <= 0.01
        })
        .count();
    assert!(near_there > 0, "a seeded event is drawn there");
    assert_eq!(points + areas, ds.events.len() as i64 + 1);
    assert!(areas > 0, "events located to a region are outlines");
    assert_eq!(
        near,
        near_there as i64 + 1,
        "the seeded ones and the moved one"
    );
    let index: Option<String> = sqlx::query_scalar(
        "SELECT indexdef FROM pg_indexes WHERE tablename = 'events' AND indexname = 'events_geometry'",
    )
    .fetch_optional(st.pool())
    .await
    .expect("index");
    assert!(index.expect("the index").contains("USING gist"));
}

#[tokio::test]
async fn the_revision_log_refuses_updates_deletes_and_truncation() {
    let Some((st, _db)) = store().await else {
        return;
    };
    let ds = dateline::events::Dataset::load_default().expect("dataset");
    st.seed(&ds, &Default::default()).await.expect("seed");
    for sql in [
        "UPDATE revisions SET action = 'forged' WHERE n = 1",
        "DELETE FROM revisions WHERE n = 1",
        "TRUNCATE revisions",
    ] {
        let e = sqlx::query(sql)
            .execute(st.pool())
            .await
            .expect_err("refused");
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    // Removing a user keeps their name in the log (the one update allowed).
    let u = st
        .add_user("ed", dateline::auth::Role::Editor, "$argon2id$not-checked")
        .await
        .expect("user");
    let change = Change {
        kind: Kind::Map,
        id: "m".into(),
        expect: Expect::Absent,
        after: Some(Record {
            status: Visibility::Draft,
            doc: json!({"slug": "m", "title": "M"}),
            text: None,
            parent: None,
            upload: None,
        }),
        action: None,
    };
    let c = st.commit(vec![change], Some(&u)).await.expect("commit");
    st.remove_user("ed").await.expect("removed");
    let rev = st
        .revision(c.revisions[0])
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(rev.user.as_deref(), Some("ed"));
    assert_eq!(rev.action, "create");
}

#[tokio::test]
async fn two_servers_committing_against_the_same_revision_one_wins() {
    let Some((a, db)) = store().await else { return };
    let b = PgStore::connect(&db.url, None).await.expect("second store");
    let map = |title: &str, expect| Change {
        kind: Kind::Map,
        id: "m".into(),
        expect,
        after: Some(Record {
            status: Visibility::Draft,
            doc: json!({"slug": "m", "title": title}),
            text: None,
            parent: None,
            upload: None,
        }),
        action: None,
    };
    let first = a
        .commit(vec![map("0", Expect::Absent)], None)
        .await
        .expect("create");
    let r = first.entities[0].2;
    for round in 0..10 {
        let (x, y) = tokio::join!(
            a.commit(vec![map("a", Expect::Revision(r + round))], None),
            b.commit(vec![map("b", Expect::Revision(r + round))], None),
        );
        let won = [&x, &y].iter().filter(|c| c.is_ok()).count();
        assert_eq!(won, 1, "round {round}: {x:?} {y:?}");
        let lost = if x.is_ok() { y } else { x };
        assert!(
            matches!(lost, Err(StoreError::Conflict { current: Some(c), .. }) if c == r + round + 1),
            "{lost:?}"
        );
    }
    let m = a.get(Kind::Map, "m").await.expect("read").expect("map");
    assert_eq!(m.revision, r + 10);
    assert_eq!(a.data_version().await.expect("version"), 11);
    assert_eq!(a.revisions(None, None, 100).await.expect("log").len(), 11);
}

/// A `dateline` process.
fn dateline(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dateline"));
    c.args(args).env_remove("DATELINE_DATA_DIR");
    c
}

/// A `dateline serve` on the database, stopped when dropped.
struct Replica {
    child: Child,
    url: String,
}

impl Replica {
    fn start(db: &str) -> Replica {
        let (child, url) = support::start_server(&["serve", "--port", "0", "--database", db], &[]);
        Replica { child, url }
    }

    /// One request (with the API token when not empty); the status and the body.
    fn send(&self, method: &str, path: &str, token: &str, body: Option<&Value>) -> (u16, String) {
        let auth = format!("Bearer {token}");
        let mut headers = vec![("Content-Type", "application/json")];
        if !token.is_empty() {
            headers.push(("Authorization", &auth));
        }
        let body = body.map(Value::to_string).unwrap_or_default();
        let out = support::http(&self.url, method, path, &headers, &body).expect("request");
        let status = out
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, support::body(&out))
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_through_one_replica_is_served_by_the_other_within_a_second() {
    let Some(db) = TestDb::fresh().await else {
        return;
    };
    // Started together on an empty database: one of them seeds it, once.
    let url = db.url.clone();
    let (a, b) = tokio::task::spawn_blocking(move || {
        let a = std::thread::spawn({
            let url = url.clone();
            move || Replica::start(&url)
        });
        let b = Replica::start(&url);
        (a.join().expect("first replica"), b)
    })
    .await
    .expect("replicas");
    let mut add = dateline(&[
        "user",
        "add",
        "ed",
        "--password-stdin",
        "--database",
        &db.url,
    ])
    .stdin(Stdio::piped())
    .spawn()
    .expect("user add");
    add.stdin
        .take()
        .expect("stdin")
        .write_all(b"correct horse battery staple\n")
        .expect("password");
    assert!(add.wait().expect("user add").success());
    let out = dateline(&["token", "create", "ed", "--database", &db.url])
        .output()
        .expect("token create");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_owned();

    let st = PgStore::connect(&db.url, None).await.expect("store");
    assert_eq!(st.data_version().await.expect("version"), 1, "seeded once");

    for (round, (writer, reader)) in [(&a, &b), (&b, &a)].into_iter().enumerate() {
        let (status, body) = writer.send(
            "POST",
            "/api/sources",
            &token,
            Some(
                &json!({"title": format!("Wire report {round}"), "kind": "article",
                         "published": "2020-10-12", "text": TEXT}),
            ),
        );
        assert_eq!(status, 201, "{body}");
        let id = serde_json::from_str::<Value>(&body).expect("json")["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let (status, body) =
            writer.send("POST", &format!("/api/sources/{id}/publish"), &token, None);
        assert_eq!(status, 200, "{body}");
        let written = Instant::now();
        let seen = loop {
            let (status, _) = reader.send("GET", &format!("/api/sources/{id}"), "", None);
            if status == 200 {
                break written.elapsed();
            }
            assert_eq!(status, 404);
            assert!(
                written.elapsed() < Duration::from_secs(5),
                "round {round}: the other replica never served {id}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        assert!(
            seen < Duration::from_secs(1),
            "round {round}: served by the other replica after {seen:?}"
        );
    }
}
