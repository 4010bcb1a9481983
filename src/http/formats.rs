//! Wire formats of features: GeoJSON Features for places and mentions (events come from
//! [`crate::output::event_feature`]), and event downloads as CSV (one row per event, for
//! Datawrapper, Flourish and Excel) and KML (Placemarks with a TimeSpan and the provenance).
//! Coordinates `[lon, lat]`, 6 decimals.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::events::attested::{OtherDate, OtherDates};
use crate::events::{Dataset, Event, LocationPrecision};
use crate::gazetteer::{Gazetteer, Place};
use crate::index::MentionRecord;
use crate::index::flat::{distinct, highest_figure};

/// Media type of GeoJSON.
pub const GEOJSON: &str = "application/geo+json";
/// Media type of CSV.
pub const CSV: &str = "text/csv; charset=utf-8";
/// Media type of GeoPackage (OGC 12-128r19, registered with IANA).
pub const GPKG: &str = "application/geopackage+sqlite3";
/// Media type of KML.
pub const KML: &str = "application/vnd.google-earth.kml+xml";

fn r6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A place as a Feature: its point, its bounding box when an area, every name.
pub fn place_feature(p: &Place) -> Value {
    let mut f = json!({
        "type": "Feature",
        "id": p.id,
        "geometry": { "type": "Point", "coordinates": [r6(p.lon()), r6(p.lat())] },
        "properties": {
            "place_id": p.id,
            "name": p.name,
            "kind": p.kind,
            "feature_code": p.feature_code,
            "country": p.country,
            "population": p.population,
            "names": p.names,
        }
    });
    if let Some(b) = p.bbox {
        f["bbox"] = json!(b.map(r6));
    }
    f
}

/// A mention as a Feature: the place's point, the text as written and its byte span.
pub fn mention_feature(g: &Gazetteer, r: &MentionRecord) -> Value {
    let p = g.place(r.mention.place);
    json!({
        "type": "Feature",
        "id": r.id(),
        "geometry": { "type": "Point", "coordinates": [r6(p.lon()), r6(p.lat())] },
        "properties": {
            "source": r.source,
            "text": r.mention.text,
            "start": r.mention.start,
            "end": r.mention.end,
            "place_id": p.id,
            "name": p.name,
            "kind": p.kind,
            "country": p.country,
            "score": (r.mention.score * 1000.0).round() / 1000.0,
        }
    })
}

/// The point a row or Placemark is drawn at: the place's point unless the event is not
/// located (areas get their representative point; the GeoJSON has the outline).
fn point(g: &Gazetteer, e: &Event) -> Option<[f64; 2]> {
    if e.location_precision == LocationPrecision::Unknown {
        return None;
    }
    g.get(&e.place_id).map(|p| [r6(p.lon()), r6(p.lat())])
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 20] = [
    "id",
    "latitude",
    "longitude",
    "date_start",
    "date_end",
    "date_precision",
    "title",
    "event_type",
    "killed",
    "wounded",
    "claimants",
    "sources",
    "quote",
    "place_id",
    "place_name",
    "status",
    "location_precision",
    "date_text",
    "source_urls",
    "other_dates",
];

/// Events as CSV: a UTF-8 byte-order mark (so Excel reads the text right), a header row
/// and one row per event. Figures are the highest any claim gives; `quote` is the first
/// claim's. `location_precision` says how exactly the point is known (a country-level event
/// is drawn at the country's point, not at an exact place), `date_text` is the date as the
/// source gives it, `source_urls` the claims' sources' addresses and `other_dates` the
/// dates other claims give an event dated by the most precise (ISO days or intervals,
/// `2020-09-27/2020-11-06`; see [`crate::events::attested`]), so a disputed date does not
/// look settled.
///
/// # Errors
/// Occurs only if writing to memory fails.
pub fn events_csv(
    g: &Gazetteer,
    ds: &Dataset,
    events: &[&Event],
    other: &OtherDates,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(CSV_COLUMNS)?;
    for e in events {
        write_csv_row(&mut w, g, ds, e, other)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// One event's CSV row.
fn write_csv_row(
    w: &mut csv::Writer<impl std::io::Write>,
    g: &Gazetteer,
    ds: &Dataset,
    e: &Event,
    other: &OtherDates,
) -> Result<(), csv::Error> {
    let pt = point(g, e);
    let enum_str = |v: Value| v.as_str().unwrap_or_default().to_owned();
    let opt = |x: Option<String>| x.unwrap_or_default();
    w.write_record([
        e.id.clone(),
        opt(pt.map(|p| p[1].to_string())),
        opt(pt.map(|p| p[0].to_string())),
        opt(e.date_start.map(|d| d.to_string())),
        opt(e.date_end.or(e.date_start).map(|d| d.to_string())),
        enum_str(json!(e.date_precision)),
        e.title.clone(),
        e.event_type.as_str().to_owned(),
        opt(highest_figure(e, "killed").map(|n| n.to_string())),
        opt(highest_figure(e, "wounded").map(|n| n.to_string())),
        distinct(e.claims.iter().map(|c| c.claimant.as_str())),
        distinct(e.claims.iter().map(|c| c.source.as_str())),
        e.claims
            .first()
            .map(|c| c.quote.clone())
            .unwrap_or_default(),
        e.place_id.clone(),
        e.place_name.clone(),
        enum_str(json!(e.status())),
        enum_str(json!(e.location_precision)),
        e.date_text.clone(),
        distinct(
            e.claims
                .iter()
                .filter_map(|c| ds.source(&c.source).and_then(|s| s.url.as_deref())),
        ),
        other.get(&e.id).map_or_else(String::new, |o| {
            o.iter().map(OtherDate::iso).collect::<Vec<_>>().join("; ")
        }),
    ])
}

/// Every event's CSV row written once, when the data is loaded, so that a download is a
/// copy of its rows: writing a row costs ~2.4 µs (allocations, number formatting, a place
/// lookup), copying it ~0.02 µs, for ~180 bytes of memory per event. A test holds the
/// result byte-for-byte equal to [`events_csv`].
#[derive(Debug, Default)]
pub struct CsvRows {
    /// The byte-order mark and the header row.
    head: Vec<u8>,
    /// Every event's row, one after the other.
    rows: Vec<u8>,
    /// Where the row of the event at each position ends in `rows`.
    ends: Vec<usize>,
}

/// The rows' buffer, written by the CSV writer and by copies of earlier rows in turn (the
/// writer is flushed after each of its rows).
#[derive(Default, Clone)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CsvRows {
    /// Writes the rows of `events`, in the order given (the event index's positions).
    ///
    /// # Errors
    /// Occurs only if writing to memory fails.
    pub fn new(
        g: &Gazetteer,
        ds: &Dataset,
        events: &[Event],
        other: &OtherDates,
    ) -> Result<CsvRows, csv::Error> {
        CsvRows::new_from(g, ds, events, other, |_| None)
    }

    /// [`CsvRows::new`], copying the row `reuse` has for an event (from an earlier
    /// snapshot, when neither it nor its sources changed) instead of writing it again.
    ///
    /// # Errors
    /// As [`CsvRows::new`].
    pub fn new_from<'p>(
        g: &Gazetteer,
        ds: &Dataset,
        events: &[Event],
        other: &OtherDates,
        reuse: impl Fn(&Event) -> Option<&'p [u8]>,
    ) -> Result<CsvRows, csv::Error> {
        let head = events_csv(g, ds, &[], other)?;
        let buf = Shared::default();
        buf.0.borrow_mut().reserve(events.len() * 192);
        let mut w = csv::Writer::from_writer(buf.clone());
        let mut ends = Vec::with_capacity(events.len());
        for e in events {
            match reuse(e) {
                Some(row) => buf.0.borrow_mut().extend_from_slice(row),
                None => {
                    write_csv_row(&mut w, g, ds, e, other)?;
                    w.flush()?;
                }
            }
            ends.push(buf.0.borrow().len());
        }
        drop(w);
        let mut rows = buf.0.take();
        rows.shrink_to_fit();
        Ok(CsvRows { head, rows, ends })
    }

    /// The CSV of the events at `positions` (as [`events_csv`] writes it), or `None` when a
    /// position has no row.
    pub fn csv(&self, positions: &[u32]) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(self.head.len() + positions.len() * 192);
        out.extend_from_slice(&self.head);
        for &i in positions {
            let i = i as usize;
            let end = *self.ends.get(i)?;
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            out.extend_from_slice(&self.rows[start..end]);
        }
        Some(out)
    }

    /// The row of the event at position `i`.
    pub fn row(&self, i: u32) -> Option<&[u8]> {
        let i = i as usize;
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.rows[start..end])
    }

    /// Bytes held by the rows.
    pub fn bytes(&self) -> usize {
        self.rows.len() + self.ends.len() * std::mem::size_of::<usize>()
    }
}

pub use crate::output::xml_escape;

/// Events as a KML document: one Placemark each, with a TimeSpan, a Point (none when
/// unlocated) and a description giving every claim: who, stance, source, quote.
pub fn events_kml(g: &Gazetteer, ds: &Dataset, events: &[&Event]) -> String {
    let mut k = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>Dateline events</name>\n",
    );
    for e in events {
        let mut desc = format!("{}\n", e.summary);
        for c in &e.claims {
            let title = ds.source(&c.source).map_or(c.source.as_str(), |s| &s.title);
            let stance = json!(c.stance);
            let _ = write!(
                desc,
                "\n{} ({}), in \"{}\": \u{201c}{}\u{201d}",
                c.claimant,
                stance.as_str().unwrap_or_default(),
                title,
                c.quote
            );
        }
        let _ = write!(
            k,
            "<Placemark id=\"{}\">\n<name>{}</name>\n<description>{}</description>\n",
            xml_escape(&e.id),
            xml_escape(&e.title),
            xml_escape(&desc)
        );
        if let (Some(s), Some(end)) = (e.date_start, e.date_end.or(e.date_start)) {
            let _ = writeln!(k, "<TimeSpan><begin>{s}</begin><end>{end}</end></TimeSpan>");
        }
        let _ = writeln!(
            k,
            "<ExtendedData><Data name=\"event_type\"><value>{}</value></Data><Data name=\"status\"><value>{}</value></Data><Data name=\"place_id\"><value>{}</value></Data></ExtendedData>",
            e.event_type.as_str(),
            json!(e.status()).as_str().unwrap_or_default(),
            xml_escape(&e.place_id)
        );
        if let Some(p) = point(g, e) {
            let _ = writeln!(
                k,
                "<Point><coordinates>{},{}</coordinates></Point>",
                p[0], p[1]
            );
        }
        k.push_str("</Placemark>\n");
    }
    k.push_str("</Document>\n</kml>\n");
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A download from the pre-written rows is byte-for-byte what `events_csv` writes, for
    /// any selection of events in any order (the fixture has quotes with commas, quotes and
    /// line breaks; the synthetic events are many).
    #[test]
    fn pre_written_csv_rows_are_the_csv_writer_bytes() {
        use crate::events::synthetic::{Rng, synthetic_events};
        use crate::index::EventIndex;
        use crate::index::fixture::{dataset, gazetteer};
        let g = gazetteer();
        let ds = dataset();
        let mut rng = Rng::new(7);
        // Barda's strike with a conflicting date, as attested::attest leaves it.
        let other = OtherDates::from_iter([(
            "barda-strike".to_owned(),
            vec![OtherDate {
                date_start: chrono::NaiveDate::from_ymd_opt(2020, 9, 27).expect("a day"),
                date_end: chrono::NaiveDate::from_ymd_opt(2020, 11, 6).expect("a day"),
                date_precision: crate::events::dates::DatePrecision::Range,
                date_text: String::new(),
                sources: vec!["s1".into()],
            }],
        )]);
        for events in [
            ds.events.iter().map(|(e, _)| e.clone()).collect(),
            synthetic_events(g, 2_000),
        ] {
            let idx = EventIndex::new(g, events);
            let none = other.clone();
            let rows = CsvRows::new(g, &ds, idx.events(), &none).expect("writes");
            assert!(rows.bytes() > 0);
            let n = idx.events().len() as u64;
            for len in [0, 1, 2, 50, n as usize] {
                let positions: Vec<u32> = (0..len).map(|_| rng.below(n) as u32).collect();
                let events: Vec<&Event> = positions.iter().map(|&i| idx.event(i)).collect();
                let want = events_csv(g, &ds, &events, &none).expect("writes");
                let got = rows.csv(&positions).expect("every position has a row");
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&want)
                );
            }
            assert_eq!(rows.csv(&[n as u32]), None);
        }
    }

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(
            xml_escape("a<b & \"c\" 'd'>\u{7}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }
}
