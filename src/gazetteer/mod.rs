//! The gazetteer: places, their names in every language and script, and the name index
//! the geoparser and search use.
//!
//! Data comes from `gazetteer/places.tsv` (generated from GeoNames and Natural Earth by
//! `dateline gazetteer build`, see [`build`]) and `gazetteer/overlay.toml` (curated, see
//! [`overlay`]). Both are embedded in the binary, so the default gazetteer needs no files.
//! Coordinates are `(lon, lat)` in WGS 84 degrees.

pub mod build;
pub mod editor;
pub mod index;
pub mod normalize;
pub mod overlay;
pub mod place;
pub mod search;
pub mod tsv;

use std::path::Path;

use rustc_hash::FxHashMap;

pub use index::{NameIndex, NameRef};
pub use place::{Kind, Name, Place, distance_km};

/// The shipped place table.
pub const DEFAULT_PLACES: &str = include_str!("../../gazetteer/places.tsv");
/// The shipped curated overlay.
pub const DEFAULT_OVERLAY: &str = include_str!("../../gazetteer/overlay.toml");
/// The shipped name index, built from the two files above by `dateline gazetteer index`.
pub const DEFAULT_INDEX: &[u8] = include_bytes!("../../gazetteer/names.idx");

/// The hash a name index records of the data it was built from: FNV-1a over the place
/// table and the overlay, so an edited overlay is never served with a stale index.
pub fn source_hash(places: &[u8], overlay: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [places, &[0u8][..], overlay] {
        for chunk in part.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            h ^= u64::from_le_bytes(w);
            h = h.wrapping_mul(0x0100_0000_01b3);
            h ^= h >> 29;
        }
    }
    h
}

/// Errors from loading or building a gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// Occurs when a file cannot be opened or read.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// The cause (shown in the message, not chained, so it is said once).
        error: std::io::Error,
    },
    /// Occurs when a line of a data file does not parse.
    #[error("{path}, line {line}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong, naming the field.
        message: String,
    },
    /// Occurs when the overlay is invalid or refers to unknown places.
    #[error("{path}: {message}")]
    Overlay {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Occurs when the name index cannot be built.
    #[error("name index: {0}")]
    Index(String),
    /// Occurs when a name index file is cut short, damaged or not an index at all (a stale
    /// one, built from other data, is rebuilt instead).
    #[error("{path}: {message}; rebuild it with `dateline gazetteer index`")]
    DamagedIndex {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// A loaded gazetteer.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_id: FxHashMap<String, u32>,
    countries: FxHashMap<String, u32>,
    index: NameIndex,
    /// Curated places → the places their geometry comes from.
    members: FxHashMap<String, Vec<String>>,
    /// The polygons file (text), parsed on first use.
    polygon_source: PolygonSource,
    polygons: std::sync::OnceLock<FxHashMap<String, geo::MultiPolygon>>,
    /// Places added by editors at the desk (changes while the server runs).
    editor: editor::EditorPlaces,
}

/// Where a gazetteer's polygons come from.
#[derive(Debug, Clone)]
enum PolygonSource {
    Embedded,
    File(std::path::PathBuf),
    None,
}

/// The shipped polygons.
pub const DEFAULT_POLYGONS: &str = include_str!("../../gazetteer/polygons.geojson");

impl Gazetteer {
    /// The embedded default gazetteer.
    ///
    /// # Errors
    /// Occurs only if the embedded data is corrupt (a test guards this).
    pub fn load_default() -> Result<Gazetteer, GazetteerError> {
        let places = tsv::read_places_str(DEFAULT_PLACES, "gazetteer/places.tsv (embedded)")?;
        let shown = "gazetteer/names.idx (embedded)";
        let index = NameIndex::from_bytes(
            DEFAULT_INDEX,
            source_hash(DEFAULT_PLACES.as_bytes(), DEFAULT_OVERLAY.as_bytes()),
            false,
        )
        .map_err(|message| GazetteerError::DamagedIndex {
            path: shown.into(),
            message,
        })?;
        let mut g = Gazetteer::assemble(
            places,
            Some((DEFAULT_OVERLAY, "gazetteer/overlay.toml (embedded)")),
            index.map(|ix| (ix, shown)),
        )?;
        g.polygon_source = PolygonSource::Embedded;
        Ok(g)
    }

    /// True when the embedded name index was built from the embedded data (if not, loading
    /// rebuilds it, slowly; run `dateline gazetteer index`).
    pub fn default_index_is_fresh() -> bool {
        matches!(
            NameIndex::from_bytes(
                DEFAULT_INDEX,
                source_hash(DEFAULT_PLACES.as_bytes(), DEFAULT_OVERLAY.as_bytes()),
                false,
            ),
            Ok(Some(_))
        )
    }

    /// A gazetteer from a directory holding `places.tsv` and optionally `overlay.toml`.
    ///
    /// # Errors
    /// Occurs when a file is missing or invalid; the error names it.
    pub fn load_dir(dir: &Path) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::load_dir_with(dir, true)
    }

    /// As [`Gazetteer::load_dir`]; `use_index` says whether a fresh `names.idx` may be used.
    fn load_dir_with(dir: &Path, use_index: bool) -> Result<Gazetteer, GazetteerError> {
        let read = |name: &str| -> Result<Option<Vec<u8>>, GazetteerError> {
            let path = dir.join(name);
            match std::fs::read(&path) {
                Ok(b) => Ok(Some(b)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && name != "places.tsv" => {
                    Ok(None)
                }
                Err(e) => Err(GazetteerError::Io {
                    path: path.display().to_string(),
                    error: e,
                }),
            }
        };
        let places_bytes = read("places.tsv")?.unwrap_or_default();
        let shown = dir.join("places.tsv").display().to_string();
        let places_text = String::from_utf8(places_bytes).map_err(|e| {
            let bad = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..bad].iter().filter(|&&b| b == b'\n').count();
            GazetteerError::Parse {
                path: shown.clone(),
                line,
                message: format!("not UTF-8: {}", e.utf8_error()),
            }
        })?;
        // The build ends every line with a newline: a last line without one was cut off.
        if !places_text.is_empty() && !places_text.ends_with('\n') {
            return Err(GazetteerError::Parse {
                path: shown,
                line: places_text.split('\n').count(),
                message: "the file ends in the middle of a line (truncated?)".into(),
            });
        }
        // Leaked on purpose: names borrow from the table for the life of the process.
        let places_text: &'static str = Box::leak(places_text.into_boxed_str());
        let places = tsv::read_places_str(places_text, &shown)?;
        let overlay = read("overlay.toml")?;
        let overlay_text = match overlay {
            Some(b) => Some(String::from_utf8(b).map_err(|e| GazetteerError::Overlay {
                path: dir.join("overlay.toml").display().to_string(),
                message: format!("not UTF-8: {e}"),
            })?),
            None => None,
        };
        let hash = source_hash(
            places_text.as_bytes(),
            overlay_text.as_deref().unwrap_or("").as_bytes(),
        );
        // The index file is leaked on purpose: it lives as long as the process, like the
        // embedded one.
        // A damaged one stops loading (it would serve half a gazetteer's names); a stale one
        // (built from other data) is rebuilt.
        let index = if use_index { read("names.idx")? } else { None };
        let shown_index = dir.join("names.idx").display().to_string();
        let index = match index {
            Some(b) => NameIndex::from_bytes(Box::leak(b.into_boxed_slice()), hash, true).map_err(
                |message| GazetteerError::DamagedIndex {
                    path: shown_index.clone(),
                    message,
                },
            )?,
            None => None,
        };
        let shown_overlay = dir.join("overlay.toml").display().to_string();
        let mut g = Gazetteer::assemble(
            places,
            overlay_text.as_deref().map(|t| (t, shown_overlay.as_str())),
            index.map(|ix| (ix, shown_index.as_str())),
        )?;
        g.polygon_source = PolygonSource::File(dir.join("polygons.geojson"));
        Ok(g)
    }

    /// Writes the name index for the data in `dir` to `dir/names.idx`.
    ///
    /// # Errors
    /// Occurs when the data is invalid or the file cannot be written.
    pub fn write_index(dir: &Path) -> Result<Gazetteer, GazetteerError> {
        // Always built afresh: the file on disk may come from other indexing code.
        let g = Gazetteer::load_dir_with(dir, false)?;
        let places = std::fs::read(dir.join("places.tsv")).map_err(|e| GazetteerError::Io {
            path: dir.display().to_string(),
            error: e,
        })?;
        let overlay = std::fs::read(dir.join("overlay.toml")).unwrap_or_default();
        let path = dir.join("names.idx");
        std::fs::write(&path, g.index.to_bytes(source_hash(&places, &overlay))).map_err(|e| {
            GazetteerError::Io {
                path: path.display().to_string(),
                error: e,
            }
        })?;
        Ok(g)
    }

    /// A gazetteer from places and an optional overlay `(text, origin)`.
    ///
    /// # Errors
    /// Occurs when the overlay is invalid.
    pub fn from_places(
        places: Vec<Place>,
        overlay: Option<(&str, &str)>,
    ) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::assemble(places, overlay, None)
    }

    /// The gazetteer of `places` with the overlay applied, and the name index read from
    /// `index` (`(index, file shown in errors)`, checked against the places) or built.
    fn assemble(
        mut places: Vec<Place>,
        overlay: Option<(&str, &str)>,
        index: Option<(NameIndex, &str)>,
    ) -> Result<Gazetteer, GazetteerError> {
        let mut members = FxHashMap::default();
        if let Some((text, origin)) = overlay {
            let ov = overlay::parse(text, origin)?;
            overlay::apply(&ov, &mut places, origin)?;
            for c in &ov.place {
                members.insert(c.id.clone(), c.geometry_from.clone());
            }
        }
        let by_id = places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.to_string(), i as u32))
            .collect();
        let countries = places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == Kind::Country)
            .map(|(i, p)| (p.country.to_string(), i as u32))
            .collect();
        let index = match index {
            Some((ix, shown)) => {
                let names: Vec<usize> = places.iter().map(|p| p.names.len()).collect();
                ix.check_postings(&names)
                    .map_err(|message| GazetteerError::DamagedIndex {
                        path: shown.to_owned(),
                        message,
                    })?;
                ix
            }
            None => NameIndex::build(index_pairs(&places))?,
        };
        Ok(Gazetteer {
            places,
            by_id,
            countries,
            index,
            members,
            polygon_source: PolygonSource::None,
            polygons: std::sync::OnceLock::new(),
            editor: editor::EditorPlaces::default(),
        })
    }

    /// Parses the polygons now (they are otherwise parsed on first use) so that a damaged
    /// file stops start-up instead of silently emptying the outlines: the number of
    /// outlines. A gazetteer directory without `polygons.geojson` has none (`Ok(0)`).
    ///
    /// # Errors
    /// Occurs when the polygons file cannot be read or does not parse; the error names it.
    pub fn check_polygons(&self) -> Result<usize, GazetteerError> {
        if let Some(p) = self.polygons.get() {
            return Ok(p.len());
        }
        let (text, shown) = match &self.polygon_source {
            PolygonSource::Embedded => (
                std::borrow::Cow::Borrowed(DEFAULT_POLYGONS),
                "polygons.geojson".to_owned(),
            ),
            PolygonSource::File(p) => match std::fs::read_to_string(p) {
                Ok(t) => (std::borrow::Cow::Owned(t), p.display().to_string()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
                Err(e) => {
                    return Err(GazetteerError::Io {
                        path: p.display().to_string(),
                        error: e,
                    });
                }
            },
            PolygonSource::None => return Ok(0),
        };
        let polys = build::read_polygons(&text, &shown)?;
        let n = polys.len();
        // Another thread may have parsed them meanwhile: the same file, the same result.
        let _ = self.polygons.set(polys);
        Ok(n)
    }

    /// The polygon of a place: its own outline (countries; districts of AZ, AM and GE), or
    /// for a curated area the outlines of the places it is made of. `None` for points and
    /// for places without an outline.
    pub fn polygon(&self, id: &str) -> Option<geo::MultiPolygon> {
        if id.starts_with(editor::ID_PREFIX) {
            return self.editor.polygon(id);
        }
        let polys = self.polygons.get_or_init(|| {
            let text = match &self.polygon_source {
                PolygonSource::Embedded => std::borrow::Cow::Borrowed(DEFAULT_POLYGONS),
                PolygonSource::File(p) => match std::fs::read_to_string(p) {
                    Ok(t) => std::borrow::Cow::Owned(t),
                    Err(_) => return FxHashMap::default(),
                },
                PolygonSource::None => return FxHashMap::default(),
            };
            build::read_polygons(&text, "polygons.geojson").unwrap_or_default()
        });
        if let Some(mp) = polys.get(id) {
            return Some(mp.clone());
        }
        let parts: Vec<geo::Polygon> = self
            .members
            .get(id)?
            .iter()
            .filter_map(|m| polys.get(m))
            .flat_map(|mp| mp.0.iter().cloned())
            .collect();
        (!parts.is_empty()).then_some(geo::MultiPolygon(parts))
    }

    /// The ids of the places a curated place's geometry comes from.
    pub fn members(&self, id: &str) -> &[String] {
        self.members.get(id).map_or(&[], Vec::as_slice)
    }

    /// Every place.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The place at `idx` (an index from [`NameRef::place`]).
    pub fn place(&self, idx: u32) -> &Place {
        &self.places[idx as usize]
    }

    /// The name a reference points at.
    pub fn name(&self, r: NameRef) -> &Name {
        &self.places[r.place as usize].names[r.name as usize]
    }

    /// The place with `id`.
    pub fn get(&self, id: &str) -> Option<&Place> {
        match self.by_id.get(id) {
            Some(&i) => Some(&self.places[i as usize]),
            None if id.starts_with(editor::ID_PREFIX) => self.editor.get(id),
            None => None,
        }
    }

    /// The places added by editors (registered by the desk; see [`editor`]).
    pub fn editor_places(&self) -> &editor::EditorPlaces {
        &self.editor
    }

    /// The index of the place with `id`.
    pub fn index_of(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The name index.
    pub fn names(&self) -> &NameIndex {
        &self.index
    }

    /// The country place for an ISO 3166-1 alpha-2 code.
    pub fn country(&self, code: &str) -> Option<&Place> {
        self.countries.get(code).map(|&i| self.place(i))
    }
}

/// Every `(key, name)` pair to index: each name's key, plus English transliterations of
/// Azerbaijani Latin names of places in Azerbaijan.
fn index_pairs(places: &[Place]) -> Vec<(String, NameRef)> {
    let mut pairs = Vec::with_capacity(places.iter().map(|p| p.names.len()).sum::<usize>() * 5 / 4);
    for (pi, p) in places.iter().enumerate() {
        for (ni, n) in p.names.iter().enumerate() {
            let r = NameRef {
                place: pi as u32,
                name: ni as u32,
            };
            let key = normalize::name_key(&n.text);
            if key.is_empty() || key.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
                continue;
            }
            if p.country == "AZ" && n.script() == normalize::Script::Latin {
                for v in normalize::az_latin_variants(&n.text) {
                    pairs.push((normalize::name_key(&v), r));
                }
            }
            // Russian district names are an adjective and "район"; texts often share the
            // noun between two districts ("в Физулинском и Джебраильском районах"), so
            // the adjective alone also names the district.
            if let Some(adjective) = key.strip_suffix(" раион") {
                if p.kind == Kind::District
                    && ["скии", "цкии"].iter().any(|e| adjective.ends_with(e))
                    && !adjective.contains(' ')
                {
                    pairs.push((adjective.to_owned(), r));
                }
            }
            pairs.push((key, r));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polygons_for_districts_and_curated_regions_but_not_towns() {
        let g = Gazetteer::load_default().expect("loads");
        assert!(g.polygon("geonames:147626").is_some(), "Lachin District");
        let nk = g
            .polygon("dateline:nagorno-karabakh")
            .expect("from its districts");
        assert_eq!(
            nk.0.len(),
            g.members("dateline:nagorno-karabakh")
                .iter()
                .filter_map(|m| g.polygon(m))
                .map(|p| p.0.len())
                .sum::<usize>()
        );
        assert!(g.polygon("geonames:586523").is_none(), "Ganja is a point");
    }

    #[test]
    fn the_shipped_index_matches_the_shipped_data() {
        assert!(
            Gazetteer::default_index_is_fresh(),
            "gazetteer/names.idx is stale: run `cargo run --release -- gazetteer index`"
        );
    }

    #[test]
    fn a_rebuilt_index_equals_the_shipped_one() {
        let g = Gazetteer::load_default().expect("loads");
        let places = tsv::read_places_str(DEFAULT_PLACES, "p").expect("parses");
        let fresh = Gazetteer::from_places(places, Some((DEFAULT_OVERLAY, "o"))).expect("builds");
        assert_eq!(
            g.names().len(),
            fresh.names().len(),
            "names.idx was built by other indexing code: run `cargo run --release -- gazetteer index`"
        );
        for key in [
            "ganja",
            "nagorno karabakh",
            "barda",
            "shusha",
            "гянджа",
            "физулинскии",
        ] {
            assert_eq!(g.names().get(key), fresh.names().get(key), "{key}");
        }
    }

    #[test]
    fn the_embedded_gazetteer_loads_and_knows_the_caucasus() {
        let g = Gazetteer::load_default().expect("embedded data is valid");
        assert!(g.places().len() > 30_000, "{}", g.places().len());
        let ganja = g.get("geonames:586523").expect("Ganja");
        assert_eq!(ganja.country, "AZ");
        assert!(g.get("dateline:nagorno-karabakh").is_some());
        assert_eq!(g.country("AZ").map(|p| p.kind), Some(Kind::Country));
        // Every AZ, AM and GE place of cities500 is in, however small.
        let small = g
            .places()
            .iter()
            .filter(|p| ["AZ", "AM", "GE"].contains(&p.country.as_ref()) && p.population < 1000)
            .count();
        assert!(small > 100, "{small}");
    }
}
