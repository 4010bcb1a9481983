//! The HTTP server: `app(state) -> Router`, the only place where status codes and wire
//! formats (GeoJSON, CSV, KML, problem details) are produced.
//!
//! - [`ogc`]: OGC API – Features landing page, conformance, collections, OpenAPI document.
//! - [`items`]: the items of a collection and single features, with downloads.
//! - [`formats`]: GeoJSON features, CSV and KML; [`event_json`]: events as JSON bytes, fast.
//! - [`flat`]: the GIS collections' flat features and every collection's schema;
//!   [`gpkg`]: any collection as a GeoPackage download.
//! - [`image`]: the map view as an SVG or PNG image (`/map.svg`, `/map.png`).
//! - [`places`]: gazetteer search, reverse lookup and place detail.
//! - [`text`]: `POST` endpoints that geoparse and extract from a text.
//! - [`web`]: the map front end (pages, modules, Leaflet, `config.json`), oEmbed, CSP.
//! - [`layers`]: the events' timeline, sources and texts; [`outlines`]: the offline basemap.
//! - [`middleware`]: ETags and `304`, problem bodies for framework errors, 413 before the
//!   body, `nosniff`, the public URL, access logs.
//! - [`blocking`]: the bounded pool CPU-heavy handlers run on.
//! - [`server`]: the listener loop (connection cap, header and idle timeouts, bounded
//!   graceful shutdown).
//! - [`snapshot`]: the data one request reads, swapped atomically when it changes.
//! - [`params`], [`error`]: query parameters and the one error type.

pub mod blocking;
pub mod desk;
pub mod error;
pub mod event_json;
pub mod flat;
pub mod formats;
pub mod gpkg;
pub mod image;
mod incremental;
pub mod items;
pub mod layers;
pub mod middleware;
pub mod ogc;
pub mod openapi;
pub mod outlines;
pub mod params;
pub mod places;
pub mod server;
pub mod snapshot;
pub mod text;
pub mod web;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, get, post};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{Any, CorsLayer};
use tower_http::timeout::TimeoutLayer;

pub use error::ApiError;
pub use snapshot::Snapshot;

use crate::events::Dataset;
use crate::gazetteer::Gazetteer;
use crate::index::{PlaceIndex, Scan};

/// Largest request body accepted (`POST` texts): 5 MB.
pub const BODY_LIMIT_BYTES: usize = 5 * 1024 * 1024;
/// Longest a request may take before the server answers 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// `Cache-Control` of read-only responses (their ETags change with the data version).
pub const CACHE_CONTROL: &str = "public, max-age=300";
/// Compression level for gzip and brotli responses. Level 1, not the defaults (gzip 6,
/// brotli 4): on a viewport page of 1,000 events (740 KiB) it serves 2.5x (brotli) to 5x
/// (gzip) the requests per second for bodies 15 % (61 KiB) to 46 % (81 KiB) larger;
/// compressing was 90 % of the CPU of such a request. See BENCHMARKS.md.
pub const COMPRESSION_LEVEL: CompressionLevel = CompressionLevel::Precise(1);

/// What every handler reads: the gazetteer, the front end, and the current [`Snapshot`] of
/// the data (swapped atomically when the data changes).
#[derive(Clone)]
pub struct AppState {
    /// The gazetteer.
    pub gazetteer: Arc<Gazetteer>,
    /// The current data: load it once per request with [`AppState::snapshot`].
    snapshot: Arc<ArcSwap<Snapshot>>,
    /// How event queries scan (kept for every snapshot built later).
    scan: Scan,
    /// Country, region and district outlines (the offline basemap), built on first use.
    pub outlines: Arc<layers::Outlines>,
    /// The front end's configuration and files.
    pub site: Arc<web::Site>,
    /// The desk (write API, accounts) when the server has a store.
    pub desk: Option<Arc<desk::DeskState>>,
}

impl AppState {
    /// Indexes the dataset's events, the gazetteer's places and the mentions in `texts`
    /// (source id → text); the data version is a hash of the content.
    ///
    /// # Runtime
    /// Dominated by geoparsing the texts and indexing the places (well under a second for
    /// the default data in release builds).
    pub fn new(
        g: impl Into<Arc<Gazetteer>>,
        ds: Dataset,
        texts: &BTreeMap<String, String>,
    ) -> AppState {
        AppState::with_scan(g, ds, texts, Scan::Indexed)
    }

    /// [`AppState::new`] with event queries that scan as `scan` says. The gazetteer may be
    /// one already shared with another state.
    pub fn with_scan(
        g: impl Into<Arc<Gazetteer>>,
        ds: Dataset,
        texts: &BTreeMap<String, String>,
        scan: Scan,
    ) -> AppState {
        let version = Snapshot::content_version(&ds, texts);
        AppState::at_version(g, ds, texts, scan, version)
    }

    /// [`AppState::with_scan`] at a given data version (the store's).
    pub fn at_version(
        g: impl Into<Arc<Gazetteer>>,
        ds: Dataset,
        texts: &BTreeMap<String, String>,
        scan: Scan,
        version: Arc<str>,
    ) -> AppState {
        let g: Arc<Gazetteer> = g.into();
        let places = Arc::new(PlaceIndex::new(&g));
        let snapshot = Snapshot::build(&g, ds, texts.clone(), places, scan, version);
        AppState {
            gazetteer: g,
            snapshot: Arc::new(ArcSwap::from_pointee(snapshot)),
            scan,
            outlines: Arc::default(),
            site: Arc::new(web::Site::new()),
            desk: None,
        }
    }

    /// The same state with another front-end configuration. A site that reads its files
    /// from a directory is served without ETags and with `no-store` (files change).
    pub fn with_site(mut self, site: web::Site) -> AppState {
        self.site = Arc::new(site);
        self
    }

    /// The same state with a desk (the store's write API and accounts).
    pub fn with_desk(mut self, desk: desk::DeskState) -> AppState {
        self.desk = Some(Arc::new(desk));
        self
    }

    /// The current data. A request loads it once and answers from it alone, so it never
    /// sees half a change.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.load_full()
    }

    /// Builds a snapshot of `ds` and `texts` at data version `version` and swaps it in:
    /// requests already running keep the old one, later ones see the new one.
    ///
    /// # Runtime
    /// That of [`Snapshot::build`]; readers are not blocked meanwhile.
    pub fn replace(&self, ds: Dataset, texts: BTreeMap<String, String>, version: Arc<str>) {
        let places = self.snapshot.load().places.clone();
        let next = Snapshot::build(&self.gazetteer, ds, texts, places, self.scan, version);
        self.snapshot.store(Arc::new(next));
    }

    /// Applies what changed in the store to the snapshot served ([`Snapshot::update`]) and
    /// swaps the result in, at data version `version`.
    ///
    /// # Runtime
    /// That of [`Snapshot::update`]; readers are not blocked meanwhile.
    pub fn update(
        &self,
        delta: crate::store::PublishedDelta,
        extra_texts: &BTreeMap<String, String>,
        version: Arc<str>,
    ) {
        let prev = self.snapshot.load_full();
        let next = Snapshot::update(
            &prev,
            &self.gazetteer,
            delta,
            extra_texts,
            self.scan,
            version,
        );
        self.snapshot.store(Arc::new(next));
    }
}

/// Settings of the router (`serve` flags): request timeout, access logs, public URL.
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// Longest a request may take before the server answers 503 (and stops its work).
    pub request_timeout: Duration,
    /// Log every request at INFO (server errors are always logged).
    pub access_log: bool,
    /// The public URL for absolute links, instead of the request's `Host`.
    pub public_url: Option<middleware::PublicUrl>,
}

impl Default for AppSettings {
    fn default() -> AppSettings {
        AppSettings {
            request_timeout: REQUEST_TIMEOUT,
            access_log: false,
            public_url: None,
        }
    }
}

/// The whole API as a router: read-only endpoints (CORS for any origin, ETags, caching),
/// `POST` endpoints (body limit, no CORS), `/health`, compression and request logs.
pub fn app(state: AppState) -> Router {
    app_with(state, &AppSettings::default())
}

/// [`app`] with another request timeout (tests use a tiny one).
pub fn app_with_timeout(state: AppState, timeout: Duration) -> Router {
    app_with(
        state,
        &AppSettings {
            request_timeout: timeout,
            ..AppSettings::default()
        },
    )
}

/// One route: its method, its path (axum syntax) and its handler.
pub type Route = (Method, &'static str, MethodRouter<AppState>);

/// The read-only routes (CORS for any origin, ETags, caching). Every route is listed here
/// or in [`write_routes`], so [`route_table`] (and the test that holds the OpenAPI document
/// to it) sees them all: add new ones to a table, never to the router directly.
fn read_routes() -> Vec<Route> {
    vec![
        (Method::GET, "/", get(web::root)),
        (Method::GET, "/embed", get(web::embed)),
        (Method::GET, "/source", get(web::source)),
        (Method::GET, "/desk", get(web::desk)),
        (Method::GET, "/config.json", get(web::config)),
        (Method::GET, "/static/{*path}", get(web::static_file)),
        (Method::GET, "/vendor/{*path}", get(web::vendor_file)),
        (Method::GET, "/oembed", get(web::oembed)),
        (Method::GET, "/map.svg", get(image::map_svg)),
        (Method::GET, "/map.png", get(image::map_png)),
        (Method::GET, "/api/outlines", get(layers::outlines)),
        (
            Method::GET,
            "/api/events/timeline",
            get(layers::events_timeline),
        ),
        (Method::GET, "/api/events/grid", get(layers::events_grid)),
        // The public view, or the desk's (drafts, revisions) with credentials.
        (
            Method::GET,
            "/api/sources",
            get(desk::entities::list_sources_or_public),
        ),
        (
            Method::GET,
            "/api/sources/{id}",
            get(desk::entities::get_source_or_public),
        ),
        (Method::GET, "/conformance", get(ogc::conformance)),
        (Method::GET, "/api", get(ogc::api)),
        (Method::GET, "/collections", get(ogc::collections)),
        (Method::GET, "/collections/{id}", get(ogc::collection)),
        (Method::GET, "/collections/{id}/schema", get(flat::schema)),
        (
            Method::GET,
            "/collections/{id}/schema/feature",
            get(flat::feature_schema),
        ),
        (Method::GET, "/collections/{id}/items", get(items::items)),
        (
            Method::GET,
            "/collections/{id}/items/{fid}",
            get(items::item),
        ),
        (Method::GET, "/api/places/search", get(places::search)),
        (Method::GET, "/api/places/reverse", get(places::reverse)),
        (Method::GET, "/api/places/{id}", get(places::detail)),
    ]
}

/// The routes that take a body (body limit, no CORS): geoparsing, and the desk's.
fn write_routes() -> Vec<Route> {
    let mut routes = vec![
        (Method::POST, "/api/geoparse", post(text::geoparse)),
        (Method::POST, "/api/extract", post(text::extract)),
    ];
    routes.extend(desk::routes());
    routes
}

/// The routes outside both groups (no ETag, no CORS).
fn other_routes() -> Vec<Route> {
    vec![(Method::GET, "/health", get(health))]
}

/// Every route the router serves, as `(method, path)` in axum syntax (`{id}`, `{*path}`);
/// `HEAD` is served wherever `GET` is.
pub fn route_table() -> Vec<(Method, &'static str)> {
    [read_routes(), write_routes(), other_routes()]
        .into_iter()
        .flatten()
        .map(|(m, p, _)| (m, p))
        .collect()
}

fn router_of(routes: Vec<Route>) -> Router<AppState> {
    routes
        .into_iter()
        .fold(Router::new(), |r, (_, path, handler)| {
            r.route(path, handler)
        })
}

/// [`app`] with these settings.
pub fn app_with(state: AppState, settings: &AppSettings) -> Router {
    let timeout = settings.request_timeout;
    let read = router_of(read_routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::etag,
        ))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::HEAD, Method::OPTIONS])
                .expose_headers([header::ETAG, header::CONTENT_DISPOSITION]),
        );
    let write = router_of(write_routes()).layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES));
    Router::new()
        .merge(read)
        .merge(write)
        .merge(router_of(other_routes()))
        .fallback(not_found)
        // Inside the timeout: a heavy handler that times out is abandoned by the request.
        .layer(axum::middleware::from_fn(blocking::offload))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        // Outside the timeout, so its empty 503 also becomes a problem body.
        .layer(axum::middleware::from_fn(middleware::problems))
        .layer(CompressionLayer::new().quality(COMPRESSION_LEVEL))
        .layer(axum::middleware::from_fn(middleware::not_acceptable))
        .layer(axum::middleware::from_fn(middleware::refuse_oversized))
        .layer(axum::middleware::from_fn(middleware::refuse_long_head))
        .layer(axum::middleware::from_fn(middleware::nosniff))
        .layer(axum::middleware::from_fn_with_state(
            settings.public_url.clone().map(Arc::new),
            middleware::public_url,
        ))
        .layer(axum::middleware::from_fn_with_state(
            settings.access_log,
            middleware::access_log,
        ))
        .with_state(state)
}

/// `GET /health`: 200 while the server runs.
async fn health() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "status": "ok" })),
    )
}

/// Any path no route knows.
async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(format!("no resource at {}", uri.path()))
}

/// Serves `app(state)` on the listener with the default limits until `shutdown`
/// completes, then finishes the requests in flight (see [`server::serve_router`]).
///
/// # Errors
/// Occurs when the listener fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(
        listener,
        state,
        &AppSettings::default(),
        server::Limits::default(),
        shutdown,
    )
    .await
}

/// [`serve`] with these settings and limits.
///
/// # Errors
/// Occurs when the listener fails.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    settings: &AppSettings,
    limits: server::Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    server::serve_router(listener, app_with(state, settings), limits, shutdown).await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// The server's base URL as the client addressed it (`Host` header, and `https` when a proxy
/// says so in `X-Forwarded-Proto`), for absolute links.
pub fn base_url(headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        })
        .unwrap_or("localhost");
    // Behind a TLS-terminating proxy or CDN, links must say https.
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    let scheme = if https { "https" } else { "http" };
    format!("{scheme}://{host}")
}
