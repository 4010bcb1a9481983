//! English word evidence from data: how common a word is (wordfreq's Zipf frequency) and how
//! often it is a given name or a family name (the US Census 1990 lists). Derived by
//! `scripts/derive_words.py` into `gazetteer/words-en.tsv` and compiled into the binary, so
//! every geoparser has it without a file to find; parsed once, on first use.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The derived table (see `gazetteer/README.md` for sources and licences).
const DATA: &str = include_str!("../../gazetteer/words-en.tsv");

/// A given name shared by at least this many people per million counts as one.
const GIVEN_PPM: u32 = 30;

/// A family name shared by at least this many people per million counts as one.
const SURNAME_PPM: u32 = 10;

/// What the data says of one word.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WordInfo {
    /// Zipf frequency of the lower-case word in English (0–8; 6 is once per thousand words).
    pub zipf: f32,
    /// People per million with it as a given name.
    pub given_ppm: u32,
    /// People per million with it as a family name.
    pub surname_ppm: u32,
}

/// Word evidence by folded key.
#[derive(Debug, Default)]
pub struct Lexicon {
    words: FxHashMap<Box<str>, WordInfo>,
}

impl Lexicon {
    /// Parses the tab-separated table (`key`, `zipf`, `given_ppm`, `surname_ppm`; `#`
    /// comments). Malformed lines are skipped.
    pub fn parse(data: &str) -> Lexicon {
        let mut words = FxHashMap::default();
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            let mut f = line.split('\t');
            let (Some(k), Some(z), Some(g), Some(s)) = (f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            let (Ok(zipf), Ok(given_ppm), Ok(surname_ppm)) = (z.parse(), g.parse(), s.parse())
            else {
                continue;
            };
            words.insert(
                k.into(),
                WordInfo {
                    zipf,
                    given_ppm,
                    surname_ppm,
                },
            );
        }
        Lexicon { words }
    }

    /// The English table shipped with the binary.
    pub fn english() -> &'static Lexicon {
        static ENGLISH: OnceLock<Lexicon> = OnceLock::new();
        ENGLISH.get_or_init(|| Lexicon::parse(DATA))
    }

    /// What is known of `key` (a folded word); all zero for an unknown word.
    pub fn get(&self, key: &str) -> WordInfo {
        self.words.get(key).copied().unwrap_or_default()
    }

    /// True when `key` is a given name and not so common a word that the name is the
    /// lesser reading ("Will", "May").
    pub fn is_given_name(&self, key: &str) -> bool {
        let w = self.get(key);
        w.given_ppm >= GIVEN_PPM && w.zipf < 5.5
    }

    /// True when `key` is a family name.
    pub fn is_surname(&self, key: &str) -> bool {
        self.get(key).surname_ppm >= SURNAME_PPM
    }

    /// Zipf frequency of `key` as an English word (0 when unknown).
    pub fn zipf(&self, key: &str) -> f32 {
        self.get(key).zipf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_table_and_skips_malformed_lines() {
        let l = Lexicon::parse(
            "# key\tzipf\tgiven_ppm\tsurname_ppm\nroy\t4.2\t1370\t250\nbad\tx\t1\t2\nshort\t1\nstreet\t5.3\t0\t80\n",
        );
        assert_eq!(l.get("roy").given_ppm, 1370);
        assert!(l.is_given_name("roy"));
        assert!(!l.is_given_name("street"));
        assert!(l.is_surname("street"));
        assert_eq!(l.get("bad"), WordInfo::default());
        assert_eq!(l.get("short"), WordInfo::default());
    }

    #[test]
    fn the_shipped_table_knows_names_and_common_words() {
        let l = Lexicon::english();
        assert!(l.is_surname("jones"));
        assert!(l.is_given_name("kristina"));
        assert!(l.zipf("street") > 5.0);
        assert!(l.zipf("trapani") < 3.0);
    }
}
