use super::*;

fn d(s: &str) -> Option<NaiveDate> {
    Some(s.parse().expect("date"))
}

#[test]
fn datetime_forms() {
    let table: [(&str, Option<DateFilter>); 9] = [
        (
            "2020-10-15",
            Some(DateFilter::instant(d("2020-10-15").expect("d"))),
        ),
        (
            "2020-10-15T12:30:00Z",
            Some(DateFilter::instant(d("2020-10-15").expect("d"))),
        ),
        (
            "2020-10-01/2020-10-31",
            DateFilter::new(d("2020-10-01"), d("2020-10-31")).ok(),
        ),
        ("../2020-10-31", DateFilter::new(None, d("2020-10-31")).ok()),
        ("2020-10-01/..", DateFilter::new(d("2020-10-01"), None).ok()),
        ("2020-10-01/", DateFilter::new(d("2020-10-01"), None).ok()),
        ("../..", DateFilter::new(None, None).ok()),
        ("2020-10-31/2020-10-01", None),
        ("October", None),
    ];
    for (s, want) in table {
        assert_eq!(parse_datetime(s).ok(), want, "{s}");
    }
    assert!(parse_datetime("2020-13-01").is_err());
    assert!(parse_datetime("2020-10-01Tnonsense").is_err());
    assert!(parse_datetime("..").is_err());
}

#[test]
fn bbox_forms() {
    assert!(parse_bbox("46,40,47.5,41").is_ok());
    assert!(parse_bbox("46,40,0,47.5,41,100").is_ok());
    assert!(parse_bbox("170,-20,-170,-10").is_ok_and(|b| b.crosses_antimeridian()));
    for bad in ["46,40,47.5", "a,b,c,d", "46,41,47,40", "", "46,40,200,41"] {
        let e = parse_bbox(bad).expect_err(bad);
        assert!(matches!(e, ApiError::InvalidParameter { ref name, .. } if name == "bbox"));
    }
}

#[test]
fn unknown_and_repeated_parameters_are_refused() {
    let allowed = ["limit", "bbox"];
    assert!(Params::parse(Some("limit=5&bbox=1,2,3,4"), &allowed).is_ok());
    assert!(matches!(
        Params::parse(Some("limt=5"), &allowed),
        Err(ApiError::UnknownParameter { ref name, .. }) if name == "limt"
    ));
    assert!(Params::parse(Some("limit=5&limit=6"), &allowed).is_err());
    assert!(Params::parse(None, &allowed).is_ok());
}

#[test]
fn limits_are_checked_and_clamped() {
    let all = ["limit", "offset", "f", "event_type"];
    let q = |s| items_query(&Params::parse(Some(s), &all).expect("parses"));
    assert_eq!(q("limit=50000").expect("clamped").0.limit, Query::MAX_LIMIT);
    assert_eq!(q("").expect("defaults").0.limit, Query::DEFAULT_LIMIT);
    for bad in ["limit=0", "limit=-1", "offset=x", "f=xml", "event_type=war"] {
        assert!(q(bad).is_err(), "{bad}");
    }
    assert_eq!(q("f=csv").expect("csv").1, Format::Csv);
}
