//! The geoparser: raw text in, place-name mentions resolved to gazetteer places out.
//!
//! Pipeline: [`lang::detect`] the language; split the text into chunks at paragraph
//! breaks (so memory stays flat on large files); [`tokens::tokenize`] each chunk;
//! [`recognize`] spans and their candidates; [`resolve`] them with the whole document as
//! context. Offsets are UTF-8 byte offsets into the text as read, end exclusive.

pub mod lang;
pub mod recognize;
pub mod resolve;
pub mod tokens;

use std::path::Path;

use crate::gazetteer::{Gazetteer, NameRef};

pub use resolve::Scored;

/// Chunks are cut at a paragraph break after this many bytes.
const CHUNK_BYTES: usize = 256 * 1024;

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
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
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
        source: e,
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
        let lang = lang::detect(text);
        let rec = recognize::Recognizer::new(self.g, lang);
        let mut spans = Vec::new();
        for (offset, chunk) in chunks(text) {
            let mut toks = tokens::tokenize(chunk);
            for t in &mut toks {
                t.start += offset;
                t.end += offset;
            }
            rec.recognize(text, &toks, &mut spans);
        }
        let resolved = resolve::resolve(self.g, &spans, lang);
        spans
            .into_iter()
            .zip(resolved)
            .filter_map(|(s, ranked)| {
                let best = *ranked.first()?;
                Some(Mention {
                    start: s.start,
                    end: s.end,
                    text: text[s.start..s.end].to_owned(),
                    place: best.name.place,
                    name: best.name,
                    score: best.score,
                    alternatives: ranked.into_iter().skip(1).take(3).collect(),
                })
            })
            .collect()
    }
}

/// Splits `text` at paragraph breaks into pieces of about [`CHUNK_BYTES`], with their offsets.
fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let mut end = (start + CHUNK_BYTES).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if end < text.len() {
            // Extend to the next blank line (or, failing that within 64 KiB, any newline).
            let rest = &text[end..];
            let cut = rest
                .find("\n\n")
                .filter(|&i| i < 65_536)
                .or_else(|| rest.find('\n'))
                .map_or(text.len(), |i| end + i + 1);
            end = cut;
        }
        pos = end;
        Some((start, &text[start..end]))
    })
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

    #[test]
    fn chunks_cover_the_text_exactly() {
        let para = "Ganja and Barda.\n\n".repeat(40_000);
        let mut next = 0;
        for (off, c) in chunks(&para) {
            assert_eq!(off, next);
            next = off + c.len();
        }
        assert_eq!(next, para.len());
        assert_eq!(chunks("").count(), 0);
    }
}
