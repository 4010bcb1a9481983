//! `/collections/{id}/items` and `/collections/{id}/items/{featureId}`: pages of features
//! as GeoJSON (with `numberMatched`, `numberReturned`, `timeStamp`, `next`/`prev` links), or
//! the same events as a CSV or KML download.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::error::ApiError;
use super::flat::{layer, write_flat_feature};
use super::formats::{self, CSV, GEOJSON, GPKG, KML};
use super::params::{Format, Params, items_query};
use super::{AppState, base_url};
use crate::events::Event;
use crate::index::{FlatKind, Page};
use crate::output::event_feature;

/// The collections served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    /// The curated events.
    Events,
    /// The gazetteer.
    Places,
    /// Place-name mentions in the source texts.
    Mentions,
    /// One feature per claim, flat (GIS).
    Claims,
    /// Events as points, flat (GIS).
    EventPoints,
    /// Events located to areas, as their outlines, flat (GIS).
    EventAreas,
}

impl Collection {
    /// Every collection, in the order listed.
    pub const ALL: [Collection; 6] = [
        Collection::Events,
        Collection::Places,
        Collection::Mentions,
        Collection::Claims,
        Collection::EventPoints,
        Collection::EventAreas,
    ];

    /// The flat layer behind a GIS collection.
    pub fn flat(self) -> Option<FlatKind> {
        match self {
            Collection::Claims => Some(FlatKind::Claims),
            Collection::EventPoints => Some(FlatKind::EventPoints),
            Collection::EventAreas => Some(FlatKind::EventAreas),
            _ => None,
        }
    }

    /// The collection with this id.
    ///
    /// # Errors
    /// [`ApiError::NotFound`] for any other id.
    pub fn parse(id: &str) -> Result<Collection, ApiError> {
        Collection::ALL
            .into_iter()
            .find(|c| c.id() == id)
            .ok_or_else(|| ApiError::NotFound(format!("no collection {id:?}")))
    }

    /// The collection id.
    pub fn id(self) -> &'static str {
        match self {
            Collection::Events => "events",
            Collection::Places => "places",
            Collection::Mentions => "mentions",
            Collection::Claims => "claims",
            Collection::EventPoints => "event-points",
            Collection::EventAreas => "event-areas",
        }
    }

    /// The query parameters its items accept.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            Collection::Events
            | Collection::Claims
            | Collection::EventPoints
            | Collection::EventAreas => &[
                "bbox",
                "datetime",
                "date_match",
                "limit",
                "offset",
                "f",
                "event_type",
                "source",
                "claimant",
                "place",
                "q",
                "ids",
            ],
            Collection::Places => &["bbox", "datetime", "limit", "offset", "f", "q"],
            Collection::Mentions => &[
                "bbox", "datetime", "limit", "offset", "f", "source", "place", "q",
            ],
        }
    }
}

/// A link object.
pub fn link(href: &str, rel: &str, media_type: &str, title: &str) -> Value {
    json!({ "href": href, "rel": rel, "type": media_type, "title": title })
}

/// `path?pairs` with `set` replacing or adding parameters.
fn href(base: &str, path: &str, params: &Params, set: &[(&str, String)]) -> String {
    let mut pairs: Vec<(String, String)> = params
        .pairs()
        .iter()
        .filter(|(k, _)| !set.iter().any(|(s, _)| s == k))
        .cloned()
        .collect();
    pairs.extend(set.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    let qs = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    if qs.is_empty() {
        format!("{base}{path}")
    } else {
        format!("{base}{path}?{qs}")
    }
}

fn with_type(mut resp: Response, media_type: &'static str) -> Response {
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    resp
}

/// `GET /collections/{id}/items`.
///
/// # Errors
/// 404 for an unknown collection; 400 for unknown or invalid parameters, or `f=csv|kml` on a
/// collection other than events.
pub async fn items(
    State(st): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let coll = Collection::parse(&id)?;
    let params = Params::parse(raw.as_deref(), coll.params())?;
    let (query, format) = items_query(&params)?;
    if matches!(format, Format::Csv | Format::Kml) && coll != Collection::Events {
        return Err(ApiError::invalid(
            "f",
            "csv and kml downloads are offered for the events collection",
        ));
    }
    let g = &st.gazetteer;
    let snap = st.snapshot();
    let flat = layer(&snap, coll);
    let page: Page = match (coll, flat) {
        (_, Some(l)) => l.query(&snap.events, &query),
        (Collection::Events, _) => snap.events.query(&query),
        (Collection::Places, _) => snap.places.query(g, &query),
        (_, None) => snap.mentions.query(g, &query),
    };
    let events: Vec<&Event> = match coll {
        Collection::Events => page.items.iter().map(|&i| snap.events.event(i)).collect(),
        _ => Vec::new(),
    };
    let resp = match format {
        Format::Csv => {
            // Rows written when the data was loaded: a copy.
            let bytes = match snap.event_csv.csv(&page.items) {
                Some(bytes) => bytes,
                None => formats::events_csv(
                    g,
                    &snap.sources,
                    &events,
                    snap.event_json.all_other_dates(),
                )
                .map_err(|e| ApiError::Internal(format!("csv: {e}")))?,
            };
            with_type(bytes.into_response(), CSV)
        }
        Format::Kml => with_type(
            formats::events_kml(g, &snap.sources, &events).into_response(),
            KML,
        ),
        Format::Gpkg => with_type(
            super::gpkg::download(g, &snap, coll, &page.items)
                .await?
                .into_response(),
            GPKG,
        ),
        Format::GeoJson => {
            // The body is written in place: features can be megabytes.
            let mut body: Vec<u8> = Vec::with_capacity(page.items.len() * 1024 + 1024);
            body.extend_from_slice(b"{\"type\":\"FeatureCollection\",\"features\":[");
            for (n, &i) in page.items.iter().enumerate() {
                if n > 0 {
                    body.push(b',');
                }
                let features = &mut body;
                let written = match (coll, flat) {
                    (_, Some(l)) => write_flat_feature(g, &snap, l, i, features),
                    // Serialised when the data was loaded: a copy.
                    (Collection::Events, _) => snap.event_json.append_feature(
                        g,
                        &snap.sources,
                        i,
                        snap.events.event(i),
                        features,
                    ),
                    (Collection::Places, _) => {
                        serde_json::to_writer(features, &formats::place_feature(g.place(i)))
                    }
                    (_, None) => serde_json::to_writer(
                        features,
                        &formats::mention_feature(g, snap.mentions.record(i)),
                    ),
                };
                written.map_err(|e| ApiError::Internal(format!("geojson: {e}")))?;
            }
            let base = base_url(&headers);
            let path = format!("/collections/{}/items", coll.id());
            let mut links = vec![
                link(
                    &href(&base, &path, &params, &[]),
                    "self",
                    GEOJSON,
                    "this page",
                ),
                link(
                    &format!("{base}/collections/{}", coll.id()),
                    "collection",
                    "application/json",
                    "the collection",
                ),
            ];
            let gpkg = href(&base, &path, &params, &[("f", "gpkg".to_owned())]);
            links.push(link(&gpkg, "alternate", GPKG, "this page as gpkg"));
            if coll == Collection::Events {
                for (f, t) in [("csv", CSV), ("kml", KML)] {
                    let h = href(&base, &path, &params, &[("f", f.to_owned())]);
                    links.push(link(&h, "alternate", t, &format!("this page as {f}")));
                }
            }
            let returned = page.items.len();
            if query.offset + returned < page.number_matched {
                let next = (query.offset + returned).to_string();
                let h = href(&base, &path, &params, &[("offset", next)]);
                links.push(link(&h, "next", GEOJSON, "next page"));
            }
            if query.offset > 0 {
                let prev = query.offset.saturating_sub(query.limit).to_string();
                let h = href(&base, &path, &params, &[("offset", prev)]);
                links.push(link(&h, "prev", GEOJSON, "previous page"));
            }
            // The rest of the envelope after the features.
            let tail = json!({
                "numberMatched": page.number_matched,
                "numberReturned": returned,
                "timeStamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "links": links,
            })
            .to_string();
            body.extend_from_slice(b"],");
            body.extend_from_slice(&tail.as_bytes()[1..]);
            with_type(body.into_response(), GEOJSON)
        }
    };
    Ok(attach(resp, &params, coll, format))
}

/// Adds `Content-Disposition: attachment` when the client asked for a file format.
fn attach(mut resp: Response, params: &Params, coll: Collection, format: Format) -> Response {
    if params.get("f").is_some_and(|f| f != "json") {
        let name = format!(
            "attachment; filename=\"{}.{}\"",
            download_stem(params, coll),
            format.extension()
        );
        if let Ok(v) = HeaderValue::from_str(&name) {
            resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
    }
    resp
}

/// A download's file name without extension, saying its filter: `dateline-events`, then the
/// dates, type, text and box asked for (`…-2020-10-01_2020-10-31-shelling-bbox46.2_40.5_46.5_40.8`),
/// else today's date. Only ASCII letters, digits, `.`, `_` and `-` are kept (a header value).
fn download_stem(params: &Params, coll: Collection) -> String {
    let mut parts = vec![format!("dateline-{}", coll.id())];
    let clean = |v: &str| -> String {
        v.chars()
            .map(|c| match c {
                '/' | ',' | ' ' => '_',
                c if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') => c,
                _ => '-',
            })
            .take(60)
            .collect()
    };
    if let Some(d) = params.get("datetime").filter(|d| !d.is_empty()) {
        parts.push(clean(&d.replace("..", "open")));
    }
    for key in ["event_type", "q"] {
        if let Some(v) = params.get(key).filter(|v| !v.is_empty()) {
            parts.push(clean(v));
        }
    }
    if let Some(b) = params.get("bbox").filter(|b| !b.is_empty()) {
        parts.push(format!("bbox{}", clean(b)));
    }
    if parts.len() == 1 {
        parts.push(chrono::Utc::now().format("%Y-%m-%d").to_string());
    }
    parts.join("-")
}

/// `GET /collections/{id}/items/{featureId}`.
///
/// # Errors
/// 404 for an unknown collection or feature; 400 for unknown parameters.
pub async fn item(
    State(st): State<AppState>,
    Path((id, fid)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let coll = Collection::parse(&id)?;
    let params = Params::parse(raw.as_deref(), &["f"])?;
    if let Some(f) = params.get("f") {
        if Format::parse(f)? != Format::GeoJson {
            return Err(ApiError::invalid(
                "f",
                "single features are served as geojson",
            ));
        }
    }
    let g = &st.gazetteer;
    let snap = st.snapshot();
    let missing = || ApiError::NotFound(format!("no feature {fid:?} in {}", coll.id()));
    let flat = match layer(&snap, coll) {
        Some(l) => {
            let r = l.get(&snap.events, &fid).ok_or_else(missing)?;
            let mut out = Vec::new();
            write_flat_feature(g, &snap, l, r, &mut out)
                .map_err(|e| ApiError::Internal(format!("geojson: {e}")))?;
            Some(out)
        }
        None => None,
    };
    let mut feature = match (coll, &flat) {
        (_, Some(_)) => json!({}),
        (Collection::Events, _) => {
            let e = snap.events.get(&fid).ok_or_else(missing)?;
            let other_dates = snap.event_json.other_dates_member(&e.id);
            event_feature(g, Some(&snap.sources), e, other_dates)
        }
        (Collection::Places, _) => formats::place_feature(g.get(&fid).ok_or_else(missing)?),
        (_, None) => formats::mention_feature(g, snap.mentions.get(&fid).ok_or_else(missing)?),
    };
    let base = base_url(&headers);
    let self_href = format!(
        "{base}/collections/{}/items/{}",
        coll.id(),
        utf8_percent_encode_path(&fid)
    );
    let links = json!([
        link(&self_href, "self", GEOJSON, "this feature"),
        link(
            &format!("{base}/collections/{}", coll.id()),
            "collection",
            "application/json",
            "the collection"
        ),
    ]);
    if let Some(mut out) = flat {
        // The written Feature, its members in order, with the links as its last member.
        out.pop();
        out.extend_from_slice(b",\"links\":");
        out.extend_from_slice(links.to_string().as_bytes());
        out.push(b'}');
        return Ok(with_type(out.into_response(), GEOJSON));
    }
    feature["links"] = links;
    Ok(with_type(feature.to_string().into_response(), GEOJSON))
}

/// Percent-encodes a path segment (ids are ASCII but may hold `:`; keep it readable).
pub fn utf8_percent_encode_path(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
