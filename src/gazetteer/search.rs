//! Ranked place search for any spelling or script: exact name matches first, then names
//! that start with the query (autocomplete), each group ordered by importance.

use serde::Serialize;

use super::normalize::name_key;
use super::place::{Kind, Place};
use super::{Gazetteer, NameRef};

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit<'g> {
    /// The place.
    #[serde(skip)]
    pub place: &'g Place,
    /// The index of the place.
    #[serde(skip)]
    pub place_idx: u32,
    /// The name that matched, as written in the data.
    pub matched_name: &'g str,
    /// True when the whole query is a name of the place (not just a prefix of one).
    pub exact: bool,
    /// Rank score in 0–1, higher first.
    pub score: f64,
}

/// How much a place matters when nothing else tells candidates apart: kind first, then
/// population. In 0–1.
pub fn importance(p: &Place) -> f64 {
    let kind = match p.kind {
        Kind::Country => 1.0,
        Kind::Region => 0.55,
        Kind::District => 0.45,
        Kind::City => 0.5,
        Kind::Town => 0.3,
        Kind::Village => 0.1,
        Kind::Corridor | Kind::Border | Kind::LineOfContact => 0.4,
    };
    let capital = if p.feature_code == "PPLC" { 0.15 } else { 0.0 };
    let pop = ((p.population as f64).max(1.0).log10() / 8.0).min(1.0);
    (0.6 * kind + 0.4 * pop + capital).min(1.0)
}

impl Gazetteer {
    /// Places for `query`, best first, at most `limit`.
    ///
    /// # Runtime
    /// One transducer lookup plus a prefix walk bounded by `limit`.
    pub fn search<'g>(&'g self, query: &str, limit: usize) -> Vec<SearchHit<'g>> {
        let key = name_key(query);
        let query_lower = query.trim().to_lowercase();
        if key.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut hits: Vec<SearchHit<'g>> = Vec::new();
        let push = |r: NameRef, exact: bool, hits: &mut Vec<SearchHit<'g>>| {
            if let Some(h) = hits.iter_mut().find(|h| h.place_idx == r.place) {
                h.exact |= exact;
                return;
            }
            let place = self.place(r.place);
            // The name exactly as typed (diacritics included) beats a folded match:
            // "Şuşa" is Shusha before it is one of Sousse's spellings "Susa".
            let same_form = self.name(r).text.to_lowercase() == query_lower;
            let score = if exact {
                0.45 + 0.45 * importance(place) + if same_form { 0.1 } else { 0.0 }
            } else {
                0.5 * importance(place)
            };
            hits.push(SearchHit {
                place,
                place_idx: r.place,
                matched_name: &self.name(r).text,
                exact,
                score,
            });
        };
        for &r in self.names().get(&key) {
            push(r, true, &mut hits);
        }
        for (_, refs) in self.names().prefixed(&key, 200) {
            for &r in refs {
                push(r, false, &mut hits);
            }
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.place.id.cmp(&b.place.id))
        });
        hits.truncate(limit);
        hits
    }
}

#[cfg(test)]
mod tests {
    use crate::gazetteer::Gazetteer;

    fn top(g: &Gazetteer, q: &str) -> String {
        g.search(q, 5)
            .first()
            .map(|h| h.place.id.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn any_spelling_or_script_finds_the_place() {
        let g = Gazetteer::load_default().expect("default data");
        let ganja = "geonames:586523";
        for q in [
            "Ganja",
            "ganja",
            "GANJA",
            "Gəncə",
            "Gence",
            "Гянджа",
            "Գանձակ",
            "Kirovabad",
        ] {
            assert_eq!(top(&g, q), ganja, "{q}");
        }
        let shusha = "geonames:147105";
        for q in ["Shusha", "Şuşa", "Shushi", "Шуша", "Շուշի"] {
            assert_eq!(top(&g, q), shusha, "{q}");
        }
        for q in ["Stepanakert", "Khankendi", "Xankəndi", "Степанакерт"] {
            assert_eq!(top(&g, q), "geonames:146970", "{q}");
        }
        for q in ["Lachin", "Laçın", "Berdzor"] {
            assert_eq!(top(&g, q), "geonames:147625", "{q}");
        }
        assert_eq!(top(&g, "Nagorno Karabakh"), "dateline:nagorno-karabakh");
        assert_eq!(top(&g, "Artsakh"), "dateline:nagorno-karabakh");
        assert_eq!(top(&g, "Berg-Karabach"), "dateline:nagorno-karabakh");
    }

    #[test]
    fn bigger_places_rank_first_and_prefixes_complete() {
        let g = Gazetteer::load_default().expect("default data");
        let hits = g.search("Barda", 5);
        assert_eq!(
            hits[0].place.country,
            "AZ",
            "{:?}",
            hits.iter().map(|h| &h.place.id).collect::<Vec<_>>()
        );
        assert!(hits.iter().any(|h| h.place.country == "RU"));
        let hits = g.search("Geor", 10);
        assert!(hits.iter().any(|h| h.place.country == "GE"));
        assert!(hits.iter().all(|h| !h.exact));
        assert!(g.search("", 5).is_empty());
        assert!(g.search("zzzzqqq", 5).is_empty());
    }
}
