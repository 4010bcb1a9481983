//! The `dateline` command as users run it: output contracts and error messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;
use support::{http_get, start_server};

fn dateline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .output()
        .expect("runs")
}

fn stdout_json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn temp_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

#[test]
fn geoparse_prints_the_geojson_contract() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Missiles hit Ganja; Na-\ngorno-Karabakh and Armenia’s border.";
    let p = temp_file(dir.path(), "t.txt", text.as_bytes());
    let fc = stdout_json(&dateline(&[
        "geoparse",
        "--format",
        "geojson",
        p.to_str().expect("utf-8 path"),
    ]));
    assert_eq!(fc["type"], "FeatureCollection");
    let features = fc["features"].as_array().expect("features");
    assert_eq!(features.len(), 3);
    for f in features {
        let props = &f["properties"];
        let (start, end) = (
            props["start"].as_u64().expect("start") as usize,
            props["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(&text[start..end], props["text"].as_str().expect("text"));
        for key in [
            "place_id",
            "name",
            "kind",
            "country",
            "score",
            "alternatives",
        ] {
            assert!(!props[key].is_null(), "missing {key}");
        }
        let c = f["geometry"]["coordinates"].as_array().expect("point");
        let (lon, lat) = (c[0].as_f64().expect("lon"), c[1].as_f64().expect("lat"));
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
    }
    assert_eq!(features[0]["properties"]["place_id"], "geonames:586523");
    // Ganja: longitude first (RFC 7946).
    assert!(
        (features[0]["geometry"]["coordinates"][0]
            .as_f64()
            .expect("lon")
            - 46.36)
            .abs()
            < 0.01
    );
}

#[test]
fn offsets_are_bytes_of_the_file_even_with_invalid_utf8() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = temp_file(dir.path(), "bad.txt", b"Baku \xff\xfe and Ganja");
    let out = dateline(&["geoparse", p.to_str().expect("path")]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("invalid UTF-8"),
        "says so"
    );
    let fc = stdout_json(&out);
    let ganja = fc["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["properties"]["text"] == "Ganja")
        .expect("Ganja");
    assert_eq!(
        ganja["properties"]["start"], 12,
        "offset into the bytes as read, not the repaired text"
    );
}

#[test]
fn large_outputs_stream_and_a_closed_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = temp_file(
        dir.path(),
        "big.txt",
        "Ganja and Barda were shelled.\n\n"
            .repeat(50_000)
            .as_bytes(),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["geoparse", p.to_str().expect("path")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    // Read a little, then hang up, as `| head` does.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut buf = [0u8; 4096];
    std::io::Read::read_exact(&mut stdout, &mut buf).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("exits");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn empty_files_give_an_empty_collection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = temp_file(dir.path(), "empty.txt", b"");
    let fc = stdout_json(&dateline(&["geoparse", p.to_str().expect("path")]));
    assert_eq!(fc["features"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_missing_file_is_named_in_a_clear_error() {
    let out = dateline(&["geoparse", "/no/such/file.txt"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/no/such/file.txt") && err.contains("No such file"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn gazetteer_search_ranks_and_prints_geojson_points() {
    let fc = stdout_json(&dateline(&[
        "gazetteer",
        "search",
        "Степанакерт",
        "--format",
        "json",
    ]));
    let first = &fc["features"][0];
    assert_eq!(first["properties"]["place_id"], "geonames:146970");
    assert_eq!(first["geometry"]["type"], "Point");
    let names: Vec<&str> = first["properties"]["names"]
        .as_array()
        .expect("names")
        .iter()
        .filter_map(|n| n["text"].as_str())
        .collect();
    for n in ["Khankendi", "Stepanakert", "Xankəndi", "Ստեփանակերտ"] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    let text = dateline(&["gazetteer", "search", "zzzqqq"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("no place named"));
}

#[test]
fn a_bad_gazetteer_directory_names_the_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    temp_file(
        dir.path(),
        "places.tsv",
        b"geonames:1\tcity\tPPL\tAZ\t\tnot-a-lon\t40\t0\t\tX\n",
    );
    let out = dateline(&[
        "--gazetteer",
        dir.path().to_str().expect("path"),
        "gazetteer",
        "search",
        "X",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("places.tsv") && err.contains("line 1") && err.contains("lon"),
        "{err}"
    );
}

#[test]
fn a_custom_gazetteer_without_an_index_is_indexed_on_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    temp_file(
        dir.path(),
        "places.tsv",
        b"x:1\tcity\tPPL\tZZ\t\t10\t20\t5\t\tAtlantis|Atlantida@es\n",
    );
    let fc = stdout_json(&dateline(&[
        "--gazetteer",
        dir.path().to_str().expect("path"),
        "gazetteer",
        "search",
        "atlantida",
        "--format",
        "json",
    ]));
    assert_eq!(fc["features"][0]["properties"]["place_id"], "x:1");
}

#[test]
fn serve_help_lists_its_options_and_environment_variables() {
    let out = dateline(&["serve", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for want in [
        "--bind",
        "--port",
        "--text <ID=PATH>",
        "DATELINE_BIND",
        "DATELINE_PORT",
        "127.0.0.1",
        "8080",
    ] {
        assert!(help.contains(want), "{want} missing from:\n{help}");
    }
}

#[test]
fn serve_refuses_a_bad_port_and_a_bad_text_argument() {
    let out = dateline(&["serve", "--port", "70000"]);
    assert!(!out.status.success());
    let out = dateline(&["serve", "--port", "0", "--text", "no-equals-sign"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected ID=PATH"));
}

#[test]
fn dateline_with_no_command_serves_and_stops_on_sigterm() {
    let (mut child, url) = start_server(&[], &[("DATELINE_PORT", "0")]);
    let health = http_get(&url, "/health");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let exit = child.wait().expect("exits");
    assert!(exit.success(), "graceful shutdown exits 0: {exit:?}");
}

#[test]
fn serve_geoparses_the_texts_it_is_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = temp_file(dir.path(), "t.txt", "Missiles hit Ganja.".as_bytes());
    let arg = format!("s1={}", p.to_str().expect("path"));
    let (mut child, url) = start_server(&["serve", "--port", "0", "--text", &arg], &[]);
    let body = http_get(&url, "/collections/mentions/items");
    let _ = child.kill();
    let _ = child.wait();
    assert!(body.contains("\"s1:13\""), "{body}");
}

#[test]
fn validate_passes_on_the_shipped_dataset_and_names_bad_records() {
    let out = dateline(&["validate"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("s");
    std::fs::create_dir_all(&src).expect("mkdir");
    temp_file(
        &src,
        "source.toml",
        b"id = \"s\"\nkind = \"interview\"\ntitle = \"T\"\npublished = \"2020-11-06\"\n",
    );
    temp_file(
        &src,
        "events.toml",
        b"[[event]]\nid = \"e\"\ntitle = \"t\"\nsummary = \"s\"\nevent_type = \"shelling\"\ndate_precision = \"unknown\"\nplace_id = \"nowhere:1\"\nplace_name = \"X\"\nlocation_precision = \"place\"\n[[event.claim]]\nsource = \"s\"\nclaimant = \"c\"\nstance = \"asserts\"\nquote = \"abc\"\nstart = 0\nend = 3\n",
    );
    let text = temp_file(dir.path(), "t.txt", b"xyz");
    let out = dateline(&[
        "validate",
        "--dir",
        dir.path().to_str().expect("path"),
        "--text",
        &format!("s={}", text.display()),
    ]);
    assert!(!out.status.success());
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("events.toml: event e: field `place_id`"),
        "{report}"
    );
    assert!(
        report.contains("event e, claim 1: field `quote`"),
        "{report}"
    );
    let bad = temp_file(&src, "events.toml", b"[[event]]\nid = 3\n");
    let out = dateline(&["validate", "--dir", dir.path().to_str().expect("path")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains(&bad.display().to_string()),
        "{err}"
    );
}

#[test]
fn extract_proposes_events_with_spans_into_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Barda was shelled on 28 October 2020, killing 21 people and injuring 70.";
    let p = temp_file(dir.path(), "t.txt", text.as_bytes());
    let fc = stdout_json(&dateline(&[
        "extract",
        p.to_str().expect("path"),
        "--published",
        "2020-11-06",
    ]));
    let f = &fc["features"][0];
    assert_eq!(f["properties"]["place_id"], "geonames:587057");
    assert_eq!(f["properties"]["date_start"], "2020-10-28");
    let claim = &f["properties"]["claims"][0];
    assert_eq!(claim["casualties"]["killed"], 21);
    let (s, e) = (
        claim["start"].as_u64().expect("start") as usize,
        claim["end"].as_u64().expect("end") as usize,
    );
    assert_eq!(&text[s..e], claim["quote"].as_str().expect("quote"));
    let out = dateline(&["extract", p.to_str().expect("path"), "--published", "6 Nov"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("--published"));
}

#[test]
fn events_prints_the_dataset_as_geojson_with_areas_for_area_events() {
    let fc = stdout_json(&dateline(&["events"]));
    let features = fc["features"].as_array().expect("features");
    assert!(features.len() >= 15);
    let lachin = features
        .iter()
        .find(|f| f["properties"]["location_precision"] == "district")
        .expect("a district event");
    assert_eq!(
        lachin["geometry"]["type"], "MultiPolygon",
        "an event known to district level shows the district"
    );
    let ganja = features
        .iter()
        .find(|f| f["properties"]["id"] == "ganja-missile-strike-2020-10-11")
        .expect("Ganja");
    assert_eq!(ganja["geometry"]["type"], "Point");
    assert_eq!(
        ganja["properties"]["status"], "disputed",
        "7 and 10 killed stand side by side"
    );
    assert!(
        ganja["properties"]["place_names"]
            .as_array()
            .expect("names")
            .iter()
            .any(|n| n["text"] == "Gəncə")
    );
}

#[test]
fn serve_refuses_a_silly_synthetic_count_with_a_clear_error() {
    for bad in ["0", "-5", "lots", "1e9", "99999999999999999999999"] {
        let arg = format!("--synthetic={bad}");
        let out = dateline(&["serve", "--port", "0", &arg]);
        assert!(!out.status.success(), "--synthetic {bad} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("expected a number of events from 1 to"),
            "--synthetic {bad}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = dateline(&["serve", "--synthetic", "10", "--dir", "x"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be used with"));
}

#[test]
fn export_writes_the_map_and_its_layers_as_static_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_dir = dir.path().join("site");
    let text = temp_file(dir.path(), "s1.txt", b"Missiles hit Ganja and Barda.");
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sources");
    let out = dateline(&[
        "export",
        "--static",
        out_dir.to_str().expect("utf-8 path"),
        "--dir",
        fixtures,
        "--text",
        &format!("s1={}", text.display()),
        "--tiles",
        "none",
    ]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read =
        |p: &str| std::fs::read(out_dir.join(p)).unwrap_or_else(|e| panic!("{p} exported: {e}"));
    let json = |p: &str| -> serde_json::Value {
        serde_json::from_slice(&read(p)).unwrap_or_else(|e| panic!("{p} is JSON: {e}"))
    };
    for page in ["index.html", "embed.html", "source.html"] {
        let html = String::from_utf8(read(page)).expect("utf-8");
        assert!(!html.contains("<!--dateline:head-->"), "{page}");
        assert!(!html.contains("http://"), "{page} has no absolute links");
    }
    assert!(!read("vendor/leaflet/leaflet.js").is_empty());
    let config = json("config.json");
    assert_eq!(config["static"], true);
    assert_eq!(config["tiles"], serde_json::Value::Null);
    assert_eq!(config["pages"]["embed"], "embed.html");
    let events = json(config["data"]["events"].as_str().expect("events path"));
    let listed = stdout_json(&dateline(&["events", "--dir", fixtures]));
    assert_eq!(events["type"], "FeatureCollection");
    assert_eq!(
        events["features"], listed["features"],
        "the same features as `dateline events`"
    );
    let outlines_path = config["data"]["outlines"].as_str().expect("outlines path");
    let outlines = json(outlines_path);
    let features = outlines["features"].as_array().expect("features");
    assert!(features.len() > 200);
    // The light world an embed loads first (not the 1.3 MB of full-detail countries), but
    // the countries the events are in (Azerbaijan; not Canada) and the districts at full
    // detail (with names).
    let bytes = read(outlines_path).len();
    assert!(bytes < 400_000, "{bytes} bytes of outlines");
    let outline = |kind: &str, country: &str| {
        features
            .iter()
            .find(|f| f["properties"]["kind"] == kind && f["properties"]["country"] == country)
            .unwrap_or_else(|| panic!("{kind} of {country}"))
    };
    assert!(
        outline("country", "CA")["properties"]
            .get("names")
            .is_none()
    );
    assert!(outline("country", "AZ")["properties"]["names"].is_array());
    assert!(outline("district", "AZ")["properties"]["names"].is_array());
    let sources = json(config["data"]["sources"].as_str().expect("sources path"));
    let s1 = sources
        .as_array()
        .expect("array")
        .iter()
        .find(|s| s["id"] == "s1")
        .expect("s1");
    assert_eq!(s1["text"], "Missiles hit Ganja and Barda.");
    assert!(s1["mentions"].as_array().is_some_and(|m| m.len() == 2));
    // The default view as images: an SVG drawing Ganja's strike, a PNG 1200 pixels wide.
    let svg = String::from_utf8(read("map.svg")).expect("utf-8");
    assert!(svg.starts_with("<svg") && svg.contains("ganja-strike"));
    let png = read("map.png");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert_eq!(
        u32::from_be_bytes([png[16], png[17], png[18], png[19]]),
        1200
    );

    let bad = dateline(&["export", "--static", "/proc/no-such-dir/x"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("/proc/no-such-dir/x"));
}

#[test]
fn the_store_is_seeded_once_and_serves_the_embedded_events() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let data = data.to_str().expect("path");
    for _ in 0..2 {
        let (mut child, url) = start_server(&["serve", "--port", "0", "--data", data], &[]);
        let resp = http_get(&url, "/collections/events/items?limit=1");
        assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
        let n = dateline::events::Dataset::load_default()
            .expect("dataset")
            .events
            .len();
        assert!(resp.contains(&format!("\"numberMatched\":{n}")), "{resp}");
        let _ = child.kill();
        let _ = child.wait();
    }
    assert!(
        std::path::Path::new(data)
            .join("dateline.sqlite3")
            .is_file()
    );
    // A second start adds nothing: one write (the seed), data version 1.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let version = rt.block_on(async {
        use dateline::store::{SqliteStore, Store};
        let store = SqliteStore::open(std::path::Path::new(data))
            .await
            .expect("store");
        store.data_version().await.expect("version")
    });
    assert_eq!(version, 1);
}
