//! The mentions layer: every place-name mention the geoparser finds in the source texts the
//! server was given, one point per mention, ordered by source then position in the text.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::query::contains_ci;
use super::{Page, Query, SpatialIndex};
use crate::gazetteer::Gazetteer;
use crate::geoparse::{Geoparser, Mention};

/// A mention and the source it was found in.
#[derive(Debug, Clone)]
pub struct MentionRecord {
    /// The source id.
    pub source: String,
    /// The mention (byte offsets into the source's text).
    pub mention: Mention,
}

impl MentionRecord {
    /// The feature id: `<source>:<start byte>`.
    pub fn id(&self) -> String {
        format!("{}:{}", self.source, self.mention.start)
    }
}

/// Mentions with an R-tree over their places' points.
#[derive(Debug, Default)]
pub struct MentionIndex {
    records: Vec<MentionRecord>,
    by_id: FxHashMap<String, u32>,
    spatial: SpatialIndex,
}

impl MentionIndex {
    /// The mentions found in the text of `source`, in text order.
    pub fn of_source(&self, source: &str) -> Vec<Mention> {
        // Records are in source order (the texts' map is sorted).
        let from = self.records.partition_point(|r| r.source.as_str() < source);
        self.records[from..]
            .iter()
            .take_while(|r| r.source == source)
            .map(|r| r.mention.clone())
            .collect()
    }

    /// Geoparses each text (source id → text) and indexes the mentions.
    ///
    /// # Runtime
    /// Linear in the length of the texts (the geoparser's cost dominates).
    pub fn new(g: &Gazetteer, texts: &BTreeMap<String, String>) -> MentionIndex {
        MentionIndex::new_from(g, texts, |_, _| None)
    }

    /// [`MentionIndex::new`], taking the mentions `reuse` has for a source's text (from an
    /// earlier index of the same text) instead of geoparsing it again.
    pub fn new_from(
        g: &Gazetteer,
        texts: &BTreeMap<String, String>,
        reuse: impl Fn(&str, &str) -> Option<Vec<Mention>>,
    ) -> MentionIndex {
        let parser = Geoparser::new(g);
        let records: Vec<MentionRecord> = texts
            .iter()
            .flat_map(|(source, text)| {
                reuse(source, text)
                    .unwrap_or_else(|| parser.parse(text))
                    .into_iter()
                    .map(|m| MentionRecord {
                        source: source.clone(),
                        mention: m,
                    })
            })
            .collect();
        let spatial = SpatialIndex::build(records.iter().enumerate().map(|(i, r)| {
            let p = g.place(r.mention.place).point;
            (i as u32, Some([p[0], p[1], p[0], p[1]]))
        }));
        let by_id = records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id(), i as u32))
            .collect();
        MentionIndex {
            records,
            by_id,
            spatial,
        }
    }

    /// Number of mentions.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The mention at a position of a [`Page`].
    pub fn record(&self, i: u32) -> &MentionRecord {
        &self.records[i as usize]
    }

    /// The mention with feature id `id`.
    pub fn get(&self, id: &str) -> Option<&MentionRecord> {
        self.by_id.get(id).map(|&i| self.record(i))
    }

    /// The spatial extent of the mentions.
    pub fn extent(&self) -> Option<[f64; 4]> {
        self.spatial.extent()
    }

    /// Mentions matching `q.bbox`, `q.source`, `q.place` (place id or the text as written)
    /// and `q.q` (the text as written or the place's name), paged.
    ///
    /// # Runtime
    /// With a bbox, an R-tree search; without one, a pass over every mention.
    pub fn query(&self, g: &Gazetteer, q: &Query) -> Page {
        // Nothing here is dated: only a fully open `datetime` selects anything.
        if q.datetime.is_some_and(|d| !d.is_open()) {
            return Page::default();
        }
        let text = q.q_lower();
        let keep = |i: &u32| {
            let r = self.record(*i);
            let p = g.place(r.mention.place);
            q.source.as_ref().is_none_or(|s| &r.source == s)
                && q.place
                    .as_ref()
                    .is_none_or(|x| p.id == x.as_str() || r.mention.text.eq_ignore_ascii_case(x))
                && text
                    .as_ref()
                    .is_none_or(|t| contains_ci(&r.mention.text, t) || contains_ci(&p.name, t))
        };
        match &q.bbox {
            Some(b) => q.page(self.spatial.intersecting(b).into_iter().filter(keep)),
            None => q.page((0..self.records.len() as u32).filter(keep)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Bbox;
    use crate::index::fixture::gazetteer;

    #[test]
    fn mentions_are_found_per_source_and_filtered() {
        let g = gazetteer();
        let texts = BTreeMap::from([
            ("a".to_owned(), "Missiles hit Ganja and Barda.".to_owned()),
            ("b".to_owned(), "Nothing happened in Barda.".to_owned()),
        ]);
        let idx = MentionIndex::new(g, &texts);
        assert_eq!(idx.len(), 3);
        assert_eq!(idx.record(0).id(), "a:13");
        assert_eq!(
            idx.get("b:20").map(|r| r.mention.text.as_str()),
            Some("Barda")
        );
        let q = Query {
            place: Some("geonames:587057".into()),
            ..Query::default()
        };
        assert_eq!(idx.query(g, &q).number_matched, 2);
        let q = Query {
            source: Some("a".into()),
            bbox: Some(Bbox::new(46.0, 40.5, 46.6, 40.8).expect("valid")),
            ..Query::default()
        };
        let page = idx.query(g, &q);
        assert_eq!(page.items, vec![0]);
    }
}
