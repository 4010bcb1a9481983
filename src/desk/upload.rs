//! The text of an uploaded file: a `.txt` as it is (UTF-8), a `.pdf` by its text layer
//! (extracted with `pdf-extract`; the line breaks and the hyphenation at their ends are kept
//! as extracted, so spans refer to the stored text exactly as the interview's PDF text has
//! them). A scanned PDF without a text layer is refused: no OCR here.

use super::DeskError;

/// What kind of file an upload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text.
    Text,
    /// A PDF.
    Pdf,
}

impl Kind {
    /// The kind by file name or media type, or None for anything else.
    pub fn detect(name: &str, media_type: &str) -> Option<Kind> {
        let n = name.to_ascii_lowercase();
        let m = media_type.to_ascii_lowercase();
        if n.ends_with(".pdf") || m == "application/pdf" {
            Some(Kind::Pdf)
        } else if n.ends_with(".txt") || m.starts_with("text/plain") {
            Some(Kind::Text)
        } else {
            None
        }
    }

    /// The media type stored.
    pub fn media_type(self) -> &'static str {
        match self {
            Kind::Text => "text/plain",
            Kind::Pdf => "application/pdf",
        }
    }
}

/// The text of an upload.
///
/// # Errors
/// [`DeskError::Invalid`] naming `file`: not a .txt or .pdf, not UTF-8, an unreadable PDF,
/// or a PDF without text.
pub fn text_of(name: &str, media_type: &str, bytes: &[u8]) -> Result<(Kind, String), DeskError> {
    let kind = Kind::detect(name, media_type)
        .ok_or_else(|| DeskError::invalid("file", "must be a .txt or a .pdf"))?;
    let text = match kind {
        Kind::Text => String::from_utf8(bytes.to_vec()).map_err(|e| {
            DeskError::invalid(
                "file",
                format!(
                    "is not UTF-8 text (at byte {})",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?,
        Kind::Pdf => {
            if !bytes.starts_with(b"%PDF") {
                return Err(DeskError::invalid("file", "is not a PDF (no %PDF header)"));
            }
            // A malformed PDF can make the extractor panic: that is a bad file, not a crash.
            let owned = bytes.to_vec();
            let got = std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&owned));
            match got {
                Ok(Ok(t)) => t,
                Ok(Err(e)) => {
                    return Err(DeskError::invalid(
                        "file",
                        format!("the PDF's text cannot be read: {e}"),
                    ));
                }
                Err(_) => {
                    return Err(DeskError::invalid(
                        "file",
                        "the PDF's text cannot be read (a damaged file)",
                    ));
                }
            }
        }
    };
    if text.trim().is_empty() {
        return Err(DeskError::invalid(
            "file",
            match kind {
                Kind::Pdf => {
                    "the PDF has no text layer (a scan?): Dateline does no OCR; paste the text instead"
                }
                Kind::Text => "is empty",
            },
        ));
    }
    Ok((kind, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_are_taken_as_they_are_and_must_be_utf8() {
        let (k, t) = text_of("a.txt", "", "Ganja,\nBarda".as_bytes()).expect("text");
        assert_eq!((k, t.as_str()), (Kind::Text, "Ganja,\nBarda"));
        let e = text_of("a.txt", "text/plain", b"\xff\xfe").expect_err("not UTF-8");
        assert!(e.to_string().contains("UTF-8"), "{e}");
        let e = text_of("a.docx", "application/msword", b"x").expect_err("not a text");
        assert!(e.to_string().contains(".pdf"), "{e}");
    }

    #[test]
    fn a_damaged_pdf_is_a_clear_error_not_a_panic() {
        let e = text_of("a.pdf", "application/pdf", b"%PDF-1.4\n garbage").expect_err("damaged");
        assert!(
            matches!(&e, DeskError::Invalid { field, .. } if field == "file"),
            "{e}"
        );
        let e = text_of("a.pdf", "", b"hello").expect_err("not a PDF");
        assert!(e.to_string().contains("%PDF"), "{e}");
    }
}
