//! `GET /api/outlines`: country, region and district outlines, the web map's offline basemap,
//! at two levels of detail and optionally only those in an area, so a map loads a light
//! world first and the detail of what it shows later (an embed's budget before its first
//! markers: see BENCHMARKS.md).
//!
//! - `detail=full` (the default): simplified to 0.05° (countries) or 0.002° (regions,
//!   districts), 4 decimals, with every name of the map's conventions.
//! - `detail=low`: simplified to 0.25° with 1 decimal (countries) or 0.01° with 2, islands
//!   under four tolerances across left out (but a place's largest), and no `names`: a world
//!   map for low zooms.
//! - `bbox=w,s,e,n`: only the outlines whose bounding box intersects it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use geo::{BoundingRect, Simplify};
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::formats::GEOJSON;
use super::params::{Params, parse_bbox};
use crate::gazetteer::{Gazetteer, Kind, Place};

/// The outline kinds served, in drawing order.
pub const OUTLINE_KINDS: [Kind; 3] = [Kind::Country, Kind::Region, Kind::District];

/// The languages of the map's place-name conventions; outlines carry only their names.
pub const MAP_LANGS: [&str; 5] = ["en", "az", "hy", "hy-Latn", "ru"];

/// How detailed outlines are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detail {
    /// For any zoom (the default).
    Full,
    /// For a world view: coarse, no names.
    Low,
}

impl Detail {
    /// `full` or `low`.
    ///
    /// # Errors
    /// [`ApiError::InvalidParameter`] naming `detail` for anything else.
    pub fn parse(s: &str) -> Result<Detail, ApiError> {
        match s {
            "full" => Ok(Detail::Full),
            "low" => Ok(Detail::Low),
            other => Err(ApiError::invalid(
                "detail",
                format!("{other:?}: use full or low"),
            )),
        }
    }

    /// Simplification tolerance in degrees and decimals kept, for a kind.
    fn tolerance(self, kind: Kind) -> (f64, i32) {
        match (self, kind) {
            (Detail::Full, Kind::Country) => (0.05, 4),
            (Detail::Full, _) => (0.002, 4),
            (Detail::Low, Kind::Country) => (0.25, 1),
            (Detail::Low, _) => (0.01, 2),
        }
    }
}

/// One kind at one detail: every feature's bytes with its bounding box, and the whole
/// collection.
#[derive(Debug, Default)]
struct Layer {
    features: Vec<([f64; 4], Vec<u8>)>,
    all: Bytes,
}

/// Outlines as GeoJSON bytes per kind and detail, built on first use (parsing the polygons
/// takes a few hundred milliseconds, which tests and the CLI should not pay).
#[derive(Debug, Default)]
pub struct Outlines(OnceLock<BTreeMap<(&'static str, Detail), Layer>>);

impl Outlines {
    /// The FeatureCollection of one kind (`country`, `region`, `district`) at full detail.
    /// `Bytes`, so a response shares them instead of copying a megabyte.
    pub fn get(&self, g: &Gazetteer, kind: &str) -> Option<Bytes> {
        self.select(g, kind, Detail::Full, None)
    }

    /// The FeatureCollection of one kind at a detail, only the outlines whose bounding box
    /// intersects `bbox` when one is given.
    pub fn select(
        &self,
        g: &Gazetteer,
        kind: &str,
        detail: Detail,
        bbox: Option<&crate::index::Bbox>,
    ) -> Option<Bytes> {
        let layer = self
            .0
            .get_or_init(|| {
                let mut m = BTreeMap::new();
                for k in OUTLINE_KINDS {
                    for d in [Detail::Full, Detail::Low] {
                        m.insert((k.as_str(), d), layer(g, k, d));
                    }
                }
                m
            })
            .get(&(kind, detail))?;
        let Some(b) = bbox else {
            return Some(layer.all.clone());
        };
        let parts = layer
            .features
            .iter()
            .filter(|(env, _)| b.intersects_envelope(*env))
            .map(|(_, f)| f.as_slice());
        Some(Bytes::from(collection(parts)))
    }
}

/// A FeatureCollection of these features' bytes.
fn collection<'a>(features: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = br#"{"type":"FeatureCollection","features":["#.to_vec();
    for (i, f) in features.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(f);
    }
    out.extend_from_slice(b"]}");
    out
}

/// The places of this kind that have their own outline, as features with their boxes.
fn layer(g: &Gazetteer, kind: Kind, detail: Detail) -> Layer {
    let features: Vec<([f64; 4], Vec<u8>)> = g
        .places()
        .iter()
        .filter(|p| p.kind == kind && g.members(&p.id).is_empty())
        .filter_map(|p| {
            let (f, env) = feature(g, p, detail)?;
            Some((env, serde_json::to_vec(&f).ok()?))
        })
        .collect();
    let all = Bytes::from(collection(features.iter().map(|(_, f)| f.as_slice())));
    Layer { features, all }
}

/// One outline as a Feature (and its bounding box), or `None` when it has no polygon or
/// nothing of it survives simplification.
fn feature(g: &Gazetteer, p: &Place, detail: Detail) -> Option<(Value, [f64; 4])> {
    let (tolerance, decimals) = detail.tolerance(p.kind);
    let scale = 10f64.powi(decimals);
    let round = |x: f64| (x * scale).round() / scale;
    let mp = g.polygon(&p.id)?;
    let r = mp.bounding_rect()?;
    let mp = mp.simplify(tolerance);
    let size = |p: &geo::Polygon| p.bounding_rect().map_or(0.0, |r| r.width() * r.height());
    let largest = mp.0.iter().max_by(|a, b| size(a).total_cmp(&size(b)));
    let coords: Vec<Vec<Vec<[f64; 2]>>> = mp
        .0
        .iter()
        .filter_map(|poly| {
            let ring = |r: &geo::LineString| {
                let mut pts: Vec<[f64; 2]> = r.0.iter().map(|c| [round(c.x), round(c.y)]).collect();
                pts.dedup();
                // A ring smaller than the tolerance collapses: leave it out (and an island
                // whose coast collapses with it).
                (pts.len() >= 4).then_some(pts)
            };
            // At low detail an island under four tolerances across both ways goes too,
            // unless it is the place's largest (a small island state stays on the map).
            let r = poly.exterior().bounding_rect()?;
            let small = r.width() < 4.0 * tolerance && r.height() < 4.0 * tolerance;
            if detail == Detail::Low && small && !std::ptr::eq(poly, largest?) {
                return None;
            }
            let exterior = ring(poly.exterior())?;
            Some(
                std::iter::once(exterior)
                    .chain(poly.interiors().iter().filter_map(ring))
                    .collect(),
            )
        })
        .collect();
    if coords.is_empty() {
        return None;
    }
    let mut properties = json!({
        "id": p.id,
        "kind": p.kind,
        "name": p.name,
        "country": p.country,
    });
    if detail == Detail::Full {
        properties["names"] = json!(
            crate::output::display_names(p)
                .into_iter()
                .filter(|n| MAP_LANGS.contains(&n.lang.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
        );
    }
    let f = json!({
        "type": "Feature",
        "id": p.id,
        "geometry": { "type": "MultiPolygon", "coordinates": coords },
        "properties": properties,
    });
    Some((f, [r.min().x, r.min().y, r.max().x, r.max().y]))
}

/// The places that have their own outline, each at the detail `detail` gives it (none: left
/// out), as one GeoJSON FeatureCollection (the static export's `outlines.geojson`).
pub fn outlines_json(g: &Gazetteer, detail: impl Fn(&Place) -> Option<Detail>) -> Vec<u8> {
    let features: Vec<Vec<u8>> = g
        .places()
        .iter()
        .filter(|p| g.members(&p.id).is_empty())
        .filter_map(|p| serde_json::to_vec(&feature(g, p, detail(p)?)?.0).ok())
        .collect();
    collection(features.iter().map(Vec::as_slice))
}

/// Rounds to 4 decimals (a basemap, not survey data).
pub(crate) fn r4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// `GET /api/outlines?kind=country|region|district&detail=full|low&bbox=`: the offline
/// basemap.
///
/// # Errors
/// 400 for another kind, detail, a bad bbox or another parameter.
pub async fn outlines(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), &["kind", "detail", "bbox"])?;
    let kind = p.get("kind").unwrap_or("country");
    let detail = p
        .get("detail")
        .map(Detail::parse)
        .transpose()?
        .unwrap_or(Detail::Full);
    let bbox = p.get("bbox").map(parse_bbox).transpose()?;
    let bytes = st
        .outlines
        .select(&st.gazetteer, kind, detail, bbox.as_ref())
        .ok_or_else(|| {
            ApiError::invalid("kind", format!("{kind:?}: use country, region or district"))
        })?;
    let mut r = bytes.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(GEOJSON));
    Ok(r)
}
