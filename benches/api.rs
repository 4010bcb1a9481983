//! API benchmarks on synthetic events clustered in cities (`dateline::events::synthetic`,
//! the same generator as `dateline serve --synthetic N`):
//!
//! - `events/{10k,100k,1M}`: the full event index (records, R-tree, pre-serialised
//!   Features, ~1.7 KB per event in all): a map viewport (a fixed box around Tbilisi, ~1,000
//!   events at 1M) found with the R-tree, the same found by a linear scan, the page written
//!   as the server writes it (pre-serialised bytes) and as it did before (serde per event),
//!   and a month filter without bbox.
//! - `response_size/{10,100,1k,10k}`: pages of growing size at 1M events.
//! - `serialise/*`: GeoJSON and CSV throughput (MB/s) on a page of 10,000 events, written
//!   per request and copied from the pre-written bytes.
//! - `rtree/{10k,100k,1M,10M}`: the R-tree alone (`SpatialIndex`, the entries the server
//!   uses), viewport and 10 nearest, against a linear scan of the same entries. 10M full
//!   events would need ~17 GB, so 10M is measured at this level only.
//!
//! `cargo bench --bench api` (about 3 minutes); besides criterion's estimates it prints
//! p50/p99 measured directly, build times and memory per event (BENCHMARKS.md).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline::events::synthetic::{synthetic_events, synthetic_iter};
use dateline::events::{Dataset, Event, LocationPrecision};
use dateline::gazetteer::Gazetteer;
use dateline::http::event_json::EventJson;
use dateline::http::formats::{CsvRows, events_csv};
use dateline::index::{Bbox, DateFilter, EventIndex, Query, Scan, SpatialIndex};
use geo::BoundingRect;
use rustc_hash::FxHashMap;

/// Counts live heap bytes, for memory per event.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: delegates every call to the system allocator; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Ordering::Relaxed);
        // SAFETY: same layout as requested.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        // SAFETY: `p` was allocated by `alloc` with this layout.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        // SAFETY: `p` was allocated by this allocator with layout `l`.
        unsafe { System.realloc(p, l, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const SPATIAL_SIZES: [usize; 4] = [10_000, 100_000, 1_000_000, 10_000_000];

fn label(n: usize) -> String {
    match n {
        n if n >= 1_000_000 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// A box around Tbilisi (longitude, latitude 44.79, 41.72) grown until it holds `target`
/// events.
fn box_with(idx: &EventIndex, target: usize) -> Bbox {
    let (lon, lat) = (44.79, 41.72);
    let mut half = 0.01;
    loop {
        let b = Bbox::new(lon - half, lat - half, lon + half, lat + half).expect("valid");
        let q = Query {
            bbox: Some(b),
            limit: 0,
            ..Query::default()
        };
        if idx.query(&q).number_matched >= target || half > 20.0 {
            return b;
        }
        half *= 1.05;
    }
}

fn page_query(bbox: Bbox) -> Query {
    Query {
        bbox: Some(bbox),
        limit: Query::MAX_LIMIT,
        ..Query::default()
    }
}

/// The page as the server writes it now: pre-serialised Features copied in place.
fn page_preserialised(json: &EventJson, idx: &EventIndex, q: &Query) -> Vec<u8> {
    let page = idx.query(q);
    let mut out = Vec::with_capacity(page.items.len() * 1024 + 1024);
    out.extend_from_slice(b"{\"type\":\"FeatureCollection\",\"features\":[");
    for (n, &i) in page.items.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(json.feature(i).unwrap_or_default());
    }
    out.extend_from_slice(format!("],\"numberMatched\":{}}}", page.number_matched).as_bytes());
    out
}

/// The page as the server wrote it before: each Feature serialised per request.
fn page_serde(g: &Gazetteer, json: &EventJson, idx: &EventIndex, q: &Query) -> Vec<u8> {
    let page = idx.query(q);
    let ds = Dataset::default();
    let mut out = Vec::with_capacity(page.items.len() * 1024 + 1024);
    out.extend_from_slice(b"{\"type\":\"FeatureCollection\",\"features\":[");
    for (n, &i) in page.items.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        let _ = json.write_feature(g, &ds, idx.event(i), &mut out);
    }
    out.extend_from_slice(format!("],\"numberMatched\":{}}}", page.number_matched).as_bytes());
    out
}

/// p50 and p99 of `iters` runs, in ms, printed and returned.
fn timed(name: &str, iters: usize, mut f: impl FnMut() -> usize) -> (f64, f64) {
    let mut times: Vec<Duration> = (0..iters)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort_unstable();
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1e3;
    let (p50, p99) = (at(0.5), at(0.99));
    println!("{name}: p50 {p50:.3} ms, p99 {p99:.3} ms");
    (p50, p99)
}

fn month() -> Query {
    Query {
        datetime: Some(
            DateFilter::new(
                NaiveDate::from_ymd_opt(2021, 3, 1),
                NaiveDate::from_ymd_opt(2021, 3, 31),
            )
            .expect("valid"),
        ),
        limit: 100,
        ..Query::default()
    }
}

/// The full event index at 10k, 100k and 1M events; then pages of growing size and
/// serialisation throughput at 1M.
fn events(c: &mut Criterion, g: &Gazetteer) {
    let ds = Dataset::default();
    let mut viewport: Option<Bbox> = None;
    for n in SIZES {
        let before = live();
        let t = Instant::now();
        let events = synthetic_events(g, n);
        let generated = t.elapsed();
        let records = live() - before;
        let t = Instant::now();
        let mut idx = EventIndex::new(g, events);
        let built = t.elapsed();
        let indexed = live() - before;
        let t = Instant::now();
        let json = EventJson::new(g, idx.events()).with_features(g, &ds, idx.events());
        let serialised = t.elapsed();
        let total = live() - before;
        let t = Instant::now();
        let csv_rows = CsvRows::new(g, &ds, idx.events(), &Default::default()).expect("csv");
        let csv_written = t.elapsed();
        println!(
            "{n} events: generated in {:.2} s, indexed in {:.2} s, pre-serialised in {:.2} s, \
             CSV rows in {:.2} s; bytes per event: {} as records, {} with the index, {} with the \
             Features ({} of JSON), {} with the CSV rows",
            generated.as_secs_f64(),
            built.as_secs_f64(),
            serialised.as_secs_f64(),
            csv_written.as_secs_f64(),
            records / n,
            indexed / n,
            total / n,
            json.features_bytes() / n,
            (live() - before) / n
        );
        // The viewport of ~1,000 events at 1M, the same box at every size.
        let bbox = *viewport.get_or_insert_with(|| {
            let big = EventIndex::new(g, synthetic_events(g, 1_000_000));
            box_with(&big, 1_000)
        });
        let q = page_query(bbox);
        let body = page_preserialised(&json, &idx, &q);
        assert_eq!(body, page_serde(g, &json, &idx, &q), "same bytes both ways");
        let matched = idx.query(&q).number_matched;
        let l = label(n);
        println!(
            "{l}: viewport {:?}: {matched} events, {} KiB",
            bbox.parts()[0],
            body.len() / 1024
        );
        timed(&format!("{l} viewport R-tree query"), 200, || {
            idx.query(&q).items.len()
        });
        timed(&format!("{l} viewport page, pre-serialised"), 200, || {
            page_preserialised(&json, &idx, &q).len()
        });
        timed(&format!("{l} viewport page, serde per event"), 200, || {
            page_serde(g, &json, &idx, &q).len()
        });
        timed(&format!("{l} month, no bbox, first 100"), 200, || {
            idx.query(&month()).items.len()
        });

        let mut group = c.benchmark_group(format!("events/{l}"));
        group.sample_size(20);
        group.bench_function("viewport_query", |b| b.iter(|| black_box(idx.query(&q))));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("viewport_page_preserialised", |b| {
            b.iter(|| black_box(page_preserialised(&json, &idx, &q)))
        });
        group.bench_function("viewport_page_serde", |b| {
            b.iter(|| black_box(page_serde(g, &json, &idx, &q)))
        });
        group.throughput(Throughput::Elements(1));
        let m = month();
        group.bench_function("month_first_100", |b| b.iter(|| black_box(idx.query(&m))));
        group.finish();

        idx.set_scan(Scan::Linear);
        timed(&format!("{l} viewport linear scan"), 50, || {
            idx.query(&q).items.len()
        });
        timed(&format!("{l} month linear scan"), 50, || {
            idx.query(&month()).items.len()
        });
        let mut group = c.benchmark_group(format!("events/{l}"));
        group.sample_size(10);
        group.bench_function("viewport_query_linear_scan", |b| {
            b.iter(|| black_box(idx.query(&q)))
        });
        group.finish();
        idx.set_scan(Scan::Indexed);

        if n == 1_000_000 {
            sizes_and_formats(c, g, &idx, &json, &csv_rows);
        }
    }
}

/// Pages of 10 to 10,000 events, and GeoJSON/CSV throughput, at 1M events.
fn sizes_and_formats(
    c: &mut Criterion,
    g: &Gazetteer,
    idx: &EventIndex,
    json: &EventJson,
    csv_rows: &CsvRows,
) {
    let mut group = c.benchmark_group("response_size");
    group.sample_size(20);
    for target in [10, 100, 1_000, 10_000] {
        let q = page_query(box_with(idx, target));
        let body = page_preserialised(json, idx, &q);
        let l = label(target);
        println!(
            "1M, page of {} events ({} KiB):",
            idx.query(&q).items.len(),
            body.len() / 1024
        );
        timed(&format!("  {l} pre-serialised"), 100, || {
            page_preserialised(json, idx, &q).len()
        });
        timed(&format!("  {l} serde per event"), 30, || {
            page_serde(g, json, idx, &q).len()
        });
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(l, |b| {
            b.iter(|| black_box(page_preserialised(json, idx, &q)))
        });
    }
    group.finish();

    // Throughput of the formats on one page of 10,000 events.
    let q = page_query(box_with(idx, 10_000));
    let page = idx.query(&q);
    let events: Vec<&Event> = page.items.iter().map(|&i| idx.event(i)).collect();
    let ds = Dataset::default();
    let geojson = page_preserialised(json, idx, &q);
    let csv = events_csv(g, &ds, &events, &Default::default()).expect("csv");
    let mut group = c.benchmark_group("serialise");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(geojson.len() as u64));
    group.bench_function("geojson_serde_10k_events", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(geojson.len());
            for e in &events {
                let _ = json.write_feature(g, &ds, e, &mut out);
            }
            black_box(out)
        })
    });
    group.bench_function("geojson_preserialised_10k_events", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(geojson.len());
            for &i in &page.items {
                out.extend_from_slice(json.feature(i).unwrap_or_default());
            }
            black_box(out)
        })
    });
    group.throughput(Throughput::Bytes(csv.len() as u64));
    group.bench_function("csv_10k_events", |b| {
        b.iter(|| black_box(events_csv(g, &ds, &events, &Default::default())))
    });
    assert_eq!(csv_rows.csv(&page.items).as_ref(), Some(&csv));
    group.bench_function("csv_prewritten_10k_events", |b| {
        b.iter(|| black_box(csv_rows.csv(&page.items)))
    });
    group.finish();
}

/// The R-tree alone, up to 10M entries: the envelopes the server indexes (a city's point, or
/// the bounding box of a district's outline; unlocated events have none).
fn rtree(c: &mut Criterion, g: &Gazetteer) {
    let mut district: FxHashMap<String, Option<[f64; 4]>> = FxHashMap::default();
    let t = Instant::now();
    let envelopes: Vec<Option<[f64; 4]>> = synthetic_iter(g)
        .take(SPATIAL_SIZES[SPATIAL_SIZES.len() - 1])
        .map(|e| match e.location_precision {
            LocationPrecision::Unknown => None,
            LocationPrecision::Place => g.get(&e.place_id).map(|p| {
                let [x, y] = p.point;
                [x, y, x, y]
            }),
            _ => *district.entry(e.place_id.clone()).or_insert_with(|| {
                let r = g.polygon(&e.place_id)?.bounding_rect()?;
                Some([r.min().x, r.min().y, r.max().x, r.max().y])
            }),
        })
        .collect();
    println!(
        "{} envelopes generated in {:.1} s",
        envelopes.len(),
        t.elapsed().as_secs_f64()
    );
    // The 1M viewport box of `events` (~1,000 hits at 1M; proportionally more or fewer).
    let (lon, lat) = (44.79, 41.72);
    for n in SPATIAL_SIZES {
        let before = live();
        let t = Instant::now();
        let idx = SpatialIndex::build(
            envelopes[..n]
                .iter()
                .enumerate()
                .map(|(i, e)| (i as u32, *e)),
        );
        let built = t.elapsed();
        let l = label(n);
        let mut half = 0.01;
        let bbox = loop {
            let b = Bbox::new(lon - half, lat - half, lon + half, lat + half).expect("valid");
            if idx.intersecting(&b).len() * 1_000_000 >= 1_000 * n || half > 20.0 {
                break b;
            }
            half *= 1.05;
        };
        println!(
            "rtree {l}: built in {:.2} s, {} B per entry; viewport {:?} finds {}",
            built.as_secs_f64(),
            (live() - before) / n,
            bbox.parts()[0],
            idx.intersecting(&bbox).len()
        );
        timed(&format!("rtree {l} viewport"), 200, || {
            idx.intersecting(&bbox).len()
        });
        timed(&format!("rtree {l} 10 nearest"), 200, || {
            idx.nearest(lon, lat, 10).len()
        });
        timed(&format!("rtree {l} linear scan"), 20, || {
            idx.scan(&bbox).len()
        });
        let mut group = c.benchmark_group(format!("rtree/{l}"));
        group.sample_size(if n >= 1_000_000 { 10 } else { 20 });
        group.bench_function("viewport", |b| {
            b.iter(|| black_box(idx.intersecting(&bbox)))
        });
        group.bench_function("nearest_10", |b| {
            b.iter(|| black_box(idx.nearest(lon, lat, 10)))
        });
        group.bench_function("linear_scan", |b| b.iter(|| black_box(idx.scan(&bbox))));
        group.finish();
    }
}

fn bench(c: &mut Criterion) {
    let g = Gazetteer::load_default().expect("gazetteer");
    events(c, &g);
    rtree(c, &g);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
