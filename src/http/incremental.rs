//! The snapshot after a few committed writes: the earlier snapshot's events and sources
//! with the changed ones replaced ([`crate::store::PublishedDelta`]), indexed again, and the
//! pre-serialised Feature and CSV row of every unchanged event copied rather than written.
//! The result is the snapshot a full reload would build (a test holds them equal).

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::Snapshot;
use crate::events::{Dataset, Event, Source};
use crate::gazetteer::Gazetteer;
use crate::index::Scan;
use crate::store::PublishedDelta;

impl Snapshot {
    /// `prev` with `delta` applied, at `version`; `extra_texts` are the texts given on the
    /// command line (served for sources that have none stored).
    ///
    /// # Runtime
    /// Sorting and indexing every event again (fast), serialising only the changed ones.
    pub fn update(
        prev: &Snapshot,
        g: &Gazetteer,
        delta: PublishedDelta,
        extra_texts: &BTreeMap<String, String>,
        scan: Scan,
        version: Arc<str>,
    ) -> Snapshot {
        let changed: FxHashSet<String> = delta.events.iter().map(|(id, _)| id.clone()).collect();
        let mut events: Vec<(Event, String)> = prev
            .events
            .events()
            .iter()
            .filter(|e| !changed.contains(&e.id))
            .map(|e| (e.clone(), String::new()))
            .collect();
        events.extend(delta.events.into_iter().filter_map(|(_, e)| e));

        let mut texts = prev.texts.clone();
        let mut sources: FxHashMap<String, (Source, String)> = prev
            .sources
            .sources
            .iter()
            .map(|(s, f)| (s.id.clone(), (s.clone(), f.clone())))
            .collect();
        for (id, now) in delta.sources {
            sources.remove(&id);
            texts.remove(&id);
            match now {
                Some((s, text)) => {
                    if let Some(t) = text.or_else(|| extra_texts.get(&id).cloned()) {
                        texts.insert(id.clone(), t);
                    }
                    let file = format!("{id}/source.toml");
                    sources.insert(id, (s, file));
                }
                None => {
                    if let Some(t) = extra_texts.get(&id) {
                        texts.insert(id, t.clone());
                    }
                }
            }
        }
        let sources = delta
            .source_order
            .iter()
            .filter_map(|id| sources.remove(id))
            .collect();
        let ds = Dataset { sources, events };
        Snapshot::build_reusing(
            g,
            ds,
            texts,
            prev.places.clone(),
            scan,
            version,
            Some((prev, &changed)),
        )
    }
}
