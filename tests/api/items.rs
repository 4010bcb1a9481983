//! Items of the three collections: order, counts, paging, bbox, datetime, filters.

use serde_json::Value;

use crate::helpers::get;

const ALL_IN_ORDER: [&str; 8] = [
    "fiji-report",
    "suva-statement",
    "tartar-shelling",
    "unlocated-clash",
    "ganja-strike",
    "barda-strike",
    "karabakh-ceasefire",
    "barda-undated",
];

#[tokio::test]
async fn events_come_as_geojson_in_date_order_with_exact_counts() {
    let r = get("/collections/events/items").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "application/geo+json");
    assert_eq!(r.ids(), ALL_IN_ORDER);
    let fc = r.json();
    assert_eq!(fc["type"], "FeatureCollection");
    assert_eq!(fc["numberMatched"], 8);
    assert_eq!(fc["numberReturned"], 8);
    assert!(fc["timeStamp"].as_str().is_some_and(|t| t.ends_with('Z')));
    // The unlocated event has a null geometry; the district is an outline.
    let f = &fc["features"];
    assert!(f[3]["geometry"].is_null());
    assert_eq!(f[2]["geometry"]["type"], "MultiPolygon");
}

fn decimals_ok(v: &Value) -> bool {
    match v {
        Value::Number(n) => n
            .as_f64()
            .is_some_and(|x| ((x * 1e6).round() / 1e6 - x).abs() < 1e-12),
        Value::Array(a) => a.iter().all(decimals_ok),
        _ => true,
    }
}

#[tokio::test]
async fn coordinates_have_at_most_six_decimals() {
    for coll in ["events", "places", "mentions"] {
        let fc = get(&format!("/collections/{coll}/items?limit=50"))
            .await
            .json();
        for f in fc["features"].as_array().expect("features") {
            assert!(decimals_ok(&f["geometry"]["coordinates"]), "{coll}: {f}");
        }
    }
}

fn link(fc: &Value, rel: &str) -> Option<String> {
    fc["links"]
        .as_array()?
        .iter()
        .find(|l| l["rel"] == rel)
        .and_then(|l| l["href"].as_str())
        .map(str::to_owned)
}

#[tokio::test]
async fn pages_link_to_next_and_previous() {
    let first = get("/collections/events/items?limit=3").await.json();
    assert_eq!(first["numberMatched"], 8);
    assert_eq!(first["numberReturned"], 3);
    assert!(link(&first, "prev").is_none());
    let next = link(&first, "next").expect("next");
    assert_eq!(
        next,
        "http://example.org/collections/events/items?limit=3&offset=3"
    );
    let second = get(next.trim_start_matches("http://example.org")).await;
    assert_eq!(second.ids(), ALL_IN_ORDER[3..6]);
    let prev = link(&second.json(), "prev").expect("prev");
    assert!(prev.ends_with("limit=3&offset=0"), "{prev}");
    let last = get("/collections/events/items?limit=3&offset=6")
        .await
        .json();
    assert!(link(&last, "next").is_none());
    assert_eq!(last["numberReturned"], 2);
}

#[tokio::test]
async fn bbox_finds_outlines_that_cross_it_not_only_points_inside() {
    // West of Tartar's point (46.79, 40.25) but inside the district's outline.
    let r = get("/collections/events/items?bbox=46.55,40.30,46.60,40.36").await;
    assert_eq!(r.ids(), ["tartar-shelling"]);
    // Around Barda and Ganja: points, the district and the Karabakh region.
    let r = get("/collections/events/items?bbox=46,40,47.5,41").await;
    assert_eq!(
        r.ids(),
        [
            "tartar-shelling",
            "ganja-strike",
            "barda-strike",
            "karabakh-ceasefire",
            "barda-undated"
        ]
    );
}

#[tokio::test]
async fn bbox_across_the_antimeridian() {
    let r = get("/collections/events/items?bbox=178,-19,-179,-17").await;
    assert_eq!(r.ids(), ["fiji-report", "suva-statement"]);
    // Only the part east of 180°: Fiji's outline reaches it, Suva (178.4 E) does not.
    let r = get("/collections/events/items?bbox=-180,-20,-178,-15").await;
    assert_eq!(r.ids(), ["fiji-report"]);
}

#[tokio::test]
async fn datetime_matches_events_whose_interval_overlaps() {
    let ids = |q: &'static str| async move {
        get(&format!("/collections/events/items?datetime={q}"))
            .await
            .ids()
    };
    // "October 2020" (tartar-shelling) overlaps an instant inside it.
    assert_eq!(ids("2020-10-15").await, ["tartar-shelling"]);
    assert_eq!(ids("2020-10-15T08:00:00Z").await, ["tartar-shelling"]);
    assert_eq!(
        ids("2020-09-01/2020-10-01").await,
        ["suva-statement", "tartar-shelling"]
    );
    assert_eq!(
        ids("2020-10-28/..").await,
        ["tartar-shelling", "barda-strike", "karabakh-ceasefire"]
    );
    assert_eq!(ids("../2019-06-01").await, ["fiji-report"]);
    // Undated events match only a query open at both ends.
    assert_eq!(ids("../..").await, ALL_IN_ORDER);
}

#[tokio::test]
async fn property_filters() {
    let ids =
        |q: &'static str| async move { get(&format!("/collections/events/items?{q}")).await.ids() };
    assert_eq!(
        ids("event_type=missile_strike").await,
        ["ganja-strike", "barda-strike"]
    );
    assert_eq!(
        ids("source=s2").await,
        ["fiji-report", "suva-statement", "ganja-strike"]
    );
    assert_eq!(ids("claimant=reporter&place=Ganja").await, ["ganja-strike"]);
    assert_eq!(
        ids("place=geonames:587057&q=destroyed").await,
        ["barda-undated"]
    );
    assert_eq!(ids("q=cluster%20munitions").await, ["barda-strike"]);
    let none = get("/collections/events/items?q=nothing-like-this")
        .await
        .json();
    assert_eq!(none["numberMatched"], 0);
}

#[tokio::test]
async fn one_event_with_its_claims_and_provenance() {
    let r = get("/collections/events/items/ganja-strike").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "application/geo+json");
    let f = r.json();
    assert_eq!(f["id"], "ganja-strike");
    assert_eq!(f["properties"]["status"], "corroborated");
    assert_eq!(
        f["properties"]["claims"][0]["source_title"],
        "An interview about the war"
    );
    assert_eq!(
        f["geometry"]["coordinates"],
        serde_json::json!([46.36056, 40.68278])
    );
}

#[tokio::test]
async fn places_by_bbox_text_and_id() {
    let r = get("/collections/places/items?bbox=47.0,40.3,47.2,40.45&q=barda").await;
    assert!(
        r.ids().contains(&"geonames:587057".to_owned()),
        "{:?}",
        r.ids()
    );
    let fc = get("/collections/places/items?limit=5").await.json();
    assert_eq!(fc["numberReturned"], 5);
    assert!(fc["numberMatched"].as_u64().is_some_and(|n| n > 50_000));
    let p = get("/collections/places/items/geonames:587057")
        .await
        .json();
    assert_eq!(p["properties"]["name"], "Barda");
    // Places are undated: a bounded datetime selects none of them.
    let fc = get("/collections/places/items?datetime=2020-10-01&limit=1")
        .await
        .json();
    assert_eq!(fc["numberMatched"], 0);
}

#[tokio::test]
async fn mentions_of_the_source_texts() {
    let r = get("/collections/mentions/items").await;
    let fc = r.json();
    assert!(fc["numberMatched"].as_u64().is_some_and(|n| n >= 2), "{fc}");
    assert_eq!(r.ids()[0], "s1:13");
    let m = get("/collections/mentions/items/s1:13").await.json();
    assert_eq!(m["properties"]["text"], "Ganja");
    assert_eq!(m["properties"]["place_id"], "geonames:586523");
    let r = get("/collections/mentions/items?place=geonames:587057&source=s1").await;
    assert_eq!(r.ids(), ["s1:23"]);
}

/// Twice the signed area of a ring (positive when counterclockwise).
fn signed_area(ring: &[Value]) -> f64 {
    ring.windows(2)
        .map(|w| {
            let (a, b) = (&w[0], &w[1]);
            a[0].as_f64().unwrap_or(0.0) * b[1].as_f64().unwrap_or(0.0)
                - b[0].as_f64().unwrap_or(0.0) * a[1].as_f64().unwrap_or(0.0)
        })
        .sum()
}

#[tokio::test]
async fn outlines_follow_the_right_hand_rule() {
    let f = get("/collections/events/items/tartar-shelling")
        .await
        .json();
    assert_eq!(f["geometry"]["type"], "MultiPolygon");
    for polygon in f["geometry"]["coordinates"].as_array().expect("polygons") {
        let rings = polygon.as_array().expect("rings");
        assert!(
            signed_area(rings[0].as_array().expect("ring")) > 0.0,
            "exterior ring clockwise"
        );
        for hole in &rings[1..] {
            assert!(
                signed_area(hole.as_array().expect("ring")) < 0.0,
                "hole counterclockwise"
            );
        }
    }
}

#[tokio::test]
async fn date_match_within_keeps_only_events_dated_inside_the_interval() {
    // Tartar's shelling is dated "October 2020": it overlaps 10–31 October, but is not within.
    let q = "/collections/events/items?datetime=2020-10-10/2020-10-31";
    let overlapping = get(q).await.ids();
    assert!(
        overlapping.contains(&"tartar-shelling".to_owned()),
        "{overlapping:?}"
    );
    let within = get(&format!("{q}&date_match=within")).await.ids();
    assert_eq!(within, ["ganja-strike", "barda-strike"]);
    assert_eq!(
        get(&format!("{q}&date_match=overlaps")).await.ids(),
        overlapping
    );
    let timeline =
        get("/api/events/timeline?datetime=2020-10-10/2020-10-31&date_match=within").await;
    assert_eq!(timeline.status, 200, "{}", timeline.text());
    get(&format!("{q}&date_match=inside"))
        .await
        .assert_problem(400, Some("date_match"));
    // The map image takes the permalink's `match`.
    let svg =
        get("/map.svg?bbox=45.9,39.4,47.6,41.0&from=2020-10-10&to=2020-10-31&match=within").await;
    assert_eq!(svg.status, 200, "{}", svg.text());
    assert!(!svg.text().contains("tartar-shelling") && svg.text().contains("ganja-strike"));
    assert!(svg.text().contains("Only events dated within the range"));
}

/// A published map's hand-picked events: `ids` keeps exactly those, in date order, with
/// the other filters, in pages, downloads and the timeline; too long a list is a 400 naming it.
#[tokio::test]
async fn ids_keep_only_the_events_named() {
    let r = get("/collections/events/items?ids=barda-strike,fiji-report,no-such-event").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.ids(),
        ["fiji-report", "barda-strike"],
        "date order, unknown ids ignored"
    );
    let r = get("/collections/events/items?ids=barda-strike,fiji-report&bbox=40,35,55,45").await;
    assert_eq!(r.ids(), ["barda-strike"], "with a bbox");
    let r = get("/collections/events/items?ids=barda-strike,ganja-strike&q=ganja").await;
    assert_eq!(r.ids(), ["ganja-strike"], "with the other filters");
    let csv = get("/collections/events/items?ids=ganja-strike&f=csv")
        .await
        .text();
    assert_eq!(csv.lines().count(), 2, "a header and one row: {csv}");
    assert!(csv.contains("ganja-strike"));
    let t = get("/api/events/timeline?ids=ganja-strike,barda-strike")
        .await
        .json();
    let counted: u64 = t["bins"]
        .as_array()
        .expect("bins")
        .iter()
        .map(|b| b["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(counted + t["undated"].as_u64().unwrap_or(0), 2, "{t}");
    let r = get("/collections/events/items?ids=%20,ganja-strike,,").await;
    assert_eq!(r.ids(), ["ganja-strike"], "blank entries are ignored");
    assert!(
        get("/collections/events/items?ids=,")
            .await
            .ids()
            .is_empty(),
        "none named, none shown"
    );
    let many = vec!["x"; 1001].join(",");
    let r = get(&format!("/collections/events/items?ids={many}")).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["parameter"], "ids", "{}", r.text());
}
