//! Start-up refuses damaged data with an error naming the file and line, and never serves
//! half a gazetteer: damaged copies of the shipped files in temporary directories.

use std::path::Path;
use std::process::Command;

use dateline::gazetteer::Gazetteer;

const GAZETTEER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/gazetteer");

/// A copy of the shipped gazetteer with `places.tsv` (and optionally polygons) replaced.
fn damaged_gazetteer(places: &[u8], polygons: Option<&[u8]>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("places.tsv"), places).expect("write places");
    std::fs::copy(
        Path::new(GAZETTEER).join("overlay.toml"),
        dir.path().join("overlay.toml"),
    )
    .expect("copy overlay");
    let poly = match polygons {
        Some(p) => p.to_vec(),
        None => std::fs::read(Path::new(GAZETTEER).join("polygons.geojson")).expect("polygons"),
    };
    std::fs::write(dir.path().join("polygons.geojson"), poly).expect("write polygons");
    dir
}

fn shipped_places() -> Vec<u8> {
    std::fs::read(Path::new(GAZETTEER).join("places.tsv")).expect("places.tsv")
}

fn load_error(dir: &Path) -> String {
    match Gazetteer::load_dir(dir) {
        Ok(g) => panic!("loaded {} places from damaged data", g.places().len()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_places_table_cut_mid_line_is_refused_naming_the_line() {
    let full = shipped_places();
    let cut = &full[..full.len() / 4];
    let lines = cut.iter().filter(|&&b| b == b'\n').count() + 1;
    let dir = damaged_gazetteer(cut, None);
    let e = load_error(dir.path());
    assert!(e.contains("places.tsv"), "{e}");
    assert!(e.contains(&format!("line {lines}")), "{e}");
    assert!(e.contains("truncated"), "{e}");
}

#[test]
fn a_non_utf8_places_table_is_reported_at_the_line_of_the_bad_byte() {
    let mut bytes = shipped_places();
    let third_line = bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("three lines");
    bytes.insert(third_line + 5, 0xff);
    let dir = damaged_gazetteer(&bytes, None);
    let e = load_error(dir.path());
    assert!(e.contains("places.tsv, line 3"), "{e}");
    assert!(e.contains("UTF-8"), "{e}");
}

#[test]
fn corrupt_polygons_are_refused_at_start_up() {
    let full = std::fs::read(Path::new(GAZETTEER).join("polygons.geojson")).expect("polygons");
    let dir = damaged_gazetteer(&shipped_places(), Some(&full[..full.len() / 2]));
    let g = Gazetteer::load_dir(dir.path()).expect("places are intact");
    let e = g
        .check_polygons()
        .expect_err("half a polygons file")
        .to_string();
    assert!(e.contains("polygons.geojson"), "{e}");
    // The intact file checks.
    let ok = damaged_gazetteer(&shipped_places(), None);
    let g = Gazetteer::load_dir(ok.path()).expect("intact");
    assert!(g.check_polygons().expect("parses") > 100);
}

/// `dateline --gazetteer DIR serve` must fail: its stderr.
fn serve_fails(gazetteer: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["--gazetteer"])
        .arg(gazetteer)
        .args(["serve", "--port", "0"])
        .output()
        .expect("run");
    assert!(!out.status.success(), "serve started on damaged data");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn serve_refuses_damaged_polygons_and_a_dataset_that_does_not_validate() {
    let full = std::fs::read(Path::new(GAZETTEER).join("polygons.geojson")).expect("polygons");
    let gz = damaged_gazetteer(&shipped_places(), Some(&full[..100]));
    let err = serve_fails(gz.path());
    assert!(err.contains("polygons.geojson"), "{err}");

    // A dataset whose event names an unknown place.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sources");
    let ds = tempfile::tempdir().expect("tempdir");
    for sub in ["s1", "s2"] {
        std::fs::create_dir(ds.path().join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(src.join(sub)).expect("fixture") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), ds.path().join(sub).join(entry.file_name())).expect("copy");
        }
    }
    let events = ds.path().join("s1/events.toml");
    let text = std::fs::read_to_string(&events).expect("events");
    assert!(text.contains("place_id = \"geonames:2205218\""));
    let text = text.replacen(
        "place_id = \"geonames:2205218\"",
        "place_id = \"geonames:0\"",
        1,
    );
    std::fs::write(&events, text).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["serve", "--port", "0", "--dir"])
        .arg(ds.path())
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("geonames:0"), "{err}");
}

/// A copy of the shipped gazetteer (places, overlay, polygons) with this `names.idx`.
fn gazetteer_with_index(index: &[u8]) -> tempfile::TempDir {
    let dir = damaged_gazetteer(&shipped_places(), None);
    std::fs::write(dir.path().join("names.idx"), index).expect("write index");
    dir
}

fn shipped_index() -> Vec<u8> {
    std::fs::read(Path::new(GAZETTEER).join("names.idx")).expect("names.idx")
}

#[test]
fn a_truncated_names_index_is_refused_naming_the_file() {
    let full = shipped_index();
    for cut in [12, 30, full.len() / 2, full.len() - 3] {
        let dir = gazetteer_with_index(&full[..cut]);
        let e = load_error(dir.path());
        assert!(e.contains("names.idx"), "cut at {cut}: {e}");
        assert!(e.contains("truncated"), "cut at {cut}: {e}");
    }
    // `serve` stops with it too.
    let dir = gazetteer_with_index(&full[..full.len() / 2]);
    let err = serve_fails(dir.path());
    assert!(
        err.contains("names.idx") && err.contains("truncated"),
        "{err}"
    );
}

#[test]
fn a_damaged_names_index_is_refused_naming_the_file() {
    let full = shipped_index();
    // The intact copy loads, from the file (not rebuilt: it is fresh).
    let ok = gazetteer_with_index(&full);
    let g = Gazetteer::load_dir(ok.path()).expect("intact");
    assert!(!g.search("Ganja", 1).is_empty());

    // A byte flipped in the middle of the transducer fails its checksum.
    let fst_len = u64::from_le_bytes(full[16..24].try_into().expect("header")) as usize;
    let mut flipped = full.clone();
    flipped[24 + fst_len / 2] ^= 0x5a;
    let e = load_error(gazetteer_with_index(&flipped).path());
    assert!(e.contains("names.idx") && e.contains("damaged"), "{e}");

    // A posting that points past the places (would panic on lookup).
    let mut wild = full.clone();
    let last = wild.len() - 8;
    wild[last..last + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let e = load_error(gazetteer_with_index(&wild).path());
    assert!(e.contains("names.idx") && e.contains("damaged"), "{e}");

    // Not an index at all.
    let e = load_error(gazetteer_with_index(b"<html>not found</html>").path());
    assert!(e.contains("names.idx"), "{e}");
}
