//! The shipped event dataset and the extraction, end to end.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use dateline::events::extract::extract;
use dateline::events::validate::validate;
use dateline::events::{Dataset, EventType, Stance, Status};
use dateline::gazetteer::Gazetteer;

const INTERVIEW: &str = "interview-2020-11-06";

/// The interview's text from `../shared/corpus` (CI lays it beside the checkout).
fn interview_text() -> Option<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/interview-2020-11-06.txt");
    let text = std::fs::read_to_string(&p).ok();
    assert!(
        text.is_some() || std::env::var("CI").is_err(),
        "CI must provide {}",
        p.display()
    );
    text
}

fn gazetteer() -> Gazetteer {
    Gazetteer::load_default().expect("gazetteer")
}

#[test]
fn the_shipped_dataset_validates_with_the_interview_text() {
    let ds = Dataset::load_default().expect("dataset parses");
    let g = gazetteer();
    let mut texts = HashMap::new();
    if let Some(t) = interview_text() {
        texts.insert(INTERVIEW.to_owned(), t);
    }
    let problems: Vec<String> = validate(&ds, &g, &texts)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(ds.source(INTERVIEW).is_some());
}

#[test]
fn the_required_events_are_there_with_provenance() {
    let ds = Dataset::load_default().expect("dataset");
    let events: Vec<_> = ds.events.iter().map(|(e, _)| e).collect();
    let find = |place: &str, t: EventType| {
        events
            .iter()
            .find(|e| e.place_id == place && e.event_type == t)
    };
    // Ganja, missile strike of 11 October 2020, from the caption: 10 killed, 34 wounded.
    let ganja = find("geonames:586523", EventType::MissileStrike).expect("Ganja strike");
    assert_eq!(ganja.date_start, NaiveDate::from_ymd_opt(2020, 10, 11));
    assert!(ganja.claims.iter().any(
        |c| c.casualties.get("killed") == Some(&10) && c.casualties.get("wounded") == Some(&34)
    ));
    // Barda: 21 killed, 70 injured, date not in the text: never a single invented day.
    let barda = events
        .iter()
        .find(|e| e.place_id == "geonames:587057")
        .expect("Barda");
    assert!(barda.claims.iter().any(
        |c| c.casualties.get("killed") == Some(&21) && c.casualties.get("wounded") == Some(&70)
    ));
    assert!(
        barda.date_start != barda.date_end || barda.date_start.is_none(),
        "Barda's date is not in the interview"
    );
    for place in ["geonames:584871", "geonames:146901", "geonames:148106"] {
        assert!(events.iter().any(|e| e.place_id == place), "{place}");
    }
    // Agdam, Kalbajar and Lachin: one event each, as districts or towns.
    for names in [
        ["geonames:148619", "geonames:148617"],
        ["geonames:586268", "geonames:586047"],
        ["geonames:147625", "geonames:147626"],
    ] {
        assert!(
            events.iter().any(|e| names.contains(&e.place_id.as_str())),
            "{names:?}"
        );
    }
    // Dated events of the war and before.
    for (y, m, d) in [(2020, 7, 12), (2020, 9, 27), (2020, 11, 10)] {
        let day = NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert!(events.iter().any(|e| e.date_start == Some(day)), "{day}");
    }
    assert!(
        events.iter().any(|e| e
            .date_start
            .is_some_and(|s| s.format("%Y-%m").to_string() == "2020-08")),
        "mid-August 2020"
    );
    // Claims from other sources stand beside the interview's on at least three events.
    let multi = events
        .iter()
        .filter(|e| e.claims.iter().any(|c| c.source != INTERVIEW))
        .count();
    assert!(multi >= 3, "{multi} events with claims from other sources");
    assert!(events.iter().any(|e| e.status() != Status::Claimed));
    // Every interview claim is the speaker's or the magazine's.
    assert!(
        events
            .iter()
            .flat_map(|e| &e.claims)
            .filter(|c| c.source == INTERVIEW)
            .all(|c| matches!(c.stance, Stance::Asserts | Stance::Reports))
    );
}

#[test]
fn extraction_finds_most_curated_events_on_the_interview() {
    let Some(text) = interview_text() else {
        eprintln!("skipped: no interview text");
        return;
    };
    let g = gazetteer();
    let ds = Dataset::load_default().expect("dataset");
    let published = NaiveDate::from_ymd_opt(2020, 11, 6).expect("date");
    let candidates = extract(&g, &text, published, INTERVIEW, "Ilham Aliyev");
    for c in &candidates {
        for claim in &c.event.claims {
            let (s, e) = (claim.start.expect("start"), claim.end.expect("end"));
            assert_eq!(&text[s..e], claim.quote);
        }
    }
    // A curated event is found when a candidate names the same place (or its town/district
    // counterpart, or the same region), whatever the type.
    let located: Vec<_> = ds
        .events
        .iter()
        .map(|(e, _)| e)
        .filter(|e| e.claims.iter().any(|c| c.source == INTERVIEW))
        .collect();
    let found = located
        .iter()
        .filter(|e| {
            let p = g.get(&e.place_id);
            candidates.iter().any(|c| {
                c.event.place_id == e.place_id
                    || g.get(&c.event.place_id).zip(p).is_some_and(|(a, b)| {
                        a.country == b.country
                            && dateline::gazetteer::distance_km(a.point, b.point) < 25.0
                    })
            })
        })
        .count();
    let recall = found as f64 / located.len().max(1) as f64;
    eprintln!(
        "extraction recall on the curated interview events: {found}/{} = {recall:.2}",
        located.len()
    );
    assert!(recall >= 0.6, "recall {recall:.2}");
}
