//! Recognition: which spans of the text are place names, and which places each could be.
//!
//! At every word that may start a name, the recogniser walks the gazetteer's transducer
//! with the folded letters of the text, word after word, trying both readings of a
//! line-break hyphen, and — for inflecting languages — the name followed by a case ending
//! or with its own ending replaced. The longest span with a candidate that passes the case
//! rules wins. Spans inside organisation or outlet names, titles of people, and
//! sentence-initial common words are then dropped.

use crate::gazetteer::normalize::{
    Script, char_script, fold_char_with, is_word_char, name_key, script_has_case,
};
use crate::gazetteer::{Gazetteer, Kind, NameRef, index::Cursor};

use super::budget::{Budget, Stopped};
use super::lang::{self, Lang};
use super::tokens::{self, Sep, Token};
use super::words::Lexicon;

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

/// What [`Recognizer::recognize_at`] found.
struct Outcome {
    /// Where the matched name ends (also when rules dropped it).
    end: Option<usize>,
    /// The span to keep, if any.
    span: Option<Recognized>,
    /// The window was too short to decide.
    needs_more: bool,
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
    scratch: std::cell::RefCell<String>,
    /// Set by a walk that reached the end of its token window.
    truncated: std::cell::Cell<bool>,
    /// Cursors after the first two (ASCII, lower-cased) letters of a word, as met.
    heads: std::cell::RefCell<rustc_hash::FxHashMap<u16, Option<Cursor<'g>>>>,
    /// German capitalises every noun: stricter rules for single words.
    german: bool,
    suffixes: &'static [&'static str],
    /// English word evidence (person names, common words), for English text only.
    english: Option<&'static Lexicon>,
    /// Folded single-word names seen used as a person's name in this document ("Roy
    /// Jones", "Mr. Jones"): their other lone mentions are the person too.
    people: std::cell::RefCell<rustc_hash::FxHashSet<String>>,
    /// Whether the document uses a word in lower case, memoised per word (each look is a
    /// scan of the text).
    lower_uses: std::cell::RefCell<rustc_hash::FxHashMap<String, bool>>,
}

impl<'g> Recognizer<'g> {
    /// A recogniser for a document in `lang`.
    pub fn new(g: &'g Gazetteer, lang: Lang) -> Recognizer<'g> {
        Recognizer {
            g,
            scratch: std::cell::RefCell::default(),
            truncated: std::cell::Cell::new(false),
            heads: std::cell::RefCell::default(),
            german: lang == Lang::De,
            suffixes: lang::suffixes(lang),
            english: (lang == Lang::En).then(Lexicon::english),
            people: std::cell::RefCell::default(),
            lower_uses: std::cell::RefCell::default(),
        }
    }

    /// Appends every recognised span of `text` to `out`.
    ///
    /// Only words that may start a name are looked at: the scan skips everything else byte
    /// by byte, and tokenizes a small window (the word before, the word, the words after)
    /// around each capitalised word — first a short one, the full one only when a name may
    /// run past it.
    ///
    /// # Runtime
    /// Linear in the text; the work per capitalised word is bounded by [`MAX_WORDS`].
    pub fn recognize(&self, text: &str, out: &mut Vec<Recognized>) {
        // An unlimited budget is never exceeded nor cancelled.
        let _ = self.recognize_within(text, out, &Budget::unlimited());
    }

    /// [`Recognizer::recognize`] that stops when `budget` is exceeded or cancelled,
    /// checked before each candidate name.
    ///
    /// # Errors
    /// Why it stopped; `out` then holds the spans found so far.
    pub fn recognize_within(
        &self,
        text: &str,
        out: &mut Vec<Recognized>,
        budget: &Budget,
    ) -> Result<(), Stopped> {
        let bytes = text.as_bytes();
        let mut window = Vec::with_capacity(MAX_WORDS + 3);
        let mut raw = Vec::new();
        let mut pos = 0;
        let mut after_word = false;
        while pos < bytes.len() {
            // Fast path: ASCII that cannot start a name (most of any Latin text).
            while let Some(&b) = bytes.get(pos) {
                if b >= 0x80 || (!after_word && b.is_ascii_uppercase()) {
                    break;
                }
                after_word = b.is_ascii_alphanumeric();
                pos += 1;
            }
            let Some(&b) = bytes.get(pos) else { break };
            let (is_word, starts_name, len) = if b < 0x80 {
                (b.is_ascii_alphanumeric(), b.is_ascii_uppercase(), 1)
            } else {
                let c = tokens::decode(text, pos);
                let word = is_word_char(c);
                let name =
                    c.is_alphabetic() && (c.is_uppercase() || !script_has_case(char_script(c)));
                (word, name, c.len_utf8())
            };
            if !starts_name || after_word {
                after_word = is_word;
                pos += len;
                continue;
            }
            if !self.may_start_key(text, pos) {
                // No name starts with this word: skip it without tokenizing.
                while pos < bytes.len() {
                    let c = tokens::decode(text, pos);
                    if !is_word_char(c) {
                        break;
                    }
                    pos += c.len_utf8();
                }
                after_word = true;
                continue;
            }
            budget.check(out.len())?;
            let before = tokens::previous_word_start(text, pos);
            let i = usize::from(before.is_some());
            let from = before.unwrap_or(pos);
            tokens::tokenize_into(text, from, i + 3, &mut window);
            let mut outcome = self.recognize_at(text, &window, i, &mut raw);
            if outcome.needs_more && window.len() == i + 3 {
                tokens::tokenize_into(text, from, MAX_WORDS + 2 + i, &mut window);
                outcome = self.recognize_at(text, &window, i, &mut raw);
            }
            pos = outcome.end.unwrap_or(window[i].end);
            out.extend(outcome.span);
            after_word = true;
        }
        budget.check(out.len())
    }

    /// Walks the transducer through the folded letters of the word at `pos`: the cursor
    /// after the whole word, or where the walk died (letters consumed, the letter refused).
    ///
    /// Most words start with two ASCII letters: the cursor after them is cached, so the
    /// costly first steps from the root are taken once per document, not once per word.
    fn walk_word(&self, text: &str, pos: usize) -> Result<Cursor<'g>, (usize, char)> {
        let b = text.as_bytes();
        let (mut c, skip) = match (b.get(pos), b.get(pos + 1)) {
            (Some(&x), Some(&y)) if x.is_ascii_alphabetic() && y.is_ascii_alphabetic() => {
                let key = u16::from_le_bytes([x.to_ascii_lowercase(), y.to_ascii_lowercase()]);
                (self.head(key).ok_or((0, char::from(x)))?, 2)
            }
            _ => (self.g.names().cursor(), 0),
        };
        for (letters, ch) in text[pos..].chars().enumerate().skip(skip) {
            if !is_word_char(ch) {
                break;
            }
            c = step_char(c, ch).ok_or((letters, ch))?;
        }
        Ok(c)
    }

    /// A cheap test before any tokenizing: can a name key start with the word at `pos`? A
    /// dead end within the first three letters (or anywhere, when no case ending can follow)
    /// rules it out.
    fn may_start_key(&self, text: &str, pos: usize) -> bool {
        match self.walk_word(text, pos) {
            Ok(_) => true,
            Err((letters, ch)) => {
                letters >= 3 && (!self.suffixes.is_empty() || char_script(ch) == Script::Cyrillic)
            }
        }
    }

    /// The cursor after two lower-case ASCII letters (`key`, little-endian), cached.
    fn head(&self, key: u16) -> Option<Cursor<'g>> {
        *self.heads.borrow_mut().entry(key).or_insert_with(|| {
            let [a, b] = key.to_le_bytes();
            self.g.names().cursor().step(a).and_then(|c| c.step(b))
        })
    }

    /// True when the word at `pos` is a whole name key, or the first word of one.
    fn word_is_key_start(&self, text: &str, pos: usize) -> bool {
        self.walk_word(text, pos)
            .is_ok_and(|c| c.value().is_some() || c.can_continue_word())
    }

    /// Recognises the name starting at token `i` of `tokens`, if any.
    fn recognize_at(
        &self,
        text: &str,
        tokens: &[Token],
        i: usize,
        raw: &mut Vec<RawMatch>,
    ) -> Outcome {
        raw.clear();
        self.truncated.set(false);
        self.walk(text, tokens, i, i, self.g.names().cursor(), 0, raw);
        let truncated = self.truncated.get();
        // Longest first; then an exact reading before an inflected one, and the shortest
        // case ending ("Laçın|ın", not "Laçı|nın").
        raw.sort_by(|a, b| {
            b.end
                .cmp(&a.end)
                .then(a.inflected.cmp(&b.inflected))
                .then(b.stem.cmp(&a.stem))
        });
        let Some((m, candidates)) = raw.iter().find_map(|m| {
            let c = self.candidates(text, tokens, i, m);
            (!c.is_empty()).then_some((m, c))
        }) else {
            return Outcome {
                end: None,
                span: None,
                needs_more: truncated,
            };
        };
        // The rules after a name look at the next word: it must be in the window.
        let next_missing = m.last_tok + 1 >= tokens.len() && tokens[m.last_tok].sep != Sep::Break;
        let span = self
            .keep(text, tokens, i, m.last_tok, &candidates)
            .then(|| Recognized {
                start: tokens[i].start,
                end: m.end,
                candidates,
                inflected: m.inflected,
            });
        Outcome {
            end: Some(m.end),
            span,
            needs_more: truncated || next_missing,
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
        // The first word of a name starts from the cached two-letter cursor (no case ending
        // is tried before the third letter, so nothing is skipped).
        let mut skip = 0;
        if j == first
            && words == 0
            && word.len() >= 2
            && word.as_bytes()[..2].iter().all(u8::is_ascii_alphabetic)
        {
            let key = u16::from_le_bytes([
                word.as_bytes()[0].to_ascii_lowercase(),
                word.as_bytes()[1].to_ascii_lowercase(),
            ]);
            match self.head(key) {
                Some(h) => (c, skip) = (h, 2),
                None => return,
            }
        }
        for (consumed_chars, (off, ch)) in word.char_indices().enumerate().skip(skip) {
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
            let next = step_char(c, ch);
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
        if words + 1 >= MAX_WORDS {
            return;
        }
        if j + 1 >= tokens.len() {
            if tokens[j].sep != Sep::Break {
                self.truncated.set(true);
            }
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
        let short_caps = span.len() == 1
            && span[0].all_upper
            && text[span[0].start..span[0].end].chars().count() <= 4;
        let mut out: Vec<NameRef> = Vec::new();
        for &r in self.g.names().postings_of(m.value) {
            // Postings are sorted by place: one reference per place is the last one pushed.
            if out.last().is_some_and(|o: &NameRef| o.place == r.place) {
                continue;
            }
            let name = self.g.name(r);
            if name.is_abbreviation() {
                if m.inflected || !span.iter().all(|t| t.all_upper) {
                    continue;
                }
            } else if short_caps || name.text.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
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
        let mut buf = self.scratch.borrow_mut();
        let word = |t: &Token| &text[t.start..t.end];
        let lt = &tokens[last];
        if let Some(next) = tokens.get(last + 1) {
            if lt.sep != Sep::Break && lang::ORG_HEADS.contains(fold_word(word(next), &mut buf)) {
                return false;
            }
            if lt.hyphen_after && next.numeric {
                return false; // "Russia-1", "France-24"
            }
            if first == last && lt.sep == Sep::Join && next.upper_initial && !next.all_upper {
                let k = fold_word(word(next), &mut buf);
                if lang::SURNAME_ENDINGS
                    .iter()
                    .any(|e| k.len() >= e.len() + 2 && k.ends_with(e))
                {
                    return false; // "Ilham Aliyev"
                }
            }
        }
        if first > 0 {
            let prev = &tokens[first - 1];
            if self.german
                && prev.sep == Sep::Join
                && lang::GERMAN_ARTICLES.contains(fold_word(word(prev), &mut buf))
                && !candidates
                    .iter()
                    .any(|r| matches!(self.g.place(r.place).kind, Kind::Country | Kind::Region))
            {
                return false; // "ein Ende", "die Wende"
            }
            if prev.sep != Sep::Break
                && lang::PERSON_TITLES.contains(fold_word(word(prev), &mut buf))
            {
                if first == last {
                    self.people
                        .borrow_mut()
                        .insert(fold_word(word(&tokens[first]), &mut buf).to_owned());
                }
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
        let big = |min: u64| {
            candidates.iter().any(|r| {
                let p = self.g.place(r.place);
                matches!(p.kind, Kind::Country | Kind::Region) || p.population >= min
            })
        };
        // German capitalises every sentence's first word and every noun: a lone word at a
        // sentence start ("Auch", "Mehr") is a place only if it is a country, a region or a
        // big city.
        if self.german && first == last && ft.sentence_start && !big(100_000) {
            return false;
        }
        // A small place's name followed by a capitalised word that starts no name is part of
        // a longer proper noun ("La Unión Europea", "Vladimir Putin").
        if let Some(next) = tokens.get(last + 1) {
            let major = candidates.iter().any(|r| {
                let p = self.g.place(r.place);
                p.kind == Kind::Country || p.population >= 100_000
            });
            // Latin script, uninflected languages only: elsewhere the next word may be an
            // inflected place name ("в Пермском крае России").
            if lt.sep == Sep::Join
                && next.script == Script::Latin
                && self.suffixes.is_empty()
                && next.upper_initial
                && !next.all_upper
                && !major
                && !self.word_is_key_start(text, next.start)
                && !lang::AREA_WORDS.contains(fold_word(word(next), &mut buf))
            {
                return false;
            }
        }
        if let Some(lex) = self.english
            && first == last
            && !self.english_keeps(text, tokens, first, candidates, lex, &mut buf)
        {
            return false;
        }
        if first == last {
            let k = fold_word(word(ft), &mut buf);
            let is_country = || {
                candidates
                    .iter()
                    .any(|r| self.g.place(r.place).kind == Kind::Country)
            };
            if lang::GENERIC_NOUNS.contains(k) {
                return is_country();
            }
            if lang::COMMON_WORDS.contains(k) {
                // Mid-sentence, a capitalised common word is a place only if it is a country or
                // a big city ("Nice", "Reading"); at a sentence start, only a country.
                let big = candidates
                    .iter()
                    .any(|r| self.g.place(r.place).population >= 100_000);
                return is_country() || (!ft.sentence_start && big);
            }
        }
        true
    }

    /// English person and common-word evidence for the one-word span at token `i`: false
    /// drops it.
    ///
    /// - A given name followed by a family name or another capitalised word that starts
    ///   no place name is a person ("Kristina Trapani"), unless it names a country or region.
    /// - A word after a given name is a family name ("Roy Jones"): the person's name is
    ///   remembered so that a lone "Jones" later is the person too.
    /// - A small place's name after a capitalised word that starts no place name, or a
    ///   common word after any capitalised word, is part of a longer proper noun ("Barack
    ///   Obama", "Memorial Hospital", "Main Street").
    /// - A very common word (Zipf ≥ 5.5) is not a small place's name at a sentence start,
    ///   nor a common one (Zipf ≥ 4.5) where the document also uses it in lower case.
    fn english_keeps(
        &self,
        text: &str,
        tokens: &[Token],
        i: usize,
        candidates: &[NameRef],
        lex: &Lexicon,
        buf: &mut String,
    ) -> bool {
        let word = |t: &Token| &text[t.start..t.end];
        let t = &tokens[i];
        let key = fold_word(word(t), buf).to_owned();
        let area = candidates
            .iter()
            .any(|r| matches!(self.g.place(r.place).kind, Kind::Country | Kind::Region));
        if area {
            return true;
        }
        let big = candidates.iter().any(|r| {
            let p = self.g.place(r.place);
            p.kind.is_area() || p.population >= 100_000
        });
        let capitalised = |t: &Token| t.upper_initial && !t.all_upper;
        if let Some(next) = tokens.get(i + 1)
            && t.sep == Sep::Join
            && capitalised(next)
            && lex.is_given_name(&key)
        {
            let nk = fold_word(word(next), buf);
            if lex.is_surname(nk) || !self.word_is_key_start(text, next.start) {
                return false;
            }
        }
        if i > 0 {
            let prev = &tokens[i - 1];
            if prev.sep == Sep::Join && capitalised(prev) && word(prev).len() > 1 {
                // The window's first token always reads as a sentence start: look at the text.
                let prev_starts = starts_sentence(text, prev.start);
                let pk = fold_word(word(prev), buf);
                if lex.is_given_name(pk) && (!prev_starts || lex.zipf(pk) < 4.0) {
                    self.people.borrow_mut().insert(key);
                    return false;
                }
                if !prev_starts
                    && !big
                    && (lex.zipf(&key) >= 4.5 || !self.word_is_key_start(text, prev.start))
                {
                    return false;
                }
            }
        }
        let zipf = lex.zipf(&key);
        if !big
            && ((t.sentence_start && zipf >= 5.5)
                || (zipf >= 4.5
                    && *self
                        .lower_uses
                        .borrow_mut()
                        .entry(key.clone())
                        .or_insert_with(|| lower_case_use(text, &key))))
        {
            return false;
        }
        true
    }

    /// Drops the lone mentions of names this document uses for a person (see
    /// [`Recognizer::english_keeps`]), unless they name a country or region, or the
    /// document also uses the name as a place: before ", Region" ("Thornton, Idaho", named
    /// after William Thornton), before an area word ("Newton County") or after "in".
    pub fn drop_people(&self, text: &str, spans: &mut Vec<Recognized>) {
        let mut people = self.people.borrow_mut();
        if people.is_empty() {
            return;
        }
        let mut buf = String::new();
        let area = |s: &Recognized| {
            s.candidates
                .iter()
                .any(|r| matches!(self.g.place(r.place).kind, Kind::Country | Kind::Region))
        };
        for (i, s) in spans.iter().enumerate() {
            let before = text[..s.start].trim_end();
            let after_in = before
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("in"));
            let before_area = spans.get(i + 1).is_some_and(|n| {
                text.get(s.end..n.start).is_some_and(|g| g.trim() == ",") && area(n)
            });
            let rest = &text[s.end..];
            let next_word = rest
                .strip_prefix(' ')
                .and_then(|r| r.split(|c: char| !c.is_alphanumeric()).next())
                .unwrap_or("");
            let before_area_word = !next_word.is_empty()
                && next_word.starts_with(char::is_uppercase)
                && lang::AREA_WORDS.contains(fold_word(next_word, &mut buf));
            if after_in || before_area || before_area_word {
                people.remove(fold_word(&text[s.start..s.end], &mut buf));
            }
        }
        if people.is_empty() {
            return;
        }
        spans.retain(|s| {
            let w = &text[s.start..s.end];
            if w.contains(|c: char| !is_word_char(c)) || !people.contains(fold_word(w, &mut buf)) {
                return true;
            }
            area(s)
        });
    }
}

/// The cursor after the folded form of one character of text.
#[inline]
fn step_char<'g>(c: Cursor<'g>, ch: char) -> Option<Cursor<'g>> {
    if ch.is_ascii() {
        return c.step(ch.to_ascii_lowercase() as u8);
    }
    let mut walked = Some(c);
    fold_char_with(ch, |f| {
        let mut b = [0u8; 4];
        for &byte in f.encode_utf8(&mut b).as_bytes() {
            walked = walked.and_then(|w| w.step(byte));
        }
    });
    walked
}

/// Folds one word into `buf` and returns it (no allocation once `buf` has grown).
fn fold_word<'b>(word: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    for c in word.chars() {
        crate::gazetteer::normalize::fold_char_into(c, buf);
    }
    buf
}

/// The case rule: where a word of the name is capitalised, the text's word must be too
/// ("Bosnia and Herzegovina" allows the lower-case "and"; "Georgia street" is not a
/// two-word name "Georgia Street"). Skipped when the word counts differ (a word broken at a
/// line end).
fn case_agrees(name: &str, span: &[Token]) -> bool {
    if span.len() == 1 {
        return true;
    }
    let name_words = || {
        name.split(|c: char| !crate::gazetteer::normalize::is_word_char(c))
            .filter(|w| !w.is_empty())
    };
    if name_words().count() != span.len() {
        return true;
    }
    name_words().zip(span).skip(1).all(|(w, t)| {
        let upper = w.chars().next().is_some_and(char::is_uppercase);
        !upper || t.upper_initial || !crate::gazetteer::normalize::script_has_case(t.script)
    })
}

/// True when `key` (lower-case ASCII) occurs in `text` as a lower-case word.
fn lower_case_use(text: &str, key: &str) -> bool {
    if key.is_empty() || !key.is_ascii() {
        return false;
    }
    let b = text.as_bytes();
    text.match_indices(key).any(|(at, _)| {
        let before = at.checked_sub(1).map(|j| b[j]);
        let after = b.get(at + key.len()).copied();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// True when the word at byte `pos` starts a sentence: only spaces after a full stop, a
/// question or exclamation mark, a line break or nothing.
fn starts_sentence(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end_matches([' ', '\t', '"', '\'', '\u{201c}', '(']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':'])
}
