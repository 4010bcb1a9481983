//! The date an event is drawn and filtered by when its claims date it differently: the most
//! precise date a claim attests, with the others kept as the event's conflicting dates.
//!
//! An event's own interval is what its claims together support, often the widest of them
//! (an interview's "during the war"), while one claim may give a day of its own
//! ([`Claim::claimed_date`]): the attack on Barda is the whole war in one source and
//! 28 October 2020 in two others. A map that drew it across the war would show it in every
//! month and put it first on the tour; [`attest`] narrows it to the day and keeps the war's
//! range as an [`OtherDate`], so the reader still sees that the sources disagree.
//!
//! The read path applies this once per snapshot; the stored event keeps its interval.
//!
//! [`Claim::claimed_date`]: super::Claim::claimed_date

use chrono::NaiveDate;
use serde::Serialize;

use super::Event;
use super::dates::DatePrecision;

/// Events' conflicting dates by event id (only events that have some).
pub type OtherDates = rustc_hash::FxHashMap<String, Vec<OtherDate>>;

/// A date some claims give an event, other than the one it is drawn at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherDate {
    /// First day (inclusive).
    pub date_start: NaiveDate,
    /// Last day (inclusive).
    pub date_end: NaiveDate,
    /// How precisely this date is known.
    pub date_precision: DatePrecision,
    /// The date as the source writes it ("" when it gives only the day).
    pub date_text: String,
    /// The sources whose claims give this date (ids, in claim order, once each).
    pub sources: Vec<String>,
}

/// One date the claims attest, while collecting them.
struct Candidate {
    start: NaiveDate,
    end: NaiveDate,
    precision: DatePrecision,
    text: String,
    sources: Vec<String>,
    /// Whether it is the event's own interval.
    own: bool,
}

impl Candidate {
    fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    fn add(&mut self, source: &str) {
        if !self.sources.iter().any(|s| s == source) {
            self.sources.push(source.to_owned());
        }
    }
}

/// Narrows `event` to the most precise date its claims attest (the shortest; between equally
/// short ones, the one more sources give, then the earlier) and returns the other dates they
/// attest, as conflicting dates. The event's own interval counts as attested by the claims
/// that give no date of their own. An event none of whose claims gives a date, or whose
/// claims all agree, is left as it is (and nothing is returned).
///
/// # Runtime
/// Quadratic in the claims of the event (a handful).
pub fn attest(event: &mut Event) -> Vec<OtherDate> {
    let mut candidates: Vec<Candidate> = Vec::new();
    if let Some(start) = event.date_start {
        let mut own = Candidate {
            start,
            end: event.date_end.unwrap_or(start),
            precision: event.date_precision,
            text: event.date_text.clone(),
            sources: Vec::new(),
            own: true,
        };
        for c in event.claims.iter().filter(|c| c.claimed_date.is_none()) {
            own.add(&c.source);
        }
        candidates.push(own);
    }
    for c in &event.claims {
        let Some(day) = c.claimed_date else { continue };
        match candidates
            .iter_mut()
            .find(|x| x.start == day && x.end == day)
        {
            Some(x) => x.add(&c.source),
            None => {
                let mut x = Candidate {
                    start: day,
                    end: day,
                    precision: DatePrecision::Day,
                    text: String::new(),
                    sources: Vec::new(),
                    own: false,
                };
                x.add(&c.source);
                candidates.push(x);
            }
        }
    }
    // The event's interval that no claim attests on its own (every claim gives a day) is
    // only their envelope: not a date of its own.
    candidates.retain(|x| !x.sources.is_empty());
    let Some(best) = (0..candidates.len()).min_by(|&a, &b| {
        let (a, b) = (&candidates[a], &candidates[b]);
        a.days()
            .cmp(&b.days())
            .then(b.sources.len().cmp(&a.sources.len()))
            .then(a.start.cmp(&b.start))
    }) else {
        return Vec::new();
    };
    let best = candidates.remove(best);
    if !best.own {
        event.date_start = Some(best.start);
        event.date_end = Some(best.end);
        event.date_precision = best.precision;
        event.date_text = best.text;
    }
    candidates
        .into_iter()
        .map(|x| OtherDate {
            date_start: x.start,
            date_end: x.end,
            date_precision: x.precision,
            date_text: x.text,
            sources: x.sources,
        })
        .collect()
}

impl OtherDate {
    /// The date as an ISO 8601 day or interval: `2020-10-28`, `2020-09-27/2020-11-06`.
    pub fn iso(&self) -> String {
        if self.date_start == self.date_end {
            self.date_start.to_string()
        } else {
            format!("{}/{}", self.date_start, self.date_end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{Claim, EventType, LocationPrecision, Stance};

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    fn claim(source: &str, claimed: Option<&str>) -> Claim {
        Claim {
            source: source.into(),
            claimant: "x".into(),
            claimant_kind: None,
            stance: Stance::Asserts,
            quote: "q".into(),
            start: None,
            end: None,
            casualties: Default::default(),
            casualty_group: None,
            figure_qualifier: None,
            claimed_date: claimed.map(day),
        }
    }

    fn event(span: Option<(&str, &str, DatePrecision)>, claims: Vec<Claim>) -> Event {
        Event {
            id: "e".into(),
            title: "t".into(),
            summary: "s".into(),
            event_type: EventType::AttackOnCivilians,
            date_start: span.map(|s| day(s.0)),
            date_end: span.map(|s| day(s.1)),
            date_precision: span.map_or(DatePrecision::Unknown, |s| s.2),
            date_text: if span.is_some() {
                "during the war".into()
            } else {
                String::new()
            },
            place_id: "geonames:587057".into(),
            place_name: "Barda".into(),
            location_precision: LocationPrecision::Place,
            claims,
        }
    }

    #[test]
    fn barda_is_drawn_on_the_day_two_sources_give_and_the_war_range_is_the_other_date() {
        let mut e = event(
            Some(("2020-09-27", "2020-11-06", DatePrecision::Range)),
            vec![
                claim("interview", None),
                claim("interview", None),
                claim("hrw", Some("2020-10-28")),
                claim("hindu", Some("2020-10-28")),
            ],
        );
        let others = attest(&mut e);
        assert_eq!(e.date_start, Some(day("2020-10-28")));
        assert_eq!(e.date_end, Some(day("2020-10-28")));
        assert_eq!(e.date_precision, DatePrecision::Day);
        assert_eq!(e.date_text, "", "the range's words go with the range");
        assert_eq!(
            others,
            vec![OtherDate {
                date_start: day("2020-09-27"),
                date_end: day("2020-11-06"),
                date_precision: DatePrecision::Range,
                date_text: "during the war".into(),
                sources: vec!["interview".into()],
            }]
        );
    }

    #[test]
    fn claims_that_agree_leave_the_event_as_it_is() {
        let span = Some(("2020-10-17", "2020-10-17", DatePrecision::Day));
        let mut e = event(span, vec![claim("a", None), claim("b", Some("2020-10-17"))]);
        let before = e.clone();
        assert!(attest(&mut e).is_empty());
        assert_eq!(e, before);
        let mut plain = event(span, vec![claim("a", None)]);
        assert!(attest(&mut plain).is_empty());
        let mut undated = event(None, vec![claim("a", None)]);
        assert!(attest(&mut undated).is_empty());
        assert_eq!(undated.date_start, None);
    }

    #[test]
    fn two_days_conflict_and_the_one_more_sources_give_is_drawn() {
        // Every claim gives a day: the event's interval is only their envelope.
        let mut e = event(
            Some(("2020-10-16", "2020-10-17", DatePrecision::Range)),
            vec![
                claim("a", Some("2020-10-16")),
                claim("b", Some("2020-10-17")),
                claim("c", Some("2020-10-17")),
            ],
        );
        let others = attest(&mut e);
        assert_eq!(e.date_start, Some(day("2020-10-17")));
        assert_eq!(others.len(), 1, "{others:?}");
        assert_eq!(others[0].date_start, day("2020-10-16"));
        assert_eq!(others[0].sources, vec!["a".to_owned()]);
        // Equally many: the earlier.
        let mut tie = event(
            None,
            vec![
                claim("a", Some("2020-10-17")),
                claim("b", Some("2020-10-16")),
            ],
        );
        let others = attest(&mut tie);
        assert_eq!(tie.date_start, Some(day("2020-10-16")));
        assert_eq!(tie.date_precision, DatePrecision::Day);
        assert_eq!(others[0].date_start, day("2020-10-17"));
    }

    #[test]
    fn a_month_and_a_day_inside_it_give_the_day() {
        let mut e = event(
            Some(("2020-10-01", "2020-10-31", DatePrecision::Month)),
            vec![claim("a", None), claim("b", Some("2020-10-04"))],
        );
        let others = attest(&mut e);
        assert_eq!(e.date_start, Some(day("2020-10-04")));
        assert_eq!(others[0].date_precision, DatePrecision::Month);
    }
}
