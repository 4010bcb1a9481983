//! API benchmarks on 1,000,000 synthetic events clustered in cities (weighted by
//! population, mixed date and location precisions): a map viewport returning about 1,000
//! events, found with the R-tree and serialised as the items GeoJSON, against a linear scan
//! over precomputed points; index build time and memory per event.
//!
//! `cargo bench --bench api`; besides criterion's estimates it prints p50/p99 of the
//! viewport query measured directly, and the memory figures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use dateline::events::dates::DatePrecision;
use dateline::events::{Claim, Dataset, Event, EventType, LocationPrecision, Stance};
use dateline::gazetteer::{Gazetteer, Kind};
use dateline::http::event_json::EventJson;
use dateline::index::{Bbox, DateFilter, EventIndex, Query};
use dateline::output::event_feature;

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
}

#[global_allocator]
static ALLOC: Counting = Counting;

const EVENTS: usize = 1_000_000;

/// A small deterministic generator (xorshift), so every run builds the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Events clustered in cities and towns: a place is drawn with probability growing with
/// its population; 85 % day-precise, 10 % month, 3 % year, 2 % undated; 90 % located to the
/// place, 5 % to its district or region where the gazetteer has the outline, 5 % unlocated.
fn synthetic_events(g: &Gazetteer) -> Vec<Event> {
    let places: Vec<(&str, u64)> = g
        .places()
        .iter()
        .filter(|p| matches!(p.kind, Kind::City | Kind::Town))
        .map(|p| (p.id.as_ref(), (p.population as f64).sqrt() as u64 + 1))
        .collect();
    let mut cumulative = Vec::with_capacity(places.len());
    let mut total = 0;
    for (_, w) in &places {
        total += w;
        cumulative.push(total);
    }
    let districts = ["geonames:409420", "dateline:nagorno-karabakh"];
    let day0 = NaiveDate::from_ymd_opt(2020, 1, 1).expect("valid date");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..EVENTS)
        .map(|n| {
            let r = rng.below(total);
            let i = cumulative.partition_point(|&c| c <= r);
            let (mut place_id, _) = places[i.min(places.len() - 1)];
            let start = day0 + chrono::Days::new(rng.below(1400));
            let (date_start, date_end, date_precision) = match rng.below(100) {
                0..85 => (Some(start), Some(start), DatePrecision::Day),
                85..95 => (
                    Some(start),
                    Some(start + chrono::Days::new(29)),
                    DatePrecision::Month,
                ),
                95..98 => (
                    Some(start),
                    Some(start + chrono::Days::new(364)),
                    DatePrecision::Year,
                ),
                _ => (None, None, DatePrecision::Unknown),
            };
            let location_precision = match rng.below(100) {
                0..90 => LocationPrecision::Place,
                90..95 => {
                    place_id = districts[n % districts.len()];
                    LocationPrecision::District
                }
                _ => LocationPrecision::Unknown,
            };
            Event {
                id: format!("e{n:07}"),
                title: format!("Synthetic event {n}"),
                summary: "A synthetic event for the benchmark.".to_owned(),
                event_type: EventType::ALL[n % EventType::ALL.len()],
                date_start,
                date_end,
                date_precision,
                date_text: String::new(),
                place_id: place_id.to_owned(),
                place_name: place_id.to_owned(),
                location_precision,
                claims: vec![Claim {
                    source: format!("source-{}", n % 500),
                    claimant: "A claimant".to_owned(),
                    claimant_kind: None,
                    stance: Stance::Asserts,
                    quote: "words as in the source".to_owned(),
                    start: None,
                    end: None,
                    casualties: [("killed".to_owned(), (n % 20) as u64)].into(),
                    casualty_group: None,
                    figure_qualifier: None,
                    claimed_date: None,
                }],
            }
        })
        .collect()
}

/// A box around Tbilisi grown until it holds about 1,000 events.
fn viewport(idx: &EventIndex) -> Bbox {
    // longitude, latitude of Tbilisi
    let (lon, lat) = (44.79, 41.72);
    let mut half = 0.05;
    loop {
        let b = Bbox::new(lon - half, lat - half, lon + half, lat + half).expect("valid");
        let q = Query {
            bbox: Some(b),
            limit: 0,
            ..Query::default()
        };
        if idx.query(&q).number_matched >= 1_000 || half > 20.0 {
            return b;
        }
        half *= 1.05;
    }
}

/// The viewport's events as the server writes them (per-place JSON cached).
fn serialise(g: &Gazetteer, json: &EventJson, idx: &EventIndex, q: &Query) -> Vec<u8> {
    let page = idx.query(q);
    let ds = Dataset::default();
    let mut out = Vec::with_capacity(page.items.len() * 1024);
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

/// The same body through `serde_json::Value` trees (`output::event_feature`, the CLI's way).
fn serialise_values(g: &Gazetteer, idx: &EventIndex, q: &Query) -> Vec<u8> {
    let page = idx.query(q);
    let features: Vec<serde_json::Value> = page
        .items
        .iter()
        .map(|&i| event_feature(g, None, idx.event(i), None))
        .collect();
    let fc = serde_json::json!({
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": page.number_matched,
        "numberReturned": page.items.len(),
    });
    serde_json::to_vec(&fc).unwrap_or_default()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn bench(c: &mut Criterion) {
    let g = Gazetteer::load_default().expect("gazetteer");
    let before = LIVE.load(Ordering::Relaxed);
    let events = synthetic_events(&g);
    let after_events = LIVE.load(Ordering::Relaxed);
    let t = Instant::now();
    let idx = EventIndex::new(&g, events);
    let build = t.elapsed();
    let after_index = LIVE.load(Ordering::Relaxed);
    println!(
        "events: {EVENTS}; index built in {:.2} s; memory per event: {} B as records, {} B with the index",
        build.as_secs_f64(),
        (after_events - before) / EVENTS,
        (after_index - before) / EVENTS
    );

    let t = Instant::now();
    let json = EventJson::new(&g, idx.events());
    println!("per-place JSON built in {:.2} s", t.elapsed().as_secs_f64());

    let bbox = viewport(&idx);
    let q = Query {
        bbox: Some(bbox),
        limit: 10_000,
        ..Query::default()
    };
    let matched = idx.query(&q).number_matched;
    let body = serialise(&g, &json, &idx, &q);
    println!(
        "viewport {:?}: {matched} events, {} KiB of GeoJSON",
        bbox.parts()[0],
        body.len() / 1024
    );

    // Precomputed points for the linear-scan baseline (its best case: no lookups).
    let points: Vec<Option<[f64; 2]>> = idx
        .events()
        .iter()
        .map(|e| {
            (e.location_precision != LocationPrecision::Unknown)
                .then(|| g.get(&e.place_id).map(|p| p.point))
                .flatten()
        })
        .collect();
    let p = bbox.parts()[0];
    let linear = || {
        points
            .iter()
            .enumerate()
            .filter(|(_, pt)| {
                pt.is_some_and(|[x, y]| x >= p[0] && x <= p[2] && y >= p[1] && y <= p[3])
            })
            .map(|(i, _)| i)
            .collect::<Vec<_>>()
    };

    let month = Query {
        datetime: Some(
            DateFilter::new(
                NaiveDate::from_ymd_opt(2021, 3, 1),
                NaiveDate::from_ymd_opt(2021, 3, 31),
            )
            .expect("valid"),
        ),
        limit: 100,
        ..Query::default()
    };
    println!(
        "one month, no bbox: {} events match",
        idx.query(&month).number_matched
    );
    for (name, f) in [
        (
            "rtree query",
            &(|| idx.query(&q).items.len()) as &dyn Fn() -> usize,
        ),
        ("rtree query + GeoJSON", &|| {
            serialise(&g, &json, &idx, &q).len()
        }),
        ("rtree query + GeoJSON via Value", &|| {
            serialise_values(&g, &idx, &q).len()
        }),
        ("linear scan", &|| linear().len()),
        ("one month, no bbox, first 100", &|| {
            idx.query(&month).items.len()
        }),
    ] {
        let mut times: Vec<Duration> = (0..200)
            .map(|_| {
                let t = Instant::now();
                black_box(f());
                t.elapsed()
            })
            .collect();
        times.sort_unstable();
        println!(
            "{name}: p50 {:.3} ms, p99 {:.3} ms",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3
        );
    }

    let mut group = c.benchmark_group("viewport_1m_events");
    group.sample_size(30);
    group.bench_function("rtree_query", |b| b.iter(|| black_box(idx.query(&q))));
    group.bench_function("rtree_query_geojson", |b| {
        b.iter(|| black_box(serialise(&g, &json, &idx, &q)))
    });
    group.bench_function("linear_scan", |b| b.iter(|| black_box(linear())));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
