//! The curated overlay, `gazetteer/overlay.toml`: places the public datasets lack (the
//! Nagorno-Karabakh region, the South Caucasus, the Lachin corridor…), names they lack
//! (the contested names of each party, with their language and who uses them) and fixes to
//! their errors (Natural Earth's AZE-1735 is Lachin, labelled "Lankaran").
//!
//! Curated places carry no hand-typed coordinates: their point and bbox are derived from
//! the places listed in `geometry_from` (mean of the points, union of the boxes).

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::GazetteerError;
use super::place::{Kind, Name, Place, dedup_names};

/// The overlay file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// Places added by us.
    #[serde(default)]
    pub place: Vec<CuratedPlace>,
    /// Changes to places from the datasets.
    #[serde(default)]
    pub patch: Vec<Patch>,
}

/// A name as written in the overlay.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CuratedName {
    /// The name as written.
    pub text: String,
    /// ISO 639-1 language code.
    #[serde(default)]
    pub lang: Option<String>,
    /// Who uses it, or why it is listed.
    #[serde(default)]
    pub note: Option<String>,
}

impl CuratedName {
    fn to_name(&self) -> Name {
        Name::new(&self.text, self.lang.as_deref(), self.note.as_deref())
    }
}

/// A place added by the overlay.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CuratedPlace {
    /// `dateline:` id.
    pub id: String,
    /// Kind identifier (`region`, `corridor`…).
    pub kind: String,
    /// ISO country code, or empty for places across borders.
    #[serde(default)]
    pub country: String,
    /// Every name, the display name first.
    pub names: Vec<CuratedName>,
    /// Ids of the places whose points and boxes give this place its geometry.
    pub geometry_from: Vec<String>,
    /// Where the place's definition comes from, for the README and the API.
    #[serde(default)]
    pub source: Option<String>,
}

/// A change to a dataset place.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    /// The id of the place to change.
    pub id: String,
    /// Why (shown in reviews; not used by the code).
    #[serde(default)]
    pub reason: Option<String>,
    /// Drop the dataset's names before adding `names`.
    #[serde(default)]
    pub replace_names: bool,
    /// Names to add; the first becomes the display name when `replace_names` is set or
    /// `display` is true.
    #[serde(default)]
    pub names: Vec<CuratedName>,
    /// Make the first of `names` the display name.
    #[serde(default)]
    pub display: bool,
    /// A corrected kind.
    #[serde(default)]
    pub kind: Option<String>,
}

/// Parses the overlay; `origin` names the file in errors.
///
/// # Errors
/// Occurs when the TOML is invalid or has unknown keys.
pub fn parse(text: &str, origin: &str) -> Result<Overlay, GazetteerError> {
    toml::from_str(text).map_err(|e| GazetteerError::Overlay {
        path: origin.to_owned(),
        message: e.to_string(),
    })
}

/// Applies the overlay to `places`: patches first, then curated places (which may derive
/// their geometry from patched places).
///
/// # Errors
/// Occurs when a patch or `geometry_from` names an unknown place, a kind is unknown, or a
/// curated id is taken.
pub fn apply(
    overlay: &Overlay,
    places: &mut Vec<Place>,
    origin: &str,
) -> Result<(), GazetteerError> {
    let err = |message: String| GazetteerError::Overlay {
        path: origin.to_owned(),
        message,
    };
    let mut by_id: FxHashMap<String, usize> = places
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.to_string(), i))
        .collect();
    for patch in &overlay.patch {
        let &i = by_id
            .get(&patch.id)
            .ok_or_else(|| err(format!("patch: no place has id {:?}", patch.id)))?;
        let p = &mut places[i];
        if let Some(k) = &patch.kind {
            p.kind = Kind::parse(k)
                .ok_or_else(|| err(format!("patch {:?}: unknown kind {k:?}", patch.id)))?;
        }
        let new: Vec<Name> = patch.names.iter().map(CuratedName::to_name).collect();
        if patch.replace_names {
            p.names = new;
        } else if patch.display {
            let mut all = new;
            all.append(&mut p.names);
            p.names = all;
        } else {
            p.names.extend(new);
        }
        dedup_names(&mut p.names);
        p.name = p
            .names
            .first()
            .map(|n| n.text.clone())
            .ok_or_else(|| err(format!("patch {:?} leaves no name", patch.id)))?;
    }
    for c in &overlay.place {
        if by_id.contains_key(&c.id) {
            return Err(err(format!("place {:?} is defined twice", c.id)));
        }
        let kind = Kind::parse(&c.kind)
            .ok_or_else(|| err(format!("place {:?}: unknown kind {:?}", c.id, c.kind)))?;
        let names: Vec<Name> = c.names.iter().map(CuratedName::to_name).collect();
        let name = names
            .first()
            .map(|n| n.text.clone())
            .ok_or_else(|| err(format!("place {:?} has no name", c.id)))?;
        let mut sum = [0.0, 0.0];
        let mut bbox = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for m in &c.geometry_from {
            let &j = by_id.get(m).ok_or_else(|| {
                err(format!(
                    "place {:?}: geometry_from names unknown place {m:?}",
                    c.id
                ))
            })?;
            let q = &places[j];
            sum[0] += q.point[0];
            sum[1] += q.point[1];
            let b = q
                .bbox
                .unwrap_or([q.point[0], q.point[1], q.point[0], q.point[1]]);
            bbox = [
                bbox[0].min(b[0]),
                bbox[1].min(b[1]),
                bbox[2].max(b[2]),
                bbox[3].max(b[3]),
            ];
        }
        if c.geometry_from.is_empty() {
            return Err(err(format!("place {:?}: geometry_from is empty", c.id)));
        }
        let n = c.geometry_from.len() as f64;
        by_id.insert(c.id.clone(), places.len());
        places.push(Place {
            id: c.id.clone().into(),
            name,
            names,
            kind,
            feature_code: "CURATED".into(),
            country: c.country.clone().into(),
            admin1: String::new().into(),
            point: [sum[0] / n, sum[1] / n],
            population: 0,
            bbox: Some(bbox),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(id: &str, lon: f64, lat: f64) -> Place {
        Place {
            id: id.to_owned().into(),
            name: id.to_owned().into(),
            names: vec![Name::new(id, None, None)],
            kind: Kind::District,
            feature_code: "ADM1".into(),
            country: "AZ".into(),
            admin1: String::new().into(),
            point: [lon, lat],
            population: 0,
            bbox: Some([lon - 0.1, lat - 0.1, lon + 0.1, lat + 0.1]),
        }
    }

    #[test]
    fn curated_places_derive_geometry_and_patches_rename() {
        let text = r#"
            [[patch]]
            id = "a"
            replace_names = true
            names = [{ text = "Lachin District", lang = "en" }, { text = "Laçın rayonu", lang = "az" }]

            [[place]]
            id = "dateline:ab"
            kind = "region"
            names = [{ text = "AB" }, { text = "Ab-Region", lang = "de", note = "German" }]
            geometry_from = ["a", "b"]
        "#;
        let ov = parse(text, "overlay.toml").expect("parses");
        let mut places = vec![place("a", 46.0, 40.0), place("b", 47.0, 41.0)];
        apply(&ov, &mut places, "overlay.toml").expect("applies");
        assert_eq!(places[0].name, "Lachin District");
        assert_eq!(places[0].names.len(), 2);
        let ab = &places[2];
        assert_eq!(ab.point, [46.5, 40.5]);
        assert_eq!(ab.bbox, Some([45.9, 39.9, 47.1, 41.1]));
        assert_eq!(ab.names[1].note.as_deref(), Some("German"));
    }

    #[test]
    fn unknown_references_and_keys_are_errors() {
        let mut places = vec![place("a", 46.0, 40.0)];
        let ov = parse("[[patch]]\nid = \"zz\"\n", "o.toml").expect("parses");
        let e = apply(&ov, &mut places, "o.toml").expect_err("unknown id");
        assert!(e.to_string().contains("zz") && e.to_string().contains("o.toml"));
        let e = parse("[[place]]\nid = \"x\"\nkind = \"region\"\nnames = []\ngeometry_from = []\ncolour = 1\n", "o.toml").expect_err("unknown key");
        assert!(e.to_string().contains("colour"), "{e}");
    }
}
