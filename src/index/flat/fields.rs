//! The columns of the flat layers and the values of one row: what a claim or an event says,
//! flattened to scalars (the figures of a claim each get a column; an event's claims are
//! counted, and its first claim's quote and source stand for them).

use std::borrow::Cow;

use serde::Serialize;

use super::{Cell, Field, FieldType};
use crate::events::model::CASUALTY_KEYS;
use crate::events::{Claim, Dataset, Event};
use crate::gazetteer::Gazetteer;

const fn text(name: &'static str, description: &'static str) -> Field {
    Field {
        name,
        kind: FieldType::Text,
        description,
    }
}

const fn int(name: &'static str, description: &'static str) -> Field {
    Field {
        name,
        kind: FieldType::Integer,
        description,
    }
}

const fn date(name: &'static str, description: &'static str) -> Field {
    Field {
        name,
        kind: FieldType::Date,
        description,
    }
}

/// The columns every event row and claim row share after their first three, describing
/// the event.
const EVENT_COLUMNS: [Field; 10] = [
    text("event_type", "what kind of event (a documented vocabulary)"),
    date("date_start", "first day the event may have happened"),
    date("date_end", "last day the event may have happened"),
    text("date_precision", "how precisely the date is known"),
    text("date_text", "the date as the source writes it"),
    text("place_id", "gazetteer id of the place"),
    text("place_name", "the place's name as the source gives it"),
    text("country", "ISO 3166-1 alpha-2 code of the place's country"),
    text(
        "location_precision",
        "place, district, region, country, border, line_of_contact or unknown: anything but place means the point is the area's representative point",
    ),
    text(
        "status",
        "claimed, corroborated or disputed, as the event's claims together support",
    ),
];

/// `head`, then [`EVENT_COLUMNS`], then `tail` (checked when compiling: `N` is their sum).
const fn columns<const N: usize>(head: [Field; 3], tail: &[Field]) -> [Field; N] {
    assert!(N == head.len() + EVENT_COLUMNS.len() + tail.len());
    let mut out = [head[0]; N];
    let mut n = 0;
    while n < N {
        out[n] = if n < 3 {
            head[n]
        } else if n < 3 + EVENT_COLUMNS.len() {
            EVENT_COLUMNS[n - 3]
        } else {
            tail[n - 3 - EVENT_COLUMNS.len()]
        };
        n += 1;
    }
    out
}

/// The columns of the claims layer, in order.
pub static CLAIM_FIELDS: &[Field] = &{
    let head = [
        text(
            "claim_id",
            "the claim's id: its event's id and its number in the event, from 1",
        ),
        text("event_id", "the event's id"),
        text("event_title", "the event's title"),
    ];
    let tail = [
        text("claimant", "who makes the claim"),
        text(
            "claimant_kind",
            "speaker, publisher, government, ngo, international_body or media",
        ),
        text("stance", "asserts, denies or reports"),
        text("quote", "the claim's words, exactly as in the source"),
        date(
            "claimed_date",
            "the date this claim gives for the event, when it gives one",
        ),
        text("source_id", "the source's id"),
        text("source_title", "the source's title"),
        text("source_url", "where the source can be read"),
        date("source_published", "the source's publication date"),
        int(
            "byte_start",
            "UTF-8 byte offset of the quote in the source's text",
        ),
        int("byte_end", "UTF-8 byte offset just after the quote"),
        int("killed", "people killed, as the claim says"),
        int("wounded", "people wounded, as the claim says"),
        int("missing", "people missing, as the claim says"),
        int("displaced", "people displaced, as the claim says"),
        int("detained", "people detained, as the claim says"),
        int(
            "houses_damaged_or_destroyed",
            "houses damaged or destroyed, as the claim says",
        ),
        int(
            "buildings_destroyed",
            "buildings destroyed, as the claim says",
        ),
        text(
            "casualty_group",
            "who the figures are about: civilians, servicemen, mixed or unspecified",
        ),
        text(
            "figure_qualifier",
            "how the source qualifies a figure (\"at least\", \"almost\")",
        ),
    ];
    columns::<33>(head, &tail)
};

/// The columns of the event layers (points and areas), in order.
pub static EVENT_FIELDS: &[Field] = &{
    let head = [
        text("id", "the event's id"),
        text("title", "the event's title"),
        text(
            "summary",
            "one neutral line describing what the sources claim",
        ),
    ];
    let tail = [
        int("claim_count", "number of claims about the event"),
        int("source_count", "number of distinct sources of those claims"),
        text(
            "claimants",
            "every claimant, in claim order, joined with \"; \"",
        ),
        text("quote", "the first claim's words, exactly as in its source"),
        text("quote_claimant", "who makes the first claim"),
        text("quote_stance", "the first claim's stance"),
        text("quote_source_id", "the first claim's source id"),
        text("quote_source_title", "the first claim's source title"),
        text(
            "quote_source_url",
            "where the first claim's source can be read",
        ),
        int(
            "killed",
            "the highest figure of people killed any claim gives",
        ),
        int(
            "wounded",
            "the highest figure of people wounded any claim gives",
        ),
    ];
    columns::<24>(head, &tail)
};

/// A vocabulary value as its identifier (`"armed_clash"`).
pub fn name<T: Serialize>(v: &T) -> Cell<'static> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => Cell::Text(Cow::Owned(s)),
        _ => Cell::Null,
    }
}

fn opt_text(s: Option<&str>) -> Cell<'_> {
    s.map_or(Cell::Null, |s| Cell::Text(Cow::Borrowed(s)))
}

fn borrowed(s: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(s))
}

fn count(n: Option<u64>) -> Cell<'static> {
    n.and_then(|n| i64::try_from(n).ok())
        .map_or(Cell::Null, Cell::Integer)
}

/// The event's columns shared by both layers ([`EVENT_COLUMNS`]).
fn event_part<'a>(g: &'a Gazetteer, e: &'a Event, out: &mut Vec<Cell<'a>>) {
    out.extend([
        borrowed(e.event_type.as_str()),
        e.date_start.map_or(Cell::Null, Cell::Date),
        e.date_end.map_or(Cell::Null, Cell::Date),
        name(&e.date_precision),
        borrowed(&e.date_text),
        borrowed(&e.place_id),
        borrowed(&e.place_name),
        opt_text(g.get(&e.place_id).map(|p| &*p.country)),
        name(&e.location_precision),
        name(&e.status()),
    ]);
}

/// The values of the claims layer's row for claim `k` of `e`.
pub(super) fn claim_cells<'a>(
    g: &'a Gazetteer,
    ds: &'a Dataset,
    e: &'a Event,
    k: usize,
) -> Vec<Cell<'a>> {
    let c: &Claim = &e.claims[k];
    let s = ds.source(&c.source);
    let mut out = Vec::with_capacity(CLAIM_FIELDS.len());
    out.extend([
        Cell::Text(Cow::Owned(format!("{}:{}", e.id, k + 1))),
        borrowed(&e.id),
        borrowed(&e.title),
    ]);
    event_part(g, e, &mut out);
    out.extend([
        borrowed(&c.claimant),
        c.claimant_kind.as_ref().map_or(Cell::Null, name),
        name(&c.stance),
        borrowed(&c.quote),
        c.claimed_date.map_or(Cell::Null, Cell::Date),
        borrowed(&c.source),
        opt_text(s.map(|s| s.title.as_str())),
        opt_text(s.and_then(|s| s.url.as_deref())),
        s.map_or(Cell::Null, |s| Cell::Date(s.published)),
        count(c.start.map(|n| n as u64)),
        count(c.end.map(|n| n as u64)),
    ]);
    out.extend(
        CASUALTY_KEYS
            .iter()
            .map(|key| count(c.casualties.get(*key).copied())),
    );
    out.extend([
        c.casualty_group.as_ref().map_or(Cell::Null, name),
        opt_text(c.figure_qualifier.as_deref()),
    ]);
    out
}

/// The highest figure any claim of `e` gives for `key` (the status says when they differ).
pub fn highest_figure(e: &Event, key: &str) -> Option<u64> {
    e.claims
        .iter()
        .filter_map(|c| c.casualties.get(key).copied())
        .max()
}

/// Distinct values in the order given, joined with "; ".
pub fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for v in values {
        if !seen.contains(&v) {
            seen.push(v);
        }
    }
    seen.join("; ")
}

/// The values of an event layer's row for `e`.
pub(super) fn event_cells<'a>(g: &'a Gazetteer, ds: &'a Dataset, e: &'a Event) -> Vec<Cell<'a>> {
    let mut out = Vec::with_capacity(EVENT_FIELDS.len());
    out.extend([borrowed(&e.id), borrowed(&e.title), borrowed(&e.summary)]);
    event_part(g, e, &mut out);
    let mut sources: Vec<&str> = e.claims.iter().map(|c| c.source.as_str()).collect();
    sources.sort_unstable();
    sources.dedup();
    let first = e.claims.first();
    let source = first.and_then(|c| ds.source(&c.source));
    out.extend([
        count(Some(e.claims.len() as u64)),
        count(Some(sources.len() as u64)),
        Cell::Text(Cow::Owned(distinct(
            e.claims.iter().map(|c| c.claimant.as_str()),
        ))),
        opt_text(first.map(|c| c.quote.as_str())),
        opt_text(first.map(|c| c.claimant.as_str())),
        first.map_or(Cell::Null, |c| name(&c.stance)),
        opt_text(first.map(|c| c.source.as_str())),
        opt_text(source.map(|s| s.title.as_str())),
        opt_text(source.and_then(|s| s.url.as_deref())),
        count(highest_figure(e, "killed")),
        count(highest_figure(e, "wounded")),
    ]);
    out
}
