//! Places and their names: the gazetteer's records.
//!
//! Coordinates are `(lon, lat)` in WGS 84 degrees everywhere, as in GeoJSON.

use std::borrow::Cow;

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::normalize::{Script, script_of};

/// A string of the gazetteer: borrowed from the embedded data where possible (so loading
/// allocates little), owned where built or edited.
pub type Str = Cow<'static, str>;

/// What kind of place a record is. The vocabulary is small on purpose: it drives ranking,
/// map styling and the location precision of events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A sovereign state or dependent territory (GeoNames country).
    Country,
    /// A first-order division or a wider named region ("Nagorno-Karabakh", "South Caucasus").
    Region,
    /// A district (Azerbaijan's rayons; Natural Earth admin-1 features of type District).
    District,
    /// A city: a capital, an administrative seat or 100,000 inhabitants or more.
    City,
    /// A town: 5,000 inhabitants or more.
    Town,
    /// Any smaller populated place.
    Village,
    /// A transport corridor ("Lachin corridor").
    Corridor,
    /// A state border or a section of one.
    Border,
    /// A ceasefire or front line.
    LineOfContact,
}

impl Kind {
    /// The identifier used in data files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Region => "region",
            Kind::District => "district",
            Kind::City => "city",
            Kind::Town => "town",
            Kind::Village => "village",
            Kind::Corridor => "corridor",
            Kind::Border => "border",
            Kind::LineOfContact => "line_of_contact",
        }
    }

    /// Parses the identifier used in data files.
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "region" => Kind::Region,
            "district" => Kind::District,
            "city" => Kind::City,
            "town" => Kind::Town,
            "village" => Kind::Village,
            "corridor" => Kind::Corridor,
            "border" => Kind::Border,
            "line_of_contact" => Kind::LineOfContact,
            _ => return None,
        })
    }

    /// True for areas (as opposed to settlements, which are points).
    pub fn is_area(self) -> bool {
        matches!(self, Kind::Country | Kind::Region | Kind::District)
    }
}

/// One name of a place, with what we know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// The name as written.
    pub text: Str,
    /// ISO 639-1 language code where the source says (`"az"`, `"hy"`, `"ru"`…).
    pub lang: Option<Str>,
    /// Who uses the name, or why it is listed ("Armenian usage", "Soviet-era name").
    pub note: Option<Str>,
}

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Name", 4)?;
        st.serialize_field("text", &self.text)?;
        if let Some(l) = &self.lang {
            st.serialize_field("lang", l)?;
        }
        st.serialize_field("script", &self.script())?;
        if let Some(n) = &self.note {
            st.serialize_field("note", n)?;
        }
        st.end()
    }
}

impl Name {
    /// A name with an optional language and note (copied).
    pub fn new(text: &str, lang: Option<&str>, note: Option<&str>) -> Name {
        Name {
            text: Cow::Owned(text.to_owned()),
            lang: lang
                .filter(|l| !l.is_empty())
                .map(|l| Cow::Owned(l.to_owned())),
            note: note
                .filter(|n| !n.is_empty())
                .map(|n| Cow::Owned(n.to_owned())),
        }
    }

    /// A name borrowing static text (the embedded data).
    pub fn borrowed(text: &'static str, lang: Option<&'static str>) -> Name {
        Name {
            text: Cow::Borrowed(text),
            lang: lang.filter(|l| !l.is_empty()).map(Cow::Borrowed),
            note: None,
        }
    }

    /// The writing system, detected from the text.
    pub fn script(&self) -> Script {
        script_of(&self.text)
    }

    /// True for abbreviations such as "USA" or "UK": all upper case, matched only as written.
    pub fn is_abbreviation(&self) -> bool {
        let b = self.text.as_bytes();
        b.len() <= 8
            && b.iter().all(|&c| c.is_ascii_uppercase() || c == b'.')
            && (2..=4).contains(&b.iter().filter(|c| c.is_ascii_uppercase()).count())
    }
}

/// Drops empty names and names that repeat an earlier one (same text and language), keeping
/// the first, so the display name stays first.
pub fn dedup_names(names: &mut Vec<Name>) {
    let mut seen = rustc_hash::FxHashSet::default();
    names.retain(|n| !n.text.is_empty() && seen.insert((n.text.clone(), n.lang.clone())));
}

/// A place in the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// Stable id: `geonames:586523`, or `dateline:nagorno-karabakh` for curated places.
    pub id: Str,
    /// The default display name (English exonym where one exists).
    pub name: Str,
    /// Every known name, the display name first.
    pub names: Vec<Name>,
    /// What kind of place it is.
    pub kind: Kind,
    /// The GeoNames feature code (`PPLA`, `PCLI`, `ADM1`…) or `CURATED`.
    pub feature_code: Str,
    /// ISO 3166-1 alpha-2 country code; empty for places across borders.
    pub country: Str,
    /// GeoNames admin-1 code (`AZ.20`); empty when unknown.
    pub admin1: Str,
    /// Representative point, `[lon, lat]`.
    pub point: [f64; 2],
    /// Number of inhabitants (0 when unknown).
    pub population: u64,
    /// Bounding box `[min_lon, min_lat, max_lon, max_lat]` for areas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
}

impl Place {
    /// Longitude in degrees.
    pub fn lon(&self) -> f64 {
        self.point[0]
    }

    /// Latitude in degrees.
    pub fn lat(&self) -> f64 {
        self.point[1]
    }

    /// The first name in `lang`, if the place has one.
    pub fn name_in(&self, lang: &str) -> Option<&str> {
        self.names
            .iter()
            .find(|n| n.lang.as_deref() == Some(lang))
            .map(|n| n.text.as_ref())
    }
}

/// Great-circle distance in kilometres between two `[lon, lat]` points (haversine, mean
/// Earth radius 6,371 km).
///
/// # Units
/// Input in degrees, output in kilometres.
pub fn distance_km(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (lon1, lat1) = (a[0].to_radians(), a[1].to_radians());
    let (lon2, lat2) = (b[0].to_radians(), b[1].to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    mod distance {
        use super::*;

        #[test]
        fn baku_to_ganja() {
            // longitude, latitude
            let baku = [49.89201, 40.37767];
            let ganja = [46.36056, 40.68278];
            let d = distance_km(baku, ganja);
            assert!((d - 300.0).abs() < 5.0, "{d}");
        }

        #[test]
        fn new_york_to_london() {
            let d = distance_km([-74.006, 40.7128], [-0.1278, 51.5074]);
            assert!((d - 5570.0).abs() < 10.0, "{d}");
        }

        #[test]
        fn zero_for_the_same_point() {
            assert_eq!(distance_km([46.0, 40.0], [46.0, 40.0]), 0.0);
        }
    }

    #[test]
    fn kinds_round_trip() {
        for k in [
            Kind::Country,
            Kind::Region,
            Kind::District,
            Kind::City,
            Kind::Town,
            Kind::Village,
            Kind::Corridor,
            Kind::Border,
            Kind::LineOfContact,
        ] {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("planet"), None);
    }

    #[test]
    fn abbreviations_are_short_upper_case() {
        assert!(Name::new("USA", None, None).is_abbreviation());
        assert!(Name::new("U.K.", None, None).is_abbreviation());
        assert!(!Name::new("Baku", None, None).is_abbreviation());
        assert!(!Name::new("BAKURIANI", None, None).is_abbreviation());
    }
}
