//! Resolution: which of its candidate places each recognised span names.
//!
//! Evidence, combined into one score per candidate:
//! - importance: kind (country > region > city…) and population;
//! - the name: a place's own main or English name counts more than an alternate spelling;
//! - the document's countries: how much of the unambiguous evidence lies in the
//!   candidate's country;
//! - proximity: distance to the places named unambiguously anywhere in the document;
//! - local context: an unambiguous place named nearby (within a few hundred bytes) that
//!   contains the candidate ("Barda, Perm Krai" → the Barda in Perm Krai) or shares its
//!   country;
//! - the document's language (an Azerbaijani text names places in Azerbaijan).
//!
//! Scores are normalised over a span's candidates, so `score` reads as a confidence; a span
//! whose best candidate is a small place the document gives no support to is dropped
//! (abstaining beats a wild guess).

use std::hash::Hasher;

use rustc_hash::FxHashMap;

use crate::gazetteer::search::importance;
use crate::gazetteer::{Gazetteer, Kind, NameRef, Place, distance_km};

use super::lang::Lang;
use super::recognize::Recognized;

/// How far (in bytes) local context reaches on either side of a span.
const LOCAL_BYTES: usize = 300;

/// How much a nearby place counts, by distance band: within 40 bytes (the same phrase),
/// within 120 (the same sentence, usually), within [`LOCAL_BYTES`].
const BAND_WEIGHT: [f64; 3] = [1.0, 0.6, 0.35];

/// A candidate with its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The candidate.
    pub name: NameRef,
    /// Confidence in 0–1.
    pub score: f64,
}

/// The evidence the whole document gives.
struct Context {
    /// Proximity of each place to the anchors, computed once per place.
    proximity: std::cell::RefCell<FxHashMap<u32, f64>>,
    /// Unambiguous evidence per country code (square roots of mention counts).
    country_count: FxHashMap<String, f64>,
    /// Sum of `country_count`.
    total: f64,
    /// Mentions per clear place, to take a span's own vote out of its context.
    per_place: FxHashMap<u32, usize>,
    /// Points of unambiguous non-country mentions, `[lon, lat]`.
    anchors: Vec<[f64; 2]>,
    home_country: Option<&'static str>,
    /// Abstain more readily (German text).
    strict: bool,
}

/// The context as seen by one span: its own unambiguous reading does not count as
/// evidence for itself (a lone "Georgia" must not vote for the country Georgia).
struct SpanContext<'a> {
    ctx: &'a Context,
    own_country: Option<(String, f64)>,
}

impl Context {
    /// exp(−d / 250 km) for the distance d from `p` to the nearest anchor; 0 without anchors.
    fn proximity(&self, idx: u32, p: &Place) -> f64 {
        *self.proximity.borrow_mut().entry(idx).or_insert_with(|| {
            let near = self
                .anchors
                .iter()
                .map(|&a| distance_km(a, p.point))
                .fold(f64::INFINITY, f64::min);
            if near.is_finite() {
                (-near / 250.0).exp()
            } else {
                0.0
            }
        })
    }

    fn without(&self, own: Option<(u32, &Place)>) -> SpanContext<'_> {
        let own_country = own.and_then(|(idx, p)| {
            let count = self.per_place.get(&idx).copied().unwrap_or(0);
            let w = (count as f64).sqrt() - (count.saturating_sub(1) as f64).sqrt();
            (!p.country.is_empty()).then_some((p.country.to_string(), w))
        });
        SpanContext {
            ctx: self,
            own_country,
        }
    }
}

impl SpanContext<'_> {
    /// Share of the document's unambiguous evidence that lies in `country`.
    fn country_weight(&self, country: &str) -> f64 {
        let mut c = self.ctx.country_count.get(country).copied().unwrap_or(0.0);
        let mut total = self.ctx.total;
        if let Some((own, w)) = &self.own_country {
            total -= w;
            if own.as_str() == country {
                c -= w;
            }
        }
        if total > 1e-9 {
            (c / total).max(0.0)
        } else {
            0.0
        }
    }
}

/// A memoised ranking: candidate places, clear places nearby, index of the ranking.
type MemoEntry = (Vec<u32>, Vec<u32>, Option<u32>, usize);

/// Resolves every span. Returns the distinct rankings (candidates best first; empty to
/// abstain) and, per span, the index of its ranking: spans that share candidates and
/// context share one ranking.
pub fn resolve(
    g: &Gazetteer,
    spans: &[Recognized],
    lang: Lang,
    text: &str,
) -> (Vec<Vec<Scored>>, Vec<usize>) {
    let pinned = containment_pairs(g, spans, text);
    let clear: Vec<Option<u32>> = spans
        .iter()
        .zip(&pinned)
        .map(|(s, pin)| pin.or_else(|| clear_choice(g, &s.candidates)))
        .collect();
    let ctx = context(g, &clear, lang);
    // Ranking depends only on the candidates, the span's own clear reading and the clear
    // places nearby: memoised, so a long text that repeats its names ranks each once.
    let mut memo: FxHashMap<u64, Vec<MemoEntry>> = FxHashMap::default();
    let mut table: Vec<Vec<Scored>> = Vec::new();
    let mut out = Vec::with_capacity(spans.len());
    let mut lo = 0;
    let mut local_ids: Vec<u32> = Vec::new();
    for (i, s) in spans.iter().enumerate() {
        let own = clear[i].map(|p| (p, g.place(p)));
        while spans[lo].end + LOCAL_BYTES < s.start {
            lo += 1;
        }
        // Clear places nearby, each with its distance band (see `BAND_WEIGHT`), encoded as
        // `place * 4 + band` so the list sorts, dedups and hashes as plain integers.
        local_ids.clear();
        local_ids.extend(
            spans[lo..]
                .iter()
                .enumerate()
                .take_while(|(_, o)| o.start <= s.end + LOCAL_BYTES)
                .filter(|(j, _)| lo + j != i)
                .filter_map(|(j, o)| {
                    let gap = if o.start >= s.end {
                        o.start - s.end
                    } else {
                        s.start.saturating_sub(o.end)
                    };
                    let band = match gap {
                        0..=40 => 0,
                        41..=120 => 1,
                        _ => 2,
                    };
                    clear[lo + j].map(|p| p * 4 + band)
                }),
        );
        local_ids.sort_unstable();
        local_ids.dedup_by_key(|x| *x / 4);
        let mut h = rustc_hash::FxHasher::default();
        for r in &s.candidates {
            h.write_u32(r.place);
        }
        h.write_u32(u32::MAX);
        h.write_u32(pinned[i].unwrap_or(u32::MAX));
        for &p in &local_ids {
            h.write_u32(p);
        }
        let bucket = memo.entry(h.finish()).or_default();
        let same = |(c, l, pin, _): &&MemoEntry| {
            *pin == pinned[i]
                && c.len() == s.candidates.len()
                && c.iter().zip(&s.candidates).all(|(a, b)| *a == b.place)
                && *l == local_ids
        };
        if let Some((_, _, _, hit)) = bucket.iter().find(same) {
            out.push(*hit);
            continue;
        }
        let local: Vec<(&Place, f64)> = local_ids
            .iter()
            .map(|&x| (g.place(x / 4), BAND_WEIGHT[(x % 4) as usize]))
            .collect();
        let ranked = rank(g, &s.candidates, &ctx.without(own), &local, pinned[i]);
        bucket.push((
            s.candidates.iter().map(|r| r.place).collect(),
            local_ids.clone(),
            pinned[i],
            table.len(),
        ));
        out.push(table.len());
        table.push(ranked);
    }
    (table, out)
}

/// "Athens, Georgia", "Paris, Texas", "Athens in Greece", "Barda (Perm Krai)": two names
/// separated by a comma, a parenthesis or "in", the second an area that contains a reading
/// of the first.
/// Returns, per span, the reading such a pair pins it to.
fn containment_pairs(g: &Gazetteer, spans: &[Recognized], text: &str) -> Vec<Option<u32>> {
    let mut pinned = vec![None; spans.len()];
    for (i, pair) in spans.windows(2).enumerate() {
        let gap = text.get(pair[0].end..pair[1].start).unwrap_or("");
        if !matches!(gap.trim(), "," | "(" | "in" | "в" | "en" | "im") || gap.len() > 4 {
            continue;
        }
        let mut best: Option<(f64, u32, u32)> = None;
        for a in &pair[0].candidates {
            let pa = g.place(a.place);
            for b in &pair[1].candidates {
                let pb = g.place(b.place);
                let contains = pb.kind.is_area()
                    && pa.id != pb.id
                    && pa.country == pb.country
                    && (pb.kind == Kind::Country
                        || (!pb.admin1.is_empty() && pb.admin1 == pa.admin1));
                let score = importance(pa) + importance(pb);
                if contains && best.is_none_or(|(s, _, _)| score > s) {
                    best = Some((score, a.place, b.place));
                }
            }
        }
        if let Some((_, a, b)) = best {
            pinned[i] = pinned[i].or(Some(a));
            pinned[i + 1] = Some(b);
        }
    }
    pinned
}

/// The candidate a span names without help from context: the only one, or one far more
/// important than the rest (a country, a capital against villages).
fn clear_choice(g: &Gazetteer, candidates: &[NameRef]) -> Option<u32> {
    let first = candidates.first()?;
    if candidates.len() == 1 {
        return Some(first.place);
    }
    // The two most important candidates, without sorting.
    let (mut top, mut top_imp, mut second_imp) =
        (first.place, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for r in candidates {
        let imp = importance(g.place(r.place));
        if imp > top_imp {
            second_imp = top_imp;
            (top, top_imp) = (r.place, imp);
        } else if imp > second_imp {
            second_imp = imp;
        }
    }
    let p = g.place(top);
    let clear = p.kind == Kind::Country || top_imp - second_imp > 0.25;
    (clear && p.kind != Kind::Village).then_some(top)
}

fn context(g: &Gazetteer, clear: &[Option<u32>], lang: Lang) -> Context {
    // Repeated mentions count with diminishing weight (square root of the count).
    let mut per_place: FxHashMap<u32, usize> = FxHashMap::default();
    for c in clear.iter().flatten() {
        *per_place.entry(*c).or_default() += 1;
    }
    let mut country_count: FxHashMap<String, f64> = FxHashMap::default();
    let mut anchors = Vec::new();
    let mut total = 0.0;
    for (&place, &n) in &per_place {
        let p = g.place(place);
        let w = (n as f64).sqrt();
        if !p.country.is_empty() {
            *country_count.entry(p.country.to_string()).or_default() += w;
            total += w;
        }
        if p.kind != Kind::Country {
            anchors.push(p.point);
        }
    }
    Context {
        proximity: std::cell::RefCell::default(),
        country_count,
        total,
        per_place,
        anchors,
        home_country: lang.home_country(),
        strict: lang == Lang::De,
    }
}

/// How strongly the places named nearby support `p`: 1 when one is `p` or its region or
/// district, 0.8 when one is its country, 0.6 when one is elsewhere in its country (or both
/// are countries), each scaled by how near it is named.
fn local_support(p: &Place, local: &[(&Place, f64)]) -> f64 {
    let mut best: f64 = 0.0;
    for &(q, weight) in local {
        let support = if q.id == p.id {
            1.0 // the same place named nearby, by another of its names
        } else if p.country.is_empty() || q.country != p.country {
            // A list of countries ("Turkey and Armenia").
            if p.kind == Kind::Country && q.kind == Kind::Country {
                0.6
            } else {
                0.0
            }
        } else if q.kind == Kind::Country {
            0.8 // "Athens in Greece"
        } else if q.kind.is_area()
            && ((!q.admin1.is_empty() && q.admin1 == p.admin1)
                || q.bbox.is_some_and(|b| {
                    (b[0]..=b[2]).contains(&p.point[0]) && (b[1]..=b[3]).contains(&p.point[1])
                }))
        {
            1.0 // its region or district
        } else {
            0.6 // somewhere in the same country
        };
        best = best.max(support * weight);
    }
    best
}

fn rank(
    g: &Gazetteer,
    candidates: &[NameRef],
    ctx: &SpanContext<'_>,
    local: &[(&Place, f64)],
    pinned: Option<u32>,
) -> Vec<Scored> {
    // A name that is a country's needs explicit containment ("Turkey, North Carolina") to
    // name a settlement instead: the document's countries do not count for settlements then.
    let has_country = candidates
        .iter()
        .any(|r| g.place(r.place).kind == Kind::Country);
    let mut raw: Vec<(NameRef, f64, f64)> = candidates
        .iter()
        .map(|&r| {
            let p = g.place(r.place);
            let settlement_vs_country = has_country && !p.kind.is_area();
            let name = g.name(r);
            let imp = importance(p);
            let own_name = if r.name == 0 || name.lang.is_some() {
                1.0
            } else {
                0.6
            };
            let country = if settlement_vs_country {
                0.0
            } else {
                ctx.country_weight(p.country.as_ref())
            };
            let home = if ctx.ctx.home_country == Some(p.country.as_ref()) {
                1.0
            } else {
                0.0
            };
            let proximity = ctx.ctx.proximity(r.place, p);
            let local = match local_support(p, local) {
                _ if pinned == Some(r.place) => 1.0,
                l if settlement_vs_country && l < 1.0 => 0.0,
                l => l,
            };
            let support = country.max(proximity).max(home).max(local);
            let s = 0.40 * imp
                + 0.10 * own_name
                + 0.35 * country.sqrt()
                + 0.10 * proximity
                + 0.05 * home
                + 0.35 * local;
            (r, s, support)
        })
        .collect();
    raw.sort_by(|a, b| b.1.total_cmp(&a.1));
    // An explicit container ("Paris, Texas") decides, whatever else the context says.
    if let Some(k) = raw.iter().position(|(r, _, _)| Some(r.place) == pinned) {
        raw[..=k].rotate_right(1);
    }
    let Some(&(best_ref, _, best_support)) = raw.first() else {
        return Vec::new();
    };
    let best = g.place(best_ref.place);
    // Abstain on a small place that nothing in the document supports.
    // German capitalises every noun, so a lone capitalised word is weaker evidence there.
    let small = if ctx.ctx.strict { 100_000 } else { 15_000 };
    if matches!(best.kind, Kind::Village | Kind::Town | Kind::City)
        && best.population < small
        && best_support < 0.05
    {
        return Vec::new();
    }
    let z: f64 = raw.iter().map(|(_, s, _)| (8.0 * s).exp()).sum();
    raw.iter()
        .map(|&(name, s, support)| {
            let share = (8.0 * s).exp() / z;
            // Confidence: share among candidates, tempered by how much the document
            // supports the place (or how prominent it is on its own).
            let evidence = support.max(importance(g.place(name.place)));
            let score = share * (0.6 + 0.4 * evidence);
            Scored {
                name,
                score: (score * 1000.0).round() / 1000.0,
            }
        })
        .collect()
}
