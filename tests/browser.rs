//! The map in a real browser: starts `dateline serve` on a free loopback port (with the
//! interview's text when `../shared/corpus` is beside the checkout) and runs the front end's
//! browser tests (`web/test/*.test.mjs`: Node's test runner driving Debian's Chromium through
//! playwright-core), then the same on a static export (`dateline export --static`) served by
//! a plain file server, on a server with 20,000 synthetic events, and the desk's journey
//! (`web/test/desk.test.mjs`) on a server with a fresh store and two editors. Screenshots of
//! every view land in `target/screenshots/`.
//!
//! Without Node, Chromium or `web/node_modules` the test is skipped with a note, except on CI
//! (`CI=true`), where `.ci/run` installs them and a skip would hide a missing step.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Kills the server when the test ends, whatever happens.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Chromium's path: `$CHROMIUM`, else Debian's.
fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// What is missing to run the browser tests, if anything.
fn missing() -> Option<String> {
    let web = root().join("web");
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    if !web.join("node_modules/playwright-core").is_dir() {
        return Some("web/node_modules lacks playwright-core (cd web && npm ci)".into());
    }
    if !chromium().is_file() {
        return Some(format!(
            "{} is missing (apt-get install -y chromium)",
            chromium().display()
        ));
    }
    None
}

/// A fresh data directory for one server's store, under the system's temporary directory
/// (never the repository).
fn data_dir() -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("dateline-test-{}-{n}", std::process::id()))
}

/// Starts the server on a free port with these extra arguments and returns it with its
/// base URL.
fn start(text: Option<&Path>, extra: &[&str]) -> (Server, String) {
    start_in(&data_dir(), text, extra)
}

/// The editors of the desk's browser tests: (name, password).
const DESK_USERS: [(&str, &str); 2] = [
    ("ed", "a long test password one"),
    ("kim", "a long test password two"),
];

/// A server over a fresh store with the editors of [`DESK_USERS`] (`dateline user add`).
fn start_desk() -> (Server, String) {
    let dir = data_dir();
    for (name, password) in DESK_USERS {
        let mut add = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args([
                "user",
                "add",
                name,
                "--role",
                "editor",
                "--password-stdin",
                "--data",
            ])
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("dateline user add runs");
        std::io::Write::write_all(
            add.stdin.as_mut().expect("stdin"),
            format!("{password}\n").as_bytes(),
        )
        .expect("password written");
        assert!(
            add.wait().expect("user add ends").success(),
            "user add {name}"
        );
    }
    start_in(&dir, None, &["--tiles", "none"])
}

/// Starts the server over the store in `dir`.
fn start_in(dir: &Path, text: Option<&Path>, extra: &[&str]) -> (Server, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
    cmd.args(["serve", "--port", "0"])
        .args(extra)
        .env("DATELINE_DATA_DIR", dir)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(t) = text {
        cmd.arg("--text")
            .arg(format!("interview-2020-11-06={}", t.display()));
    }
    let mut child = cmd.spawn().expect("dateline serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line
                .split_whitespace()
                .find(|w| w.starts_with("http://127.0.0.1:"))
            {
                let _ = tx.send(url.to_owned());
            }
        }
    });
    let server = Server(child);
    let url = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the server logs its address");
    (server, url)
}

#[test]
fn the_map_works_in_a_browser() {
    if let Some(why) = missing() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "browser tests cannot run on CI: {why}"
        );
        println!("skipped: {why}");
        return;
    }
    let text = root().join("../shared/corpus/interview-2020-11-06.txt");
    let text = text.is_file().then_some(text);
    let (_server, url) = start(text.as_deref(), &[]);
    // Many events: more in view than a page holds.
    let (_large, large_url) = start(None, &["--synthetic", "20000", "--tiles", "none"]);
    // The desk's journey writes: a store of its own, with two editors.
    let (_desk, desk_url) = start_desk();
    let desk_users: Vec<String> = DESK_USERS.iter().map(|(n, p)| format!("{n}:{p}")).collect();
    let shots = root().join("target/screenshots");
    let site = tempfile::tempdir().expect("tempdir");
    let mut export = Command::new(env!("CARGO_BIN_EXE_dateline"));
    // No store in the working directory is read: the embedded dataset, as the servers serve.
    export
        .arg("export")
        .arg("--static")
        .arg(site.path())
        .env("DATELINE_DATA_DIR", data_dir());
    if let Some(t) = &text {
        export
            .arg("--text")
            .arg(format!("interview-2020-11-06={}", t.display()));
    }
    let exported = export.output().expect("dateline export runs");
    assert!(
        exported.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&exported.stderr)
    );
    let out = Command::new("node")
        .args(["--test", "--test-reporter=spec", "test/"])
        .current_dir(root().join("web"))
        .env("DATELINE_URL", &url)
        .env("DATELINE_LARGE_URL", &large_url)
        .env("DATELINE_DESK_URL", &desk_url)
        .env("DATELINE_DESK_USERS", desk_users.join(","))
        .env("DATELINE_STATIC_DIR", site.path())
        .env("DATELINE_SCREENSHOTS", &shots)
        .env("DATELINE_HAS_TEXT", if text.is_some() { "1" } else { "0" })
        .env("CHROMIUM", chromium())
        .output()
        .expect("node runs");
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{report}\nscreenshots: {}", shots.display());
    assert!(out.status.success(), "browser tests failed:\n{report}");
}
