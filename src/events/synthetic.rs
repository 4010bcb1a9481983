//! Deterministic synthetic events for benchmarks and load tests (`dateline serve
//! --synthetic N`): events clustered in the gazetteer's cities and towns, weighted by
//! population, with the mix of date and location precisions of a real dataset. The same
//! `n` always gives the same events, so a benchmark, a load test and a server agree.

use chrono::NaiveDate;

use super::dates::DatePrecision;
use super::{Claim, Event, EventType, LocationPrecision, Stance};
use crate::gazetteer::{Gazetteer, Kind};

/// The most events [`synthetic_events`] makes (about 1 KB each once indexed and
/// pre-serialised: 50 million is already far more than one machine should hold).
pub const MAX_SYNTHETIC_EVENTS: usize = 50_000_000;

/// Areas (with outlines in the default gazetteer) that some events are located to.
const DISTRICTS: [&str; 2] = ["geonames:409420", "dateline:nagorno-karabakh"];

/// A small deterministic generator (xorshift64), so every run builds the same data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a non-zero seed (zero is replaced by a fixed constant).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (`n > 0`; 0 gives 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64().checked_rem(n).unwrap_or(0)
    }

    /// A number in `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `n` events clustered in cities and towns: a place is drawn with probability growing
/// with the square root of its population; 85 % day-precise, 10 % month, 3 % year,
/// 2 % undated, over 2020–2023; 90 % located to the place, 5 % to a district or region with
/// an outline, 5 % unlocated. Ids are `e0000000`, `e0000001`, …; each event has one claim.
/// `n` is capped at [`MAX_SYNTHETIC_EVENTS`]; a gazetteer without cities or towns gives
/// no events. The first `n` events of a larger count are the same events.
///
/// # Runtime
/// O(n log p) for p cities and towns; about 1 s per million events.
pub fn synthetic_events(g: &Gazetteer, n: usize) -> Vec<Event> {
    synthetic_iter(g)
        .take(n.min(MAX_SYNTHETIC_EVENTS))
        .collect()
}

/// The events of [`synthetic_events`] one at a time, without end (for counts that should
/// not be held in memory at once, such as the R-tree benchmark's 10 million).
pub fn synthetic_iter(g: &Gazetteer) -> impl Iterator<Item = Event> + '_ {
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
    let day0 = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    let count = if places.is_empty() { 0 } else { usize::MAX };
    (0..count).map(move |n| {
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
                place_id = DISTRICTS[n % DISTRICTS.len()];
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
            place_name: g
                .get(place_id)
                .map_or(place_id, |p| p.name.as_ref())
                .to_owned(),
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::fixture::gazetteer;

    #[test]
    fn the_same_count_gives_the_same_events() {
        let g = gazetteer();
        let a = synthetic_events(g, 500);
        let b = synthetic_events(g, 500);
        assert_eq!(a.len(), 500);
        assert_eq!(a, b);
        // Every located event is at a place the gazetteer knows.
        assert!(a.iter().all(|e| g.get(&e.place_id).is_some()));
        assert!(
            a.iter()
                .any(|e| e.location_precision == LocationPrecision::District)
        );
        assert!(a.iter().any(|e| e.date_start.is_none()));
        // A smaller count is a prefix of a larger one.
        assert_eq!(synthetic_events(g, 100), a[..100]);
    }
}
