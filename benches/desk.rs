//! Desk benchmarks: committed writes per second for one editor (a real SQLite file in WAL
//! mode with `synchronous=FULL`: each commit waits for the disk), and the cost of a reload
//! (the store's published data read, then the snapshot built: index, Features, CSV rows) at
//! 100k and 1M events.
//!
//! `cargo bench --bench desk` (`-- commit` for the writes only); figures in BENCHMARKS.md.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use dateline::auth::Role;
use dateline::desk::Desk;
use dateline::events::model::SourceKind;
use dateline::events::synthetic::synthetic_events;
use dateline::events::{Dataset, Source};
use dateline::gazetteer::Gazetteer;
use dateline::http::Snapshot;
use dateline::index::{PlaceIndex, Scan};
use dateline::store::{SqliteStore, Store};
use serde_json::{Map, Value, json};

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn commits(c: &mut Criterion, g: &Arc<Gazetteer>) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let (desk, user) = rt.block_on(async {
        let st = SqliteStore::open(dir.path()).await.expect("store");
        let u = st.add_user("ed", Role::Editor, "x").await.expect("user");
        (Desk::new(st, g.clone()), u)
    });
    let text = "Officials said shelling hit Ganja overnight. ".repeat(40);
    let mut grp = c.benchmark_group("commit");
    grp.sample_size(30)
        .measurement_time(Duration::from_secs(10));
    let mut n = 0u64;
    grp.bench_function("create_source", |b| {
        b.iter(|| {
            n += 1;
            let doc = obj(json!({"id": format!("s{n}"), "title": "Wire", "kind": "article"}));
            rt.block_on(desk.create_source(doc, black_box(text.clone()), &user))
                .expect("written")
        })
    });
    let (id, mut rev) = rt.block_on(async {
        // The event's claim cites a source of its own (the bench above may be filtered out).
        let doc = obj(json!({"id": "cited", "title": "Wire", "kind": "article"}));
        desk.create_source(doc, text.clone(), &user)
            .await
            .expect("source");
        let w = desk
            .create_event(
                obj(
                    json!({"title": "Shelling", "summary": "Officials claim shelling.",
                    "event_type": "shelling", "date_start": null, "date_end": null,
                    "date_precision": "unknown", "place_id": "geonames:587084",
                    "place_name": "Ganja", "location_precision": "place",
                    "claim": [{"source": "cited", "claimant": "officials", "stance": "asserts",
                               "start": 0, "end": 44}]}),
                ),
                &user,
            )
            .await
            .expect("event");
        let e = w.entity.expect("stored");
        (e.id, e.revision)
    });
    grp.bench_function("patch_event", |b| {
        b.iter(|| {
            let w = rt
                .block_on(desk.patch(
                    dateline::store::Kind::Event,
                    &id,
                    rev,
                    &json!({"title": format!("Shelling {rev}")}),
                    &user,
                ))
                .expect("patched");
            rev = w.entity.expect("stored").revision;
        })
    });
    grp.finish();
}

/// Seeds a store with `n` synthetic events and times reading its published data and
/// building the snapshot from it (median of 3).
fn reload(g: &Arc<Gazetteer>, n: usize) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let published = NaiveDate::from_ymd_opt(2020, 10, 1).expect("date");
    let ds = Dataset {
        sources: (0..500)
            .map(|i| {
                let s = Source {
                    id: format!("source-{i}"),
                    kind: SourceKind::Article,
                    title: format!("Source {i}"),
                    outlet: None,
                    speakers: Vec::new(),
                    interviewer: None,
                    published,
                    language: None,
                    url: None,
                    attribution: None,
                    text_sha256: None,
                    notes: None,
                };
                (s, format!("source-{i}/source.toml"))
            })
            .collect(),
        events: synthetic_events(g, n)
            .into_iter()
            .map(|e| (e, "synthetic/events.toml".to_owned()))
            .collect(),
    };
    let st = rt.block_on(async {
        let st = SqliteStore::open(dir.path()).await.expect("store");
        let t = Instant::now();
        st.seed(&ds, &BTreeMap::new()).await.expect("seeded");
        println!("{n} events: seeded in {:.1} s", t.elapsed().as_secs_f64());
        st
    });
    drop(ds);
    let places = Arc::new(PlaceIndex::new(g));
    let mut reads = Vec::new();
    let mut builds = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let data = rt.block_on(st.published()).expect("read");
        reads.push(t.elapsed());
        assert_eq!(data.dataset.events.len(), n);
        let t = Instant::now();
        let snap = Snapshot::build(
            g,
            data.dataset,
            data.texts,
            places.clone(),
            Scan::Indexed,
            Snapshot::store_version(data.version),
        );
        builds.push(t.elapsed());
        black_box(snap);
    }
    reads.sort();
    builds.sort();
    println!(
        "reload/{n}: store read {:.2} s + snapshot build {:.2} s = {:.2} s (median of 3)",
        reads[1].as_secs_f64(),
        builds[1].as_secs_f64(),
        (reads[1] + builds[1]).as_secs_f64()
    );

    // After one editor's write: the reload a server does (what changed, applied).
    let data = rt.block_on(st.published()).expect("read");
    let mut snap = Snapshot::build(
        g,
        data.dataset,
        data.texts,
        places.clone(),
        Scan::Indexed,
        Snapshot::store_version(data.version),
    );
    let user = rt
        .block_on(st.add_user("bench", Role::Editor, "x"))
        .expect("user");
    let ids: Vec<String> = snap
        .events
        .events()
        .iter()
        .take(3)
        .map(|e| e.id.clone())
        .collect();
    let (mut deltas, mut updates) = (Vec::new(), Vec::new());
    for (k, id) in ids.iter().enumerate() {
        let before = rt.block_on(st.data_version()).expect("version");
        // Committed as the desk commits a patch (the synthetic events are not all valid
        // for the desk's checks, which the commit bench above measures).
        let mut now = rt
            .block_on(st.get(dateline::store::Kind::Event, id))
            .expect("read")
            .expect("event");
        now.record.doc["summary"] = json!(format!("Corrected summary {k}."));
        let change = dateline::store::Change {
            kind: dateline::store::Kind::Event,
            id: id.clone(),
            expect: dateline::store::Expect::Revision(now.revision),
            after: Some(now.record),
            action: None,
        };
        rt.block_on(st.commit(vec![change], Some(&user)))
            .expect("patched");
        let t = Instant::now();
        let delta = rt
            .block_on(st.published_delta(before, 20_000))
            .expect("read")
            .expect("a delta");
        deltas.push(t.elapsed());
        let version = Snapshot::store_version(delta.version);
        let t = Instant::now();
        snap = Snapshot::update(&snap, g, delta, &BTreeMap::new(), Scan::Indexed, version);
        updates.push(t.elapsed());
        black_box(&snap);
    }
    deltas.sort();
    updates.sort();
    println!(
        "reload/{n} after one write: store delta {:.3} s + snapshot update {:.2} s = {:.2} s (median of 3)",
        deltas[1].as_secs_f64(),
        updates[1].as_secs_f64(),
        (deltas[1] + updates[1]).as_secs_f64()
    );
}

fn benches(c: &mut Criterion) {
    let g = Arc::new(Gazetteer::load_default().expect("gazetteer"));
    commits(c, &g);
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if filter
        .as_deref()
        .is_none_or(|f| "reload".contains(f) || f.contains("reload"))
    {
        for n in [100_000, 1_000_000] {
            reload(&g, n);
        }
    }
}

criterion_group!(desk, benches);
criterion_main!(desk);
