//! Recognition: which spans of the text are place names, and which places each could be.
//!
//! At every word that may start a name, the recogniser walks the gazetteer's transducer
//! with the folded letters of the text, word after word, trying both readings of a
//! line-break hyphen, and — for inflecting languages — the name followed by a case ending
//! or with its own ending replaced. The longest span with a candidate that passes the case
//! rules wins. Spans inside organisation or outlet names, titles of people, and
//! sentence-initial common words are then dropped.

use crate::gazetteer::normalize::{Script, fold_char_into, name_key};
use crate::gazetteer::{Gazetteer, Kind, NameRef, index::Cursor};

use super::lang::{self, Lang};
use super::tokens::{Sep, Token};

/// Longest name, in words.
const MAX_WORDS: usize = 8;

/// A recognised place-name span with its candidate places.
#[derive(Debug, Clone)]
pub struct Recognized {
    /// Byte offset of the span in the text.
    pub start: usize,
    /// Byte offset after the span.
    pub end: usize,
    /// The candidates: one name reference per distinct place.
    pub candidates: Vec<NameRef>,
    /// True when the span is an inflected form (a case ending was stripped or replaced).
    pub inflected: bool,
}

#[derive(Debug, Clone, Copy)]
struct RawMatch {
    last_tok: usize,
    end: usize,
    /// Where the letters that matched the name end (before a case ending).
    stem: usize,
    value: u64,
    inflected: bool,
}

/// Finds place-name spans in one run of tokens.
pub struct Recognizer<'g> {
    g: &'g Gazetteer,
    lang: Lang,
    suffixes: &'static [&'static str],
}

impl<'g> Recognizer<'g> {
    /// A recogniser for a document in `lang`.
    pub fn new(g: &'g Gazetteer, lang: Lang) -> Recognizer<'g> {
        Recognizer {
            g,
            lang,
            suffixes: lang::suffixes(lang),
        }
    }

    /// Appends every recognised span of `tokens` (tokens of `text`) to `out`.
    pub fn recognize(&self, text: &str, tokens: &[Token], out: &mut Vec<Recognized>) {
        let mut raw = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            if !t.may_start_name() {
                i += 1;
                continue;
            }
            raw.clear();
            self.walk(text, tokens, i, i, self.g.names().cursor(), 0, &mut raw);
            // Longest first; an exact reading beats an inflected one of the same length.
            // Longest first; then an exact reading before an inflected one, and the shortest
            // case ending ("Laçın|ın", not "Laçı|nın").
            raw.sort_by(|a, b| {
                b.end
                    .cmp(&a.end)
                    .then(a.inflected.cmp(&b.inflected))
                    .then(b.stem.cmp(&a.stem))
            });
            let mut taken = None;
            for m in &raw {
                let candidates = self.candidates(text, tokens, i, m);
                if !candidates.is_empty() {
                    taken = Some((m, candidates));
                    break;
                }
            }
            match taken {
                Some((m, candidates)) => {
                    if self.keep(text, tokens, i, m.last_tok, &candidates) {
                        out.push(Recognized {
                            start: t.start,
                            end: m.end,
                            candidates,
                            inflected: m.inflected,
                        });
                    }
                    i = m.last_tok + 1;
                }
                None => i += 1,
            }
        }
    }

    /// Walks the transducer through token `j` and on, collecting every complete key.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        text: &str,
        tokens: &[Token],
        first: usize,
        j: usize,
        cursor: Cursor<'g>,
        words: usize,
        out: &mut Vec<RawMatch>,
    ) {
        let t = &tokens[j];
        let word = &text[t.start..t.end];
        let mut c = cursor;
        let mut buf = String::with_capacity(8);
        for (consumed_chars, (off, ch)) in word.char_indices().enumerate() {
            if off > 0 {
                self.try_inflections(
                    text,
                    tokens,
                    first,
                    j,
                    t.start + off,
                    consumed_chars,
                    c,
                    words,
                    out,
                );
            }
            let next = if ch.is_ascii() {
                c.step(ch.to_ascii_lowercase() as u8)
            } else {
                buf.clear();
                fold_char_into(ch, &mut buf);
                c.step_str(&buf)
            };
            match next {
                Some(n) => c = n,
                None => return,
            }
        }
        if let Some(value) = c.value() {
            out.push(RawMatch {
                last_tok: j,
                end: t.end,
                stem: t.end,
                value,
                inflected: false,
            });
        }
        self.continue_after(text, tokens, first, j, c, words, out);
    }

    /// From the end of token `j`, the next word of a multi-word name.
    #[allow(clippy::too_many_arguments)]
    fn continue_after(
        &self,
        text: &str,
        tokens: &[Token],
        first: usize,
        j: usize,
        c: Cursor<'g>,
        words: usize,
        out: &mut Vec<RawMatch>,
    ) {
        if words + 1 >= MAX_WORDS || j + 1 >= tokens.len() {
            return;
        }
        match tokens[j].sep {
            Sep::Break => {}
            Sep::Join => {
                if let Some(c2) = c.step(b' ') {
                    self.walk(text, tokens, first, j + 1, c2, words + 1, out);
                }
            }
            Sep::SoftHyphen => {
                // "Azer-\nbaijan" (one word broken by the layout) or "Nagorno-\nKarabakh".
                self.walk(text, tokens, first, j + 1, c, words, out);
                if let Some(c2) = c.step(b' ') {
                    self.walk(text, tokens, first, j + 1, c2, words + 1, out);
                }
            }
        }
    }

    /// At byte `at` inside token `j` (after `consumed` characters): the name may end here
    /// followed by a case ending, or (Russian) its last letters may be replaced by one.
    #[allow(clippy::too_many_arguments)]
    fn try_inflections(
        &self,
        text: &str,
        tokens: &[Token],
        first: usize,
        j: usize,
        at: usize,
        consumed: usize,
        c: Cursor<'g>,
        words: usize,
        out: &mut Vec<RawMatch>,
    ) {
        let t = &tokens[j];
        if consumed < 3 || t.end - at > 8 {
            return;
        }
        let suffix_possible = !self.suffixes.is_empty() && c.value().is_some();
        if !suffix_possible && t.script != Script::Cyrillic {
            return;
        }
        let rest = name_key(&text[at..t.end]);
        if !self.suffixes.is_empty() && self.suffixes.contains(&rest.as_str()) {
            if let Some(value) = c.value() {
                out.push(RawMatch {
                    last_tok: j,
                    end: t.end,
                    stem: at,
                    value,
                    inflected: true,
                });
            }
        }
        if t.script == Script::Cyrillic && lang::RU_ENDINGS.contains(&rest.as_str()) {
            for tail in lang::RU_NAME_TAILS {
                let Some(c2) = c.step_str(tail) else { continue };
                if let Some(value) = c2.value() {
                    out.push(RawMatch {
                        last_tok: j,
                        end: t.end,
                        stem: at,
                        value,
                        inflected: true,
                    });
                }
                if c2.can_continue_word() {
                    self.continue_after(text, tokens, first, j, c2, words, out);
                }
            }
        }
    }

    /// The places a raw match may name: one reference per place, after the case rules.
    fn candidates(&self, text: &str, tokens: &[Token], first: usize, m: &RawMatch) -> Vec<NameRef> {
        let span = &tokens[first..=m.last_tok];
        let text_words: Vec<&str> = span.iter().map(|t| &text[t.start..t.end]).collect();
        let short_caps = span.len() == 1 && span[0].all_upper && text_words[0].chars().count() <= 4;
        let mut out: Vec<NameRef> = Vec::new();
        for &r in self.g.names().postings_of(m.value) {
            if out.iter().any(|o| o.place == r.place) {
                continue;
            }
            let name = self.g.name(r);
            if name.is_abbreviation() {
                if m.inflected || !span.iter().all(|t| t.all_upper) {
                    continue;
                }
            } else if short_caps || name_key(&name.text).len() < 3 {
                // "EFE", "ARD": acronyms in the text match only abbreviations.
                continue;
            }
            if !case_agrees(&name.text, span) {
                continue;
            }
            // At a sentence start the capital says nothing: only a place's own name, or a
            // name whose language is known, counts there ("Der" is an alternate name of Győr).
            if span.len() == 1 && span[0].sentence_start && r.name > 1 && name.lang.is_none() {
                continue;
            }
            out.push(r);
        }
        out
    }

    /// Context rules that drop a span: organisation and outlet names, people, and
    /// sentence-initial common words.
    fn keep(
        &self,
        text: &str,
        tokens: &[Token],
        first: usize,
        last: usize,
        candidates: &[NameRef],
    ) -> bool {
        let key = |t: &Token| name_key(&text[t.start..t.end]);
        let lt = &tokens[last];
        if let Some(next) = tokens.get(last + 1) {
            if lt.sep != Sep::Break && lang::in_list(lang::ORG_HEADS, &key(next)) {
                return false;
            }
            if lt.hyphen_after && next.numeric {
                return false; // "Russia-1", "France-24"
            }
            if first == last && lt.sep == Sep::Join && next.upper_initial && !next.all_upper {
                let k = key(next);
                if lang::SURNAME_ENDINGS
                    .iter()
                    .any(|e| k.len() > e.len() + 2 && k.ends_with(e))
                {
                    return false; // "Ilham Aliyev"
                }
            }
        }
        if first > 0 {
            let prev = &tokens[first - 1];
            if prev.sep != Sep::Break && lang::in_list(lang::PERSON_TITLES, &key(prev)) {
                return false;
            }
            if prev.hyphen_after
                && prev.sep == Sep::Join
                && !tokens[first].sentence_start
                && prev.all_upper
            {
                return false; // "A-Haber", "RIA-Novosti"
            }
        }
        let ft = &tokens[first];
        if first == last {
            let k = key(ft);
            let is_country = || {
                candidates
                    .iter()
                    .any(|r| self.g.place(r.place).kind == Kind::Country)
            };
            if lang::in_list(lang::GENERIC_NOUNS, &k) {
                return is_country();
            }
            if lang::in_list(lang::COMMON_WORDS, &k) {
                // Mid-sentence, a capitalised common word is a place only if it is a country or
                // a big city ("Nice", "Reading"); at a sentence start, only a country.
                let big = candidates
                    .iter()
                    .any(|r| self.g.place(r.place).population >= 100_000);
                return is_country() || (!ft.sentence_start && big);
            }
        }
        let _ = self.lang;
        true
    }
}

/// The case rule: where a word of the name is capitalised, the text's word must be too
/// ("Bosnia and Herzegovina" allows the lower-case "and"; "Georgia street" is not a
/// two-word name "Georgia Street"). Skipped when the word counts differ (a word broken at a
/// line end).
fn case_agrees(name: &str, span: &[Token]) -> bool {
    let name_words: Vec<&str> = name
        .split(|c: char| !crate::gazetteer::normalize::is_word_char(c))
        .filter(|w| !w.is_empty())
        .collect();
    if name_words.len() != span.len() {
        return true;
    }
    name_words.iter().zip(span).skip(1).all(|(w, t)| {
        let upper = w.chars().next().is_some_and(char::is_uppercase);
        !upper || t.upper_initial || !crate::gazetteer::normalize::script_has_case(t.script)
    })
}
