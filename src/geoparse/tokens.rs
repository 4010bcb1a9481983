//! Tokens of raw text: words with their byte spans, their case, and what separates each
//! from the next — which is what decides whether two words can belong to one name.
//!
//! PDF text breaks words at line ends with a hyphen ("Azer-\nbaijan", "Nagorno-\nKarabakh"):
//! such a separator is [`Sep::SoftHyphen`], and the recogniser tries both readings (joined,
//! and hyphenated). Offsets always point into the original text.

use crate::gazetteer::normalize::{
    Script, char_script, is_apostrophe, is_hyphen, is_word_char, script_has_case,
};

/// What lies between a token and the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    /// Spaces, a hyphen or an apostrophe: the two words may belong to one name.
    Join,
    /// A hyphen at a line end: one word broken by the layout, or a hyphenated name.
    SoftHyphen,
    /// Punctuation, a paragraph break or the end of the text: no name spans it.
    Break,
}

/// A word of the text.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// Script of the first letter.
    pub script: Script,
    /// The first character is an upper-case letter.
    pub upper_initial: bool,
    /// Every letter is upper case (and there are at least two).
    pub all_upper: bool,
    /// The first character is a digit.
    pub numeric: bool,
    /// What separates this token from the next.
    pub sep: Sep,
    /// A hyphen directly follows (no space), as in "Russia-1" or "France-24".
    pub hyphen_after: bool,
    /// The token starts a sentence (or a line of dialogue, or the text).
    pub sentence_start: bool,
}

impl Token {
    /// True when the token may start a proper name: upper-case initial in a script with
    /// case, any letter in a script without.
    pub fn may_start_name(&self) -> bool {
        !self.numeric && (self.upper_initial || !script_has_case(self.script))
    }
}

/// Splits `text` into tokens.
///
/// # Runtime
/// One pass over the bytes; ASCII text takes the fast path.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 6);
    tokenize_into(text, 0, usize::MAX, &mut tokens);
    tokens
}

/// Tokens of `text` from byte `from` (a word start, or the start of the text), at most
/// `max_tokens` of them, into `tokens` (cleared first). The separator after the last token
/// is classified from the text that follows it.
pub fn tokenize_into(text: &str, from: usize, max_tokens: usize, tokens: &mut Vec<Token>) {
    tokens.clear();
    let bytes = text.as_bytes();
    let mut i = from;
    let mut sentence_start = true;
    while i < bytes.len() {
        // Skip to the next word character, classifying the gap.
        let gap_start = i;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let c = decode(text, i);
                if is_word_char(c) {
                    break;
                }
                i += c.len_utf8();
            }
        }
        if let Some(prev) = tokens.last_mut() {
            if i == gap_start + 1 && bytes[gap_start] == b' ' && i < bytes.len() {
                // The common case, one space: joins, starts nothing.
                prev.sep = Sep::Join;
                sentence_start = false;
            } else {
                let gap = &text[gap_start..i];
                prev.sep = classify_gap(gap, &text[prev.start..prev.end], i >= bytes.len());
                prev.hyphen_after = gap.starts_with(is_hyphen);
                sentence_start = prev.sep == Sep::Break && ends_sentence(gap);
            }
        } else if i > 0 {
            sentence_start = true;
        }
        if i >= bytes.len() || tokens.len() >= max_tokens {
            break;
        }
        // The word itself.
        let start = i;
        let first = decode(text, i);
        let mut letters = 0usize;
        let mut uppers = 0usize;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                letters += usize::from(b.is_ascii_alphabetic());
                uppers += usize::from(b.is_ascii_uppercase());
                i += 1;
            } else {
                let c = decode(text, i);
                if !is_word_char(c) {
                    break;
                }
                if c.is_alphabetic() {
                    letters += 1;
                    uppers += usize::from(c.is_uppercase());
                }
                i += c.len_utf8();
            }
        }
        tokens.push(Token {
            start,
            end: i,
            script: char_script(first),
            upper_initial: first.is_uppercase(),
            all_upper: letters >= 2 && uppers == letters,
            numeric: first.is_numeric(),
            sep: Sep::Break,
            hyphen_after: false,
            sentence_start,
        });
    }
}

/// The start of the word before byte `pos`, if there is one.
pub fn previous_word_start(text: &str, pos: usize) -> Option<usize> {
    let mut it = text[..pos]
        .char_indices()
        .rev()
        .skip_while(|(_, c)| !is_word_char(*c));
    let (mut start, _) = it.next()?;
    for (i, c) in it {
        if !is_word_char(c) {
            break;
        }
        start = i;
    }
    Some(start)
}

/// The character at byte `i` (a character boundary).
#[inline]
pub fn decode(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// Decides what a gap between two words allows.
fn classify_gap(gap: &str, prev_word: &str, at_end: bool) -> Sep {
    if at_end {
        return Sep::Break;
    }
    let mut hyphens = 0;
    let mut newlines = 0;
    let mut dot = false;
    let mut hyphen_then_newline = false;
    let mut seen_hyphen = false;
    let mut space_before_hyphen = false;
    let mut seen_space = false;
    for c in gap.chars() {
        if c == '\n' {
            newlines += 1;
            hyphen_then_newline |= seen_hyphen;
            seen_space = true;
        } else if is_hyphen(c) {
            hyphens += 1;
            seen_hyphen = true;
            space_before_hyphen |= seen_space;
        } else if c == '.' {
            dot = true;
        } else if c.is_whitespace() {
            seen_space = true;
        } else if !is_apostrophe(c) {
            return Sep::Break;
        }
    }
    // " - " is a dash (or a dialogue line), not a hyphen inside a name.
    if hyphens == 1 && space_before_hyphen && !hyphen_then_newline {
        return Sep::Break;
    }
    if newlines >= 2 || hyphens > 1 {
        return Sep::Break;
    }
    if dot {
        // "St. Petersburg", "Mt. Ararat": a dot after a short abbreviation joins.
        let short = prev_word.chars().count() <= 3
            && prev_word.chars().next().is_some_and(char::is_uppercase);
        return if short && hyphens == 0 && newlines == 0 {
            Sep::Join
        } else {
            Sep::Break
        };
    }
    if hyphen_then_newline {
        Sep::SoftHyphen
    } else {
        Sep::Join
    }
}

/// True when a gap ends a sentence (so the next word's capital says nothing about it being a
/// name).
fn ends_sentence(gap: &str) -> bool {
    // One pass: sentence punctuation, a blank line, or a dash opening a line of dialogue.
    let mut newline = false;
    let mut only_space_since_newline = true;
    let mut at_start = true;
    for c in gap.chars() {
        match c {
            '.' | '!' | '?' | '\u{2013}' | '\u{2014}' | ':' | '"' | '\u{201C}' | '\u{201D}' => {
                return true;
            }
            '\n' => {
                if newline && only_space_since_newline {
                    return true;
                }
                newline = true;
                only_space_since_newline = true;
            }
            '-' if (newline && only_space_since_newline) || at_start => return true,
            c if c.is_whitespace() => {}
            _ => {
                only_space_since_newline = false;
                at_start = false;
            }
        }
        if !c.is_whitespace() {
            at_start = false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, Sep)> {
        tokenize(text)
            .iter()
            .map(|t| (&text[t.start..t.end], t.sep))
            .collect()
    }

    #[test]
    fn separators_are_classified() {
        let cases: &[(&str, &[(&str, Sep)])] = &[
            (
                "Nagorno-Karabakh",
                &[("Nagorno", Sep::Join), ("Karabakh", Sep::Break)],
            ),
            (
                "Azer-\nbaijan",
                &[("Azer", Sep::SoftHyphen), ("baijan", Sep::Break)],
            ),
            (
                "Kara- \n bakh",
                &[("Kara", Sep::SoftHyphen), ("bakh", Sep::Break)],
            ),
            (
                "South\nCaucasus",
                &[("South", Sep::Join), ("Caucasus", Sep::Break)],
            ),
            (
                "Ganja, Barda",
                &[("Ganja", Sep::Break), ("Barda", Sep::Break)],
            ),
            (
                "St. Petersburg",
                &[("St", Sep::Join), ("Petersburg", Sep::Break)],
            ),
            (
                "in Baku. Then",
                &[
                    ("in", Sep::Join),
                    ("Baku", Sep::Break),
                    ("Then", Sep::Break),
                ],
            ),
            (
                "Armenia’s army",
                &[
                    ("Armenia", Sep::Join),
                    ("s", Sep::Join),
                    ("army", Sep::Break),
                ],
            ),
            (
                "Baku\n\nGanja",
                &[("Baku", Sep::Break), ("Ganja", Sep::Break)],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), *want, "{text:?}");
        }
    }

    #[test]
    fn case_script_and_sentence_starts() {
        let text = "Ganja and BAKU. Барда 2020 ბარდა\n- Armenia";
        let t = tokenize(text);
        assert!(t[0].upper_initial && t[0].sentence_start);
        assert!(!t[1].upper_initial && !t[1].sentence_start);
        assert!(t[2].all_upper);
        assert_eq!(t[3].script, Script::Cyrillic);
        assert!(t[3].sentence_start && t[3].may_start_name());
        assert!(t[4].numeric && !t[4].may_start_name());
        assert!(t[5].may_start_name(), "Georgian has no case");
        assert!(t[6].sentence_start, "a dialogue dash starts a sentence");
    }

    #[test]
    fn outlet_hyphens_are_seen() {
        let t = tokenize("France-24 (France)");
        assert!(t[0].hyphen_after && t[1].numeric);
    }

    #[test]
    fn offsets_point_into_multibyte_text() {
        let text = "«Şuşa» və Laçın";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        assert_eq!(
            words(text).iter().map(|w| w.0).collect::<Vec<_>>(),
            ["Şuşa", "və", "Laçın"]
        );
    }
}
