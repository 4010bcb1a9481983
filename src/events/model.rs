//! Sources, claims and events: the records of the event dataset, as read from its TOML
//! files, with the controlled vocabularies they use.
//!
//! Every event is backed by claims; a claim says who asserts what, in which source, at which
//! byte span of the source's text, with the exact quote. Conflicting claims stand side by
//! side: nothing here merges or corrects them. The event's `status` is derived from its
//! claims ([`Event::status`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::DatePrecision;

/// What kind of document a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// An interview (questions and answers).
    Interview,
    /// A news or magazine article.
    Article,
    /// An official statement or press release.
    Statement,
    /// A report (NGO, international body).
    Report,
    /// A photo caption.
    Caption,
    /// A resolution of an international body.
    Resolution,
    /// An agreement between parties.
    Agreement,
}

/// A document claims come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable id, e.g. `interview-2020-11-06`.
    pub id: String,
    /// What kind of document.
    pub kind: SourceKind,
    /// Title.
    pub title: String,
    /// Who published it.
    #[serde(default)]
    pub outlet: Option<String>,
    /// Who speaks in it.
    #[serde(default)]
    pub speakers: Vec<String>,
    /// Who asked the questions (interviews).
    #[serde(default)]
    pub interviewer: Option<String>,
    /// Publication date (ISO 8601).
    pub published: NaiveDate,
    /// ISO 639-1 language code.
    #[serde(default)]
    pub language: Option<String>,
    /// Where it can be read.
    #[serde(default)]
    pub url: Option<String>,
    /// One line of attribution.
    #[serde(default)]
    pub attribution: Option<String>,
    /// SHA-256 (hex) of the exact text that claim offsets refer to.
    #[serde(default)]
    pub text_sha256: Option<String>,
    /// Notes on the source (what parts are whose words).
    #[serde(default)]
    pub notes: Option<String>,
}

/// What a claim does with its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// The claimant says it happened.
    Asserts,
    /// The claimant says it did not happen (or not as others say).
    Denies,
    /// The claimant reports what others say.
    Reports,
}

/// Who a claimant is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimantKind {
    /// A person speaking in the source.
    Speaker,
    /// The source's publisher (captions, introductions).
    Publisher,
    /// A government body.
    Government,
    /// A non-governmental organisation.
    Ngo,
    /// The UN, the OSCE…
    InternationalBody,
    /// A news outlet.
    Media,
}

/// Who the casualty figures of a claim are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CasualtyGroup {
    /// Civilians.
    Civilians,
    /// Soldiers.
    Servicemen,
    /// Both.
    Mixed,
    /// Not said.
    Unspecified,
}

/// The figures a claim can carry, as keys of `casualties`.
pub const CASUALTY_KEYS: &[&str] = &[
    "killed",
    "wounded",
    "missing",
    "displaced",
    "detained",
    "houses_damaged_or_destroyed",
    "buildings_destroyed",
];

/// One party's statement about an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The source's id.
    pub source: String,
    /// Who asserts it.
    pub claimant: String,
    /// What kind of claimant.
    #[serde(default)]
    pub claimant_kind: Option<ClaimantKind>,
    /// Asserts, denies or reports.
    pub stance: Stance,
    /// The words, exactly as in the source.
    pub quote: String,
    /// UTF-8 byte offset of the quote in the source text (when the text is known).
    #[serde(default)]
    pub start: Option<usize>,
    /// Byte offset after the quote.
    #[serde(default)]
    pub end: Option<usize>,
    /// Figures: `killed`, `wounded`… (see [`CASUALTY_KEYS`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub casualties: BTreeMap<String, u64>,
    /// Who the figures are about.
    #[serde(default)]
    pub casualty_group: Option<CasualtyGroup>,
    /// "almost", "at least", "more than"… when the source qualifies a figure.
    #[serde(default)]
    pub figure_qualifier: Option<String>,
    /// The date this claim gives for the event, when it gives one (another source may date
    /// an event the main text leaves undated; the event's interval stays what all claims
    /// together support).
    #[serde(default)]
    pub claimed_date: Option<NaiveDate>,
}

/// What kind of event it is: a small documented vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// Fighting between armed forces.
    ArmedClash,
    /// Artillery or rocket fire on an area.
    Shelling,
    /// A strike with ballistic or cruise missiles.
    MissileStrike,
    /// An attack on civilians or civilian gatherings.
    AttackOnCivilians,
    /// A place changes hands (or is said to be held).
    TerritorialControlChange,
    /// A ceasefire, an agreement or a statement ending hostilities.
    CeasefireOrAgreement,
    /// People expelled or fleeing.
    Displacement,
    /// Destruction of settlements or property.
    Destruction,
    /// Damage to mosques, churches, museums, monuments.
    DamageToCulturalHeritage,
    /// Someone detained or captured.
    Detention,
    /// Crossing of a line by a sabotage or reconnaissance group.
    Infiltration,
    /// A political position or offer stated.
    PoliticalStatement,
    /// A toll of casualties or damage over a period.
    CasualtyReport,
    /// A resolution of the UN Security Council or another body.
    UnResolution,
    /// Mass killing of civilians.
    Massacre,
}

impl EventType {
    /// Every type, in order.
    pub const ALL: [EventType; 15] = [
        EventType::ArmedClash,
        EventType::Shelling,
        EventType::MissileStrike,
        EventType::AttackOnCivilians,
        EventType::TerritorialControlChange,
        EventType::CeasefireOrAgreement,
        EventType::Displacement,
        EventType::Destruction,
        EventType::DamageToCulturalHeritage,
        EventType::Detention,
        EventType::Infiltration,
        EventType::PoliticalStatement,
        EventType::CasualtyReport,
        EventType::UnResolution,
        EventType::Massacre,
    ];

    /// The identifier used in data and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::ArmedClash => "armed_clash",
            EventType::Shelling => "shelling",
            EventType::MissileStrike => "missile_strike",
            EventType::AttackOnCivilians => "attack_on_civilians",
            EventType::TerritorialControlChange => "territorial_control_change",
            EventType::CeasefireOrAgreement => "ceasefire_or_agreement",
            EventType::Displacement => "displacement",
            EventType::Destruction => "destruction",
            EventType::DamageToCulturalHeritage => "damage_to_cultural_heritage",
            EventType::Detention => "detention",
            EventType::Infiltration => "infiltration",
            EventType::PoliticalStatement => "political_statement",
            EventType::CasualtyReport => "casualty_report",
            EventType::UnResolution => "un_resolution",
            EventType::Massacre => "massacre",
        }
    }
}

/// How precisely an event is located.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationPrecision {
    /// A settlement or site.
    Place,
    /// A district.
    District,
    /// A region (Nagorno-Karabakh, the seven districts).
    Region,
    /// Only the country.
    Country,
    /// Along a state border.
    Border,
    /// Along a line of contact.
    LineOfContact,
    /// Not located.
    Unknown,
}

/// What the claims together say about an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// One claimant asserts it.
    Claimed,
    /// Two or more independent sources assert it, and none denies it.
    Corroborated,
    /// Some claim denies it, or the claims give different figures.
    Disputed,
}

/// An event: something that happened (as claimed), dated and placed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Stable id, lower case with hyphens.
    pub id: String,
    /// Short title.
    pub title: String,
    /// One neutral line of our own describing what the sources claim.
    pub summary: String,
    /// What kind of event.
    pub event_type: EventType,
    /// First day the event may have happened (inclusive).
    pub date_start: Option<NaiveDate>,
    /// Last day (inclusive).
    pub date_end: Option<NaiveDate>,
    /// How precisely the date is known.
    pub date_precision: DatePrecision,
    /// The date as written in the source ("" when the text gives none).
    #[serde(default)]
    pub date_text: String,
    /// The gazetteer id of the place.
    pub place_id: String,
    /// The place's name as the source gives it.
    pub place_name: String,
    /// How precisely the event is located.
    pub location_precision: LocationPrecision,
    /// The claims, one or many, from one or many sources.
    #[serde(rename = "claim")]
    pub claims: Vec<Claim>,
}

impl Event {
    /// The status the claims support: disputed if any claim denies it or two claims give
    /// different figures for the same day; corroborated if two or more sources assert or
    /// report it; else claimed.
    pub fn status(&self) -> Status {
        if self.claims.iter().any(|c| c.stance == Stance::Denies) {
            return Status::Disputed;
        }
        // Different figures for the same day (or both undated) conflict; figures for
        // different days are counts at different times, not a dispute.
        let mut figures: BTreeMap<(&str, Option<NaiveDate>), u64> = BTreeMap::new();
        for c in &self.claims {
            for (k, &v) in &c.casualties {
                let key = (k.as_str(), c.claimed_date);
                if let Some(&seen) = figures.get(&key) {
                    if seen != v && c.figure_qualifier.is_none() {
                        return Status::Disputed;
                    }
                }
                figures.insert(key, v);
            }
        }
        let mut sources: Vec<&str> = self.claims.iter().map(|c| c.source.as_str()).collect();
        sources.sort_unstable();
        sources.dedup();
        if sources.len() >= 2 {
            Status::Corroborated
        } else {
            Status::Claimed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(source: &str, stance: Stance, killed: Option<u64>) -> Claim {
        Claim {
            source: source.into(),
            claimant: "x".into(),
            claimant_kind: None,
            stance,
            quote: "q".into(),
            start: None,
            end: None,
            casualties: killed
                .map(|k| BTreeMap::from([("killed".to_owned(), k)]))
                .unwrap_or_default(),
            casualty_group: None,
            figure_qualifier: None,
            claimed_date: None,
        }
    }

    fn event(claims: Vec<Claim>) -> Event {
        Event {
            id: "e".into(),
            title: "t".into(),
            summary: "s".into(),
            event_type: EventType::Shelling,
            date_start: None,
            date_end: None,
            date_precision: DatePrecision::Unknown,
            date_text: String::new(),
            place_id: "geonames:587057".into(),
            place_name: "Barda".into(),
            location_precision: LocationPrecision::Place,
            claims,
        }
    }

    #[test]
    fn status_follows_the_claims() {
        assert_eq!(
            event(vec![claim("a", Stance::Asserts, Some(21))]).status(),
            Status::Claimed
        );
        assert_eq!(
            event(vec![
                claim("a", Stance::Asserts, Some(21)),
                claim("a", Stance::Asserts, None)
            ])
            .status(),
            Status::Claimed
        );
        assert_eq!(
            event(vec![
                claim("a", Stance::Asserts, Some(21)),
                claim("b", Stance::Reports, Some(21))
            ])
            .status(),
            Status::Corroborated
        );
        assert_eq!(
            event(vec![
                claim("a", Stance::Asserts, Some(21)),
                claim("b", Stance::Asserts, Some(25))
            ])
            .status(),
            Status::Disputed
        );
        assert_eq!(
            event(vec![
                claim("a", Stance::Asserts, None),
                claim("b", Stance::Denies, None)
            ])
            .status(),
            Status::Disputed
        );
    }

    #[test]
    fn event_types_serialise_as_their_identifiers() {
        for t in EventType::ALL {
            assert_eq!(
                serde_json::to_value(t).expect("serialises"),
                serde_json::Value::from(t.as_str())
            );
        }
    }
}
