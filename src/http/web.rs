//! The map front end: its pages (`/` for browsers, `/embed`, `/source`), their modules under
//! `/static/`, Leaflet under `/vendor/`, `/config.json`, the oEmbed endpoint, and the
//! security headers of pages (Content Security Policy; only `/embed` may be framed by other
//! sites).
//!
//! The files are embedded at build time (`build.rs`), or read from a directory given with
//! `dateline serve --web DIR` while developing the front end.

use std::borrow::Cow;
use std::path::PathBuf;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::error::ApiError;
use super::formats::xml_escape as escape_html;
use super::params::Params;
use super::{AppState, base_url, ogc};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/web_assets.rs"));
}

/// The marker in each page's `<head>` replaced by its discovery and canonical links.
pub const HEAD_MARKER: &str = "<!--dateline:head-->";

/// The query parameters of a map view (permalinks and embeds share them).
pub const VIEW_PARAMS: [&str; 15] = [
    "bbox", "layers", "from", "to", "match", "event", "names", "basemap", "type", "q", "tour",
    "title", "credit", "map", "ids",
];

/// The tile basemap the map offers first (the outlines served by Dateline are always there
/// underneath, so the map is never blank offline).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tiles {
    /// URL template with `{z}`, `{x}`, `{y}` (and optionally `{s}`).
    pub url: String,
    /// Attribution shown on the map, as required by the tile provider.
    pub attribution: String,
    /// Highest zoom level the tiles offer.
    pub max_zoom: u8,
}

/// The default tile URL template: OpenStreetMap's standard tiles.
pub const DEFAULT_TILES_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
/// The attribution OpenStreetMap's tiles require.
pub const DEFAULT_TILES_ATTRIBUTION: &str = "© OpenStreetMap contributors";

impl Default for Tiles {
    fn default() -> Tiles {
        Tiles {
            url: DEFAULT_TILES_URL.into(),
            attribution: DEFAULT_TILES_ATTRIBUTION.into(),
            max_zoom: 19,
        }
    }
}

/// How the front end is configured and where its files come from.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The tile basemap, or `None` for the offline outlines only.
    pub tiles: Option<Tiles>,
    /// The default place-name convention: a language code (`en`, `az`, `hy`, `ru`) or `all`.
    pub names: String,
    /// Read the front end from this directory instead of the embedded copy (development).
    pub dir: Option<PathBuf>,
}

impl Site {
    /// The defaults: OpenStreetMap tiles, English names, embedded files.
    pub fn new() -> Site {
        Site {
            tiles: Some(Tiles::default()),
            names: "en".into(),
            dir: None,
        }
    }

    /// The file at `path` (relative to the site root: `index.html`, `static/map.js`,
    /// `vendor/leaflet/leaflet.js`), from the directory when one is set (vendor files from
    /// its `node_modules` are still the embedded ones), else embedded.
    pub fn file(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        if path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
        {
            return None;
        }
        if let Some(dir) = &self.dir {
            if !path.starts_with("vendor/") {
                return std::fs::read(dir.join(path)).ok().map(Cow::Owned);
            }
        }
        embedded::FILES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, b)| Cow::Borrowed(*b))
    }

    /// Every embedded file, for the static export.
    pub fn files() -> &'static [(&'static str, &'static [u8])] {
        embedded::FILES
    }

    /// Whether Leaflet was installed when the binary was built.
    pub fn vendor_ok() -> bool {
        embedded::VENDOR_OK
    }

    /// A hash of the embedded files, part of every ETag so a new build invalidates caches.
    pub fn hash() -> String {
        let mut h = Sha256::new();
        for (p, b) in embedded::FILES {
            h.update(p);
            h.update(b);
        }
        h.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// `config.json` for a server (`static: false`) or for a static export.
    pub fn config(&self, sources_with_text: &[&str], export: bool) -> serde_json::Value {
        let mut c = json!({
            "title": "Dateline",
            "static": export,
            "tiles": self.tiles,
            "names": self.names,
            "sources_with_text": sources_with_text,
            "attribution": "Dateline · places: GeoNames (CC BY 4.0), Natural Earth",
        });
        if export {
            c["pages"] =
                json!({"map": "index.html", "embed": "embed.html", "source": "source.html"});
            c["data"] = json!({
                "events": "data/events.geojson",
                "outlines": "data/outlines.geojson",
                "sources": "data/sources.json",
            });
        } else {
            c["pages"] = json!({"map": "./", "embed": "embed", "source": "source"});
        }
        c
    }
}

/// The media type of a file, from its extension.
pub fn media_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The Content Security Policy of pages: scripts, styles and data only from this origin
/// (inline styles are allowed because Leaflet positions tiles and markers with them), tiles
/// from any https host (the basemap is configurable). `frame_ancestors` is `*` for `/embed`
/// and `'self'` elsewhere.
pub fn csp(frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob: https:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors {frame_ancestors}"
    )
}

/// A page with its head marker replaced and the security headers set.
fn page(st: &AppState, name: &str, head: &str, frame_ancestors: &str) -> Response {
    let Some(bytes) = st.site.file(name) else {
        return missing_front_end();
    };
    let html = String::from_utf8_lossy(&bytes).replacen(HEAD_MARKER, head, 1);
    let mut r = html.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&csp(frame_ancestors)) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    r
}

/// The page served when the binary was built without the front end's packages.
fn missing_front_end() -> Response {
    let body = "<!doctype html><meta charset=utf-8><title>Dateline</title>\
        <h1>Dateline</h1><p>The map's front-end packages were not installed when this \
        binary was built. Run <code>cd web &amp;&amp; npm ci</code> and rebuild. The API \
        is available: <a href=\"collections\">collections</a>, <a href=\"api\">OpenAPI</a>.</p>";
    let mut r = (StatusCode::SERVICE_UNAVAILABLE, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// The `<head>` links of a page at `uri`: canonical URL and oEmbed discovery.
fn head_links(headers: &HeaderMap, uri: &Uri) -> String {
    let base = base_url(headers);
    let page_url = format!("{base}{}", uri.path_and_query().map_or("/", |p| p.as_str()));
    let query = serde_urlencoded::to_string([("url", page_url.as_str()), ("format", "json")])
        .unwrap_or_default();
    let oembed = format!("{base}/oembed?{query}");
    format!(
        "<link rel=\"canonical\" href=\"{}\">\n  \
         <link rel=\"alternate\" type=\"application/json+oembed\" href=\"{}\" title=\"Dateline map\">",
        escape_html(&page_url),
        escape_html(&oembed)
    )
}

/// Whether `GET /` should answer with the map (a browser) rather than the OGC landing page
/// (`f=html`, or no `f` and an `Accept` that lists `text/html`).
fn wants_html(raw: Option<&str>, headers: &HeaderMap) -> bool {
    let f = serde_urlencoded::from_str::<Vec<(String, String)>>(raw.unwrap_or(""))
        .ok()
        .and_then(|v| v.into_iter().find(|(k, _)| k == "f").map(|(_, v)| v));
    match f.as_deref() {
        Some("html") => true,
        Some(_) => false,
        None => headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html")),
    }
}

/// `GET /`: the map for browsers, the OGC API landing page (JSON) for other clients.
///
/// # Errors
/// As [`ogc::landing`] for JSON requests.
pub async fn root(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    if wants_html(raw.as_deref(), &headers) {
        let mut r = page(&st, "index.html", &head_links(&headers, &uri), "'self'");
        r.headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept"));
        return Ok(r);
    }
    let mut r = ogc::landing(RawQuery(raw), headers).await?;
    r.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept"));
    Ok(r)
}

/// The `map` parameter of a query string, if any.
fn map_param(query: Option<&str>) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query.unwrap_or(""))
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "map")
        .map(|(_, v)| v)
}

/// `GET /embed`: the chrome-less map for iframes; any site may frame it. With
/// `map=SLUG` it shows that published map; a map that is not (or no longer) published is
/// `410 Gone`, and the page says "no longer available".
pub async fn embed(State(st): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let mut r = page(&st, "embed.html", &head_links(&headers, &uri), "*");
    if let Some(slug) = map_param(uri.query()) {
        if !matches!(
            super::desk::maps::map_state(&st, &slug).await,
            super::desk::maps::MapState::Published(_)
        ) && r.status() == StatusCode::OK
        {
            *r.status_mut() = StatusCode::GONE;
        }
    }
    r
}

/// `GET /desk`: the editor's screens (sign in, sources, places, events, maps, history).
pub async fn desk(State(st): State<AppState>) -> Response {
    page(&st, "desk.html", "", "'self'")
}

/// `GET /source`: a source's text with its mentions and claims, and the paste-a-text view.
pub async fn source(State(st): State<AppState>) -> Response {
    page(&st, "source.html", "", "'self'")
}

/// `GET /static/{path}` and `GET /vendor/{path}`: the front end's files.
async fn file(st: &AppState, path: String) -> Result<Response, ApiError> {
    let bytes = st
        .site
        .file(&path)
        .ok_or_else(|| ApiError::NotFound(format!("no file /{path}")))?;
    let body = match bytes {
        // Embedded files are shared, not copied, by every response.
        Cow::Borrowed(b) => Bytes::from_static(b),
        Cow::Owned(v) => Bytes::from(v),
    };
    let mut r = body.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media_type(&path)),
    );
    r.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(r)
}

/// `GET /static/{*path}`.
///
/// # Errors
/// 404 for a file the front end does not have.
pub async fn static_file(
    State(st): State<AppState>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    file(&st, format!("static/{path}")).await
}

/// `GET /vendor/{*path}`.
///
/// # Errors
/// 404 for a file the front end does not have.
pub async fn vendor_file(
    State(st): State<AppState>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    file(&st, format!("vendor/{path}")).await
}

/// `GET /config.json`: what the front end needs to know about this server.
pub async fn config(State(st): State<AppState>) -> Response {
    let snap = st.snapshot();
    let with_text: Vec<&str> = snap.texts.keys().map(String::as_str).collect();
    axum::Json(st.site.config(&with_text, false)).into_response()
}

/// Default and largest iframe sizes offered by oEmbed.
const EMBED_WIDTH: u32 = 720;
const EMBED_HEIGHT: u32 = 480;
const EMBED_MAX: u32 = 4096;

/// `GET /oembed?url=&maxwidth=&maxheight=&format=json`: an oEmbed 1.0 `rich` response whose
/// `html` is an iframe of `/embed` with the view state of the given map URL, so that a CMS
/// embeds a pasted Dateline link.
///
/// # Errors
/// 400 without a `url`, with bad sizes or a map URL with unknown view parameters; 404 for
/// a URL that is not a map on this server, or not a URL (as oEmbed requires); 501 for `format=xml`.
pub async fn oembed(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), &["url", "maxwidth", "maxheight", "format"])?;
    match p.get("format") {
        None | Some("json") => {}
        Some("xml") => {
            return Err(ApiError::Other(
                StatusCode::NOT_IMPLEMENTED,
                "oEmbed is served as json only".into(),
            ));
        }
        Some(other) => return Err(ApiError::invalid("format", format!("{other:?}: use json"))),
    }
    let url = p.required("url")?;
    // oEmbed: a URL the provider has no response for is 404, whatever it is.
    let uri: Uri = url
        .parse()
        .map_err(|_| ApiError::NotFound(format!("{url:?} is not a URL of a map")))?;
    let base = base_url(&headers);
    let own_host = base
        .split_once("://")
        .map_or(base.as_str(), |(_, host)| host);
    if uri.authority().map(|a| a.as_str()) != Some(own_host) {
        return Err(ApiError::NotFound(format!(
            "{url} is not a map on this server ({own_host})"
        )));
    }
    let is_map_page = uri.path().starts_with("/maps/");
    if !matches!(uri.path(), "/" | "/embed" | "") && !is_map_page {
        return Err(ApiError::NotFound(format!("{url} is not a Dateline map")));
    }
    let view = Params::parse(if is_map_page { None } else { uri.query() }, &VIEW_PARAMS)
        .map_err(|e| ApiError::invalid("url", format!("the map URL's query: {e}")))?;
    // A published map (`/maps/SLUG`, `?map=SLUG`): its embed, under its title.
    let map = match super::desk::maps::slug_of(uri.path(), view.get("map")) {
        None => None,
        Some(slug) => match super::desk::maps::map_state(&st, &slug).await {
            super::desk::maps::MapState::Published(doc) => Some((slug, doc)),
            _ => {
                return Err(ApiError::NotFound(format!(
                    "{url}: no published map {slug:?} on this server"
                )));
            }
        },
    };
    // Any larger maximum is no maximum: clamp before narrowing (4294967296 is not 0).
    let maxwidth = p
        .number("maxwidth", EMBED_MAX as usize, 1, usize::MAX)?
        .min(EMBED_MAX as usize) as u32;
    let maxheight = p
        .number("maxheight", EMBED_MAX as usize, 1, usize::MAX)?
        .min(EMBED_MAX as usize) as u32;
    let width = EMBED_WIDTH.min(maxwidth);
    let height = (width * EMBED_HEIGHT / EMBED_WIDTH).min(maxheight).max(1);
    let query = match &map {
        Some((slug, _)) => {
            serde_urlencoded::to_string([("map", slug.as_str())]).unwrap_or_default()
        }
        None => serde_urlencoded::to_string(view.pairs()).unwrap_or_default(),
    };
    let src = if query.is_empty() {
        format!("{base}/embed")
    } else {
        format!("{base}/embed?{query}")
    };
    let snap = st.snapshot();
    let map_title = map
        .as_ref()
        .and_then(|(_, doc)| doc["title"].as_str())
        .map(|t| format!("Dateline: {t}"));
    let title = view
        .get("event")
        .and_then(|id| snap.events.get(id))
        .map_or_else(
            || "Dateline: map of dated, sourced events".to_owned(),
            |e| format!("Dateline: {}", e.title),
        );
    let title = map_title.unwrap_or(title);
    let html = format!(
        "<iframe src=\"{}\" width=\"{width}\" height=\"{height}\" style=\"border:0\" \
         loading=\"lazy\" title=\"{}\" allowfullscreen></iframe>",
        escape_html(&src),
        escape_html(&title)
    );
    Ok(axum::Json(json!({
        "version": "1.0",
        "type": "rich",
        "provider_name": "Dateline",
        "provider_url": format!("{base}/"),
        "title": title,
        "html": html,
        "width": width,
        "height": height,
        "cache_age": 300,
    }))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_attribute_breakers() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;"
        );
    }

    #[test]
    fn paths_cannot_leave_the_site() {
        let site = Site {
            dir: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("web")),
            ..Site::new()
        };
        assert!(site.file("../Cargo.toml").is_none());
        assert!(site.file("static/../../Cargo.toml").is_none());
        assert!(site.file("/etc/passwd").is_none());
        assert!(site.file("package.json").is_some());
    }

    #[test]
    fn only_embed_may_be_framed_by_others() {
        assert!(csp("*").ends_with("frame-ancestors *"));
        assert!(csp("'self'").contains("script-src 'self';"));
        assert!(!csp("'self'").contains("unsafe-eval"));
    }

    #[test]
    fn media_types_follow_extensions() {
        assert_eq!(
            media_type("static/map.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(media_type("vendor/leaflet/images/layers.png"), "image/png");
        assert_eq!(media_type("x"), "application/octet-stream");
    }
}
