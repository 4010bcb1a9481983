//! Query strings, parsed in two stages: raw `(name, value)` pairs checked against the
//! parameters an endpoint accepts, then validated values (`Bbox`, `DateFilter`, limits).
//! Every failure names the parameter.

use chrono::NaiveDate;

use super::error::ApiError;
use crate::events::EventType;
use crate::index::{Bbox, DateFilter, Query};

/// The raw parameters of one request, each name at most once.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parses a query string and refuses names not in `allowed` and repeated names.
    ///
    /// # Errors
    /// [`ApiError::UnknownParameter`] for an unknown or repeated name;
    /// [`ApiError::InvalidParameter`] when the string is not URL-encoded pairs.
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|_| ApiError::invalid("query", "not a URL-encoded query string"))?;
        for (i, (k, _)) in pairs.iter().enumerate() {
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::UnknownParameter {
                    name: k.clone(),
                    allowed: allowed.join(", "),
                });
            }
            if pairs[..i].iter().any(|(j, _)| j == k) {
                return Err(ApiError::invalid(k, "given more than once"));
            }
        }
        Ok(Params(pairs))
    }

    /// The value of `name`, if given (an empty value counts as given).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of `name`, which must be given and not empty.
    ///
    /// # Errors
    /// [`ApiError::InvalidParameter`] when missing or empty.
    pub fn required(&self, name: &str) -> Result<&str, ApiError> {
        match self.get(name) {
            Some(v) if !v.trim().is_empty() => Ok(v),
            _ => Err(ApiError::invalid(name, "required")),
        }
    }

    /// The pairs, in order, for building links.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// A whole number `name` within `[min, max]`, or `default` when absent.
    ///
    /// # Errors
    /// [`ApiError::InvalidParameter`] when not a number or out of range.
    pub fn number(
        &self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        let Some(v) = self.get(name) else {
            return Ok(default);
        };
        let n: usize = v
            .trim()
            .parse()
            .map_err(|_| ApiError::invalid(name, format!("{v:?} is not a whole number")))?;
        if n < min || n > max {
            return Err(ApiError::invalid(
                name,
                format!("{n} is outside [{min}, {max}]"),
            ));
        }
        Ok(n)
    }

    /// A decimal number `name` within `[min, max]`.
    ///
    /// # Errors
    /// [`ApiError::InvalidParameter`] when missing, not a number or out of range.
    pub fn float(&self, name: &str, min: f64, max: f64) -> Result<f64, ApiError> {
        let v = self.required(name)?;
        let x: f64 = v
            .trim()
            .parse()
            .map_err(|_| ApiError::invalid(name, format!("{v:?} is not a number")))?;
        if !(min..=max).contains(&x) {
            return Err(ApiError::invalid(
                name,
                format!("{x} is outside [{min}, {max}]"),
            ));
        }
        Ok(x)
    }
}

/// The file formats of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GeoJSON FeatureCollection (the default).
    GeoJson,
    /// Comma-separated values, one row per event.
    Csv,
    /// KML for Google Earth.
    Kml,
    /// GeoPackage (SQLite) for GIS.
    Gpkg,
}

impl Format {
    /// The format named by `f` (`json` and `geojson` are the same).
    ///
    /// # Errors
    /// [`ApiError::InvalidParameter`] for any other name.
    pub fn parse(f: &str) -> Result<Format, ApiError> {
        match f {
            "json" | "geojson" => Ok(Format::GeoJson),
            "csv" => Ok(Format::Csv),
            "kml" => Ok(Format::Kml),
            "gpkg" => Ok(Format::Gpkg),
            other => Err(ApiError::invalid(
                "f",
                format!("{other:?} is not one of geojson, json, csv, kml, gpkg"),
            )),
        }
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::Csv => "csv",
            Format::Kml => "kml",
            Format::Gpkg => "gpkg",
        }
    }
}

/// `bbox=west,south,east,north` (or with heights: `west,south,min,east,north,max`).
///
/// # Errors
/// [`ApiError::InvalidParameter`] naming `bbox`.
pub fn parse_bbox(s: &str) -> Result<Bbox, ApiError> {
    let nums: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| ApiError::invalid("bbox", format!("{s:?} is not a list of numbers")))?;
    let b = match nums.as_slice() {
        [w, s, e, n] => Bbox::new(*w, *s, *e, *n),
        [w, s, _, e, n, _] => Bbox::new(*w, *s, *e, *n),
        _ => return Err(ApiError::invalid("bbox", "expected 4 (or 6) numbers")),
    };
    b.map_err(|e| ApiError::invalid("bbox", e.to_string()))
}

/// One end of a `datetime`: a date or an RFC 3339 date-time (its day); `..` or empty is
/// open.
fn parse_instant(s: &str) -> Result<Option<NaiveDate>, ApiError> {
    let s = s.trim();
    if s.is_empty() || s == ".." {
        return Ok(None);
    }
    let day = s
        .get(..10)
        .filter(|_| s.len() == 10 || s.as_bytes()[10] == b'T');
    let valid_time = s.len() == 10 || chrono::DateTime::parse_from_rfc3339(s).is_ok();
    match day.map(|d| d.parse::<NaiveDate>()) {
        Some(Ok(d)) if valid_time => Ok(Some(d)),
        _ => Err(ApiError::invalid(
            "datetime",
            format!("{s:?} is not a date (YYYY-MM-DD), an RFC 3339 date-time or .."),
        )),
    }
}

/// `datetime`: an instant, `start/end`, `../end`, `start/..` or `../..`.
///
/// # Errors
/// [`ApiError::InvalidParameter`] naming `datetime`.
pub fn parse_datetime(s: &str) -> Result<DateFilter, ApiError> {
    let r = match s.split_once('/') {
        None if s.trim() == ".." => {
            return Err(ApiError::invalid(
                "datetime",
                "`..` is only allowed as one end of an interval",
            ));
        }
        None => match parse_instant(s)? {
            Some(d) => Ok(DateFilter::instant(d)),
            None => return Err(ApiError::invalid("datetime", "empty")),
        },
        Some((a, b)) => DateFilter::new(parse_instant(a)?, parse_instant(b)?),
    };
    r.map_err(|e| ApiError::invalid("datetime", e.to_string()))
}

/// `date_match`: `overlaps` (the default: events whose interval overlaps `datetime`) or
/// `within` (events whose whole interval lies within it).
///
/// # Errors
/// [`ApiError::InvalidParameter`] naming `date_match`.
pub fn date_match(p: &Params, d: DateFilter) -> Result<DateFilter, ApiError> {
    match p.get("date_match") {
        None | Some("overlaps") => Ok(d),
        Some("within") => Ok(d.within()),
        Some(other) => Err(ApiError::invalid(
            "date_match",
            format!("{other:?}: use overlaps or within"),
        )),
    }
}

/// `event_type`: one identifier of the vocabulary.
fn parse_event_type(s: &str) -> Result<EventType, ApiError> {
    EventType::ALL
        .into_iter()
        .find(|t| t.as_str() == s)
        .ok_or_else(|| {
            let all: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
            ApiError::invalid(
                "event_type",
                format!("{s:?} is not one of {}", all.join(", ")),
            )
        })
}

/// A filter text: trimmed, `None` when empty.
fn text(p: &Params, name: &str) -> Option<String> {
    p.get(name)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Most event ids one `ids` may name.
pub const MAX_IDS: usize = 1000;

/// `ids`: comma-separated event ids (sorted and deduplicated; blank entries ignored, so an
/// empty list matches no event).
///
/// # Errors
/// [`ApiError::InvalidParameter`] for more than [`MAX_IDS`].
pub fn parse_ids(v: &str) -> Result<Vec<String>, ApiError> {
    let mut ids: Vec<String> = v
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if ids.len() > MAX_IDS {
        return Err(ApiError::invalid(
            "ids",
            format!("names {} events; at most {MAX_IDS}", ids.len()),
        ));
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The layer query and file format of an items request.
///
/// # Errors
/// [`ApiError::InvalidParameter`] naming the first invalid parameter.
pub fn items_query(p: &Params) -> Result<(Query, Format), ApiError> {
    // Checked with or without `datetime`: a bad value is refused, never ignored.
    date_match(
        p,
        DateFilter::new(None, None).map_err(|e| ApiError::Internal(e.to_string()))?,
    )?;
    let query = Query {
        bbox: p.get("bbox").map(parse_bbox).transpose()?,
        datetime: p
            .get("datetime")
            .map(parse_datetime)
            .transpose()?
            .map(|d| date_match(p, d))
            .transpose()?,
        event_type: p.get("event_type").map(parse_event_type).transpose()?,
        source: text(p, "source"),
        claimant: text(p, "claimant"),
        place: text(p, "place"),
        q: text(p, "q"),
        ids: p.get("ids").map(parse_ids).transpose()?,
        offset: p.number("offset", 0, 0, usize::MAX)?,
        // Larger pages are clamped rather than refused, as OGC API – Features allows, so
        // clients that ask for "everything" still get a page.
        limit: p
            .number("limit", Query::DEFAULT_LIMIT, 1, usize::MAX)?
            .min(Query::MAX_LIMIT),
    };
    let format = p.get("f").map(Format::parse).transpose()?;
    Ok((query, format.unwrap_or(Format::GeoJson)))
}

#[cfg(test)]
mod tests;
