//! The store as an operator uses it: `user` and `token` commands, `export --toml` and
//! `import --toml` (round trip), `backup`, and crash safety (kill -9 during writes).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use dateline::store::{SqliteStore, Store};

mod support;
use support::{body, http, start_server};

const PASSWORD: &str = "a long enough passphrase";

fn dateline(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("stdin written");
    child.wait_with_output().expect("finishes")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A user `ed` and a token of theirs in the store at `data`.
fn token(data: &str) -> String {
    ok(&dateline(
        &["user", "add", "ed", "--password-stdin", "--data", data],
        &format!("{PASSWORD}\n"),
    ));
    ok(&dateline(
        &["token", "create", "ed", "--label", "tests", "--data", data],
        "",
    ))
    .trim()
    .to_owned()
}

#[test]
fn users_and_tokens_are_managed_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_str().expect("path");
    let short = dateline(
        &["user", "add", "ed", "--password-stdin", "--data", data],
        "short\n",
    );
    assert!(!short.status.success());
    assert!(stderr(&short).contains("at least 12"), "{}", stderr(&short));
    let t = token(data);
    assert!(t.starts_with("dl_") && t.len() == 67, "{t}");
    let again = dateline(
        &["user", "add", "ED", "--password-stdin", "--data", data],
        &format!("{PASSWORD}\n"),
    );
    assert!(stderr(&again).contains("exists"), "{}", stderr(&again));
    let list = ok(&dateline(&["user", "list", "--data", data], ""));
    assert!(list.starts_with("ed\teditor\t"), "{list}");
    let tokens = ok(&dateline(&["token", "list", "--data", data], ""));
    assert!(
        tokens.contains(&t[..11]) && !tokens.contains(&t),
        "listed, never shown: {tokens}"
    );
    assert!(tokens.contains("active"));
    ok(&dateline(&["token", "revoke", "1", "--data", data], ""));
    let tokens = ok(&dateline(&["token", "list", "--data", data], ""));
    assert!(!tokens.contains("active"), "{tokens}");
    let none = dateline(&["token", "create", "nobody", "--data", data], "");
    assert!(
        stderr(&none).contains("no user nobody"),
        "{}",
        stderr(&none)
    );
    ok(&dateline(&["user", "remove", "ed", "--data", data], ""));
    assert_eq!(ok(&dateline(&["user", "list", "--data", data], "")), "");
}

#[test]
fn a_token_writes_through_a_running_server_and_the_map_serves_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_str().expect("path");
    let t = token(data);
    let (mut child, url) = start_server(&["serve", "--port", "0", "--data", data], &[]);
    let auth = format!("Bearer {t}");
    let src =
        r#"{"title": "Wire", "kind": "article", "text": "Shelling hit Ganja, officials said."}"#;
    let r = http(
        &url,
        "POST",
        "/api/sources",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        src,
    )
    .expect("POST");
    assert!(r.starts_with("HTTP/1.1 201"), "{r}");
    let r = http(
        &url,
        "POST",
        "/api/sources/wire/publish",
        &[("Authorization", &auth)],
        "",
    )
    .expect("publish");
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    let list = body(&http(&url, "GET", "/api/sources", &[], "").expect("GET"));
    assert!(list.contains("\"wire\""), "{list}");
    let anon = http(
        &url,
        "POST",
        "/api/sources",
        &[("Content-Type", "application/json")],
        src,
    )
    .expect("POST");
    assert!(anon.starts_with("HTTP/1.1 401"), "{anon}");
    let draft =
        r#"{"id": "secret-draft", "title": "Draft", "kind": "article", "text": "Not yet."}"#;
    let json = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let r = http(&url, "POST", "/api/sources", &json, draft).expect("POST");
    assert!(r.starts_with("HTTP/1.1 201"), "{r}");
    let _ = child.kill();
    let _ = child.wait();
    // The static export of the store has the published source, never the draft.
    let site = dir.path().join("site");
    ok(&dateline(
        &[
            "export",
            "--static",
            site.to_str().expect("path"),
            "--data",
            data,
        ],
        "",
    ));
    let mut all = String::new();
    for f in walk(&site) {
        all.push_str(&String::from_utf8_lossy(&std::fs::read(f).expect("read")));
    }
    assert!(all.contains("\"wire\""), "the published source is exported");
    assert!(!all.contains("secret-draft"), "a draft is not exported");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn export_toml_validates_and_imports_to_the_same_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let out = dir.path().join("toml");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/interview-2020-11-06.txt"
    ))
    .ok();
    rt.block_on(async {
        let st = SqliteStore::open(&a).await.expect("store");
        let texts = text
            .iter()
            .map(|t| ("interview-2020-11-06".to_owned(), t.clone()))
            .collect();
        st.seed(
            &dateline::events::Dataset::load_default().expect("dataset"),
            &texts,
        )
        .await
        .expect("seed");
    });
    let a_s = a.to_str().expect("path");
    ok(&dateline(
        &[
            "export",
            "--toml",
            out.to_str().expect("path"),
            "--data",
            a_s,
        ],
        "",
    ));
    assert!(out.join("interview-2020-11-06/source.toml").is_file());
    let v = dateline(&["validate", "--dir", out.to_str().expect("path")], "");
    ok(&v);
    if text.is_some() {
        assert!(!stderr(&v).contains("spans not checked"), "{}", stderr(&v));
    }
    ok(&dateline(
        &[
            "import",
            "--toml",
            out.to_str().expect("path"),
            "--data",
            b.to_str().expect("path"),
        ],
        "",
    ));
    let again = dateline(
        &[
            "import",
            "--toml",
            out.to_str().expect("path"),
            "--data",
            b.to_str().expect("path"),
        ],
        "",
    );
    assert!(
        stderr(&again).contains("holds data already"),
        "{}",
        stderr(&again)
    );
    let (x, y) = rt.block_on(async {
        let x = SqliteStore::open(&a)
            .await
            .expect("a")
            .everything()
            .await
            .expect("a data");
        let y = SqliteStore::open(&b)
            .await
            .expect("b")
            .everything()
            .await
            .expect("b data");
        (x, y)
    });
    assert_eq!(x.texts, y.texts);
    let ev = |d: &dateline::store::StoredData| {
        let mut v: Vec<_> = d.dataset.events.iter().map(|(e, _)| e.clone()).collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    };
    assert_eq!(ev(&x), ev(&y));
    let src = |d: &dateline::store::StoredData| {
        let mut v: Vec<_> = d.dataset.sources.iter().map(|(s, _)| s.clone()).collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    };
    assert_eq!(src(&x), src(&y));
    assert!(!ev(&x).is_empty());
}

#[test]
fn editor_places_go_out_with_export_toml_validate_and_come_back_with_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b, out) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("toml"),
    );
    let a_s = a.to_str().expect("path");
    let t = token(a_s);
    let (mut child, url) = start_server(&["serve", "--port", "0", "--data", a_s], &[]);
    let auth = format!("Bearer {t}");
    let json = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let place = r#"{"name": "Field Hospital 3", "precision": "exact",
        "geometry": {"type": "Point", "coordinates": [46.75, 39.8]}}"#;
    let r = http(&url, "POST", "/api/places", &json, place).expect("POST");
    assert!(r.starts_with("HTTP/1.1 201"), "{r}");
    let src = r#"{"id": "wire", "title": "Wire", "kind": "article", "text": "Shelling hit the field hospital, officials said."}"#;
    let r = http(&url, "POST", "/api/sources", &json, src).expect("POST");
    assert!(r.starts_with("HTTP/1.1 201"), "{r}");
    let ev = r#"{"id": "hospital-shelled", "title": "Shelling of a field hospital, as officials claim",
        "summary": "Officials claim shelling hit a field hospital.", "event_type": "shelling",
        "date_precision": "unknown", "place_id": "editor:field-hospital-3",
        "place_name": "Field Hospital 3", "location_precision": "place",
        "claim": [{"source": "wire", "claimant": "officials", "stance": "asserts", "start": 0, "end": 31}]}"#;
    let r = http(&url, "POST", "/api/events", &json, ev).expect("POST");
    assert!(r.starts_with("HTTP/1.1 201"), "{r}");
    let map = r#"{"slug": "hospitals", "title": "Hospitals hit"}"#;
    let r = http(&url, "POST", "/api/maps", &json, map).expect("POST");
    assert!(r.starts_with("HTTP/1.1 201"), "{r}");
    let decision = r#"{"decision": "resolved", "end": 31, "place_id": "editor:field-hospital-3"}"#;
    let r = http(
        &url,
        "PUT",
        "/api/sources/wire/mentions/17",
        &json,
        decision,
    )
    .expect("PUT");
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    let _ = child.kill();
    let _ = child.wait();

    let o = out.to_str().expect("path");
    ok(&dateline(&["export", "--toml", o, "--data", a_s], ""));
    let file = std::fs::read_to_string(out.join("places.geojson")).expect("places.geojson");
    let fc: serde_json::Value = serde_json::from_str(&file).expect("GeoJSON");
    assert_eq!(fc["features"][0]["id"], "editor:field-hospital-3", "{fc}");
    assert_eq!(fc["features"][0]["geometry"]["coordinates"][0], 46.75);
    ok(&dateline(&["validate", "--dir", o], ""));
    // Without the places file, the event's place is unknown: validate says so.
    let kept = dir.path().join("places.geojson");
    std::fs::rename(out.join("places.geojson"), &kept).expect("moved away");
    let v = dateline(&["validate", "--dir", o], "");
    let said = format!("{}{}", String::from_utf8_lossy(&v.stdout), stderr(&v));
    assert!(
        !v.status.success() && said.contains("editor:field-hospital-3"),
        "{said}"
    );
    std::fs::rename(&kept, out.join("places.geojson")).expect("moved back");

    ok(&dateline(
        &["import", "--toml", o, "--data", b.to_str().expect("path")],
        "",
    ));
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let places = rt.block_on(async {
        SqliteStore::open(&b)
            .await
            .expect("b")
            .list(dateline::store::Kind::Place, None)
            .await
            .expect("places")
    });
    assert_eq!(places.len(), 1);
    assert_eq!(places[0].record.doc["name"], "Field Hospital 3");
    assert_eq!(places[0].record.doc["added_by"], "ed");
    // The drafts stay drafts; the map and the decision come back.
    use dateline::store::{Kind, Visibility};
    let got = |kind: Kind, id: &'static str| {
        rt.block_on(async {
            SqliteStore::open(&b)
                .await
                .expect("b")
                .get(kind, id)
                .await
                .expect("read")
                .unwrap_or_else(|| panic!("{id} imported"))
        })
    };
    assert_eq!(got(Kind::Source, "wire").record.status, Visibility::Draft);
    assert_eq!(
        got(Kind::Event, "hospital-shelled").record.status,
        Visibility::Draft
    );
    assert_eq!(
        got(Kind::Map, "hospitals").record.doc["title"],
        "Hospitals hit"
    );
    assert_eq!(got(Kind::Mention, "wire@17").record.doc["end"], 31);
}

#[test]
fn a_backup_restores_to_the_same_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let d = data.to_str().expect("path");
    token(d);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let st = SqliteStore::open(&data).await.expect("store");
        st.seed(
            &dateline::events::Dataset::load_default().expect("dataset"),
            &Default::default(),
        )
        .await
        .expect("seed");
    });
    let file = dir.path().join("copy.sqlite3");
    let f = file.to_str().expect("path");
    ok(&dateline(&["backup", f, "--data", d], ""));
    let twice = dateline(&["backup", f, "--data", d], "");
    assert!(
        stderr(&twice).contains("never overwrites"),
        "{}",
        stderr(&twice)
    );
    let restored = dir.path().join("restored");
    std::fs::create_dir_all(&restored).expect("dir");
    std::fs::copy(&file, restored.join("dateline.sqlite3")).expect("copy");
    let (x, y, users) = rt.block_on(async {
        let a = SqliteStore::open(&data).await.expect("a");
        let b = SqliteStore::open(&restored).await.expect("b");
        (
            a.everything().await.expect("a data"),
            b.everything().await.expect("b data"),
            b.users().await.expect("users"),
        )
    });
    assert_eq!(x.version, y.version);
    assert_eq!(x.dataset.events.len(), y.dataset.events.len());
    assert_eq!(users.len(), 1, "accounts are in the backup too");
}

/// Writes sources in a loop, kills the server with SIGKILL in the middle, restarts it, and
/// finds every acknowledged write — whole — and nothing else.
#[test]
fn every_acknowledged_write_survives_a_kill_9() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_str().expect("path");
    let t = token(data);
    let auth = format!("Bearer {t}");
    let (mut child, url) = start_server(&["serve", "--port", "0", "--data", data], &[]);
    let pid = child.id();
    let killer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    });
    let mut acked = Vec::new();
    for i in 0..10_000 {
        let text = format!(
            "Report {i}: shelling hit Ganja, officials said. {}",
            "x".repeat(i % 97)
        );
        let src = serde_json::json!({"id": format!("crash-{i}"), "title": format!("Crash {i}"),
                                     "kind": "article", "text": text});
        match http(
            &url,
            "POST",
            "/api/sources",
            &[
                ("Authorization", &auth),
                ("Content-Type", "application/json"),
            ],
            &src.to_string(),
        ) {
            Ok(r) if r.starts_with("HTTP/1.1 201") => acked.push((format!("crash-{i}"), text)),
            _ => break,
        }
    }
    killer.join().expect("killer");
    let _ = child.wait();
    assert!(
        acked.len() > 3,
        "writes were acknowledged before the kill: {}",
        acked.len()
    );
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let st = SqliteStore::open(Path::new(data))
            .await
            .expect("store reopens");
        let all = st.everything().await.expect("readable");
        for (id, text) in &acked {
            assert_eq!(
                all.texts.get(id),
                Some(text),
                "acknowledged {id} is there, whole"
            );
        }
        let stored = all
            .dataset
            .sources
            .iter()
            .filter(|(s, _)| s.id.starts_with("crash-"))
            .count();
        // At most the one write in flight at the kill is there unacknowledged.
        assert!(
            stored == acked.len() || stored == acked.len() + 1,
            "{stored} vs {}",
            acked.len()
        );
        for (s, _) in all
            .dataset
            .sources
            .iter()
            .filter(|(s, _)| s.id.starts_with("crash-"))
        {
            let t = all
                .texts
                .get(&s.id)
                .expect("every stored source has its text");
            assert_eq!(
                s.text_sha256.as_deref(),
                Some(dateline::events::validate::sha256_hex(t.as_bytes()).as_str())
            );
        }
        let log = st
            .revisions(Some((dateline::store::Kind::Source, "crash-0")), None, 10)
            .await
            .expect("log");
        assert_eq!(log.len(), 1);
    });
    // The server starts again on it.
    let (mut again, url) = start_server(&["serve", "--port", "0", "--data", data], &[]);
    let r = http(
        &url,
        "GET",
        "/api/sources/crash-0",
        &[("Authorization", &auth)],
        "",
    )
    .expect("GET");
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    let _ = again.kill();
    let _ = again.wait();
}
