//! `dateline extract`: candidate events proposed from a raw text, for a human editor.
//!
//! Each sentence with an event trigger ("shelled", "missile", "ceasefire", "expelled"…)
//! becomes one candidate per place it names (or, failing that, the places of the sentence
//! before), dated by the temporal expressions in it, with the casualty figures found next
//! to casualty words. Every candidate carries its claim (the sentence, with its byte span)
//! and a score in 0–1. Recall matters more than precision: the editor discards.

use chrono::NaiveDate;

use crate::gazetteer::{Gazetteer, Kind};
use crate::geoparse::{Budget, Geoparser, Mention, Stopped};

use super::dates::{DatePrecision, TemporalKind, find_temporal_expressions};
use super::model::{CasualtyGroup, Claim, Event, EventType, LocationPrecision, Stance};
use super::numbers::find_numbers;

/// A proposed event.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The event, with one claim per sentence that supports it.
    pub event: Event,
    /// Confidence in 0–1 (trigger, place, date, figures).
    pub score: f64,
    /// The latest day the event can be (the publication date) when the text gives no date.
    pub not_after: NaiveDate,
}

/// Trigger word stems (lower case) and the event type they suggest, strongest first.
const TRIGGERS: &[(&str, EventType)] = &[
    ("ceasefire", EventType::CeasefireOrAgreement),
    ("cease-fire", EventType::CeasefireOrAgreement),
    ("truce", EventType::CeasefireOrAgreement),
    ("agreement", EventType::CeasefireOrAgreement),
    ("missile", EventType::MissileStrike),
    ("ballistic", EventType::MissileStrike),
    ("rocket", EventType::MissileStrike),
    ("cluster", EventType::AttackOnCivilians),
    ("smerch", EventType::AttackOnCivilians),
    ("funeral", EventType::AttackOnCivilians),
    ("genocide", EventType::Massacre),
    ("massacre", EventType::Massacre),
    ("resolution", EventType::UnResolution),
    ("sabotage", EventType::Infiltration),
    ("infiltrat", EventType::Infiltration),
    ("detained", EventType::Detention),
    ("arrested", EventType::Detention),
    ("mosque", EventType::DamageToCulturalHeritage),
    ("museum", EventType::DamageToCulturalHeritage),
    ("church", EventType::DamageToCulturalHeritage),
    ("heritage", EventType::DamageToCulturalHeritage),
    ("shell", EventType::Shelling),
    ("artillery", EventType::Shelling),
    ("bomb", EventType::Shelling),
    ("clash", EventType::ArmedClash),
    ("fighting", EventType::ArmedClash),
    ("offensive", EventType::ArmedClash),
    ("battle", EventType::ArmedClash),
    ("attack", EventType::ArmedClash),
    ("killed", EventType::AttackOnCivilians),
    ("killing", EventType::AttackOnCivilians),
    ("wounded", EventType::AttackOnCivilians),
    ("expelled", EventType::Displacement),
    ("refugee", EventType::Displacement),
    ("displaced", EventType::Displacement),
    ("idps", EventType::Displacement),
    ("cleansing", EventType::Displacement),
    ("liberat", EventType::TerritorialControlChange),
    ("occupied", EventType::TerritorialControlChange),
    ("occupation", EventType::TerritorialControlChange),
    ("withdraw", EventType::TerritorialControlChange),
    ("vacate", EventType::TerritorialControlChange),
    ("captured", EventType::TerritorialControlChange),
    ("destroyed", EventType::Destruction),
    ("demolished", EventType::Destruction),
    ("ghost city", EventType::Destruction),
    ("autonomy", EventType::PoliticalStatement),
];

/// Sentences of `text` as byte spans: cut after `.`, `!` or `?` followed by a space, at
/// blank lines and at dialogue dashes starting a line.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let cut = match b[i] {
            b'.' | b'!' | b'?' => b
                .get(i + 1)
                .is_none_or(|c| c.is_ascii_whitespace())
                .then_some(i + 1),
            b'\n'
                if b.get(i + 1) == Some(&b'\n')
                    || text[i + 1..].trim_start_matches(' ').starts_with("- ") =>
            {
                Some(i + 1)
            }
            _ => None,
        };
        if let Some(end) = cut {
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let lead = s.len()
        - s.trim_start_matches(|c: char| c.is_whitespace() || c == '-')
            .len();
    let trail = s.len() - s.trim_end().len();
    if start + lead < end - trail {
        out.push((start + lead, end - trail));
    }
}

/// Every trigger in a sentence: `(byte offset in the sentence, type)`. Matching is on the
/// lower-cased text (same byte offsets for the ASCII stems).
fn triggers(sentence: &str) -> Vec<(usize, EventType)> {
    let lower = sentence.to_lowercase();
    let mut out = Vec::new();
    for &(stem, t) in TRIGGERS {
        out.extend(lower.match_indices(stem).map(|(i, _)| (i, t)));
    }
    out
}

/// The event type for a place at `offset` in the sentence: the nearest trigger, the
/// stronger (earlier in [`TRIGGERS`]) on a tie. "why he hits Ganja with ballistic
/// missiles, … why they attacked a funeral procession in Tartar" gives Ganja a missile
/// strike and Tartar an attack on civilians.
fn nearest(found: &[(usize, EventType)], offset: usize) -> Option<EventType> {
    found
        .iter()
        .enumerate()
        .min_by_key(|(rank, (at, _))| (at.abs_diff(offset), *rank))
        .map(|(_, &(_, t))| t)
}

/// Casualty figures in a sentence: a number next to a casualty word ("21 people … killed",
/// "killing 21", "405 wounded", "3,000 houses").
fn casualties(
    sentence: &str,
) -> (
    std::collections::BTreeMap<String, u64>,
    Option<CasualtyGroup>,
    Option<String>,
) {
    let mut figures = std::collections::BTreeMap::new();
    let mut qualifier = None;
    let lower = sentence.to_lowercase();
    for f in find_numbers(sentence) {
        let after: String = lower[f.end..]
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        let before: String = lower[..f.start]
            .split_whitespace()
            .rev()
            .take(1)
            .collect::<Vec<_>>()
            .join(" ");
        let key = if after.contains("killed")
            || after.contains("dead")
            || after.contains("died")
            || before.starts_with("killing")
            || before == "killed"
        {
            "killed"
        } else if after.contains("wounded")
            || after.contains("injured")
            || before.starts_with("injuring")
            || before.starts_with("wounding")
        {
            "wounded"
        } else if after.starts_with("houses")
            || after.starts_with("homes")
            || after.starts_with("buildings")
        {
            "houses_damaged_or_destroyed"
        } else if after.contains("refugees") || after.contains("displaced") {
            "displaced"
        } else {
            continue;
        };
        if matches!(
            before.as_str(),
            "almost" | "nearly" | "about" | "over" | "around"
        ) {
            qualifier = Some(before.clone());
        }
        figures.entry(key.to_owned()).or_insert(f.value);
    }
    let group = if figures.is_empty() {
        None
    } else if lower.contains("civilian") {
        Some(CasualtyGroup::Civilians)
    } else if lower.contains("servicem") || lower.contains("soldier") {
        Some(CasualtyGroup::Servicemen)
    } else {
        Some(CasualtyGroup::Unspecified)
    };
    (figures, group, qualifier)
}

/// Proposes candidate events in `text`, a source published on `published`.
pub fn extract(
    g: &Gazetteer,
    text: &str,
    published: NaiveDate,
    source_id: &str,
    claimant: &str,
) -> Vec<Candidate> {
    extract_with(
        g,
        text,
        published,
        source_id,
        claimant,
        &Budget::unlimited(),
    )
    .unwrap_or_default()
}

/// [`extract`] within `budget`: its mention limit bounds the mentions and also the
/// candidates and claims proposed; a cancel stops the work between sentences.
///
/// # Errors
/// [`Stopped`] when the budget ran out or was cancelled.
pub fn extract_with(
    g: &Gazetteer,
    text: &str,
    published: NaiveDate,
    source_id: &str,
    claimant: &str,
    budget: &Budget,
) -> Result<Vec<Candidate>, Stopped> {
    let mentions = Geoparser::new(g).parse_with(text, budget)?;
    let dates: Vec<_> = find_temporal_expressions(text, published)
        .into_iter()
        .filter(|d| d.kind != TemporalKind::Duration && d.interval.is_some())
        .collect();
    let mut out: Vec<Candidate> = Vec::new();
    let mut previous_places: Vec<&Mention> = Vec::new();
    let mut last_candidates: Vec<usize> = Vec::new();
    let mut claims = 0;
    for (s, e) in sentences(text) {
        budget.check(out.len() + claims)?;
        let sentence = &text[s..e];
        // Mentions are in text order: the sentence's are one run, found by binary search.
        let first = mentions.partition_point(|m| m.start < s);
        let in_sentence: Vec<&Mention> = mentions[first..]
            .iter()
            .take_while(|m| m.start < e)
            .filter(|m| m.end <= e)
            .collect();
        let found = triggers(sentence);
        let Some(sentence_type) = found.first().map(|&(_, t)| t) else {
            if !in_sentence.is_empty() {
                previous_places = in_sentence;
                last_candidates.clear();
            }
            continue;
        };
        // Specific places first; countries only when the sentence names nothing smaller.
        let specific: Vec<&Mention> = in_sentence
            .iter()
            .copied()
            .filter(|m| g.place(m.place).kind != Kind::Country)
            .collect();
        let mut places = if specific.is_empty() {
            in_sentence.clone()
        } else {
            specific
        };
        let inherited = places.is_empty();
        if inherited {
            places = previous_places.clone();
        }
        places.dedup_by_key(|m| m.place);
        let date = dates.iter().find(|d| d.start >= s && d.end <= e);
        let (figures, group, qualifier) = casualties(sentence);
        let lower = sentence.to_lowercase();
        let on_civilians = ["civilian", "cluster", "smerch", "funeral", "peaceful"]
            .iter()
            .any(|w| lower.contains(w));
        let claim = |figures: &std::collections::BTreeMap<String, u64>| Claim {
            source: source_id.to_owned(),
            claimant: claimant.to_owned(),
            claimant_kind: None,
            stance: Stance::Asserts,
            quote: sentence.to_owned(),
            start: Some(s),
            end: Some(e),
            casualties: figures.clone(),
            casualty_group: group,
            figure_qualifier: qualifier.clone(),
            claimed_date: None,
        };
        // A sentence that names no place continues the one before ("Ten civilians were
        // killed"): its claim joins the events that sentence proposed.
        if inherited && !last_candidates.is_empty() {
            for &k in &last_candidates {
                let c: &mut Candidate = &mut out[k];
                c.event.claims.push(claim(&figures));
                claims += 1;
            }
            continue;
        }
        last_candidates.clear();
        for m in places.iter().take(4) {
            let p = g.place(m.place);
            let mut event_type = if inherited {
                sentence_type
            } else {
                nearest(&found, m.start - s).unwrap_or(sentence_type)
            };
            // An "attack" that kills or targets civilians is an attack on civilians.
            if event_type == EventType::ArmedClash && (!figures.is_empty() || on_civilians) {
                event_type = EventType::AttackOnCivilians;
            }
            let location_precision = match p.kind {
                Kind::Country => LocationPrecision::Country,
                Kind::Region => LocationPrecision::Region,
                Kind::District => LocationPrecision::District,
                Kind::Border => LocationPrecision::Border,
                Kind::LineOfContact => LocationPrecision::LineOfContact,
                _ => LocationPrecision::Place,
            };
            let (date_start, date_end, date_precision, date_text) =
                match date.and_then(|d| d.interval.map(|i| (d, i))) {
                    Some((d, i)) => (Some(i.start), Some(i.end), i.precision, d.text.clone()),
                    None => (None, None, DatePrecision::Unknown, String::new()),
                };
            let score =
                0.4 + if inherited {
                    0.1
                } else if p.kind == Kind::Country {
                    0.15
                } else {
                    0.3
                } + if date_start.is_some() { 0.2 } else { 0.0 }
                    + if figures.is_empty() { 0.0 } else { 0.1 };
            let claim = claim(&figures);
            // One event per place and type: later sentences add claims to it.
            if let Some(k) = out
                .iter()
                .position(|c| c.event.place_id == p.id && c.event.event_type == event_type)
            {
                last_candidates.push(k);
                let c = &mut out[k];
                c.event.claims.push(claim);
                claims += 1;
                c.score = c.score.max(score);
                if c.event.date_start.is_none() && date_start.is_some() {
                    (
                        c.event.date_start,
                        c.event.date_end,
                        c.event.date_precision,
                        c.event.date_text,
                    ) = (date_start, date_end, date_precision, date_text);
                }
                continue;
            }
            last_candidates.push(out.len());
            out.push(Candidate {
                event: Event {
                    id: format!("candidate-{}-{}", out.len() + 1, slug(&p.name)),
                    title: format!(
                        "{} in {}",
                        title_of(event_type),
                        m.text.replace("-\n", "").replace('\n', " ")
                    ),
                    summary: format!(
                        "The source mentions {} in connection with {}.",
                        describe(event_type),
                        p.name
                    ),
                    event_type,
                    date_start,
                    date_end,
                    date_precision,
                    date_text,
                    place_id: p.id.to_string(),
                    place_name: m.text.replace("-\n", "").replace('\n', " "),
                    location_precision,
                    claims: vec![claim],
                },
                score: (score * 100.0).round() / 100.0,
                not_after: published,
            });
        }
        if !in_sentence.is_empty() {
            previous_places = in_sentence;
        }
    }
    Ok(out)
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in crate::gazetteer::normalize::name_key(s).chars() {
        out.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    out
}

fn title_of(t: EventType) -> &'static str {
    match t {
        EventType::ArmedClash => "Armed clash",
        EventType::Shelling => "Shelling",
        EventType::MissileStrike => "Missile strike",
        EventType::AttackOnCivilians => "Attack on civilians",
        EventType::TerritorialControlChange => "Territorial control",
        EventType::CeasefireOrAgreement => "Ceasefire or agreement",
        EventType::Displacement => "Displacement",
        EventType::Destruction => "Destruction",
        EventType::DamageToCulturalHeritage => "Damage to cultural heritage",
        EventType::Detention => "Detention",
        EventType::Infiltration => "Infiltration",
        EventType::PoliticalStatement => "Political statement",
        EventType::CasualtyReport => "Casualty report",
        EventType::UnResolution => "Resolution",
        EventType::Massacre => "Mass killing",
    }
}

fn describe(t: EventType) -> String {
    title_of(t).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_stops_blank_lines_and_dialogue() {
        let text = "They shelled Tartar. Then Barda!\n- Why?\n\nNo answer";
        let got: Vec<&str> = sentences(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            ["They shelled Tartar.", "Then Barda!", "Why?", "No answer"]
        );
    }

    #[test]
    fn casualty_figures_next_to_casualty_words() {
        let (f, g, q) = casualties(
            "Ninety-two civilians have been killed, 405 wounded and almost 3,000 houses demolished",
        );
        assert_eq!(f.get("killed"), Some(&92));
        assert_eq!(f.get("wounded"), Some(&405));
        assert_eq!(f.get("houses_damaged_or_destroyed"), Some(&3000));
        assert_eq!(g, Some(CasualtyGroup::Civilians));
        assert_eq!(q.as_deref(), Some("almost"));
        let (f, _, _) =
            casualties("they used Smerch to attack Barda, killing 21 people and injuring 70.");
        assert_eq!((f.get("killed"), f.get("wounded")), (Some(&21), Some(&70)));
        let (f, _, _) = casualties("We have 30 interviews and 44 days");
        assert!(f.is_empty());
    }

    #[test]
    fn a_strike_sentence_becomes_a_dated_placed_candidate() {
        let g = Gazetteer::load_default().expect("gazetteer");
        let text = "Ganja was hit by a ballistic missile on 11 October 2020. Ten civilians were killed and 34 wounded.";
        let published = NaiveDate::from_ymd_opt(2020, 11, 6).expect("date");
        let c = extract(&g, text, published, "s", "Speaker");
        let ganja = c
            .iter()
            .find(|c| c.event.place_id == "geonames:586523")
            .expect("Ganja candidate");
        assert_eq!(ganja.event.event_type, EventType::MissileStrike);
        assert_eq!(
            ganja.event.date_start,
            NaiveDate::from_ymd_opt(2020, 10, 11)
        );
        let claim = &ganja.event.claims[0];
        assert_eq!(
            &text[claim.start.expect("start")..claim.end.expect("end")],
            claim.quote
        );
        // The second sentence names no place: it inherits Ganja and adds its figures.
        assert!(
            ganja
                .event
                .claims
                .iter()
                .any(|c| c.casualties.get("killed") == Some(&10)),
            "{ganja:?}"
        );
    }
}
