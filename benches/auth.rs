//! Accounts benchmarks: the cost of one Argon2id hash and one verification (what a sign-in
//! costs the server, and what bounds sign-ins per second per core), and the rate limiter's
//! check and failure paths on a full table.
//!
//! `cargo bench --bench auth`; figures in BENCHMARKS.md.

use std::hint::black_box;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use dateline::auth::{Limits, SignInLimiter, password};

fn passwords(c: &mut Criterion) {
    let mut g = c.benchmark_group("password");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    let phc = password::hash("correct horse battery staple").expect("hashes");
    g.bench_function("hash", |b| {
        b.iter(|| password::hash(black_box("correct horse battery staple")))
    });
    g.bench_function("verify", |b| {
        b.iter(|| password::verify(black_box("correct horse battery staple"), &phc))
    });
    g.bench_function("verify_dummy", |b| {
        b.iter(|| password::verify_dummy(black_box("wrong password here")))
    });
    g.finish();
}

fn limiter(c: &mut Criterion) {
    let limits = Limits::default();
    let l = SignInLimiter::new(limits);
    let t0 = Instant::now();
    for i in 0..limits.max_keys {
        let i = u32::try_from(i).expect("fewer than 2^32 keys");
        l.failure(&format!("user{i}"), IpAddr::from(i.to_be_bytes()), t0);
    }
    let mut g = c.benchmark_group("ratelimit");
    g.bench_function("check_full_table", |b| {
        b.iter(|| l.check(black_box("user77"), IpAddr::from([0, 0, 0, 77]), t0))
    });
    let mut n = u32::MAX;
    g.bench_function("failure_new_key_full_table", |b| {
        b.iter(|| {
            n -= 1;
            l.failure(&format!("new{n}"), IpAddr::from(n.to_be_bytes()), t0);
        })
    });
    g.finish();
}

criterion_group!(benches, passwords, limiter);
criterion_main!(benches);
