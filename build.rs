//! Embeds the map front end into the binary: the pages and modules under `web/` and the
//! third-party files it loads (Leaflet and Leaflet.markercluster) from `web/node_modules`,
//! which this script installs with `npm ci` when they are missing. Third-party code is never
//! committed; it comes from npm at the versions pinned in `web/package-lock.json`.
//!
//! Without npm (or offline), the build still succeeds: the server then serves the API and a
//! page explaining how to install the map's packages (`cd web && npm ci`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Files served at `/vendor/...`: (URL path, path under `web/node_modules`).
const VENDOR: &[(&str, &str)] = &[
    ("leaflet/leaflet.js", "leaflet/dist/leaflet.js"),
    ("leaflet/leaflet.css", "leaflet/dist/leaflet.css"),
    (
        "leaflet/images/marker-icon.png",
        "leaflet/dist/images/marker-icon.png",
    ),
    (
        "leaflet/images/marker-icon-2x.png",
        "leaflet/dist/images/marker-icon-2x.png",
    ),
    (
        "leaflet/images/marker-shadow.png",
        "leaflet/dist/images/marker-shadow.png",
    ),
    (
        "leaflet/images/layers.png",
        "leaflet/dist/images/layers.png",
    ),
    (
        "leaflet/images/layers-2x.png",
        "leaflet/dist/images/layers-2x.png",
    ),
    (
        "markercluster/leaflet.markercluster.js",
        "leaflet.markercluster/dist/leaflet.markercluster.js",
    ),
    (
        "markercluster/MarkerCluster.css",
        "leaflet.markercluster/dist/MarkerCluster.css",
    ),
    (
        "markercluster/MarkerCluster.Default.css",
        "leaflet.markercluster/dist/MarkerCluster.Default.css",
    ),
];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let web = root.join("web");
    let modules = web.join("node_modules");
    println!("cargo:rerun-if-changed=web/package-lock.json");
    println!("cargo:rerun-if-changed=web/index.html");
    println!("cargo:rerun-if-changed=web/embed.html");
    println!("cargo:rerun-if-changed=web/source.html");
    println!("cargo:rerun-if-changed=web/desk.html");
    println!("cargo:rerun-if-changed=web/static");
    println!("cargo:rerun-if-changed=web/node_modules/leaflet/package.json");
    println!("cargo:rerun-if-changed=web/node_modules/leaflet.markercluster/package.json");

    let missing = |m: &Path| VENDOR.iter().any(|(_, p)| !m.join(p).is_file());
    if missing(&modules) && std::env::var_os("DATELINE_NO_NPM").is_none() {
        npm_ci(&web);
    }
    let vendor_ok = !missing(&modules);
    if !vendor_ok {
        println!(
            "cargo:warning=web/node_modules lacks Leaflet: the map will ask for `cd web && npm ci`"
        );
    }

    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for page in ["index.html", "embed.html", "source.html", "desk.html"] {
        let p = web.join(page);
        if p.is_file() {
            files.push((page.to_owned(), p));
        }
    }
    let mut statics = Vec::new();
    walk(&web.join("static"), &mut statics);
    statics.sort();
    for p in statics {
        let rel = p
            .strip_prefix(&web)
            .expect("under web/")
            .to_string_lossy()
            .replace('\\', "/");
        files.push((rel, p));
    }
    if vendor_ok {
        for (url, p) in VENDOR {
            files.push((format!("vendor/{url}"), modules.join(p)));
        }
    }

    let mut code = String::from(
        "/// Every embedded front-end file: (path under the site root, bytes).\n\
         pub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (url, p) in &files {
        let _ = writeln!(code, "    ({url:?}, include_bytes!({:?})),", p.display());
    }
    code.push_str("];\n");
    let _ = writeln!(
        code,
        "/// Whether Leaflet was installed when the binary was built.\npub const VENDOR_OK: bool = {vendor_ok};"
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("web_assets.rs");
    std::fs::write(out, code).expect("write web_assets.rs");
}

/// `npm ci --omit=dev` in `web/`; a failure is a warning, not a build error.
fn npm_ci(web: &Path) {
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let status = Command::new(npm)
        .args([
            "ci",
            "--omit=dev",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ])
        .current_dir(web)
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => println!("cargo:warning=`npm ci` in web/ failed ({s})"),
        Err(e) => {
            println!("cargo:warning=npm not found ({e}): the map's packages are not installed")
        }
    }
}

/// Every file under `dir`, recursively.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.is_file() {
            out.push(p);
        }
    }
}
