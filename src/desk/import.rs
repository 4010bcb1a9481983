//! Importing point layers as exported by uMap, Google My Maps and Dateline itself: GeoJSON
//! (Point features), CSV (latitude/longitude columns) and KML (Placemarks with a Point). The
//! file becomes a draft source whose text is the file itself, and each feature a draft
//! event with one claim citing it: the quote is the feature's name as it stands in the file
//! (its byte span), so provenance holds for imports too. Each point is placed at the nearest
//! gazetteer place (the distance decides the location precision); features that cannot be
//! read are reported, not guessed.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::DeskError;
use crate::gazetteer::Gazetteer;
use crate::index::PlaceIndex;

/// Features read from one file, most.
pub const MAX_FEATURES: usize = 5_000;
/// Farthest a point may be from its gazetteer place, in kilometres.
pub const MAX_SNAP_KM: f64 = 50.0;

/// The formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 7946 GeoJSON.
    GeoJson,
    /// CSV with a header row.
    Csv,
    /// OGC KML 2.2.
    Kml,
}

impl Format {
    /// The format of a file by its name or media type.
    pub fn detect(name: &str, media_type: &str) -> Option<Format> {
        let n = name.to_ascii_lowercase();
        let m = media_type.to_ascii_lowercase();
        if n.ends_with(".geojson") || n.ends_with(".json") || m.contains("geo+json") {
            Some(Format::GeoJson)
        } else if n.ends_with(".csv") || m.contains("text/csv") {
            Some(Format::Csv)
        } else if n.ends_with(".kml") || m.contains("kml") {
            Some(Format::Kml)
        } else {
            None
        }
    }
}

/// One feature read from the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Its number in the file (1-based), for reports.
    pub n: usize,
    /// Its name.
    pub name: String,
    /// Byte span of the name in the file's text.
    pub span: (usize, usize),
    /// `[lon, lat]`.
    pub point: [f64; 2],
    /// Its date (ISO 8601 day), when it has one.
    pub date: Option<NaiveDate>,
    /// Its description.
    pub description: Option<String>,
}

/// A feature that was not imported, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Skipped {
    /// Its number in the file (1-based).
    pub feature: usize,
    /// Why.
    pub reason: String,
}

/// Reads the features of `text`.
///
/// # Errors
/// [`DeskError::Invalid`] naming `file` when the file does not parse at all.
pub fn read(format: Format, text: &str) -> Result<(Vec<Feature>, Vec<Skipped>), DeskError> {
    let mut out = (Vec::new(), Vec::new());
    match format {
        Format::GeoJson => geojson(text, &mut out)?,
        Format::Csv => csv(text, &mut out)?,
        Format::Kml => kml(text, &mut out)?,
    }
    if out.0.len() > MAX_FEATURES {
        return Err(DeskError::invalid(
            "file",
            format!("has more than {MAX_FEATURES} features: import it in parts"),
        ));
    }
    Ok(out)
}

/// The byte span of `needle` in `text` at or after `from`.
fn find(text: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let at = text.get(from..)?.find(needle)? + from;
    Some((at, at + needle.len()))
}

fn date(s: &str) -> Option<NaiveDate> {
    s.get(..10).and_then(|d| d.parse().ok())
}

fn valid_point(lon: f64, lat: f64) -> bool {
    lon.is_finite()
        && lat.is_finite()
        && (-180.0..=180.0).contains(&lon)
        && (-90.0..=90.0).contains(&lat)
}

fn geojson(text: &str, out: &mut (Vec<Feature>, Vec<Skipped>)) -> Result<(), DeskError> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| DeskError::invalid("file", format!("is not GeoJSON: {e}")))?;
    let features = match v.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => v["features"].as_array().cloned().unwrap_or_default(),
        Some("Feature") => vec![v.clone()],
        _ => {
            return Err(DeskError::invalid(
                "file",
                "is not a GeoJSON Feature or FeatureCollection",
            ));
        }
    };
    let mut cursor = 0;
    for (i, f) in features.iter().enumerate() {
        let n = i + 1;
        let p = &f["properties"];
        let name = ["name", "title", "Name"]
            .iter()
            .find_map(|k| p.get(*k).and_then(Value::as_str))
            .unwrap_or_default();
        let coords = f["geometry"]["coordinates"].as_array();
        let point = match (f["geometry"]["type"].as_str(), coords) {
            (Some("Point"), Some(c)) if c.len() >= 2 => c[0].as_f64().zip(c[1].as_f64()),
            _ => None,
        };
        let Some((lon, lat)) = point.filter(|(lon, lat)| valid_point(*lon, *lat)) else {
            out.1.push(Skipped {
                feature: n,
                reason: "not a Point with valid coordinates".into(),
            });
            continue;
        };
        // The name as it stands in the file: its JSON string, less the quotes.
        let encoded = serde_json::to_string(name).unwrap_or_default();
        let Some((s, e)) = find(text, &encoded, cursor).map(|(s, e)| (s + 1, e - 1)) else {
            out.1.push(Skipped {
                feature: n,
                reason: "no name (name, title) to quote".into(),
            });
            continue;
        };
        cursor = e;
        out.0.push(Feature {
            n,
            name: text[s..e].to_owned(),
            span: (s, e),
            point: [lon, lat],
            date: ["date", "timestamp", "when", "date_start"]
                .iter()
                .find_map(|k| p.get(*k).and_then(Value::as_str).and_then(date)),
            description: ["description", "summary"]
                .iter()
                .find_map(|k| p.get(*k).and_then(Value::as_str).map(str::to_owned)),
        });
    }
    Ok(())
}

fn csv(text: &str, out: &mut (Vec<Feature>, Vec<Skipped>)) -> Result<(), DeskError> {
    let mut r = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = r
        .headers()
        .map_err(|e| DeskError::invalid("file", format!("is not CSV: {e}")))?
        .clone();
    let col = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let (Some(lat), Some(lon)) = (
        col(&["latitude", "lat", "y"]),
        col(&["longitude", "lon", "lng", "long", "x"]),
    ) else {
        return Err(DeskError::invalid(
            "file",
            "a CSV needs latitude and longitude columns (latitude/lat, longitude/lon/lng)",
        ));
    };
    let name = col(&["name", "title"]);
    let when = col(&["date", "date_start", "timestamp", "when"]);
    let desc = col(&["description", "summary"]);
    for (i, rec) in r.records().enumerate() {
        let n = i + 1;
        let Ok(rec) = rec else {
            out.1.push(Skipped {
                feature: n,
                reason: "the row does not parse".into(),
            });
            continue;
        };
        let start = rec.position().map_or(0, |p| p.byte() as usize);
        let num = |c: usize| rec.get(c).and_then(|v| v.trim().parse::<f64>().ok());
        let Some((la, lo)) = num(lat)
            .zip(num(lon))
            .filter(|(la, lo)| valid_point(*lo, *la))
        else {
            out.1.push(Skipped {
                feature: n,
                reason: "no valid latitude and longitude".into(),
            });
            continue;
        };
        let nm = name.and_then(|c| rec.get(c)).unwrap_or_default().trim();
        let Some(span) = find(text, nm, start) else {
            out.1.push(Skipped {
                feature: n,
                reason: "no name to quote".into(),
            });
            continue;
        };
        out.0.push(Feature {
            n,
            name: nm.to_owned(),
            span,
            point: [lo, la],
            date: when.and_then(|c| rec.get(c)).and_then(|d| date(d.trim())),
            description: desc.and_then(|c| rec.get(c)).map(str::to_owned),
        });
    }
    Ok(())
}

fn kml(text: &str, out: &mut (Vec<Feature>, Vec<Skipped>)) -> Result<(), DeskError> {
    use quick_xml::Reader;
    use quick_xml::events::Event as X;
    let mut r = Reader::from_str(text);
    let mut n = 0;
    let mut path: Vec<String> = Vec::new();
    let (mut name, mut name_span, mut coords, mut when, mut desc) = (
        String::new(),
        None,
        String::new(),
        String::new(),
        String::new(),
    );
    loop {
        let pos = r.buffer_position() as usize;
        match r.read_event() {
            Err(e) => {
                return Err(DeskError::invalid("file", format!("is not KML (XML): {e}")));
            }
            Ok(X::Eof) => break,
            Ok(X::Start(s)) => {
                let tag = String::from_utf8_lossy(s.local_name().as_ref()).into_owned();
                if tag == "Placemark" {
                    n += 1;
                    (name, name_span, coords, when, desc) = (
                        String::new(),
                        None,
                        String::new(),
                        String::new(),
                        String::new(),
                    );
                }
                path.push(tag);
            }
            Ok(X::End(_)) => {
                if path.pop().as_deref() == Some("Placemark") {
                    let mut it = coords.split(',').map(|v| v.trim().parse::<f64>().ok());
                    let point = it.next().flatten().zip(it.next().flatten());
                    match (point.filter(|(lo, la)| valid_point(*lo, *la)), name_span) {
                        (Some((lo, la)), Some(span)) => out.0.push(Feature {
                            n,
                            name: name.clone(),
                            span,
                            point: [lo, la],
                            date: date(when.trim()),
                            description: (!desc.is_empty()).then(|| desc.clone()),
                        }),
                        (None, _) => out.1.push(Skipped {
                            feature: n,
                            reason: "not a Point with valid coordinates".into(),
                        }),
                        (_, None) => out.1.push(Skipped {
                            feature: n,
                            reason: "no name to quote".into(),
                        }),
                    }
                }
            }
            Ok(ev @ (X::Text(_) | X::CData(_))) if path.iter().any(|p| p == "Placemark") => {
                let raw = match &ev {
                    X::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    X::CData(t) => String::from_utf8_lossy(t).into_owned(),
                    _ => String::new(),
                };
                let end = r.buffer_position() as usize;
                match path.last().map(String::as_str) {
                    Some("name") if name_span.is_none() => {
                        // The quote is the name's bytes in the file (kept as written).
                        let trimmed = raw.trim();
                        name_span = find(text, trimmed, pos).filter(|(_, e)| *e <= end);
                        name = trimmed.to_owned();
                    }
                    Some("coordinates") => coords.push_str(&raw),
                    Some("when") => when.push_str(&raw),
                    Some("description") => desc.push_str(&raw),
                    _ => {}
                }
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// The event fields of a feature: at the nearest gazetteer place (within
/// [`MAX_SNAP_KM`]), of `event_type`, with one claim quoting its name from `source`.
///
/// # Errors
/// The reason when no gazetteer place is near enough.
pub fn event_doc(
    f: &Feature,
    g: &Gazetteer,
    places: &PlaceIndex,
    source: &str,
    claimant: &str,
    event_type: &str,
) -> Result<Map<String, Value>, String> {
    let near = places
        .nearest(g, f.point, 1)
        .into_iter()
        .next()
        .filter(|n| n.distance_km <= MAX_SNAP_KM)
        .ok_or_else(|| format!("no gazetteer place within {MAX_SNAP_KM} km"))?;
    let place = g.place(near.place);
    let precision = if near.distance_km <= 5.0 {
        "place"
    } else {
        "district"
    };
    let summary = f
        .description
        .clone()
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| format!("{claimant} marks {:?} here.", f.name));
    let (start, end, prec) = match f.date {
        Some(d) => (json!(d.to_string()), json!(d.to_string()), "day"),
        None => (Value::Null, Value::Null, "unknown"),
    };
    let v = json!({
        "title": f.name,
        "summary": summary,
        "event_type": event_type,
        "date_start": start, "date_end": end, "date_precision": prec,
        "place_id": place.id,
        "place_name": f.name,
        "location_precision": precision,
        "claim": [{"source": source, "claimant": claimant, "stance": "reports",
                   "start": f.span.0, "end": f.span.1}],
    });
    match v {
        Value::Object(m) => Ok(m),
        _ => Err("internal".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geojson_points_are_read_with_the_names_span_in_the_file() {
        let t = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"Shelling in Tartar","date":"2020-10-04"},"geometry":{"type":"Point","coordinates":[47.15,40.34]}},
 {"type":"Feature","properties":{"name":"A line"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}"#;
        let (f, skipped) = read(Format::GeoJson, t).expect("reads");
        assert_eq!(f.len(), 1);
        assert_eq!(&t[f[0].span.0..f[0].span.1], "Shelling in Tartar");
        assert_eq!(f[0].point, [47.15, 40.34]);
        assert_eq!(f[0].date, NaiveDate::from_ymd_opt(2020, 10, 4));
        assert_eq!(
            skipped,
            [Skipped {
                feature: 2,
                reason: "not a Point with valid coordinates".into()
            }]
        );
    }

    #[test]
    fn csv_rows_need_latitude_and_longitude() {
        let t = "name,lat,lon,date\nBarda market,40.37,47.13,2020-10-28\nNowhere,x,y,\n";
        let (f, skipped) = read(Format::Csv, t).expect("reads");
        assert_eq!(f.len(), 1);
        assert_eq!(&t[f[0].span.0..f[0].span.1], "Barda market");
        assert_eq!(f[0].point, [47.13, 40.37]);
        assert_eq!(skipped.len(), 1);
        let e = read(Format::Csv, "name,x1\na,b\n").expect_err("no coordinates");
        assert!(e.to_string().contains("latitude"), "{e}");
    }

    #[test]
    fn kml_placemarks_are_read_as_written() {
        let t = "<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>\
                 <Placemark><name>Ganja &amp; around</name><TimeStamp><when>2020-10-11</when></TimeStamp>\
                 <Point><coordinates>46.36,40.68,0</coordinates></Point></Placemark>\
                 <Placemark><name>No point</name></Placemark></Document></kml>";
        let (f, skipped) = read(Format::Kml, t).expect("reads");
        assert_eq!(f.len(), 1, "{f:?} {skipped:?}");
        assert_eq!(f[0].point, [46.36, 40.68]);
        assert_eq!(f[0].date, NaiveDate::from_ymd_opt(2020, 10, 11));
        assert_eq!(&t[f[0].span.0..f[0].span.1], f[0].name);
        assert_eq!(skipped.len(), 1);
        let e = read(Format::Kml, "<kml><Placemark></Folder></kml>").expect_err("mismatched tags");
        assert!(
            matches!(&e, DeskError::Invalid { field, .. } if field == "file"),
            "{e}"
        );
    }

    #[test]
    fn formats_are_known_by_name_or_type() {
        assert_eq!(Format::detect("layer.geojson", ""), Some(Format::GeoJson));
        assert_eq!(Format::detect("x", "text/csv"), Some(Format::Csv));
        assert_eq!(Format::detect("doc.KML", ""), Some(Format::Kml));
        assert_eq!(Format::detect("a.pdf", "application/pdf"), None);
    }
}
