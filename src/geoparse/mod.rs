//! The geoparser: raw text in, place-name mentions resolved to gazetteer places out.
//!
//! Pipeline: [`lang::detect`] the language; [`recognize`] spans and their candidates,
//! tokenizing only around capitalised words (see [`tokens`]); [`resolve`] them with the
//! whole document as context. Offsets are UTF-8 byte offsets into the text as read, end exclusive.

pub mod budget;
pub mod lang;
pub mod recognize;
pub mod resolve;
pub mod tokens;
pub mod words;

use std::path::Path;

use crate::gazetteer::{Gazetteer, NameRef};

pub use budget::{Budget, Stopped};
pub use resolve::Scored;

/// One place-name mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte offset of the mention in the text.
    pub start: usize,
    /// Byte offset after the mention.
    pub end: usize,
    /// The mention as written (line breaks included).
    pub text: String,
    /// The resolved place (index into the gazetteer).
    pub place: u32,
    /// The name of the place that matched.
    pub name: NameRef,
    /// Confidence in 0–1.
    pub score: f64,
    /// The next candidates, best first (at most 3).
    pub alternatives: Vec<Scored>,
}

/// Errors reading a text.
#[derive(Debug, thiserror::Error)]
pub enum GeoparseError {
    /// Occurs when the file cannot be opened or read.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// The cause (shown in the message, not chained, so it is said once).
        error: std::io::Error,
    },
}

/// A text read from a file.
#[derive(Debug)]
pub struct TextInput {
    /// The text (invalid UTF-8 replaced by U+FFFD).
    pub text: String,
    /// True when invalid UTF-8 was replaced.
    pub lossy: bool,
    /// Where the decoded text and the bytes as read diverge: `(offset in text, offset in
    /// bytes)` after each replacement. Empty for valid UTF-8.
    shifts: Vec<(usize, usize)>,
}

impl TextInput {
    /// Decodes `bytes`, replacing invalid UTF-8 and remembering where.
    pub fn from_bytes(bytes: Vec<u8>) -> TextInput {
        match String::from_utf8(bytes) {
            Ok(text) => TextInput {
                text,
                lossy: false,
                shifts: Vec::new(),
            },
            Err(e) => {
                let bytes = e.into_bytes();
                let mut text = String::with_capacity(bytes.len() + 16);
                let mut shifts = Vec::new();
                let mut original = 0;
                for chunk in bytes.utf8_chunks() {
                    text.push_str(chunk.valid());
                    original += chunk.valid().len();
                    if !chunk.invalid().is_empty() {
                        text.push(char::REPLACEMENT_CHARACTER);
                        original += chunk.invalid().len();
                        shifts.push((text.len(), original));
                    }
                }
                TextInput {
                    text,
                    lossy: true,
                    shifts,
                }
            }
        }
    }

    /// The byte offset in the file of byte offset `offset` of [`TextInput::text`].
    pub fn original_offset(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|&(t, _)| t <= offset);
        match i.checked_sub(1).map(|j| self.shifts[j]) {
            Some((t, o)) => o + (offset - t),
            None => offset,
        }
    }
}

/// Reads a text file. Invalid UTF-8 is replaced (and `lossy` set), never an error.
///
/// # Errors
/// Occurs when the file cannot be read.
pub fn read_text(path: &Path) -> Result<TextInput, GeoparseError> {
    let bytes = std::fs::read(path).map_err(|e| GeoparseError::Io {
        path: path.display().to_string(),
        error: e,
    })?;
    Ok(TextInput::from_bytes(bytes))
}

/// A geoparser over one gazetteer.
pub struct Geoparser<'g> {
    g: &'g Gazetteer,
}

impl<'g> Geoparser<'g> {
    /// A geoparser using `g`.
    pub fn new(g: &'g Gazetteer) -> Geoparser<'g> {
        Geoparser { g }
    }

    /// Every place-name mention in `text`, in order.
    ///
    /// # Runtime
    /// Linear in the text; resolution is linear in the number of distinct names.
    pub fn parse(&self, text: &str) -> Vec<Mention> {
        self.parse_with(text, &Budget::unlimited())
            .unwrap_or_default()
    }

    /// [`Geoparser::parse`] within `budget`: stops at its mention limit or when it is
    /// cancelled, so the work and the result stay proportional to what the caller allows.
    ///
    /// # Errors
    /// [`Stopped`] when the budget ran out or was cancelled.
    pub fn parse_with(&self, text: &str, budget: &Budget) -> Result<Vec<Mention>, Stopped> {
        let lang = lang::detect(text);
        let rec = recognize::Recognizer::new(self.g, lang);
        let mut spans = Vec::new();
        rec.recognize_within(text, &mut spans, budget)?;
        rec.drop_people(text, &mut spans);
        let (rankings, per_span) = resolve::resolve(self.g, &spans, lang, text);
        budget.check(0)?;
        let mentions = spans
            .into_iter()
            .zip(per_span)
            .filter_map(|(s, k)| {
                let ranked = &rankings[k];
                let best = *ranked.first()?;
                Some(Mention {
                    start: s.start,
                    end: s.end,
                    text: text[s.start..s.end].to_owned(),
                    place: best.name.place,
                    name: best.name,
                    score: best.score,
                    alternatives: ranked.iter().skip(1).take(3).copied().collect(),
                })
            })
            .collect::<Vec<_>>();
        budget.check(0)?;
        Ok(mentions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_to_the_bytes_as_read() {
        let t = TextInput::from_bytes(b"Baku \xff\xfe and Ganja \xc3".to_vec());
        assert!(t.lossy);
        let ganja = t.text.find("Ganja").expect("decoded");
        assert_eq!(t.original_offset(ganja), 12);
        assert_eq!(t.original_offset(2), 2);
        let valid = TextInput::from_bytes("Şuşa".as_bytes().to_vec());
        assert!(!valid.lossy);
        assert_eq!(valid.original_offset(3), 3);
    }
}
