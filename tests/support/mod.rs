//! Helpers shared by the test binaries that run the `dateline` command: spawning a server
//! and a raw HTTP/1.1 client (no client crate: the tests see the bytes the server sends).
#![allow(dead_code)]

use std::io::{BufRead, Read, Write};
use std::process::{Child, Command, Stdio};

/// A fresh data directory for one server's store, under the system's temporary directory
/// (never the repository).
pub fn data_dir() -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("dateline-test-{}-{n}", std::process::id()))
}

/// Starts `dateline ARGS` (with `envs`; a fresh store unless ARGS name one), waits for its
/// "listening on" log line and returns the child and the base URL.
pub fn start_server(args: &[&str], envs: &[(&str, &str)]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .env("DATELINE_DATA_DIR", data_dir())
        .envs(envs.iter().copied())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = std::io::BufReader::new(stderr).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("the server logs before exiting")
            .expect("line");
        if let Some(i) = line.find("listening on http://") {
            let rest = &line[i + "listening on ".len()..];
            break rest.split_whitespace().next().expect("url").to_owned();
        }
    };
    // Keep draining the logs so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, url)
}

/// One HTTP/1.1 request (`Connection: close`) with extra header lines and a body; the whole
/// response as text. Errors (a server killed mid-request) are returned, not panics.
pub fn http(
    url: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<String> {
    let addr = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr)?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method != "GET" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes())?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

/// `GET path`, the whole response as text.
pub fn http_get(url: &str, path: &str) -> String {
    http(url, "GET", path, &[], "").expect("GET")
}

/// The body of a response (after the blank line), decoding a chunked one.
pub fn body(resp: &str) -> String {
    let (head, rest) = resp.split_once("\r\n\r\n").unwrap_or((resp, ""));
    if !head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return rest.to_owned();
    }
    let mut out = String::new();
    let mut rest = rest;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail[n..].trim_start_matches("\r\n");
    }
    out
}
