//! The read path's data as one immutable [`Snapshot`]: the events layer and its
//! pre-serialised Features and CSV rows, the places and mentions layers, the sources, their
//! texts and the data version. [`AppState`](super::AppState) holds the current snapshot in
//! an [`ArcSwap`](arc_swap::ArcSwap); a committed write builds a new one with
//! [`Snapshot::build`] and swaps it in, so readers never wait for a writer and never see
//! half a change. A handler loads the snapshot once per request and answers from it alone.

use std::collections::BTreeMap;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::{event_json, formats, web};
use crate::events::{Dataset, attested};
use crate::gazetteer::Gazetteer;
use crate::index::{EventIndex, FlatKind, FlatLayer, MentionIndex, PlaceIndex, Scan};

/// Everything a read-only request answers from, built once per data version.
pub struct Snapshot {
    /// The sources (titles, URLs) for provenance; its events live in `events`.
    pub sources: Dataset,
    /// The events layer.
    pub events: EventIndex,
    /// Per-place JSON of the events' geometries and place names, and every event's
    /// Feature pre-serialised.
    pub event_json: event_json::EventJson,
    /// Every event's CSV row, written once.
    pub event_csv: formats::CsvRows,
    /// The claims layer (one row per claim of `events`, flat).
    pub claims: FlatLayer,
    /// The events as points, flat.
    pub event_points: FlatLayer,
    /// The events located to areas, as outlines, flat.
    pub event_areas: FlatLayer,
    /// The places layer (built from the gazetteer, shared between snapshots).
    pub places: Arc<PlaceIndex>,
    /// The mentions layer.
    pub mentions: MentionIndex,
    /// The texts of sources (source id → text), for the source view.
    pub texts: BTreeMap<String, String>,
    /// The data version, for ETags: changes with every change of the data.
    pub version: Arc<str>,
}

impl Snapshot {
    /// Indexes the dataset's events (each at the most precise date its claims attest,
    /// [`attested::attest`]) and the mentions in `texts` (source id → text); `places`
    /// is the places layer, reused from the previous snapshot. This is the one place a
    /// snapshot is built from a [`Dataset`].
    ///
    /// # Runtime
    /// Linear in the events (sorting, R-tree, serialising each Feature and CSV row once)
    /// plus geoparsing the texts.
    pub fn build(
        g: &Gazetteer,
        ds: Dataset,
        texts: BTreeMap<String, String>,
        places: Arc<PlaceIndex>,
        scan: Scan,
        version: Arc<str>,
    ) -> Snapshot {
        Snapshot::build_reusing(g, ds, texts, places, scan, version, None)
    }

    /// [`Snapshot::build`], copying from `reuse` (an earlier snapshot, and the events that
    /// changed since, their sources' changes included) the Feature and CSV row of every
    /// event that did not change: see [`super::incremental`].
    pub(super) fn build_reusing(
        g: &Gazetteer,
        mut ds: Dataset,
        texts: BTreeMap<String, String>,
        places: Arc<PlaceIndex>,
        scan: Scan,
        version: Arc<str>,
        reuse: Option<(&Snapshot, &rustc_hash::FxHashSet<String>)>,
    ) -> Snapshot {
        // The earlier snapshot and position of an event that did not change (its Feature,
        // CSV row and attested date are then the earlier ones).
        let earlier = |id: &str| -> Option<(&Snapshot, u32)> {
            let (prev, changed) = reuse?;
            if changed.contains(id) {
                return None;
            }
            Some((prev, prev.events.position(id)?))
        };
        // Drawn and filtered by the most precise date a claim attests; the others are shown
        // as conflicting dates. An unchanged event was narrowed already: attesting it again
        // would lose its own interval, so its conflicting dates are carried over.
        let mut other_dates = attested::OtherDates::default();
        let events = std::mem::take(&mut ds.events)
            .into_iter()
            .map(|(mut e, _)| {
                let others = match earlier(&e.id) {
                    Some((prev, _)) => prev
                        .event_json
                        .other_dates(&e.id)
                        .map(<[_]>::to_vec)
                        .unwrap_or_default(),
                    None => attested::attest(&mut e),
                };
                if !others.is_empty() {
                    other_dates.insert(e.id.clone(), others);
                }
                e
            })
            .collect();
        let mut events = EventIndex::new(g, events);
        events.set_scan(scan);
        // The flat layers (three R-trees) are built beside the Features and CSV rows: on
        // two cores a reload takes about the longer of the two.
        let (event_csv, event_json, (claims, event_points, event_areas)) =
            std::thread::scope(|s| {
                let flat = s.spawn(|| {
                    (
                        FlatLayer::new(FlatKind::Claims, g, &events),
                        FlatLayer::new(FlatKind::EventPoints, g, &events),
                        FlatLayer::new(FlatKind::EventAreas, g, &events),
                    )
                });
                let csv = formats::CsvRows::new_from(g, &ds, events.events(), &other_dates, |e| {
                    earlier(&e.id).and_then(|(p, i)| p.event_csv.row(i))
                })
                .unwrap_or_default();
                let json = event_json::EventJson::new_from(
                    g,
                    events.events(),
                    reuse.map(|(p, _)| &p.event_json),
                )
                .with_other_dates(other_dates)
                .with_features_from(g, &ds, events.events(), |e| {
                    earlier(&e.id).and_then(|(p, i)| p.event_json.feature(i))
                });
                // A panic in the other thread goes on as if it were this one's.
                let flat = flat.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                (csv, json, flat)
            });
        Snapshot {
            event_json,
            event_csv,
            claims,
            event_points,
            event_areas,
            events,
            places,
            // A text is immutable, so the earlier snapshot's mentions of it still hold.
            mentions: MentionIndex::new_from(g, &texts, |source, text| {
                let (prev, _) = reuse?;
                (prev.texts.get(source).map(String::as_str) == Some(text))
                    .then(|| prev.mentions.of_source(source))
            }),
            sources: ds,
            texts,
            version,
        }
    }

    /// The ETag version of store data version `n`: `n` with a hash of the crate version and
    /// the embedded front end (a new release changes the responses too).
    pub fn store_version(n: i64) -> Arc<str> {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION"));
        h.update(web::Site::hash());
        let release: String = h.finalize()[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("{release}-{n}").into()
    }

    /// A version derived from the content itself (the crate version, the embedded front
    /// end, every event, source and text), for data that has no store version.
    pub fn content_version(ds: &Dataset, texts: &BTreeMap<String, String>) -> Arc<str> {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION"));
        h.update(web::Site::hash());
        for (e, _) in &ds.events {
            h.update(serde_json::to_vec(e).unwrap_or_default());
        }
        for (s, _) in &ds.sources {
            h.update(serde_json::to_vec(s).unwrap_or_default());
        }
        for (id, t) in texts {
            h.update(id);
            h.update(t);
        }
        let version: String = h.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        version.into()
    }
}
