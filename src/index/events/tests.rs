use super::*;
use crate::events::EventType;
use crate::index::fixture::{dataset, gazetteer};
use crate::index::{Bbox, DateFilter};

fn index() -> EventIndex {
    let ds = dataset();
    EventIndex::new(gazetteer(), ds.events.into_iter().map(|(e, _)| e).collect())
}

fn ids(idx: &EventIndex, q: &Query) -> Vec<String> {
    idx.query(q)
        .items
        .iter()
        .map(|&i| idx.event(i).id.clone())
        .collect()
}

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().expect("date")
}

#[test]
fn everything_comes_in_date_order_undated_last() {
    let idx = index();
    assert_eq!(
        ids(&idx, &Query::default()),
        [
            "fiji-report",
            "suva-statement",
            "tartar-shelling",
            "unlocated-clash",
            "ganja-strike",
            "barda-strike",
            "karabakh-ceasefire",
            "barda-undated"
        ]
    );
}

#[test]
fn a_month_long_event_matches_an_instant_inside_it() {
    let idx = index();
    let q = Query {
        datetime: Some(DateFilter::instant(d("2020-10-15"))),
        ..Query::default()
    };
    assert_eq!(ids(&idx, &q), ["tartar-shelling"]);
    let open_end = Query {
        datetime: Some(DateFilter::new(Some(d("2020-10-28")), None).expect("valid")),
        ..Query::default()
    };
    assert_eq!(
        ids(&idx, &open_end),
        ["tartar-shelling", "barda-strike", "karabakh-ceasefire"]
    );
    let open = Query {
        datetime: Some(DateFilter::new(None, None).expect("valid")),
        ..Query::default()
    };
    assert_eq!(idx.query(&open).number_matched, 8);
}

#[test]
fn bbox_finds_points_and_outlines_but_not_unlocated_events() {
    let idx = index();
    // Around Barda and Ganja: both points, the Tartar district, the Karabakh region.
    let q = Query {
        bbox: Some(Bbox::new(46.0, 40.0, 47.5, 41.0).expect("valid")),
        ..Query::default()
    };
    assert_eq!(
        ids(&idx, &q),
        [
            "tartar-shelling",
            "ganja-strike",
            "barda-strike",
            "karabakh-ceasefire",
            "barda-undated"
        ]
    );
}

#[test]
fn bbox_across_the_antimeridian_finds_fiji_on_both_sides() {
    let idx = index();
    let east_of_180 = Query {
        bbox: Some(Bbox::new(-180.0, -20.0, -178.0, -15.0).expect("valid")),
        ..Query::default()
    };
    assert_eq!(ids(&idx, &east_of_180), ["fiji-report"]);
    let across = Query {
        bbox: Some(Bbox::new(178.0, -19.0, -179.0, -17.0).expect("valid")),
        ..Query::default()
    };
    assert_eq!(ids(&idx, &across), ["fiji-report", "suva-statement"]);
}

#[test]
fn property_filters_combine() {
    let idx = index();
    let q = Query {
        event_type: Some(EventType::MissileStrike),
        source: Some("s2".into()),
        ..Query::default()
    };
    assert_eq!(ids(&idx, &q), ["ganja-strike"]);
    let q = Query {
        claimant: Some("aliyev".into()),
        place: Some("barda".into()),
        ..Query::default()
    };
    assert_eq!(ids(&idx, &q), ["barda-strike", "barda-undated"]);
    let q = Query {
        q: Some("CLUSTER".into()),
        ..Query::default()
    };
    assert_eq!(ids(&idx, &q), ["barda-strike"]);
    let q = Query {
        place: Some("geonames:586523".into()),
        ..Query::default()
    };
    assert_eq!(ids(&idx, &q), ["ganja-strike"]);
}

#[test]
fn pages_keep_the_exact_count() {
    let idx = index();
    let q = Query {
        offset: 6,
        limit: 5,
        ..Query::default()
    };
    let p = idx.query(&q);
    assert_eq!(p.number_matched, 8);
    assert_eq!(p.items.len(), 2);
}

#[test]
fn extents_cover_the_located_and_dated_events() {
    let idx = index();
    let e = idx.extent().expect("located events");
    assert!(e[0] <= -179.0 && e[2] >= 179.0, "{e:?}");
    assert_eq!(
        idx.temporal_extent(),
        Some((d("2019-01-01"), d("2020-11-10")))
    );
    assert_eq!(
        idx.get("ganja-strike").map(|e| e.place_name.as_str()),
        Some("Ganja")
    );
}

#[test]
fn date_ranges_find_what_a_full_scan_finds() {
    let idx = index();
    let days = [
        None,
        Some("2018-06-01"),
        Some("2019-07-01"),
        Some("2020-09-30"),
        Some("2020-10-01"),
        Some("2020-10-20"),
        Some("2020-10-31"),
        Some("2020-11-10"),
        Some("2021-01-01"),
    ];
    for a in days {
        for b in days {
            let Ok(f) = DateFilter::new(a.map(d), b.map(d)) else {
                continue;
            };
            let q = Query {
                datetime: Some(f),
                ..Query::default()
            };
            let want: Vec<String> = idx
                .events()
                .iter()
                .filter(|e| f.matches(e.date_start, e.date_end))
                .map(|e| e.id.clone())
                .collect();
            assert_eq!(ids(&idx, &q), want, "{a:?}/{b:?}");
        }
    }
}

/// Property: for random boxes (small, large, across the antimeridian) and random date
/// filters, the linear scan and the indexes return the same page and the same count.
#[test]
fn linear_scan_returns_what_the_indexes_return() {
    use crate::events::synthetic::{Rng, synthetic_events};
    let g = gazetteer();
    let idx = EventIndex::new(g, synthetic_events(g, 3_000));
    let mut linear = EventIndex::new(g, synthetic_events(g, 3_000));
    linear.set_scan(Scan::Linear);
    let mut rng = Rng::new(42);
    let mut nonempty = 0;
    for case in 0..400 {
        let (lon, lat) = (rng.uniform(-180.0, 180.0), rng.uniform(-90.0, 90.0));
        // Half-widths from 0.01 to ~100 degrees, log-uniform.
        let half = 10f64.powf(rng.uniform(-2.0, 2.0));
        let west = if lon - half < -180.0 {
            lon - half + 360.0
        } else {
            lon - half
        };
        let east = if lon + half > 180.0 {
            lon + half - 360.0
        } else {
            lon + half
        };
        let bbox = Bbox::new(west, (lat - half).max(-90.0), east, (lat + half).min(90.0)).ok();
        let day = d("2020-01-01") + chrono::Days::new(rng.below(1500));
        let datetime = match case % 3 {
            0 => None,
            1 => DateFilter::new(Some(day), Some(day + chrono::Days::new(rng.below(90)))).ok(),
            _ => DateFilter::new(None, Some(day)).ok(),
        };
        let q = Query {
            bbox,
            datetime,
            offset: rng.below(3) as usize,
            limit: Query::MAX_LIMIT,
            ..Query::default()
        };
        let want = idx.query(&q);
        assert_eq!(linear.query(&q), want, "case {case}: {q:?}");
        nonempty += usize::from(want.number_matched > 0);
    }
    // The boxes are not all empty (the property would hold trivially).
    assert!(nonempty > 50, "only {nonempty} boxes hit events");
}
