//! The shipped place table, `gazetteer/places.tsv`: one place a line, tab-separated, written
//! by `dateline gazetteer build` and read at start-up.
//!
//! Columns: `id kind feature_code country admin1 lon lat population bbox names`. `bbox` is
//! `min_lon,min_lat,max_lon,max_lat` or empty; `names` is `|`-separated, the display name
//! first, each `text` or `text@lang`. Lines starting with `#` are comments.

use std::borrow::Cow;
use std::io::{BufRead, Write};

use super::GazetteerError;
use super::place::{Kind, Name, Place};

/// The header line written at the top of the file.
pub const HEADER: &str =
    "#id\tkind\tfeature_code\tcountry\tadmin1\tlon\tlat\tpopulation\tbbox\tnames";

/// Reads places from `reader`; `origin` names the file in errors.
///
/// # Errors
/// Occurs when a line cannot be read or a field does not parse; the error names the file,
/// the line and the field.
pub fn read_places(mut reader: impl BufRead, origin: &str) -> Result<Vec<Place>, GazetteerError> {
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|e| GazetteerError::Io {
            path: origin.to_owned(),
            error: e,
        })?;
    // The place table lives as long as the process; leaking it lets names borrow from it.
    read_places_str(Box::leak(text.into_boxed_str()), origin)
}

/// Reads places from text in memory (the fast path for embedded data).
///
/// # Errors
/// As [`read_places`].
pub fn read_places_str(text: &'static str, origin: &str) -> Result<Vec<Place>, GazetteerError> {
    let mut places = Vec::with_capacity(text.len() / 200);
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        places.push(parse_line(line).map_err(|message| GazetteerError::Parse {
            path: origin.to_owned(),
            line: i + 1,
            message,
        })?);
    }
    Ok(places)
}

fn parse_line(line: &'static str) -> Result<Place, String> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 10 {
        return Err(format!(
            "expected 10 tab-separated columns, found {}",
            cols.len()
        ));
    }
    let float = |i: usize, what: &str| -> Result<f64, String> {
        cols[i]
            .parse::<f64>()
            .map_err(|_| format!("{what} {:?} is not a number", cols[i]))
    };
    let kind = Kind::parse(cols[1]).ok_or_else(|| format!("unknown kind {:?}", cols[1]))?;
    let lon = float(5, "lon")?;
    let lat = float(6, "lat")?;
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!("coordinates {lon},{lat} are out of range"));
    }
    let population = if cols[7].is_empty() {
        0
    } else {
        cols[7]
            .parse()
            .map_err(|_| format!("population {:?} is not a whole number", cols[7]))?
    };
    let bbox = if cols[8].is_empty() {
        None
    } else {
        let v: Vec<f64> = cols[8].split(',').filter_map(|x| x.parse().ok()).collect();
        let b: [f64; 4] = v
            .try_into()
            .map_err(|_| format!("bbox {:?} needs four numbers", cols[8]))?;
        Some(b)
    };
    let names: Vec<Name> = cols[9]
        .split('|')
        .filter(|n| !n.is_empty())
        .map(parse_name)
        .collect();
    let first = names.first().ok_or("a place needs at least one name")?;
    Ok(Place {
        id: Cow::Borrowed(cols[0]),
        name: first.text.clone(),
        kind,
        feature_code: Cow::Borrowed(cols[2]),
        country: Cow::Borrowed(cols[3]),
        admin1: Cow::Borrowed(cols[4]),
        point: [lon, lat],
        population,
        bbox,
        names,
    })
}

fn parse_name(s: &'static str) -> Name {
    match s.rsplit_once('@') {
        Some((text, lang))
            if !text.is_empty()
                && lang.len() <= 8
                && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            Name::borrowed(text, Some(lang))
        }
        _ => Name::borrowed(s, None),
    }
}

/// Removes the characters the format uses as delimiters from a name.
pub fn clean_name(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\t' | '|' | '@' | '\n' | '\r'))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Writes one place as a line.
///
/// # Errors
/// Occurs when the writer fails.
pub fn write_place(w: &mut impl Write, p: &Place) -> std::io::Result<()> {
    let bbox = p.bbox.map_or(String::new(), |b| {
        format!("{},{},{},{}", r5(b[0]), r5(b[1]), r5(b[2]), r5(b[3]))
    });
    let names: Vec<String> = p
        .names
        .iter()
        .map(|n| match &n.lang {
            Some(l) => format!("{}@{l}", clean_name(&n.text)),
            None => clean_name(&n.text),
        })
        .collect();
    writeln!(
        w,
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        p.id,
        p.kind.as_str(),
        p.feature_code,
        p.country,
        p.admin1,
        r5(p.point[0]),
        r5(p.point[1]),
        p.population,
        bbox,
        names.join("|")
    )
}

/// Rounds to 5 decimals (about 1 m), the precision the shipped data keeps.
pub fn r5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_place_reads_back() {
        let p = Place {
            id: "geonames:587057".into(),
            name: "Barda".into(),
            names: vec![
                Name::new("Barda", None, None),
                Name::new("Bərdə", Some("az"), None),
                Name::new("Барда", Some("ru"), None),
            ],
            kind: Kind::City,
            feature_code: "PPLA".into(),
            country: "AZ".into(),
            admin1: "AZ.11".into(),
            point: [47.12619, 40.37577],
            population: 37372,
            bbox: Some([47.0, 40.0, 47.5, 40.5]),
        };
        let mut buf = Vec::new();
        write_place(&mut buf, &p).expect("writes");
        let back = read_places(buf.as_slice(), "mem").expect("reads");
        assert_eq!(back, vec![p]);
    }

    #[test]
    fn errors_name_the_file_line_and_field() {
        let data = "#header\ngeonames:1\tcity\tPPL\tAZ\t\t46.1\tnorth\t0\t\tX\n";
        let err = read_places(data.as_bytes(), "places.tsv").expect_err("bad lat");
        let msg = err.to_string();
        assert!(
            msg.contains("places.tsv") && msg.contains("line 2") && msg.contains("lat"),
            "{msg}"
        );
        let err = read_places("a\tb\n".as_bytes(), "p.tsv").expect_err("columns");
        assert!(err.to_string().contains("10 tab-separated columns"));
        let err = read_places("x\tplanet\tP\tAZ\t\t1\t1\t0\t\tX\n".as_bytes(), "p.tsv")
            .expect_err("kind");
        assert!(err.to_string().contains("planet"));
    }
}
