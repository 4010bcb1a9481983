//! The fonts the images are set in: DejaVu Sans from the system when it is installed
//! (Debian's `fonts-dejavu-core`, which Chromium and fontconfig pull in), else the copy the
//! `dejavu` crate embeds (Bitstream Vera licence: free to use and redistribute). Other system
//! fonts stay loaded as fallbacks for scripts DejaVu lacks. Text is measured with the same
//! face it is drawn with, so label boxes match the drawn labels.

use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb::{Database, Family, ID, Query, Weight};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// The family images ask for first.
pub const FAMILY: &str = "DejaVu Sans";
/// The `font-family` of SVG text: DejaVu Sans, then what a viewer without it has.
pub const CSS_FAMILIES: &str = "'DejaVu Sans', Verdana, 'Liberation Sans', Arial, sans-serif";

/// The font database and the faces text is measured with.
#[derive(Debug)]
pub struct Fonts {
    /// Every face loaded (shared with the renderer).
    pub db: Arc<Database>,
    regular: Option<ID>,
    bold: Option<ID>,
    /// Whether DejaVu Sans came from the embedded copy (no system font).
    pub embedded: bool,
}

/// The fonts, loaded once per process (scanning the system's fonts takes milliseconds).
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts::load(true))
}

impl Fonts {
    /// Loads the system's fonts (when `system`) and, when they hold no DejaVu Sans, the
    /// embedded one.
    pub fn load(system: bool) -> Fonts {
        let mut db = Database::new();
        if system {
            db.load_system_fonts();
        }
        let has = |db: &Database| {
            db.faces()
                .any(|f| f.families.iter().any(|(n, _)| n == FAMILY))
        };
        let embedded = !has(&db);
        if embedded {
            db.load_font_data(dejavu::sans::regular().to_vec());
            db.load_font_data(dejavu::sans::bold().to_vec());
        }
        db.set_sans_serif_family(FAMILY);
        let face = |weight| {
            db.query(&Query {
                families: &[Family::Name(FAMILY)],
                weight,
                ..Query::default()
            })
        };
        let regular = face(Weight::NORMAL);
        let bold = face(Weight::BOLD).or(regular);
        Fonts {
            db: Arc::new(db),
            regular,
            bold,
            embedded,
        }
    }

    /// The width of `text` in pixels at `size_px`, set in DejaVu Sans (bold or regular);
    /// characters the face lacks count as 0.6 em, as does all text when no face loaded.
    pub fn width(&self, text: &str, size_px: f64, bold: bool) -> f64 {
        let estimate = || text.chars().count() as f64 * 0.6 * size_px;
        let Some(id) = (if bold { self.bold } else { self.regular }) else {
            return estimate();
        };
        self.db
            .with_face_data(id, |data, index| {
                let font = FontRef::from_index(data, index).ok()?;
                let cmap = font.charmap();
                let metrics = font.glyph_metrics(Size::new(size_px as f32), LocationRef::default());
                Some(
                    text.chars()
                        .map(|c| {
                            cmap.map(c)
                                .and_then(|g| metrics.advance_width(g))
                                .map_or(0.6 * size_px, f64::from)
                        })
                        .sum(),
                )
            })
            .flatten()
            .unwrap_or_else(estimate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_face_measures_text() {
        let f = Fonts::load(false);
        assert!(f.embedded);
        let w = f.width("Stepanakert", 16.0, false);
        // DejaVu Sans is wide: about 0.6 em a letter.
        assert!((70.0..120.0).contains(&w), "{w}");
        assert!(f.width("Stepanakert", 16.0, true) > w);
        assert!(f.width("Stepanakert", 32.0, false) > 1.9 * w);
    }
}
