//! Gazetteer endpoints: search, reverse lookup, detail.

use crate::helpers::get;

#[tokio::test]
async fn search_ranks_places_for_a_name_in_any_script() {
    for q in ["Barda", "%D0%91%D0%B0%D1%80%D0%B4%D0%B0", "B%C9%99rd%C9%99"] {
        let r = get(&format!("/api/places/search?q={q}&limit=3")).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), "application/geo+json");
        let fc = r.json();
        assert_eq!(fc["features"][0]["id"], "geonames:587057", "{q}");
        assert!(fc["features"].as_array().expect("features").len() <= 3);
    }
    get("/api/places/search")
        .await
        .assert_problem(400, Some("q"));
    get("/api/places/search?q=Barda&limit=1000")
        .await
        .assert_problem(400, Some("limit"));
}

#[tokio::test]
async fn reverse_gives_the_nearest_places_in_kilometres() {
    let fc = get("/api/places/reverse?lon=47.13&lat=40.38&k=3")
        .await
        .json();
    let f = fc["features"].as_array().expect("features");
    assert_eq!(f.len(), 3);
    assert_eq!(f[0]["id"], "geonames:587057");
    let d: Vec<f64> = f
        .iter()
        .map(|x| x["properties"]["distance_km"].as_f64().expect("km"))
        .collect();
    // About 0.6 km from the centre of Barda (haversine), not squared degrees.
    assert!((d[0] - 0.57).abs() < 0.05, "{d:?}");
    assert!(d.windows(2).all(|w| w[0] <= w[1]));
    get("/api/places/reverse?lon=47")
        .await
        .assert_problem(400, Some("lat"));
    get("/api/places/reverse?lon=200&lat=0")
        .await
        .assert_problem(400, Some("lon"));
    get("/api/places/reverse?lon=0&lat=0&k=0")
        .await
        .assert_problem(400, Some("k"));
}

#[tokio::test]
async fn a_place_with_all_its_names() {
    let r = get("/api/places/geonames:587057").await;
    assert_eq!(r.status, 200);
    let names = r.json()["properties"]["names"]
        .as_array()
        .expect("names")
        .clone();
    assert!(names.iter().any(|n| n["text"] == "Bərdə"), "{names:?}");
    assert!(names.iter().any(|n| n["text"] == "Барда"));
    get("/api/places/geonames:0")
        .await
        .assert_problem(404, None);
}

#[tokio::test]
async fn search_completes_the_beginning_of_a_name() {
    for (prefix, want) in [
        ("Stepana", "geonames:146970"),
        ("%D0%A2%D0%B1%D0%B8%D0%BB", "geonames:611717"),
    ] {
        let fc = get(&format!("/api/places/search?q={prefix}&limit=5"))
            .await
            .json();
        assert_eq!(fc["features"][0]["id"], want, "{prefix}");
    }
}
