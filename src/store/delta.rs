//! What changed in the published data since a data version: the sources and events whose
//! published form may differ (read again, at one version), so that a server updates its
//! snapshot with a few entities instead of reading every event again.
//!
//! The revision log says which entities changed; a claim's change touches its event, a
//! source's change every event that cites it (claims follow their sources' status, and a
//! Feature carries its sources' titles). Editor places move events without their own
//! revisions, so a change of one asks for a full reload, as does a delta larger than asked.

use std::collections::BTreeMap;

use serde_json::Value;

use super::StoreError;
use super::types::parse_json;
use crate::events::{Event, Source};

/// A changed source: its id, and the published source with its text (None: a draft now, or
/// gone).
pub type ChangedSource = (String, Option<(Source, Option<String>)>);

/// A changed event: its id, and the published event with its dataset file (None: a draft
/// now, or gone).
pub type ChangedEvent = (String, Option<(Event, String)>);

/// The published form of the entities changed since a data version.
#[derive(Debug, Default)]
pub struct PublishedDelta {
    /// The data version read at.
    pub version: i64,
    /// Changed sources: the published source with its text, or None (a draft now, or gone).
    pub sources: Vec<ChangedSource>,
    /// Every published source's id, in the store's order (for the snapshot's order).
    pub source_order: Vec<String>,
    /// Changed events: the published event (with the claims of published sources) and its
    /// dataset file, or None.
    pub events: Vec<ChangedEvent>,
}

/// What the revision log lists since a version: changed entities by kind.
#[derive(Debug, Default)]
pub(crate) struct Changed {
    /// Source ids.
    pub sources: Vec<String>,
    /// Event ids (claims' events included).
    pub events: Vec<String>,
    /// Whether an editor place changed (a full reload is needed).
    pub places: bool,
    /// How many distinct entities changed.
    pub count: usize,
}

impl Changed {
    /// Sorts the revision log's `(kind, entity id, parent)` rows.
    pub(crate) fn from_rows(rows: Vec<(String, String, Option<String>)>) -> Changed {
        let mut c = Changed {
            count: rows.len(),
            ..Changed::default()
        };
        for (kind, id, parent) in rows {
            match kind.as_str() {
                "source" => c.sources.push(id),
                "event" => c.events.push(id),
                "claim" => c.events.extend(parent),
                "place" => c.places = true,
                _ => {}
            }
        }
        c.sources.sort();
        c.sources.dedup();
        c.events.sort();
        c.events.dedup();
        c
    }
}

/// Rows read for a delta: sources `(id, status, doc, text)`, events `(id, status, file,
/// doc)`, the published claims `(event id, doc)` of those events in order.
pub(crate) struct Rows {
    pub sources: Vec<(String, String, String, Option<String>)>,
    pub events: Vec<(String, String, String, String)>,
    pub claims: Vec<(String, String)>,
}

/// Claims' documents `(event id, doc)`, in order, grouped by their event.
///
/// # Errors
/// [`StoreError::Document`] when a document does not parse.
pub(crate) fn claims_by_event(
    claims: Vec<(String, String)>,
) -> Result<BTreeMap<String, Vec<Value>>, StoreError> {
    let mut by_event: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (event, doc) in claims {
        let v: Value = parse_json(&format!("claim of event:{event}"), &doc)?;
        by_event.entry(event).or_default().push(v);
    }
    Ok(by_event)
}

/// The event `id` of its stored document (its fields but the claims) and its claims.
///
/// # Errors
/// [`StoreError::Document`] when the document is not an event's.
pub(crate) fn event_of(id: &str, doc: &str, claims: Vec<Value>) -> Result<Event, StoreError> {
    let mut v: Value = parse_json(&format!("event:{id}"), doc)?;
    v["claim"] = Value::Array(claims);
    serde_json::from_value(v).map_err(|error| StoreError::Document {
        entity: format!("event:{id}"),
        error,
    })
}

/// Builds the delta of `changed` from the rows read for it.
///
/// # Errors
/// [`StoreError::Document`] when a stored document does not parse.
pub(crate) fn assemble(
    version: i64,
    source_ids: &[String],
    event_ids: &[String],
    source_order: Vec<String>,
    rows: Rows,
) -> Result<PublishedDelta, StoreError> {
    let mut found_sources: BTreeMap<String, (Source, Option<String>)> = BTreeMap::new();
    for (id, status, doc, text) in rows.sources {
        if status == "published" {
            let s: Source = parse_json(&format!("source:{id}"), &doc)?;
            found_sources.insert(id, (s, text));
        }
    }
    let mut by_event = claims_by_event(rows.claims)?;
    let mut found_events: BTreeMap<String, (Event, String)> = BTreeMap::new();
    for (id, status, file, doc) in rows.events {
        if status == "published" {
            let e = event_of(&id, &doc, by_event.remove(&id).unwrap_or_default())?;
            found_events.insert(id, (e, file));
        }
    }
    Ok(PublishedDelta {
        version,
        sources: source_ids
            .iter()
            .map(|id| (id.clone(), found_sources.remove(id)))
            .collect(),
        source_order,
        events: event_ids
            .iter()
            .map(|id| (id.clone(), found_events.remove(id)))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_count_for_their_events_and_places_ask_for_a_full_reload() {
        let c = Changed::from_rows(vec![
            ("claim".into(), "17".into(), Some("ev-a".into())),
            ("event".into(), "ev-a".into(), None),
            ("source".into(), "src".into(), None),
            ("map".into(), "m".into(), None),
        ]);
        assert_eq!(c.events, ["ev-a"]);
        assert_eq!(c.sources, ["src"]);
        assert!(!c.places);
        let c = Changed::from_rows(vec![("place".into(), "editor:x".into(), None)]);
        assert!(c.places);
    }
}
