//! A real server on a loopback port: a plain HTTP/1.1 client, then GDAL's OGC API –
//! Features driver (`ogrinfo`, `ogr2ogr -spat`) as a third-party client.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;

use tokio::sync::oneshot;

use crate::helpers::state;

/// Starts the server on 127.0.0.1:0; dropping the sender shuts it down gracefully.
async fn start() -> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        dateline::http::serve(listener, state(), async {
            let _ = rx.await;
        })
        .await
        .expect("serves");
    });
    (addr, tx, task)
}

/// `GET path` over a socket; returns the status line, the headers and the body.
fn http_get(addr: SocketAddr, path: &str) -> (String, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("read");
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let (status, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
    (
        status.to_owned(),
        headers.to_lowercase(),
        buf[split + 4..].to_vec(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listening_server_answers_and_shuts_down_gracefully() {
    let (addr, stop, task) = start().await;
    let (status, headers, body) =
        tokio::task::spawn_blocking(move || http_get(addr, "/collections/events/items?limit=2"))
            .await
            .expect("client");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(
        headers.contains("content-type: application/geo+json"),
        "{headers}"
    );
    let fc: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(fc["numberReturned"], 2);
    // Links point back at the address the client used.
    let next = fc["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "next")
        .and_then(|l| l["href"].as_str())
        .expect("next")
        .to_owned();
    assert!(next.starts_with(&format!("http://{addr}/")), "{next}");
    drop(stop);
    task.await.expect("server stops cleanly");
}

/// Whether GDAL's tools can run; without them the test is skipped, except on CI.
fn have_gdal() -> bool {
    let ok = Command::new("ogrinfo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "ogrinfo is not installed (CI=true): apt-get install -y gdal-bin"
        );
        println!("skipped: ogrinfo not on PATH (apt-get install -y gdal-bin)");
    }
    ok
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gdal_reads_the_events_layer_and_exports_a_bbox() {
    if !have_gdal() {
        return;
    }
    let (addr, stop, task) = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("barda.geojson");
    let out2 = out.clone();
    let (info, export) = tokio::task::spawn_blocking(move || {
        let url = format!("OAPIF:http://{addr}");
        let info = Command::new("ogrinfo")
            .args(["-ro", "-so", &url, "events"])
            .output()
            .expect("ogrinfo runs");
        let export = Command::new("ogr2ogr")
            .args(["-f", "GeoJSON"])
            .arg(&out2)
            .args([&url, "events", "-spat", "46", "40", "47.5", "41"])
            .output()
            .expect("ogr2ogr runs");
        (info, export)
    })
    .await
    .expect("gdal");
    let stdout = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&info.stderr)
    );
    assert!(stdout.contains("Layer name: events"), "{stdout}");
    assert!(stdout.contains("Feature Count: 8"), "{stdout}");
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let fc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("exported")).expect("json");
    let mut ids: Vec<&str> = fc["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter_map(|f| f["properties"]["id"].as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "barda-strike",
            "barda-undated",
            "ganja-strike",
            "karabakh-ceasefire",
            "tartar-shelling"
        ]
    );
    drop(stop);
    task.await.expect("server stops cleanly");
}

/// GDAL's GeoPackage validator, when Debian's python3-gdal ships it.
const VALIDATE_GPKG: &str = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py";

/// `ogrinfo -so -al` of a file.
fn ogrinfo_summary(path: &std::path::Path) -> String {
    let out = Command::new("ogrinfo")
        .args(["-ro", "-so", "-al"])
        .arg(path)
        .output()
        .expect("ogrinfo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every GIS collection, and the others, as `f=gpkg` downloads and through GDAL's OAPIF
/// driver into a GeoPackage: the geometry type, every field and the count survive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gdal_opens_every_gpkg_download_and_exports_every_collection() {
    if !have_gdal() {
        return;
    }
    let (addr, stop, task) = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_owned();
    tokio::task::spawn_blocking(move || {
        for (id, table, geometry, count, field) in [
            ("claims", "claims", "Point", 9, "quote: String"),
            (
                "event-points",
                "event_points",
                "Point",
                8,
                "claim_count: Integer",
            ),
            (
                "event-areas",
                "event_areas",
                "Multi Polygon",
                3,
                "date_start: Date",
            ),
            ("events", "events", "Unknown (any)", 8, "killed: Integer"),
            ("mentions", "mentions", "Point", 3, "score: Real"),
            ("places", "places", "Point", 5, "population: Integer"),
        ] {
            let (status, headers, body) =
                http_get(addr, &format!("/collections/{id}/items?f=gpkg&limit=5"));
            assert_eq!(status, "HTTP/1.1 200 OK", "{id}");
            assert!(
                headers.contains("content-type: application/geopackage+sqlite3"),
                "{headers}"
            );
            let file = root.join(format!("{table}.gpkg"));
            std::fs::write(&file, &body).expect("saved");
            let info = ogrinfo_summary(&file);
            let want = count.min(5);
            assert!(info.contains(&format!("Layer name: {table}")), "{info}");
            assert!(
                info.contains(&format!("Geometry: {geometry}")),
                "{id}: {info}"
            );
            assert!(
                info.contains(&format!("Feature Count: {want}")),
                "{id}: {info}"
            );
            assert!(info.contains(field), "{id}: {info}");
            if std::path::Path::new(VALIDATE_GPKG).exists() {
                let v = Command::new("/usr/bin/python3")
                    .arg(VALIDATE_GPKG)
                    .arg(&file)
                    .output()
                    .expect("validator runs");
                assert!(
                    v.status.success(),
                    "{id}: {}{}",
                    String::from_utf8_lossy(&v.stdout),
                    String::from_utf8_lossy(&v.stderr)
                );
            }
        }
        // Through GDAL's OAPIF driver: every feature, every field of the schema.
        let url = format!("OAPIF:http://{addr}");
        for (id, count, fields) in [
            ("claims", 9, 33),
            ("event-points", 8, 24),
            ("event-areas", 3, 24),
        ] {
            let out = root.join(format!("oapif-{id}.gpkg"));
            let export = Command::new("ogr2ogr")
                .args(["-f", "GPKG"])
                .arg(&out)
                .args([&url, id])
                .output()
                .expect("ogr2ogr runs");
            assert!(
                export.status.success(),
                "{id}: {}",
                String::from_utf8_lossy(&export.stderr)
            );
            let info = ogrinfo_summary(&out);
            assert!(
                info.contains(&format!("Feature Count: {count}")),
                "{id}: {info}"
            );
            // Field lines look like `name: Type (width.precision)`, after the geometry column.
            let declared = info
                .lines()
                .skip_while(|l| !l.starts_with("Geometry Column"))
                .skip(1)
                .filter(|l| l.contains(": ") && !l.starts_with(' '))
                .count();
            assert!(declared >= fields, "{id}: {declared} fields: {info}");
            // Types and order come from the schema (describedby), not from the values seen:
            // byte_end has no value in the fixture, yet it is an integer column.
            assert!(info.contains("killed: Integer"), "{id}: {info}");
            if id == "claims" {
                assert!(info.contains("byte_end: Integer"), "{info}");
                assert!(info.contains("source_published: Date"), "{info}");
                let at = |k: &str| info.find(&format!("\n{k}: ")).expect(k);
                assert!(
                    at("claim_id") < at("quote") && at("quote") < at("killed"),
                    "{info}"
                );
            }
        }
    })
    .await
    .expect("gdal");
    drop(stop);
    task.await.expect("server stops cleanly");
}

/// Whether Debian's PyQGIS can run; without it the test is skipped, except on CI.
fn have_pyqgis() -> bool {
    let ok = Command::new("/usr/bin/python3")
        .args(["-c", "import qgis.core"])
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "PyQGIS is not installed (CI=true): apt-get install -y --no-install-recommends qgis python3-qgis"
        );
        println!("skipped: no PyQGIS (apt-get install --no-install-recommends qgis python3-qgis)");
    }
    ok
}

/// QGIS itself (scripts/qgis_check.py): every collection through the OAPIF provider is
/// valid, typed, has its fields and the known quote, and exports to GeoPackage whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qgis_loads_and_exports_every_collection() {
    if !have_pyqgis() {
        return;
    }
    let (addr, stop, task) = start().await;
    let out = tokio::task::spawn_blocking(move || {
        Command::new("/usr/bin/python3")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/scripts/qgis_check.py"
            ))
            .arg(format!("http://{addr}"))
            .args(["--quote", "they struck Barda, \"21 dead\" & <many> wounded"])
            .env("QT_QPA_PLATFORM", "offscreen")
            .output()
            .expect("python3 runs")
    })
    .await
    .expect("qgis");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("claims: 9 features"), "{stdout}");
    drop(stop);
    task.await.expect("server stops cleanly");
}
