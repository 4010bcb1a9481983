//! `dateline export --static DIR`: the map and its layers as plain files, for object storage
//! or any web server, so embed traffic on a popular article never reaches a `dateline serve`.
//!
//! The directory holds the three pages (`index.html`, `embed.html`, `source.html`), their
//! modules and Leaflet, `config.json` with `"static": true` (the front end then loads the
//! whole layers once and filters in the browser), and `data/`: `events.geojson` (RFC 7946,
//! the same features as `/collections/events/items`), `outlines.geojson` (countries at low
//! detail, as an embed first loads them, but those the events are in; regions and districts
//! at full detail) and `sources.json` (every source with its claims, mentions and, when given,
//! text), and `map.svg` / `map.png`: the default view as an image. Nothing in it refers to an absolute URL, so it works under any path prefix.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::gazetteer::Kind;
use crate::http::AppState;
use crate::http::layers::{outlines_json, source_detail_json};
use crate::http::outlines::Detail;
use crate::http::web::{HEAD_MARKER, Site};
use crate::render;

/// Errors of the export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Occurs when the binary was built without the front end's packages.
    #[error(
        "this binary was built without the map (web/index.html or Leaflet from npm: run `cd web && npm ci` and rebuild)"
    )]
    NoFrontEnd,
    /// Occurs when a file cannot be written.
    #[error("{path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// What an export wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Events in `data/events.geojson`.
    pub events: usize,
}

fn write(dir: &Path, rel: &str, bytes: &[u8], sum: &mut Summary) -> Result<(), ExportError> {
    let path = dir.join(rel);
    let err = |source| ExportError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(err)?;
    }
    std::fs::write(&path, bytes).map_err(err)?;
    sum.files += 1;
    sum.bytes += bytes.len() as u64;
    Ok(())
}

/// Writes the static site for `state` into `dir` (created if needed; files already there
/// are overwritten, others left alone).
///
/// # Errors
/// [`ExportError`] when the front end is missing or a file cannot be written.
pub fn export_static(state: &AppState, dir: &Path) -> Result<Summary, ExportError> {
    if !Site::vendor_ok() || !Site::files().iter().any(|(p, _)| *p == "index.html") {
        return Err(ExportError::NoFrontEnd);
    }
    let mut sum = Summary::default();
    for (path, embedded) in Site::files() {
        // The desk needs a server: a static site has no editors.
        if *path == "desk.html" || path.starts_with("static/desk/") {
            continue;
        }
        // The site's own copy: the directory of `--web DIR` when one is given.
        let bytes = state.site.file(path).unwrap_or(Cow::Borrowed(embedded));
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(&bytes).replacen(HEAD_MARKER, "", 1);
            write(dir, path, html.as_bytes(), &mut sum)?;
        } else {
            write(dir, path, &bytes, &mut sum)?;
        }
    }
    let snap = state.snapshot();
    let with_text: Vec<&str> = snap.texts.keys().map(String::as_str).collect();
    let config = state.site.config(&with_text, true);
    write(dir, "config.json", &to_vec(&config), &mut sum)?;

    // The API's own Feature bytes, one after the other.
    let g = &state.gazetteer;
    let mut events = br#"{"type":"FeatureCollection","name":"events","features":["#.to_vec();
    for (i, e) in snap.events.events().iter().enumerate() {
        if i > 0 {
            events.push(b',');
        }
        snap.event_json
            .append_feature(g, &snap.sources, i as u32, e, &mut events)
            .map_err(|e| ExportError::Write {
                path: "data/events.geojson".into(),
                source: e.into(),
            })?;
        sum.events += 1;
    }
    events.extend_from_slice(b"]}");
    write(dir, "data/events.geojson", &events, &mut sum)?;
    // The embed's light world (countries at low detail: 180 KB, not 1.3 MB of them all at
    // full detail), the countries the events are in at full detail (their borders are what
    // the map is read against) and the few regions and districts that have outlines.
    let countries: BTreeSet<&str> = snap
        .events
        .events()
        .iter()
        .filter_map(|e| g.get(&e.place_id))
        .map(|p| p.country.as_ref())
        .collect();
    let outlines = outlines_json(g, |p| match p.kind {
        Kind::Country if countries.contains(p.country.as_ref()) => Some(Detail::Full),
        Kind::Country => Some(Detail::Low),
        Kind::Region | Kind::District => Some(Detail::Full),
        _ => None,
    });
    write(dir, "data/outlines.geojson", &outlines, &mut sum)?;
    let sources: Vec<Value> = snap
        .sources
        .sources
        .iter()
        .filter_map(|(s, _)| source_detail_json(g, &snap, &s.id))
        .collect();
    write(dir, "data/sources.json", &to_vec(&sources), &mut sum)?;
    write(dir, "ATTRIBUTION.txt", ATTRIBUTION.as_bytes(), &mut sum)?;
    // The map's default view as images (the Image link of a static site points at them).
    let all: Vec<u32> = (0..snap.events.events().len() as u32).collect();
    let sel = render::Selection::from_positions(g, &snap.events, &all);
    let view = render::View {
        names: state.site.names.clone(),
        ..render::View::default()
    };
    let fonts = render::fonts::fonts();
    let image = render::svg::render(g, &view, &sel, fonts);
    write(dir, "map.svg", image.svg.as_bytes(), &mut sum)?;
    let png = render::png::render(&image, 1.0, fonts).map_err(|e| ExportError::Write {
        path: "map.png".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    write(dir, "map.png", &png, &mut sum)?;
    Ok(sum)
}

fn to_vec(v: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

/// The credits the data's licences require, shipped with every export.
const ATTRIBUTION: &str = "\
Exported by Dateline (dateline export --static).

Places: GeoNames (https://www.geonames.org/), licensed CC BY 4.0.
Outlines: Natural Earth (https://www.naturalearthdata.com/), public domain.
Map library: Leaflet (BSD-2-Clause) and Leaflet.markercluster (MIT), from npm.
Basemap tiles, when shown: see the attribution on the map (default OpenStreetMap
contributors, ODbL).
Events: each claim names its source, claimant and quote; see data/sources.json.
";
