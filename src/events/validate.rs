//! `dateline validate`: checks the event dataset — ids unique, places resolve, dates valid,
//! every claim's span equal to its quote when the source text is available, vocabularies
//! respected. Every problem names the file, the record and the field.

use std::collections::HashMap;
use std::fmt;

use chrono::Datelike;
use rustc_hash::FxHashSet;
use sha2::{Digest, Sha256};

use crate::gazetteer::Gazetteer;

use super::dataset::Dataset;
use super::dates::DatePrecision;
use super::model::{CASUALTY_KEYS, Event, LocationPrecision};

/// Longest quote we keep (characters): quotes are a sentence, not copied prose.
pub const MAX_QUOTE_CHARS: usize = 400;

/// One problem in the dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub file: String,
    /// The record (`event ganja-…`, `event ganja-…, claim 2`, `source …`).
    pub record: String,
    /// The field.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: field `{}`: {}",
            self.file, self.record, self.field, self.message
        )
    }
}

/// The SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks `ds` against the gazetteer and the source texts given (`source id → text`).
pub fn validate(ds: &Dataset, g: &Gazetteer, texts: &HashMap<String, String>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut p = |file: &str, record: String, field: &str, message: String| {
        problems.push(Problem {
            file: file.to_owned(),
            record,
            field: field.to_owned(),
            message,
        });
    };
    let mut source_ids = FxHashSet::default();
    for (s, file) in &ds.sources {
        let record = format!("source {}", s.id);
        if !source_ids.insert(s.id.as_str()) {
            p(
                file,
                record.clone(),
                "id",
                "is used by another source".into(),
            );
        }
        if let Some(h) = &s.text_sha256 {
            if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                p(
                    file,
                    record.clone(),
                    "text_sha256",
                    format!("{h:?} is not a SHA-256 hex digest"),
                );
            }
            if let Some(text) = texts.get(&s.id) {
                let actual = sha256_hex(text.as_bytes());
                if &actual != h {
                    p(
                        file,
                        record.clone(),
                        "text_sha256",
                        format!("the text given has SHA-256 {actual}, not the one recorded"),
                    );
                }
            }
        }
    }
    for id in texts.keys() {
        if !source_ids.contains(id.as_str()) {
            p(
                "--text",
                format!("source {id}"),
                "id",
                "no source has this id".into(),
            );
        }
    }
    let mut event_ids = FxHashSet::default();
    for (e, file) in &ds.events {
        let record = format!("event {}", e.id);
        if !event_ids.insert(e.id.as_str()) {
            p(
                file,
                record.clone(),
                "id",
                "is used by another event".into(),
            );
        }
        if e.id.is_empty()
            || !e
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            p(
                file,
                record.clone(),
                "id",
                "must be lower-case letters, digits and hyphens".into(),
            );
        }
        for (field, value) in [("title", &e.title), ("summary", &e.summary)] {
            if value.trim().is_empty() {
                p(file, record.clone(), field, "is empty".into());
            }
        }
        check_place(e, g, &mut |field, message| {
            p(file, record.clone(), field, message)
        });
        check_dates(e, &mut |field, message| {
            p(file, record.clone(), field, message)
        });
        if e.claims.is_empty() {
            p(
                file,
                record.clone(),
                "claim",
                "an event needs at least one claim".into(),
            );
        }
        for (n, c) in e.claims.iter().enumerate() {
            let record = format!("event {}, claim {}", e.id, n + 1);
            if ds.source(&c.source).is_none() {
                p(
                    file,
                    record.clone(),
                    "source",
                    format!("no source has id {:?}", c.source),
                );
            }
            if c.quote.chars().count() > MAX_QUOTE_CHARS {
                p(
                    file,
                    record.clone(),
                    "quote",
                    format!(
                        "is longer than {MAX_QUOTE_CHARS} characters: keep quotes to a sentence"
                    ),
                );
            }
            if let (Some(d), Some(s), Some(end)) = (c.claimed_date, e.date_start, e.date_end) {
                if d < s || d > end {
                    p(
                        file,
                        record.clone(),
                        "claimed_date",
                        format!("{d} is outside the event's interval {s}..{end}"),
                    );
                }
            }
            if c.quote.trim().is_empty() {
                p(file, record.clone(), "quote", "is empty".into());
            }
            for k in c.casualties.keys() {
                if !CASUALTY_KEYS.contains(&k.as_str()) {
                    p(
                        file,
                        record.clone(),
                        "casualties",
                        format!("unknown figure {k:?} (known: {})", CASUALTY_KEYS.join(", ")),
                    );
                }
            }
            if !c.casualties.is_empty() && c.casualty_group.is_none() {
                p(
                    file,
                    record.clone(),
                    "casualty_group",
                    "figures need to say whom they count".into(),
                );
            }
            match (c.start, c.end) {
                (None, None) => {}
                (Some(start), Some(end)) => {
                    if start >= end {
                        p(
                            file,
                            record.clone(),
                            "start",
                            format!("start {start} is not before end {end}"),
                        );
                    } else if let Some(text) = texts.get(&c.source) {
                        match text.get(start..end) {
                            Some(span) if span == c.quote => {}
                            Some(span) => p(
                                file,
                                record.clone(),
                                "quote",
                                format!("text[{start}..{end}] is {span:?}, not the quote"),
                            ),
                            None => p(
                                file,
                                record.clone(),
                                "end",
                                format!("{start}..{end} is outside the text or splits a character"),
                            ),
                        }
                    }
                }
                _ => p(
                    file,
                    record.clone(),
                    "start",
                    "start and end go together".into(),
                ),
            }
        }
    }
    problems
}

fn check_place(e: &Event, g: &Gazetteer, p: &mut dyn FnMut(&str, String)) {
    if e.location_precision == LocationPrecision::Unknown {
        return;
    }
    match g.get(&e.place_id) {
        Some(_) => {}
        None => p(
            "place_id",
            format!("{:?} is not in the gazetteer", e.place_id),
        ),
    }
}

fn check_dates(e: &Event, p: &mut dyn FnMut(&str, String)) {
    match (e.date_start, e.date_end) {
        (Some(s), Some(end)) => {
            if s > end {
                p("date_end", format!("{end} is before date_start {s}"));
            }
            let ok = match e.date_precision {
                DatePrecision::Day => s == end,
                DatePrecision::Month => {
                    s.year() == end.year() && s.month() == end.month() && s.day() == 1
                }
                DatePrecision::PartOfMonth => s.year() == end.year() && s.month() == end.month(),
                DatePrecision::Year => s.year() == end.year(),
                DatePrecision::Decade => s.year() / 10 == end.year() / 10,
                DatePrecision::Range | DatePrecision::Unknown => true,
            };
            if !ok {
                p(
                    "date_precision",
                    format!("{:?} does not fit {s}..{end}", e.date_precision),
                );
            }
        }
        (None, None) if e.date_precision == DatePrecision::Unknown => {}
        (None, None) => p(
            "date_start",
            "missing (use date_precision = \"unknown\" when the text gives no date)".into(),
        ),
        _ => p("date_end", "date_start and date_end go together".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str =
        "id = \"s\"\nkind = \"interview\"\ntitle = \"T\"\npublished = \"2020-11-06\"\n";

    fn ds(events: &str) -> Dataset {
        Dataset::from_files(vec![
            ("sources/s/source.toml".into(), SOURCE.into()),
            ("sources/s/events.toml".into(), events.into()),
        ])
        .expect("parses")
    }

    fn problems(events: &str, text: &str) -> Vec<String> {
        let g = Gazetteer::load_default().expect("gazetteer");
        let texts = HashMap::from([("s".to_owned(), text.to_owned())]);
        validate(&ds(events), &g, &texts)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const GOOD: &str = r#"
[[event]]
id = "barda-attack"
title = "Attack on Barda"
summary = "The speaker says Barda was attacked."
event_type = "attack_on_civilians"
date_start = "2020-09-27"
date_end = "2020-11-06"
date_precision = "range"
place_id = "geonames:587057"
place_name = "Barda"
location_precision = "place"
[[event.claim]]
source = "s"
claimant = "Speaker"
stance = "asserts"
quote = "attack Barda"
start = 10
end = 22
casualties = { killed = 21 }
casualty_group = "civilians"
"#;

    #[test]
    fn a_good_record_passes() {
        assert_eq!(
            problems(GOOD, "they came attack Barda, killing 21"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn each_mistake_is_named_with_file_record_and_field() {
        let cases = [
            (GOOD.replace("start = 10", "start = 11"), "field `quote`"),
            (
                GOOD.replace("geonames:587057", "geonames:0"),
                "field `place_id`",
            ),
            (
                GOOD.replace("date_end = \"2020-11-06\"", "date_end = \"2020-09-01\""),
                "field `date_end`",
            ),
            (
                GOOD.replace("date_precision = \"range\"", "date_precision = \"day\""),
                "field `date_precision`",
            ),
            (
                GOOD.replace("source = \"s\"", "source = \"nope\""),
                "field `source`",
            ),
            (
                GOOD.replace("killed = 21", "eaten = 21"),
                "field `casualties`",
            ),
            (
                GOOD.replace("casualty_group = \"civilians\"\n", ""),
                "field `casualty_group`",
            ),
            (
                GOOD.replace("id = \"barda-attack\"", "id = \"Barda Attack\""),
                "field `id`",
            ),
        ];
        for (events, want) in cases {
            let got = problems(&events, "they came attack Barda, killing 21");
            assert!(
                got.iter()
                    .any(|p| p.contains(want) && p.starts_with("sources/s/events.toml: event")),
                "{want}: {got:?}"
            );
        }
    }

    #[test]
    fn duplicate_ids_and_wrong_texts_are_reported() {
        let twice = format!("{GOOD}\n{GOOD}");
        assert!(
            problems(&twice, "they came attack Barda, killing 21")
                .iter()
                .any(|p| p.contains("used by another event"))
        );
        let with_hash = Dataset::from_files(vec![(
            "sources/s/source.toml".into(),
            format!("{SOURCE}text_sha256 = \"{}\"\n", sha256_hex(b"original")),
        )])
        .expect("parses");
        let g = Gazetteer::load_default().expect("gazetteer");
        let texts = HashMap::from([("s".to_owned(), "edited".to_owned())]);
        let got: Vec<String> = validate(&with_hash, &g, &texts)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(got.iter().any(|p| p.contains("text_sha256")), "{got:?}");
    }
}
