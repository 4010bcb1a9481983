//! Gazetteer and geoparser benchmarks: load time, name lookup, geoparse throughput (MB/s)
//! on the interview and on a synthetic English news-like corpus (4 MB), and date
//! normalisation: finding and normalising temporal expressions in running text (MB/s) and
//! parsing single date expressions.
//!
//! `cargo bench --bench geoparse`; figures in BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline::events::dates::{find_temporal_expressions, parse_date};
use dateline::gazetteer::Gazetteer;
use dateline::geoparse::Geoparser;

/// The dev-set interview, read from `../shared/corpus` (not shipped in the repository).
fn interview() -> Option<String> {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/interview-2020-11-06.txt"
    ))
    .ok()
}

/// A deterministic English news-like text of about `bytes` bytes: wire-style sentences with
/// a place name every ~25 words, the density of international news.
fn news_corpus(bytes: usize) -> String {
    const PLACES: &[&str] = &[
        "Baku",
        "Ganja",
        "Barda",
        "Yerevan",
        "Tbilisi",
        "Moscow",
        "Ankara",
        "Paris",
        "Berlin",
        "London",
        "Washington",
        "Nagorno-Karabakh",
        "Armenia",
        "Azerbaijan",
        "Georgia",
        "Russia",
        "Turkey",
        "Iran",
        "Tartar",
        "Shusha",
        "Lachin",
    ];
    const SENTENCES: &[&str] = &[
        "Officials in {P} said on Tuesday that talks would resume next week after a pause of several days.",
        "The ministry said the situation around {P} remained tense but under control, according to a statement.",
        "Residents of {P} described a night of heavy shelling, with windows shattered and power cut across the district.",
        "Diplomats from {P} and {Q} met behind closed doors, and neither side released details of the discussions.",
        "Prices rose sharply as supply routes were disrupted, traders said, adding that the market would take months to recover.",
        "A spokesman declined to comment on the reports, saying an investigation was under way and more information would follow.",
        "Aid agencies warned that thousands of people had left their homes and that shelters were running short of supplies.",
        "The agreement, signed in {P}, calls for a ceasefire and the exchange of prisoners and bodies of the dead.",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut out = String::with_capacity(bytes + 200);
    while out.len() < bytes {
        let s = SENTENCES[next(SENTENCES.len())]
            .replace("{P}", PLACES[next(PLACES.len())])
            .replace("{Q}", PLACES[next(PLACES.len())]);
        out.push_str(&s);
        out.push(if next(5) == 0 { '\n' } else { ' ' });
    }
    out
}

fn bench(c: &mut Criterion) {
    c.bench_function("gazetteer/load_default", |b| {
        b.iter(|| black_box(Gazetteer::load_default().expect("loads")))
    });

    let g = Gazetteer::load_default().expect("loads");
    c.bench_function("gazetteer/search_5_queries", |b| {
        b.iter(|| {
            for q in ["Ganja", "Степанакерт", "Şuşa", "nagorno karabakh", "Geor"] {
                black_box(g.search(q, 10));
            }
        })
    });

    let parser = Geoparser::new(&g);
    let mut group = c.benchmark_group("geoparse");
    if let Some(text) = interview() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("interview_14kb", |b| {
            b.iter(|| black_box(parser.parse(black_box(&text))))
        });
    }
    let news = news_corpus(4 << 20);
    group.throughput(Throughput::Bytes(news.len() as u64));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("news_4mb", |b| {
        b.iter(|| black_box(parser.parse(black_box(&news))))
    });
    group.finish();

    // Date normalisation, relative to the publication date of the interview.
    let published = NaiveDate::from_ymd_opt(2020, 11, 6).expect("valid date");
    let mut group = c.benchmark_group("dates");
    if let Some(text) = interview() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("find_interview_14kb", |b| {
            b.iter(|| black_box(find_temporal_expressions(black_box(&text), published)))
        });
    }
    let cut = (0..=1 << 20)
        .rev()
        .find(|&i| news.is_char_boundary(i))
        .unwrap_or(0);
    let news_1mb = &news[..cut];
    group.throughput(Throughput::Bytes(news_1mb.len() as u64));
    group.sample_size(10);
    group.bench_function("find_news_1mb", |b| {
        b.iter(|| black_box(find_temporal_expressions(black_box(news_1mb), published)))
    });
    const EXPRESSIONS: [&str; 12] = [
        "11 October 2020",
        "October 11, 2020",
        "mid-August 2020",
        "2020-10",
        "the 1990s",
        "early 1993",
        "yesterday",
        "from 12 to 16 July",
        "11 октября 2020 года",
        "10 noyabr 2020-ci il",
        "last Sunday",
        "the end of September",
    ];
    group.throughput(Throughput::Elements(EXPRESSIONS.len() as u64));
    group.sample_size(30);
    group.bench_function("parse_12_expressions", |b| {
        b.iter(|| {
            for e in EXPRESSIONS {
                black_box(parse_date(black_box(e), published));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
