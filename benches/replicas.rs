//! Replica propagation: how long after a write through one `dateline serve` another one on
//! the same PostgreSQL database serves it (NOTIFY, then a reload of the published data).
//!
//! ```sh
//! eval "$(scripts/pg-test-cluster.sh start)"
//! cargo bench --bench replicas                     # the seeded dataset, 10k and 100k events
//! DATELINE_BENCH_EVENTS=0,1000 cargo bench --bench replicas
//! ```
//!
//! For each size: a fresh database seeded with the embedded dataset plus N synthetic
//! events (and 500 synthetic sources), two servers, then rounds of a `PATCH` of a published
//! source's title through one and a poll (every 2 ms) of the other's public
//! `/api/sources/{id}` until it shows the new title; the writers alternate. Times from
//! sending the write, and from its acknowledgement. Skipped without
//! `DATELINE_TEST_DATABASE_URL`.

use std::io::{BufRead, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dateline::auth::Role;
use dateline::auth::token::ApiToken;
use dateline::events::{Dataset, Source};
use dateline::gazetteer::Gazetteer;
use dateline::store::{PgStore, Store};
use serde_json::{Value, json};
use sqlx::Connection;

/// Writes per size.
const ROUNDS: usize = 20;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(url: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["serve", "--port", "0", "--database", url])
        .env("RUST_LOG", "warn,dateline=info")
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut lines = std::io::BufReader::new(child.stderr.take().expect("stderr")).lines();
    let addr = loop {
        let line = lines.next().expect("logs before exiting").expect("line");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.split_whitespace().next().expect("address").to_owned();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    Server { child, addr }
}

/// One request over a fresh connection; status and body.
fn send(addr: &str, method: &str, path: &str, headers: &str, body: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{headers}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    // The ETag, for the next If-Match.
    let etag = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("etag: ")
                .or_else(|| l.strip_prefix("ETag: "))
        })
        .unwrap_or_default();
    if method == "PATCH" || method == "POST" {
        return (status, format!("{etag}\n{body}"));
    }
    (status, body.to_owned())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn fresh_db(admin: &str, name: &str) -> String {
    let mut conn = sqlx::postgres::PgConnection::connect(admin)
        .await
        .expect("cluster");
    for sql in [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        format!("CREATE DATABASE {name}"),
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .expect("database");
    }
    let (base, query) = admin.split_once('?').unwrap_or((admin, ""));
    let (server, _) = base.rsplit_once('/').expect("a URL with a database");
    if query.is_empty() {
        format!("{server}/{name}")
    } else {
        format!("{server}/{name}?{query}")
    }
}

async fn measure(admin: &str, g: &Arc<Gazetteer>, n: usize) {
    let url = fresh_db(admin, &format!("dateline_bench_{n}")).await;
    let store = PgStore::connect(&url, Some(dateline::desk::store_geometry(g.clone())))
        .await
        .expect("store");
    let mut ds = Dataset::load_default().expect("dataset");
    for k in 0..500 {
        let s: Source = serde_json::from_value(json!({"id": format!("source-{k}"),
            "kind": "article", "title": format!("Synthetic source {k}"),
            "published": "2020-01-01"}))
        .expect("source");
        ds.sources.push((s, format!("source-{k}/source.toml")));
    }
    for mut e in dateline::events::synthetic::synthetic_events(g, n) {
        // As the validator wants stored events: one day, figures only with whom they count.
        if e.date_start.is_some() {
            e.date_end = e.date_start;
            e.date_precision = dateline::events::dates::DatePrecision::Day;
        }
        for c in &mut e.claims {
            c.casualties.clear();
        }
        ds.events.push((e, "synthetic/events.toml".to_owned()));
    }
    let t = Instant::now();
    store.seed(&ds, &Default::default()).await.expect("seed");
    let seeded = t.elapsed();
    let t = Instant::now();
    let data = store.published().await.expect("published");
    let read = t.elapsed();
    let t = Instant::now();
    let state = dateline::http::AppState::at_version(
        g.clone(),
        data.dataset,
        &data.texts,
        dateline::index::Scan::Indexed,
        "v".into(),
    );
    let built = t.elapsed();
    drop(state);
    let user = store
        .add_user("bench", Role::Editor, "$argon2id$unused")
        .await
        .expect("user");
    let (token, stored) = ApiToken::generate().expect("token");
    store
        .add_token(&user, &stored, "bench")
        .await
        .expect("token");
    let auth = format!("Authorization: Bearer {token}\r\n");

    let t = Instant::now();
    let servers = [start(&url), start(&url)];
    let started = t.elapsed();
    let (status, out) = send(
        &servers[0].addr,
        "POST",
        "/api/sources",
        &auth,
        &json!({"title": "Round 0", "kind": "article", "published": "2020-10-12",
                "text": "Officials said shelling hit Ganja overnight."})
        .to_string(),
    );
    assert_eq!(status, 201, "{out}");
    let (_, body) = out.split_once('\n').unwrap_or_default();
    let id = serde_json::from_str::<Value>(body).expect("json")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let (status, out) = send(
        &servers[0].addr,
        "POST",
        &format!("/api/sources/{id}/publish"),
        &auth,
        "",
    );
    assert_eq!(status, 200, "{out}");
    let mut etag = out.split('\n').next().unwrap_or_default().to_owned();

    let (mut from_send, mut from_ack) = (Vec::new(), Vec::new());
    for round in 1..=ROUNDS {
        let (writer, reader) = (&servers[round % 2], &servers[(round + 1) % 2]);
        let title = format!("Round {round}");
        let sent = Instant::now();
        let (status, out) = send(
            &writer.addr,
            "PATCH",
            &format!("/api/sources/{id}"),
            &format!("{auth}If-Match: {etag}\r\n"),
            &json!({ "title": title }).to_string(),
        );
        let acked = Instant::now();
        assert_eq!(status, 200, "{out}");
        etag = out.split('\n').next().unwrap_or_default().to_owned();
        let needle = format!("\"title\":\"{title}\"");
        loop {
            let (_, body) = send(&reader.addr, "GET", &format!("/api/sources/{id}"), "", "");
            if body.contains(&needle) {
                break;
            }
            assert!(sent.elapsed() < Duration::from_secs(60), "never propagated");
            std::thread::sleep(Duration::from_millis(2));
        }
        from_send.push(sent.elapsed());
        from_ack.push(acked.elapsed().min(sent.elapsed()));
    }
    from_send.sort();
    from_ack.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "replicas/{n:>7} synthetic events ({} in all): seed {:.1} s, two servers up in {:.1} s; \
         a reload: reading the published data {:.0} ms, building the snapshot {:.0} ms; \
         write→served by the other, from sending: median {:.0} ms, p95 {:.0} ms, max {:.0} ms; \
         from the acknowledgement: median {:.0} ms, max {:.0} ms ({ROUNDS} writes)",
        ds.events.len(),
        seeded.as_secs_f64(),
        started.as_secs_f64(),
        ms(read),
        ms(built),
        ms(percentile(&from_send, 0.5)),
        ms(percentile(&from_send, 0.95)),
        ms(percentile(&from_send, 1.0)),
        ms(percentile(&from_ack, 0.5)),
        ms(percentile(&from_ack, 1.0)),
    );
    drop(servers);
    let mut conn = sqlx::postgres::PgConnection::connect(admin)
        .await
        .expect("cluster");
    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS dateline_bench_{n} WITH (FORCE)"
    )))
    .execute(&mut conn)
    .await;
}

fn main() {
    let Ok(admin) = std::env::var("DATELINE_TEST_DATABASE_URL") else {
        println!(
            "replicas: skipped, DATELINE_TEST_DATABASE_URL is unset \
             (eval \"$(scripts/pg-test-cluster.sh start)\")"
        );
        return;
    };
    // `cargo bench` passes --bench; `cargo test --benches` runs it once as a smoke test.
    let sizes: Vec<usize> = std::env::var("DATELINE_BENCH_EVENTS")
        .unwrap_or_else(|_| "0,10000,100000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    if !std::env::args().any(|a| a == "--bench") {
        println!("replicas: run by `cargo bench --bench replicas`");
        return;
    }
    let g = Arc::new(Gazetteer::load_default().expect("gazetteer"));
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    for n in sizes {
        rt.block_on(measure(&admin, &g, n));
    }
}
