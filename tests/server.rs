//! The listener and the process as a client and an operator see them: memory of the
//! spawned `dateline serve` process under huge texts (its /proc status), shutdown with
//! half-open connections (SIGTERM), and — in-process on a loopback port — the connection
//! cap, the header and idle timeouts, draining requests in flight, and 413 before the body.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use dateline::http::server::{Limits, serve_router};
use tokio::sync::oneshot;

/// A spawned `dateline serve --port 0 ARGS`, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(["serve", "--port", "0"])
            .args(args)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn dateline serve");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("the server exited before listening")
                .expect("log line");
            if let Some(rest) = line.split("listening on http://").nth(1) {
                let addr = rest.split_whitespace().next().unwrap_or_default();
                break addr.parse().expect("address");
            }
        };
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, addr }
    }

    /// A line of /proc/PID/status in kB (VmRSS, VmHWM).
    fn status_kb(&self, key: &str) -> u64 {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc status");
        s.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no {key} in /proc status"))
    }

    fn terminate(&self) {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(ok.success());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request with `Connection: close`: the status code and the body.
fn request(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/plain\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .expect("write head");
    s.write_all(body).expect("write body");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("read");
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let status = String::from_utf8_lossy(&buf[9..12])
        .parse()
        .expect("status");
    (status, buf[split + 4..].to_vec())
}

/// 5 MB of text: `Baku ` throughout (a million mentions), or prose naming a place in
/// every 130th word (about 8,000 mentions, within the limit).
fn five_mb(dense: bool) -> Vec<u8> {
    let unit: &[u8] = if dense {
        b"Baku "
    } else {
        b"the column moved on along the road near the river and the hills "
    };
    let mut t = Vec::with_capacity(5 * 1024 * 1024);
    let mut n = 0;
    while t.len() + 64 < 5 * 1024 * 1024 {
        t.extend_from_slice(unit);
        n += 1;
        if !dense && n % 10 == 0 {
            t.extend_from_slice(b"Ganja. ");
        }
    }
    t
}

#[test]
fn geoparsing_or_extracting_5_mb_peaks_below_1_gb_and_returns_to_idle_rss() {
    let server = Server::start(&[]);
    let dense = five_mb(true);
    let sparse = five_mb(false);
    // Warm up what the first requests load (pool threads, lazy tables) on a small text,
    // then measure the idle process.
    for path in ["/api/geoparse", "/api/extract?published=2020-10-01"] {
        let (status, _) = request(server.addr, "POST", path, &sparse[..100_000]);
        assert_eq!(status, 200);
    }
    let idle = server.status_kb("VmRSS");
    let (status, body) = request(server.addr, "POST", "/api/geoparse", &dense);
    assert_eq!(status, 422, "{}", String::from_utf8_lossy(&body));
    let problem: serde_json::Value = serde_json::from_slice(&body).expect("problem");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("10000")),
        "the problem states the limit: {problem}"
    );
    let (status, body) = request(server.addr, "POST", "/api/geoparse", &sparse);
    assert_eq!(status, 200);
    let fc: serde_json::Value = serde_json::from_slice(&body).expect("GeoJSON");
    assert!(fc["features"].as_array().is_some_and(|f| f.len() > 5_000));
    let (status, _) = request(
        server.addr,
        "POST",
        "/api/extract?published=2020-10-01",
        &dense,
    );
    assert_eq!(status, 422);
    let (status, _) = request(
        server.addr,
        "POST",
        "/api/extract?published=2020-10-01",
        &sparse,
    );
    assert_eq!(status, 200);
    let peak = server.status_kb("VmHWM");
    assert!(peak < 1024 * 1024, "peak RSS {peak} kB (idle {idle} kB)");
    // mimalloc returns freed pages lazily: give it a moment and a small request.
    std::thread::sleep(Duration::from_millis(500));
    let _ = request(server.addr, "GET", "/health", b"");
    let after = server.status_kb("VmRSS");
    assert!(
        after * 10 <= idle * 11,
        "RSS after {after} kB, idle {idle} kB, peak {peak} kB"
    );
}

#[test]
fn sigterm_exits_within_the_grace_period_despite_half_open_connections() {
    let server = Server::start(&["--shutdown-grace-s", "2", "--header-timeout-s", "60"]);
    // One connection that never finishes its headers, one idle keep-alive connection.
    let mut half = TcpStream::connect(server.addr).expect("connect");
    half.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .expect("write");
    let mut idle = TcpStream::connect(server.addr).expect("connect");
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("write");
    let mut buf = [0u8; 512];
    assert!(idle.read(&mut buf).expect("read") > 0);
    let t = Instant::now();
    server.terminate();
    let mut server = server;
    loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(6),
            "still running {:?} after SIGTERM",
            t.elapsed()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Serves `router` in-process within `limits`; sending on (or dropping) the sender stops it.
async fn listen(
    router: Router,
    limits: Limits,
) -> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        serve_router(listener, router, limits, async {
            let _ = rx.await;
        })
        .await
        .expect("serves");
    });
    (addr, tx, task)
}

fn slow_router() -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(700)).await;
                "done"
            }),
        )
}

/// Reads until the peer closes (or `limit` passes): what arrived, and whether it closed.
fn read_until_closed(s: &mut TcpStream, limit: Duration) -> (Vec<u8>, bool) {
    s.set_read_timeout(Some(limit)).expect("timeout");
    let mut buf = Vec::new();
    let closed = s.read_to_end(&mut buf).is_ok();
    (buf, closed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_request_in_flight_then_returns() {
    let limits = Limits {
        shutdown_grace: Duration::from_secs(5),
        ..Limits::default()
    };
    let (addr, stop, task) = listen(slow_router(), limits).await;
    let client = tokio::task::spawn_blocking(move || request(addr, "GET", "/slow", b""));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let t = Instant::now();
    stop.send(()).expect("server running");
    let (status, body) = client.await.expect("client");
    assert_eq!((status, &body[..]), (200, &b"done"[..]));
    tokio::time::timeout(Duration::from_secs(3), task)
        .await
        .expect("serve returns once the request is done")
        .expect("task");
    assert!(t.elapsed() < Duration::from_secs(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_cap_get_a_503_problem() {
    let limits = Limits {
        max_connections: 3,
        ..Limits::default()
    };
    let (addr, _stop, _task) = listen(slow_router(), limits).await;
    tokio::task::spawn_blocking(move || {
        let open: Vec<TcpStream> = (0..3)
            .map(|_| TcpStream::connect(addr).expect("connect"))
            .collect();
        std::thread::sleep(Duration::from_millis(200));
        let mut extra = TcpStream::connect(addr).expect("connect");
        let (buf, closed) = read_until_closed(&mut extra, Duration::from_secs(3));
        let text = String::from_utf8_lossy(&buf);
        assert!(closed, "the extra connection is closed");
        assert!(text.starts_with("HTTP/1.1 503"), "{text}");
        assert!(text.contains("too many open connections"), "{text}");
        drop(open);
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(request(addr, "GET", "/health", b"").0, 200);
    })
    .await
    .expect("client");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_finishes_its_headers_is_dropped_after_the_header_timeout() {
    let limits = Limits {
        header_timeout: Duration::from_secs(1),
        ..Limits::default()
    };
    let (addr, _stop, _task) = listen(slow_router(), limits).await;
    tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
            .expect("write");
        let t = Instant::now();
        let (_, closed) = read_until_closed(&mut s, Duration::from_secs(5));
        assert!(closed, "still open after 5 s");
        assert!(
            t.elapsed() >= Duration::from_millis(900),
            "{:?}",
            t.elapsed()
        );
    })
    .await
    .expect("client");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_keep_alive_connection_is_closed_after_the_idle_timeout() {
    let limits = Limits {
        idle_timeout: Duration::from_secs(1),
        header_timeout: Duration::from_secs(30),
        ..Limits::default()
    };
    let (addr, _stop, _task) = listen(slow_router(), limits).await;
    tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            .expect("write");
        let t = Instant::now();
        let (buf, closed) = read_until_closed(&mut s, Duration::from_secs(5));
        assert!(String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 200"));
        assert!(closed, "still open after 5 s");
        let e = t.elapsed();
        assert!(
            e >= Duration::from_millis(900) && e < Duration::from_secs(4),
            "{e:?}"
        );
    })
    .await
    .expect("client");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_body_over_the_limit_is_refused_before_it_is_read_even_with_expect_100_continue()
{
    let g = dateline::gazetteer::Gazetteer::load_default().expect("gazetteer");
    let ds = dateline::events::Dataset::load_default().expect("dataset");
    let state = dateline::http::AppState::new(g, ds, &Default::default());
    let (addr, _stop, _task) = listen(dateline::http::app(state), Limits::default()).await;
    tokio::task::spawn_blocking(move || {
        for expect in ["", "Expect: 100-continue\r\n"] {
            let mut s = TcpStream::connect(addr).expect("connect");
            write!(
                s,
                "POST /api/geoparse HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n\
                 Content-Length: 1000000000000\r\n{expect}\r\n"
            )
            .expect("write");
            let t = Instant::now();
            let (buf, _) = read_until_closed(&mut s, Duration::from_secs(3));
            let text = String::from_utf8_lossy(&buf);
            assert!(text.starts_with("HTTP/1.1 413"), "{expect:?}: {text}");
            assert!(!text.contains("100 Continue"), "{text}");
            assert!(text.contains("application/problem+json"), "{text}");
            assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        }
    })
    .await
    .expect("client");
}
