//! Validation on write: documents become the dataset's types (serde names the field), then
//! [`crate::events::validate::validate`] checks them with the dataset's rules — the same code
//! `dateline validate` runs, on a dataset of just the records written and what they cite.

use std::collections::HashMap;

use serde_json::Value;

use super::DeskError;
use crate::events::validate::{Problem, validate};
use crate::events::{Dataset, Event, Source};
use crate::gazetteer::Gazetteer;
use crate::store::Stored;

/// The problem `validate` reports for an event without claims (drafts may lack them).
const NEEDS_A_CLAIM: &str = "an event needs at least one claim";

/// `v` as a `T`, or the invalid field with its path (`claim[0].stance`): the path serde
/// was at, or for a missing or unknown field the field it names.
fn from_doc<T: serde::de::DeserializeOwned>(v: Value, prefix: &str) -> Result<T, DeskError> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let named = inner.split('`').nth(1).filter(|f| !f.contains(' '));
        let field = if inner.starts_with("missing field") {
            match (path.as_str(), named) {
                (".", Some(n)) => n.to_owned(),
                (p, Some(n)) => format!("{p}.{n}"),
                (p, None) => p.to_owned(),
            }
        } else if path == "." {
            "body".to_owned()
        } else {
            path
        };
        let field = if prefix.is_empty() {
            field
        } else {
            format!("{prefix}.{field}")
        };
        DeskError::Invalid {
            field,
            message: inner,
        }
    })
}

fn first(problems: Vec<Problem>, skip_missing_claims: bool) -> Result<(), DeskError> {
    match problems
        .into_iter()
        .find(|p| !(skip_missing_claims && p.message == NEEDS_A_CLAIM))
    {
        None => Ok(()),
        Some(p) => {
            // `event x, claim 2` → claim[1].field
            let field = match p.record.split_once(", claim ") {
                Some((_, n)) => {
                    let n: usize = n.trim().parse().unwrap_or(1);
                    format!("claim[{}].{}", n.saturating_sub(1), p.field)
                }
                None => p.field,
            };
            Err(DeskError::Invalid {
                field,
                message: p.message,
            })
        }
    }
}

/// A source's metadata with its text.
///
/// # Errors
/// [`DeskError::Invalid`] naming the first bad field.
pub fn source(doc: &Value, text: &str, g: &Gazetteer) -> Result<Source, DeskError> {
    let s: Source = from_doc(doc.clone(), "")?;
    if s.title.trim().is_empty() {
        return Err(DeskError::invalid("title", "is empty"));
    }
    let ds = Dataset {
        sources: vec![(s.clone(), "desk".to_owned())],
        events: Vec::new(),
    };
    let texts = HashMap::from([(s.id.clone(), text.to_owned())]);
    first(validate(&ds, g, &texts), false)?;
    Ok(s)
}

/// An event's fields with its claims, against the stored sources they cite. `complete`:
/// as for publishing (at least one claim).
///
/// # Errors
/// [`DeskError::Invalid`] naming the first bad field.
pub fn event(
    doc: &Value,
    claims: &[Value],
    sources: &[Stored],
    g: &Gazetteer,
    complete: bool,
) -> Result<Event, DeskError> {
    let mut v = doc.clone();
    if let Value::Object(o) = &mut v {
        o.insert("claim".into(), Value::Array(claims.to_vec()));
    }
    if let Value::Object(o) = doc {
        if o.contains_key("claim") {
            return Err(DeskError::invalid(
                "claim",
                "is not a field of the event here",
            ));
        }
    }
    let e: Event = from_doc(v, "")?;
    let mut ds = Dataset {
        sources: Vec::new(),
        events: vec![(e.clone(), "desk".to_owned())],
    };
    let mut texts = HashMap::new();
    for st in sources {
        if ds.sources.iter().any(|(s, _)| s.id == st.id) {
            continue;
        }
        let s: Source = from_doc(st.record.doc.clone(), "source")?;
        if let Some(t) = &st.record.text {
            texts.insert(s.id.clone(), t.clone());
        }
        ds.sources.push((s, "desk".to_owned()));
    }
    first(validate(&ds, g, &texts), !complete)?;
    Ok(e)
}

/// A map: `slug`, a non-empty `title`, optional `description`, `credit`, `selection`
/// (object), `view` (`bbox` of four numbers) and `names`.
///
/// # Errors
/// [`DeskError::Invalid`] naming the first bad field.
pub fn map(doc: &Value) -> Result<(), DeskError> {
    let o = doc
        .as_object()
        .ok_or_else(|| DeskError::invalid("body", "must be a JSON object"))?;
    const FIELDS: [&str; 7] = [
        "slug",
        "title",
        "description",
        "credit",
        "selection",
        "view",
        "names",
    ];
    if let Some(k) = o.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(DeskError::invalid(
            k,
            format!("unknown field (known: {})", FIELDS.join(", ")),
        ));
    }
    match o.get("title").and_then(Value::as_str) {
        Some(t) if !t.trim().is_empty() => {}
        _ => {
            return Err(DeskError::invalid(
                "title",
                "is required: a non-empty string",
            ));
        }
    }
    for k in ["description", "credit", "names"] {
        if o.get(k).is_some_and(|v| !v.is_string()) {
            return Err(DeskError::invalid(k, "must be a string"));
        }
    }
    if o.get("selection").is_some_and(|v| !v.is_object()) {
        return Err(DeskError::invalid("selection", "must be an object"));
    }
    if let Some(view) = o.get("view") {
        let bbox = view.get("bbox").and_then(Value::as_array);
        let ok = bbox.is_some_and(|b| {
            b.len() == 4
                && b.iter().all(Value::is_number)
                && b[0].as_f64() < b[2].as_f64()
                && b[1].as_f64() < b[3].as_f64()
        });
        if !ok {
            return Err(DeskError::invalid(
                "view",
                "must be {\"bbox\": [west, south, east, north]} in degrees",
            ));
        }
    }
    Ok(())
}

/// A mention decision: `decision` accepted, rejected or resolved (with a gazetteer
/// `place_id`).
///
/// # Errors
/// [`DeskError::Invalid`] naming the first bad field.
pub fn mention(doc: &Value, g: &Gazetteer, text: &str, start: usize) -> Result<(), DeskError> {
    let o = doc
        .as_object()
        .ok_or_else(|| DeskError::invalid("body", "must be a JSON object"))?;
    if let Some(k) = o
        .keys()
        .find(|k| !["decision", "place_id", "end"].contains(&k.as_str()))
    {
        return Err(DeskError::invalid(
            k,
            "unknown field (known: decision, place_id, end)",
        ));
    }
    if o.get("place_id").is_some_and(|v| !v.is_string()) {
        return Err(DeskError::invalid(
            "place_id",
            "must be a string (a gazetteer or editor place id)",
        ));
    }
    if let Some(end) = o.get("end") {
        let ok = end
            .as_u64()
            .and_then(|e| usize::try_from(e).ok())
            .is_some_and(|e| e > start && text.get(start..e).is_some_and(|s| !s.trim().is_empty()));
        if !ok {
            return Err(DeskError::invalid(
                "end",
                format!(
                    "must be a byte offset after start ({start}) on a character boundary of the \
                     source's text ({} bytes), spanning a name",
                    text.len()
                ),
            ));
        }
    }
    let place_known = |id: &str| g.get(id).is_some();
    match doc.get("decision").and_then(Value::as_str) {
        Some("rejected") => Ok(()),
        Some(d @ ("accepted" | "resolved")) => match doc.get("place_id").and_then(Value::as_str) {
            Some(id) if place_known(id) => Ok(()),
            Some(id) => Err(DeskError::invalid(
                "place_id",
                format!("no place in the gazetteer or among the editor places has id {id:?}"),
            )),
            None if d == "accepted" && o.get("end").is_none() => Ok(()),
            None => Err(DeskError::invalid(
                "place_id",
                "is required when the decision is `resolved`, or names a new span (`end`)",
            )),
        },
        _ => Err(DeskError::invalid(
            "decision",
            "must be accepted, rejected or resolved",
        )),
    }
}
