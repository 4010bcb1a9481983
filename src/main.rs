//! The `dateline` command: parses arguments, runs one subcommand, reports errors in one place.

mod cli;

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

use std::collections::{BTreeMap, HashMap};

use dateline::events::Dataset;
use dateline::events::extract::extract;
use dateline::events::validate::validate;
use dateline::gazetteer::Gazetteer;
use dateline::gazetteer::build::{BuildOptions, build};
use dateline::geoparse::{Geoparser, read_text};
use dateline::http::middleware::PublicUrl;
use dateline::http::server::{self, Limits};
use dateline::http::web::{DEFAULT_TILES_ATTRIBUTION, DEFAULT_TILES_URL, Site, Tiles};
use dateline::http::{AppSettings, AppState, serve_with, shutdown_signal};

/// mimalloc returns freed memory to the system: after a large request the server's RSS
/// falls back near idle, where glibc's malloc kept gigabytes (issue 13).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use dateline::output;

/// Dateline: maps of dated, sourced events from texts. With no command, runs `serve`.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// Gazetteer directory (places.tsv, overlay.toml); the embedded default data when absent.
    #[arg(long, global = true, env = "DATELINE_GAZETTEER")]
    gazetteer: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Find and resolve every place a text names; prints GeoJSON.
    Geoparse {
        /// Text files (UTF-8; invalid bytes are replaced and reported).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Geojson)]
        format: Format,
    },
    /// Search and rebuild the gazetteer.
    Gazetteer {
        #[command(subcommand)]
        command: GazetteerCommand,
    },
    /// Propose candidate events in a text (dates, places, figures, with their spans).
    Extract {
        /// The text file.
        file: PathBuf,
        /// Publication date of the text (ISO 8601), for relative dates ("today", "12 July").
        #[arg(long)]
        published: chrono::NaiveDate,
        /// Source id the claims refer to.
        #[arg(long, default_value = "text")]
        source_id: String,
        /// Who the claims are attributed to.
        #[arg(long, default_value = "the source")]
        claimant: String,
    },
    /// Check the event dataset: ids, places, dates, vocabularies, spans against texts.
    Validate {
        /// Dataset directory (the embedded one when absent).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// A source's text, to check claim spans: ID=PATH (repeatable).
        #[arg(long = "text", value_name = "ID=PATH")]
        texts: Vec<String>,
    },
    /// Print the event dataset as GeoJSON (sorted by date).
    Events {
        /// Dataset directory (the embedded one when absent).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Load a directory laid out like `sources/` (from `export --toml`, with its text.txt
    /// files) into an empty store, published.
    Import {
        /// The directory.
        #[arg(long = "toml", value_name = "DIR")]
        toml_dir: PathBuf,
        #[command(flatten)]
        store: cli::StoreArgs,
    },
    /// Write an online, consistent copy of the store (SQLite `VACUUM INTO`) to FILE; restore
    /// it by putting it in an empty data directory as `dateline.sqlite3`. PostgreSQL: use
    /// `pg_dump` (README.md).
    Backup {
        /// The copy to write (must not exist).
        file: PathBuf,
        #[command(flatten)]
        store: cli::StoreArgs,
    },
    /// Manage the accounts of the store (editors and admins).
    User {
        #[command(subcommand)]
        command: cli::UserCommand,
    },
    /// Manage API tokens (`Authorization: Bearer`) for scripts.
    Token {
        #[command(subcommand)]
        command: cli::TokenCommand,
    },
    /// Serve the API: OGC API – Features collections (events, places, mentions), gazetteer
    /// search and reverse lookup, geoparsing and extraction (see README.md, "API").
    Serve(ServeArgs),
    /// Write the map and its layers as static files (object storage, any web server).
    #[command(group(clap::ArgGroup::new("what").required(true).args(["static_dir", "toml_dir"])))]
    Export {
        /// Write the map and its layers as static files into DIR (created if needed).
        #[arg(long = "static", value_name = "DIR")]
        static_dir: Option<PathBuf>,
        /// Write the store's sources, events and texts (drafts included) into DIR, laid out
        /// like `sources/` (`validate --dir DIR` checks it; `import --toml DIR` reads it).
        #[arg(long = "toml", value_name = "DIR", conflicts_with_all = ["dir", "texts"])]
        toml_dir: Option<PathBuf>,
        #[command(flatten)]
        store: cli::StoreArgs,
        /// A source's text, for the source view: ID=PATH (repeatable).
        #[arg(long = "text", value_name = "ID=PATH")]
        texts: Vec<String>,
        /// Event dataset directory (the embedded one when absent).
        #[arg(long, env = "DATELINE_DATA")]
        dir: Option<PathBuf>,
        /// The map's configuration.
        #[command(flatten)]
        site: SiteArgs,
    },
}

/// Options of `dateline serve`; each has an environment variable too.
#[derive(Args)]
struct ServeArgs {
    /// Address to listen on (0.0.0.0 for every interface).
    #[arg(long, env = "DATELINE_BIND", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Port to listen on (0 picks a free one and logs it).
    #[arg(long, env = "DATELINE_PORT", default_value_t = 8080)]
    port: u16,
    /// A source's text, for the mentions collection: ID=PATH (repeatable).
    #[arg(long = "text", value_name = "ID=PATH")]
    texts: Vec<String>,
    /// Event dataset directory (the embedded one when absent).
    #[arg(long, env = "DATELINE_DATA")]
    dir: Option<PathBuf>,
    /// The store (`--data DIR`, SQLite, or `--database URL`, PostgreSQL), created, migrated
    /// and seeded with the embedded dataset on first start. Served unless `--dir` or
    /// `--synthetic` is given.
    #[command(flatten)]
    store: cli::StoreArgs,
    /// Serve N deterministic synthetic events clustered on the gazetteer's cities instead
    /// of a dataset (benchmarks and load tests: scripts/load.sh).
    #[arg(long, value_name = "N", value_parser = parse_event_count, conflicts_with = "dir")]
    synthetic: Option<usize>,
    /// How event queries find candidates: `indexed` (R-tree, date search) or `linear` (every
    /// event in turn; the load test's baseline).
    #[arg(long, value_enum, default_value_t = ScanMode::Indexed, hide = true)]
    scan: ScanMode,
    /// The map's configuration.
    #[command(flatten)]
    site: SiteArgs,
    /// Limits of the listener and the requests.
    #[command(flatten)]
    limits: LimitArgs,
}

/// Connection limits, timeouts and logs of `serve`.
#[derive(Args)]
struct LimitArgs {
    /// Most connections open at once; more are answered 503 and closed. Keep it below the
    /// file-descriptor limit (`ulimit -n`).
    #[arg(long, env = "DATELINE_MAX_CONNECTIONS", default_value_t = server::DEFAULT_MAX_CONNECTIONS as u32,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: u32,
    /// Seconds a client may take to send a request's headers.
    #[arg(long, env = "DATELINE_HEADER_TIMEOUT_S", default_value_t = server::DEFAULT_HEADER_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout_s: u64,
    /// Seconds a keep-alive connection may stay open with no request in flight.
    #[arg(long, env = "DATELINE_IDLE_TIMEOUT_S", default_value_t = server::DEFAULT_IDLE_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout_s: u64,
    /// Seconds shutdown (SIGTERM, Ctrl-C) waits for requests in flight before it exits.
    #[arg(long, env = "DATELINE_SHUTDOWN_GRACE_S", default_value_t = server::DEFAULT_SHUTDOWN_GRACE.as_secs())]
    shutdown_grace_s: u64,
    /// Seconds a request may take before it is answered 503 and its work stopped.
    #[arg(long, env = "DATELINE_REQUEST_TIMEOUT_S", default_value_t = dateline::http::REQUEST_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    request_timeout_s: u64,
    /// Log every request (method, path, status, time) at INFO; server errors are always logged.
    #[arg(long, env = "DATELINE_ACCESS_LOG")]
    access_log: bool,
    /// The server's public URL (http(s)://HOST[:PORT]) for absolute links (canonical,
    /// oEmbed, embed, OGC links); without it they follow the request's Host header.
    #[arg(long, env = "DATELINE_PUBLIC_URL", value_parser = PublicUrl::parse)]
    public_url: Option<PublicUrl>,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_connections: self.max_connections as usize,
            header_timeout: Duration::from_secs(self.header_timeout_s),
            idle_timeout: Duration::from_secs(self.idle_timeout_s),
            shutdown_grace: Duration::from_secs(self.shutdown_grace_s),
        }
    }

    fn settings(&self) -> AppSettings {
        AppSettings {
            request_timeout: Duration::from_secs(self.request_timeout_s),
            access_log: self.access_log,
            public_url: self.public_url.clone(),
        }
    }
}

/// `--scan`: the indexes, or the baseline without them.
#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum ScanMode {
    /// R-tree for bboxes, binary search for dates.
    Indexed,
    /// Test every event.
    Linear,
}

/// `--synthetic N`: a whole number of events from 1 to the generator's maximum
/// (`_` may group digits: 1_000_000).
fn parse_event_count(s: &str) -> Result<usize, String> {
    let max = dateline::events::synthetic::MAX_SYNTHETIC_EVENTS;
    match s.replace('_', "").parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a number of events from 1 to {max}, got {s:?}"
        )),
    }
}

/// Options of the map front end (`serve` and `export`).
#[derive(Args)]
struct SiteArgs {
    /// Basemap tile URL template ({z}/{x}/{y}); `none` for the offline outlines only.
    #[arg(long, env = "DATELINE_TILES", default_value = DEFAULT_TILES_URL)]
    tiles: String,
    /// Attribution the tile provider requires, shown on the map.
    #[arg(long, env = "DATELINE_TILES_ATTRIBUTION", default_value = DEFAULT_TILES_ATTRIBUTION)]
    tiles_attribution: String,
    /// Highest zoom level of the tiles.
    #[arg(long, env = "DATELINE_TILES_MAX_ZOOM", default_value_t = 19)]
    tiles_max_zoom: u8,
    /// Default place-name convention of the map: en, az, hy, ru or all.
    #[arg(long, env = "DATELINE_NAMES", default_value = "en", value_parser = ["en", "az", "hy", "ru", "all"])]
    names: String,
    /// Serve the front end from this directory instead of the embedded copy (development).
    #[arg(long, env = "DATELINE_WEB")]
    web: Option<PathBuf>,
}

impl SiteArgs {
    /// The front end's configuration.
    fn site(&self) -> Result<Site> {
        let tiles = if self.tiles == "none" {
            None
        } else {
            if !(self.tiles.starts_with("https://") || self.tiles.starts_with("http://"))
                || !["{z}", "{x}", "{y}"].iter().all(|p| self.tiles.contains(p))
            {
                bail!(
                    "--tiles {:?}: expected an http(s) URL template with {{z}}, {{x}} and {{y}}, or `none`",
                    self.tiles
                );
            }
            Some(Tiles {
                url: self.tiles.clone(),
                attribution: self.tiles_attribution.clone(),
                max_zoom: self.tiles_max_zoom,
            })
        };
        if let Some(dir) = &self.web {
            if !dir.join("index.html").is_file() {
                bail!("--web {}: no index.html there", dir.display());
            }
        }
        Ok(Site {
            tiles,
            names: self.names.clone(),
            dir: self.web.clone(),
        })
    }
}

/// `dateline` with no command: `serve` with its defaults (and environment variables).
#[derive(Parser)]
struct DefaultServe {
    #[command(flatten)]
    args: ServeArgs,
}

#[derive(Subcommand)]
enum GazetteerCommand {
    /// Ranked places for a name in any spelling or script.
    Search {
        /// The name.
        name: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Number of results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Regenerate places.tsv and polygons.geojson from the public datasets.
    Build {
        /// Directory laid out by gazetteer/fetch-sources.sh.
        #[arg(long, default_value = ".cache/gazetteer-sources")]
        from: PathBuf,
        /// Output directory.
        #[arg(long, default_value = "gazetteer")]
        out: PathBuf,
        /// Keep populated places with at least this population.
        #[arg(long, default_value_t = 5_000)]
        min_population: u64,
        /// Keep every populated place of cities500 (for the full-import benchmark).
        #[arg(long)]
        all_places: bool,
    },
    /// Rebuild the name index (names.idx) after editing places.tsv or overlay.toml.
    Index {
        /// Gazetteer directory.
        #[arg(long, default_value = "gazetteer")]
        dir: PathBuf,
    },
    /// Load the gazetteer and print its size and load time.
    Stats,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    /// Human-readable lines.
    Text,
    /// GeoJSON FeatureCollection.
    Geojson,
    /// Same as geojson.
    Json,
}

/// `mi_option_purge_delay` of mimalloc v3's `mimalloc.h` (the 16th option), which
/// libmimalloc-sys 0.1 does not export.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Freed pages go back to the system at once instead of after a delay that an idle
    // thread never reaches (tests/server.rs measures the RSS after a 5 MB text).
    // SAFETY: sets a plain integer option; called first thing, before any other thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    if let Err(e) = run(Cli::parse()) {
        // A closed pipe (`dateline geoparse big.txt | head`) is the reader's choice, not an error.
        if e.chain().any(|c| {
            c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        }) {
            return;
        }
        eprintln!("dateline: {e:#}");
        std::process::exit(1);
    }
}

fn load(cli_dir: &Option<PathBuf>) -> Result<Gazetteer> {
    match cli_dir {
        Some(dir) => {
            Gazetteer::load_dir(dir).with_context(|| format!("loading gazetteer {}", dir.display()))
        }
        None => Gazetteer::load_default().context("loading the embedded gazetteer"),
    }
}

fn load_dataset(dir: &Option<PathBuf>) -> Result<Dataset> {
    match dir {
        Some(d) => {
            Dataset::load_dir(d).with_context(|| format!("loading events from {}", d.display()))
        }
        None => Dataset::load_default().context("loading the embedded events"),
    }
}

/// Opens the store, seeds it with the embedded dataset (and those of `texts` that belong to
/// its sources) if it is empty, and reads the published data.
async fn open_store(
    args: &cli::StoreArgs,
    g: &Arc<dateline::gazetteer::Gazetteer>,
    texts: &BTreeMap<String, String>,
) -> Result<(dateline::store::AnyStore, dateline::store::StoredData, bool)> {
    use dateline::store::Store;
    let geometry = dateline::desk::store_geometry(g.clone());
    let store = args.open(Some(geometry)).await?;
    let ds = Dataset::load_default().context("loading the embedded events")?;
    let seeded = store.seed(&ds, texts).await.context("seeding the store")?;
    // Editor places before the snapshot: its events may be located to them.
    let places = store
        .list(dateline::store::Kind::Place, None)
        .await
        .context("reading the store")?;
    dateline::desk::register_places(g, &places);
    let data = store.published().await.context("reading the store")?;
    Ok((store, data, seeded))
}

/// A runtime for the store's commands.
fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the runtime")
}

/// Reads `ID=PATH` pairs into source id → text.
fn read_texts(pairs: &[String]) -> Result<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    for t in pairs {
        let Some((id, path)) = t.split_once('=') else {
            bail!("--text {t:?}: expected ID=PATH");
        };
        let text = std::fs::read_to_string(path).with_context(|| format!("--text {id}={path}"))?;
        map.insert(id.to_owned(), text);
    }
    Ok(map)
}

/// `dateline serve`: loads the data, indexes it, serves until Ctrl-C or SIGTERM.
fn run_serve(gazetteer: &Option<PathBuf>, args: ServeArgs) -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("info,sqlx::postgres::notice=warn")
            }),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let texts = read_texts(&args.texts)?;
    let site = args.site.site()?;
    let t = Instant::now();
    let g = Arc::new(load(gazetteer)?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    let scan = match args.scan {
        ScanMode::Linear => {
            tracing::warn!("--scan linear: event queries test every event (a benchmark baseline)");
            dateline::index::Scan::Linear
        }
        ScanMode::Indexed => dateline::index::Scan::Indexed,
    };
    let mut store = None;
    let extra_texts = texts.clone();
    let (ds, texts, version) = match (args.synthetic, &args.dir) {
        (None, None) => {
            let (st, data, seeded) = rt.block_on(open_store(&args.store, &g, &texts))?;
            store = Some((st, data.version));
            tracing::info!(
                store = %args.store.shown(),
                version = data.version,
                seeded,
                "store opened"
            );
            let mut all = data.texts;
            // `--text` texts are served beside the stored ones (not stored).
            all.extend(texts);
            let version = dateline::http::Snapshot::store_version(data.version);
            (data.dataset, all, Some(version))
        }
        (Some(n), _) => (
            Dataset {
                events: dateline::events::synthetic::synthetic_events(&g, n)
                    .into_iter()
                    .map(|e| (e, "synthetic".to_owned()))
                    .collect(),
                ..Dataset::default()
            },
            texts,
            None,
        ),
        (None, Some(_)) => (load_dataset(&args.dir)?, texts, None),
    };
    // Never serve damaged data: polygons parse, and the dataset validates against the
    // gazetteer (and the texts given), or start-up stops naming each problem.
    let outlines = g
        .check_polygons()
        .context("checking the gazetteer's polygons")?;
    if args.synthetic.is_none() {
        // Texts of other ids only feed the mentions collection; the sources' own are checked.
        let map: HashMap<String, String> = texts
            .iter()
            .filter(|(id, _)| ds.source(id).is_some())
            .map(|(id, t)| (id.clone(), t.clone()))
            .collect();
        let problems = validate(&ds, &g, &map);
        if !problems.is_empty() {
            let shown: Vec<String> = problems.iter().take(20).map(|p| format!("  {p}")).collect();
            bail!(
                "the dataset does not validate ({} problem(s); `dateline validate` lists them all):\n{}",
                problems.len(),
                shown.join("\n")
            );
        }
    }
    tracing::debug!(outlines, "polygons checked");
    let mut state = match version {
        Some(v) => AppState::at_version(g, ds, &texts, scan, v),
        None => AppState::with_scan(g, ds, &texts, scan),
    }
    .with_site(site);
    if let Some((st, v)) = store {
        let desk = dateline::desk::Desk::new(st, state.gazetteer.clone());
        state = state.with_desk(dateline::http::desk::DeskState::new(desk, extra_texts, v));
    }
    let snap = state.snapshot();
    tracing::info!(
        events = snap.events.events().len(),
        places = state.gazetteer.places().len(),
        mentions = snap.mentions.len(),
        load_ms = t.elapsed().as_millis() as u64,
        "data loaded"
    );
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind((args.bind, args.port))
            .await
            .with_context(|| format!("listening on {}:{}", args.bind, args.port))?;
        let addr = listener.local_addr()?;
        // Replicas on one database: reload when another server commits.
        if let Some(versions) = state.desk.as_ref().and_then(|d| d.desk.store.follow()) {
            tokio::spawn(dateline::http::desk::follow(state.clone(), versions));
        }
        tracing::info!(%addr, "listening on http://{addr}");
        let limits = args.limits.limits();
        serve_with(
            listener,
            state,
            &args.limits.settings(),
            limits,
            shutdown_signal(),
        )
        .await?;
        tracing::info!("stopped");
        Ok::<_, anyhow::Error>(())
    })?;
    // Work still running on the blocking pool was cancelled or is bounded: do not wait.
    rt.shutdown_timeout(Duration::from_millis(500));
    Ok(())
}

fn run(cli: Cli) -> Result<()> {
    let command = match cli.command {
        Some(c) => c,
        None => Command::Serve(DefaultServe::parse_from(["dateline"]).args),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match command {
        Command::Geoparse { files, format } => {
            let g = load(&cli.gazetteer)?;
            let parser = Geoparser::new(&g);
            for path in &files {
                let text = read_text(path)?;
                if text.lossy {
                    eprintln!(
                        "dateline: {}: invalid UTF-8 replaced with U+FFFD; offsets refer to the bytes as read",
                        path.display()
                    );
                }
                let mut mentions = parser.parse(&text.text);
                for m in &mut mentions {
                    m.start = text.original_offset(m.start);
                    m.end = text.original_offset(m.end);
                }
                match format {
                    Format::Text => {
                        for m in &mentions {
                            writeln!(
                                out,
                                "{}\t{}..{}\t{}\t{}\t{:.2}",
                                path.display(),
                                m.start,
                                m.end,
                                m.text.replace('\n', " "),
                                g.place(m.place).id,
                                m.score
                            )?;
                        }
                    }
                    Format::Geojson | Format::Json => {
                        output::write_mentions_geojson(&mut out, &g, &mentions)?;
                    }
                }
            }
        }
        Command::Gazetteer { command } => match command {
            GazetteerCommand::Search {
                name,
                format,
                limit,
            } => {
                let g = load(&cli.gazetteer)?;
                let hits = g.search(&name, limit);
                match format {
                    Format::Text => {
                        for h in &hits {
                            let p = h.place;
                            writeln!(
                                out,
                                "{}\t{}\t{}\t{}\t{:.5},{:.5}\tpop {}\tmatched {:?}\t{:.3}",
                                p.id,
                                p.name,
                                p.kind.as_str(),
                                p.country,
                                p.lat(),
                                p.lon(),
                                p.population,
                                h.matched_name,
                                h.score
                            )?;
                        }
                        if hits.is_empty() {
                            writeln!(out, "no place named {name:?}")?;
                        }
                    }
                    Format::Geojson | Format::Json => {
                        serde_json::to_writer_pretty(&mut out, &output::search_geojson(&hits))?;
                        writeln!(out)?;
                    }
                }
            }
            GazetteerCommand::Build {
                from,
                out: dir,
                min_population,
                all_places,
            } => {
                if !from.exists() {
                    bail!(
                        "{}: no such directory; run gazetteer/fetch-sources.sh {} first",
                        from.display(),
                        from.display()
                    );
                }
                let t = Instant::now();
                let opts = BuildOptions {
                    min_population,
                    all_places,
                    ..BuildOptions::default()
                };
                let r = build(&from, &dir, &opts)?;
                Gazetteer::write_index(&dir)?;
                writeln!(
                    out,
                    "wrote {}: {} countries, {} admin-1 areas, {} populated places, {} names, {} polygons in {:.2} s",
                    dir.display(),
                    r.countries,
                    r.admin1,
                    r.populated,
                    r.names,
                    r.polygons,
                    t.elapsed().as_secs_f64()
                )?;
            }
            GazetteerCommand::Index { dir } => {
                let t = Instant::now();
                let g = Gazetteer::write_index(&dir)?;
                writeln!(
                    out,
                    "wrote {}: {} keys in {:.2} s",
                    dir.join("names.idx").display(),
                    g.names().len(),
                    t.elapsed().as_secs_f64()
                )?;
            }
            GazetteerCommand::Stats => {
                let t = Instant::now();
                let g = load(&cli.gazetteer)?;
                let ms = t.elapsed().as_secs_f64() * 1e3;
                let names: usize = g.places().iter().map(|p| p.names.len()).sum();
                writeln!(
                    out,
                    "{} places, {} names, {} index keys, fst {} KiB, loaded in {ms:.0} ms",
                    g.places().len(),
                    names,
                    g.names().len(),
                    g.names().fst_bytes() / 1024
                )?;
            }
        },
        Command::Extract {
            file,
            published,
            source_id,
            claimant,
        } => {
            let g = load(&cli.gazetteer)?;
            let text = read_text(&file)?;
            if text.lossy {
                bail!(
                    "{}: not valid UTF-8; claim spans would not match the file (convert it first)",
                    file.display()
                );
            }
            let candidates = extract(&g, &text.text, published, &source_id, &claimant);
            serde_json::to_writer_pretty(&mut out, &output::candidates_geojson(&g, &candidates))?;
            writeln!(out)?;
        }
        Command::Validate { dir, texts } => {
            let g = load(&cli.gazetteer)?;
            if let Some(d) = &dir {
                cli::read_places(d, Some(&g))?;
            }
            let ds = load_dataset(&dir)?;
            // Texts beside the dataset (`export --toml` writes them), then the ones given.
            let mut map: HashMap<String, String> = match &dir {
                Some(d) => ds
                    .read_texts(d)
                    .with_context(|| format!("reading the texts in {}", d.display()))?
                    .into_iter()
                    .collect(),
                None => HashMap::new(),
            };
            map.extend(read_texts(&texts)?);
            let problems = validate(&ds, &g, &map);
            for p in &problems {
                writeln!(out, "{p}")?;
            }
            out.flush()?;
            if !problems.is_empty() {
                bail!("{} problem(s) in the dataset", problems.len());
            }
            eprintln!(
                "ok: {} sources, {} events, {} claims checked{}",
                ds.sources.len(),
                ds.events.len(),
                ds.events.iter().map(|(e, _)| e.claims.len()).sum::<usize>(),
                if map.is_empty() {
                    " (no texts given: spans not checked)"
                } else {
                    ""
                }
            );
        }
        Command::Events { dir } => {
            let g = load(&cli.gazetteer)?;
            let ds = load_dataset(&dir)?;
            serde_json::to_writer_pretty(
                &mut out,
                &output::events_geojson(&g, Some(&ds), &ds.events_by_date()),
            )?;
            writeln!(out)?;
        }
        // Logs go to stderr, so holding stdout here is harmless.
        Command::Serve(args) => run_serve(&cli.gazetteer, args)?,
        Command::User { command } => runtime()?.block_on(cli::user(command))?,
        Command::Token { command } => runtime()?.block_on(cli::token(command))?,
        Command::Export {
            toml_dir: Some(to),
            store,
            ..
        } => runtime()?.block_on(cli::export_toml(&store, &to))?,
        Command::Export {
            static_dir: None, ..
        } => bail!("export needs --static DIR or --toml DIR"),
        Command::Import { toml_dir, store } => {
            // PostgreSQL keeps each event's geometry, from the gazetteer.
            let geometry = match &store.database {
                Some(_) => Some(dateline::desk::store_geometry(Arc::new(load(
                    &cli.gazetteer,
                )?))),
                None => None,
            };
            runtime()?.block_on(cli::import_toml(&toml_dir, &store, geometry))?
        }
        Command::Backup { file, store } => runtime()?.block_on(cli::backup(&store, &file))?,
        Command::Export {
            static_dir: Some(static_dir),
            texts,
            dir,
            site,
            store,
            ..
        } => {
            let mut texts = read_texts(&texts)?;
            let site = site.site()?;
            // The store's published data when there is a store (never its drafts), else the
            // dataset directory or the embedded one.
            let stored = store.data.join(dateline::store::sqlite::FILE_NAME);
            let g = load(&cli.gazetteer)?;
            let ds = if dir.is_none() && (stored.is_file() || store.database.is_some()) {
                let data = runtime()?.block_on(async {
                    use dateline::store::Store;
                    let st = store.open(None).await?;
                    let places = st.list(dateline::store::Kind::Place, None).await?;
                    dateline::desk::register_places(&g, &places);
                    st.published().await.map_err(anyhow::Error::from)
                })?;
                for (id, t) in data.texts {
                    texts.entry(id).or_insert(t);
                }
                data.dataset
            } else {
                load_dataset(&dir)?
            };
            let state = AppState::new(g, ds, &texts).with_site(site);
            let sum = dateline::export::export_static(&state, &static_dir)
                .with_context(|| format!("exporting to {}", static_dir.display()))?;
            eprintln!(
                "wrote {} files ({:.1} MB, {} events) to {}; serve it with any web server, e.g. \
                 `python3 -m http.server -d {}`",
                sum.files,
                sum.bytes as f64 / 1e6,
                sum.events,
                static_dir.display(),
                static_dir.display()
            );
        }
    }
    out.flush()?;
    Ok(())
}
