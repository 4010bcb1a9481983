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
