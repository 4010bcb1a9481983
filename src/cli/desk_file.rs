//! `desk.json`, written by `export --toml` beside the sources: what the `sources/` layout
//! has no place for — which sources and events are drafts, the maps, and the editors'
//! mention decisions — so that `import --toml` gives back the same desk, not only the same
//! events. (Editor places go to `places.geojson`, for GIS tools.)

use std::path::Path;

use anyhow::{Context, Result};
use dateline::store::{AnyStore, Change, Expect, Kind, Record, Store, Visibility};
use serde_json::{Value, json};

/// The file's name.
pub const FILE_NAME: &str = "desk.json";

/// Writes `desk.json` into `dir` when the store has drafts, maps or decisions: whether it
/// wrote one.
///
/// # Errors
/// When the store cannot be read or the file written.
pub async fn write(st: &AnyStore, dir: &Path) -> Result<bool> {
    let ids = |v: Vec<dateline::store::Stored>| -> Vec<Value> {
        v.into_iter()
            .filter(|s| s.record.status == Visibility::Draft)
            .map(|s| Value::String(s.id))
            .collect()
    };
    let draft_sources = ids(st.list(Kind::Source, None).await?);
    let draft_events = ids(st.list(Kind::Event, None).await?);
    let maps: Vec<Value> = st
        .list(Kind::Map, None)
        .await?
        .into_iter()
        .map(|m| json!({"status": m.record.status.as_str(), "doc": m.record.doc}))
        .collect();
    let mentions: Vec<Value> = st
        .list(Kind::Mention, None)
        .await?
        .into_iter()
        .map(|m| {
            // `source@start`; the parent is the source.
            let source = m
                .record
                .parent
                .clone()
                .or_else(|| m.id.rsplit_once('@').map(|(s, _)| s.to_owned()));
            json!({"id": m.id, "source": source, "doc": m.record.doc})
        })
        .collect();
    if draft_sources.is_empty() && draft_events.is_empty() && maps.is_empty() && mentions.is_empty()
    {
        return Ok(false);
    }
    let v = json!({
        "drafts": {"sources": draft_sources, "events": draft_events},
        "maps": maps,
        "mentions": mentions,
    });
    let file = dir.join(FILE_NAME);
    std::fs::write(&file, serde_json::to_string_pretty(&v)? + "\n")
        .with_context(|| format!("writing {}", file.display()))?;
    Ok(true)
}

/// Applies `dir`'s `desk.json` (if any) to a store just seeded from `dir`: drafts become
/// drafts again, maps and decisions are added, all in one transaction.
///
/// # Errors
/// When the file is not as [`write`] writes it (naming the file and the entry), or the
/// store refuses the write.
pub async fn apply(st: &AnyStore, dir: &Path) -> Result<usize> {
    let file = dir.join(FILE_NAME);
    if !file.is_file() {
        return Ok(0);
    }
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(&file).with_context(|| format!("reading {shown}"))?;
    let v: Value = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{shown}:{}: not JSON: {e}", e.line()))?;
    let mut changes = Vec::new();
    for (kind, key) in [(Kind::Source, "sources"), (Kind::Event, "events")] {
        for id in v["drafts"][key].as_array().into_iter().flatten() {
            let id = id
                .as_str()
                .with_context(|| format!("{shown}: drafts.{key} holds ids (strings)"))?;
            let s = st.get(kind, id).await?.with_context(|| {
                format!(
                    "{shown}: drafts.{key}: no {} {id} was imported",
                    kind.as_str()
                )
            })?;
            changes.push(Change {
                kind,
                id: id.to_owned(),
                expect: Expect::Revision(s.revision),
                after: Some(Record {
                    status: Visibility::Draft,
                    ..s.record
                }),
                action: Some("unpublish"),
            });
        }
    }
    for (i, m) in v["maps"].as_array().into_iter().flatten().enumerate() {
        let doc = m["doc"].clone();
        let slug = doc["slug"]
            .as_str()
            .with_context(|| format!("{shown}: maps[{i}].doc.slug is missing"))?
            .to_owned();
        let status = match m["status"].as_str() {
            Some("published") => Visibility::Published,
            _ => Visibility::Draft,
        };
        changes.push(new(Kind::Map, slug, status, doc, None));
    }
    for (i, m) in v["mentions"].as_array().into_iter().flatten().enumerate() {
        let (Some(id), Some(source)) = (m["id"].as_str(), m["source"].as_str()) else {
            return Err(anyhow::anyhow!(
                "{shown}: mentions[{i}] needs an id and a source"
            ));
        };
        changes.push(new(
            Kind::Mention,
            id.to_owned(),
            Visibility::Published,
            m["doc"].clone(),
            Some(source.to_owned()),
        ));
    }
    let n = changes.len();
    if n > 0 {
        st.commit(changes, None)
            .await
            .with_context(|| format!("applying {shown}"))?;
    }
    Ok(n)
}

fn new(kind: Kind, id: String, status: Visibility, doc: Value, parent: Option<String>) -> Change {
    Change {
        kind,
        id,
        expect: Expect::Absent,
        after: Some(Record {
            status,
            doc,
            text: None,
            parent,
            upload: None,
        }),
        action: None,
    }
}
