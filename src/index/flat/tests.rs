use super::*;
use crate::events::model::CASUALTY_KEYS;
use crate::index::fixture::{dataset, gazetteer};
use crate::index::{Bbox, EventIndex};

fn index() -> (EventIndex, Dataset) {
    let ds = dataset();
    let events = ds.events.iter().map(|(e, _)| e.clone()).collect();
    (EventIndex::new(gazetteer(), events), ds)
}

fn ids(layer: &FlatLayer, events: &EventIndex, q: &Query) -> Vec<String> {
    let page = layer.query(events, q);
    page.items.iter().map(|&r| layer.id(events, r)).collect()
}

#[test]
fn every_row_has_one_value_per_field() {
    let g = gazetteer();
    let (events, ds) = index();
    for kind in [
        FlatKind::Claims,
        FlatKind::EventPoints,
        FlatKind::EventAreas,
    ] {
        let layer = FlatLayer::new(kind, g, &events);
        assert!(!layer.is_empty());
        for r in 0..layer.len() as u32 {
            let cells = layer.cells(g, &ds, &events, r);
            assert_eq!(cells.len(), kind.fields().len(), "{kind:?}");
            // The first column is the feature id.
            assert_eq!(cells[0], Cell::Text(layer.id(&events, r).into()));
        }
    }
    let names: Vec<&str> = CLAIM_FIELDS.iter().map(|f| f.name).collect();
    let at = names.iter().position(|n| *n == "killed").expect("killed");
    assert_eq!(&names[at..at + CASUALTY_KEYS.len()], CASUALTY_KEYS);
    for fields in [CLAIM_FIELDS, EVENT_FIELDS] {
        let mut n: Vec<&str> = fields.iter().map(|f| f.name).collect();
        n.sort_unstable();
        n.dedup();
        assert_eq!(n.len(), fields.len(), "field names are unique");
    }
}

#[test]
fn claims_are_one_row_each_with_their_own_figures_and_quote() {
    let g = gazetteer();
    let (events, ds) = index();
    let claims = FlatLayer::new(FlatKind::Claims, g, &events);
    let total: usize = events.events().iter().map(|e| e.claims.len()).sum();
    assert_eq!(claims.len(), total);
    let r = claims.get(&events, "ganja-strike:2").expect("second claim");
    let cells = claims.cells(g, &ds, &events, r);
    let col = |name: &str| {
        let i = CLAIM_FIELDS
            .iter()
            .position(|f| f.name == name)
            .expect(name);
        cells[i].clone()
    };
    assert_eq!(col("quote"), Cell::Text("Ganja was hit".into()));
    assert_eq!(col("claimant"), Cell::Text("Reporter".into()));
    assert_eq!(col("killed"), Cell::Integer(10));
    assert_eq!(col("wounded"), Cell::Null, "the reporter gives no wounded");
    assert_eq!(col("status"), Cell::Text("corroborated".into()));
    assert_eq!(claims.get(&events, "ganja-strike:3"), None);
    assert_eq!(claims.get(&events, "ganja-strike:0"), None);
    assert_eq!(claims.get(&events, "ganja-strike"), None);
}

#[test]
fn claim_filters_apply_to_the_claim_itself() {
    let g = gazetteer();
    let (events, _) = index();
    let claims = FlatLayer::new(FlatKind::Claims, g, &events);
    let q = Query {
        source: Some("s2".into()),
        ..Query::default()
    };
    assert_eq!(
        ids(&claims, &events, &q),
        ["fiji-report:1", "suva-statement:1", "ganja-strike:2"]
    );
    let q = Query {
        q: Some("night".into()),
        ..Query::default()
    };
    assert_eq!(ids(&claims, &events, &q), ["ganja-strike:1"]);
    // Event-level filters still apply.
    let q = Query {
        claimant: Some("reporter".into()),
        event_type: Some(crate::events::EventType::MissileStrike),
        ..Query::default()
    };
    assert_eq!(ids(&claims, &events, &q), ["ganja-strike:2"]);
}

#[test]
fn points_are_every_event_and_areas_only_the_outlined_ones() {
    let g = gazetteer();
    let (events, _) = index();
    let points = FlatLayer::new(FlatKind::EventPoints, g, &events);
    let areas = FlatLayer::new(FlatKind::EventAreas, g, &events);
    assert_eq!(points.len(), events.events().len());
    let all = Query {
        limit: 100,
        ..Query::default()
    };
    assert_eq!(
        ids(&areas, &events, &all),
        ["fiji-report", "tartar-shelling", "karabakh-ceasefire"]
    );
    for r in 0..areas.len() as u32 {
        assert!(matches!(
            areas.geometry(g, &events, r),
            Some(FlatGeometry::Area(_))
        ));
    }
    // The unlocated event is a row without geometry.
    let r = points.get(&events, "unlocated-clash").expect("row");
    assert_eq!(points.geometry(g, &events, r), None);
    // A box around Barda's point, far from Tartar's: the point layer selects by point.
    let barda = g.get("geonames:587057").expect("Barda").point;
    let q = Query {
        bbox: Some(
            Bbox::new(
                barda[0] - 0.01,
                barda[1] - 0.01,
                barda[0] + 0.01,
                barda[1] + 0.01,
            )
            .expect("box"),
        ),
        ..Query::default()
    };
    assert_eq!(ids(&points, &events, &q), ["barda-strike", "barda-undated"]);
    assert_eq!(
        areas.query(&events, &q).number_matched,
        events
            .query(&q)
            .items
            .iter()
            .filter(|&&i| events.area(i).is_some())
            .count()
    );
}
