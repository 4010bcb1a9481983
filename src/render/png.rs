//! The PNG of a map: its SVG ([`super::svg`]) rendered by resvg onto a tiny-skia pixmap at a
//! pixel density (`scale` device pixels per CSS pixel), text set with [`super::fonts`].

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

use super::fonts::{FAMILY, Fonts};
use super::svg::Image;

/// Errors of rendering a PNG.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// Occurs when the SVG does not parse (a bug: the SVG is ours).
    #[error("the map's SVG does not parse: {0}")]
    Svg(#[from] usvg::Error),
    /// Occurs when the image would be empty or too large for a pixmap.
    #[error("an image of {0}×{1} pixels cannot be made")]
    Size(u32, u32),
    /// Occurs when PNG encoding fails.
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}

/// The PNG bytes of `image` at `scale` device pixels per CSS pixel.
///
/// # Errors
/// [`PngError`] when the SVG does not parse, the size is impossible or encoding fails.
///
/// # Runtime
/// Proportional to the device pixels (and the outlines drawn); see BENCHMARKS.md.
pub fn render(image: &Image, scale: f64, fonts: &Fonts) -> Result<Vec<u8>, PngError> {
    let opts = usvg::Options {
        font_family: FAMILY.to_owned(),
        fontdb: fonts.db.clone(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&image.svg, &opts)?;
    let w = (image.width * scale).round() as u32;
    let h = (image.height * scale).round() as u32;
    let mut pixmap = Pixmap::new(w, h).ok_or(PngError::Size(w, h))?;
    resvg::render(
        &tree,
        Transform::from_scale(scale as f32, scale as f32),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}
