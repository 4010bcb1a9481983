//! What one request asks of a layer (filters and paging) and the page it gets back.
//! Each layer reads the filters that apply to it; the server refuses the others.

use crate::events::EventType;

use super::{Bbox, DateFilter};

/// Filters and paging for a layer query. `None` means "no filter".
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Items whose geometry intersects this box.
    pub bbox: Option<Bbox>,
    /// Items whose date interval overlaps this one (events).
    pub datetime: Option<DateFilter>,
    /// Events of this type.
    pub event_type: Option<EventType>,
    /// Items with a claim from (events) or found in (mentions) this source id.
    pub source: Option<String>,
    /// Events with a claim whose claimant contains this text (case-insensitive).
    pub claimant: Option<String>,
    /// Items at this place: a gazetteer id, or a name (case-insensitive).
    pub place: Option<String>,
    /// Items whose text contains this (case-insensitive): titles, summaries, quotes, names.
    pub q: Option<String>,
    /// Only these events (ids, sorted, no repeats): a published map's hand-picked events.
    pub ids: Option<Vec<String>>,
    /// Items to skip.
    pub offset: usize,
    /// Items to return at most.
    pub limit: usize,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            bbox: None,
            datetime: None,
            event_type: None,
            source: None,
            claimant: None,
            place: None,
            q: None,
            ids: None,
            offset: 0,
            limit: Query::DEFAULT_LIMIT,
        }
    }
}

impl Query {
    /// Items per page when the client does not say.
    pub const DEFAULT_LIMIT: usize = 100;
    /// The largest page served.
    pub const MAX_LIMIT: usize = 10_000;

    /// Cuts the matching positions to the page, keeping the exact count.
    pub(crate) fn page(&self, matched: impl Iterator<Item = u32>) -> Page {
        let mut number_matched = 0;
        let mut items = Vec::new();
        for i in matched {
            if number_matched >= self.offset && items.len() < self.limit {
                items.push(i);
            }
            number_matched += 1;
        }
        Page {
            number_matched,
            items,
        }
    }

    /// The `q` text lower-cased, for case-insensitive matching.
    pub(crate) fn q_lower(&self) -> Option<String> {
        self.q.as_deref().map(str::to_lowercase)
    }
}

/// One page of a query's result.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    /// How many items match the filters, over all pages.
    pub number_matched: usize,
    /// Positions (in the layer's order) of the items on this page.
    pub items: Vec<u32>,
}

/// Whether `haystack` contains `needle_lower` ignoring case.
pub(crate) fn contains_ci(haystack: &str, needle_lower: &str) -> bool {
    if haystack.is_ascii() && needle_lower.is_ascii() {
        let h = haystack.as_bytes();
        let n = needle_lower.as_bytes();
        return n.is_empty()
            || h.windows(n.len())
                .any(|w| w.iter().zip(n).all(|(a, b)| a.to_ascii_lowercase() == *b));
    }
    haystack.to_lowercase().contains(needle_lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_keeps_the_exact_count() {
        let q = Query {
            offset: 2,
            limit: 3,
            ..Query::default()
        };
        let p = q.page(0..10);
        assert_eq!(p.number_matched, 10);
        assert_eq!(p.items, vec![2, 3, 4]);
        let past_end = Query {
            offset: 20,
            ..Query::default()
        };
        assert_eq!(past_end.page(0..10).items, Vec::<u32>::new());
    }

    #[test]
    fn text_matching_ignores_case_in_any_script() {
        assert!(contains_ci("Shelling of Barda", "barda"));
        assert!(contains_ci("Обстрел Барды", "барды"));
        assert!(!contains_ci("Ganja", "barda"));
        assert!(contains_ci("x", ""));
    }
}
