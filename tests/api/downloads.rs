//! The same query as a GeoJSON, CSV and KML file.

use crate::helpers::get;

const QUERY: &str = "/collections/events/items?bbox=46,40,47.5,41&datetime=2020-10-01/2020-10-31";

#[tokio::test]
async fn csv_kml_and_geojson_of_one_query_hold_the_same_events() {
    let geojson = get(&format!("{QUERY}&f=geojson")).await;
    let want = geojson.ids();
    assert_eq!(want, ["tartar-shelling", "ganja-strike", "barda-strike"]);

    let csv = get(&format!("{QUERY}&f=csv")).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    let text = csv.text();
    let text = text.strip_prefix('\u{feff}').expect("UTF-8 BOM for Excel");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    for col in [
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
        "status",
        "location_precision",
        "date_text",
        "source_urls",
        "other_dates",
    ] {
        assert!(header.iter().any(|h| h == col), "column {col} missing");
    }
    let rows: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().expect("rows");
    let csv_ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(csv_ids, want);
    let barda = &rows[2];
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    assert_eq!(&barda[col("killed")], "21");
    assert_eq!(&barda[col("latitude")], "40.37577");
    assert_eq!(&barda[col("location_precision")], "place");
    assert_eq!(&barda[col("date_text")], "28 October");
    assert_eq!(&barda[col("source_urls")], "https://example.org/interview");
    assert_eq!(
        &barda[col("other_dates")],
        "",
        "its claims agree on the date"
    );
    assert_eq!(
        &barda[col("quote")],
        "they struck Barda, \"21 dead\" & <many> wounded"
    );

    let kml = get(&format!("{QUERY}&f=kml")).await;
    assert_eq!(
        kml.header("content-type"),
        "application/vnd.google-earth.kml+xml"
    );
    let k = kml.text();
    let kml_ids: Vec<&str> = k
        .split("<Placemark id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(kml_ids, want);
    assert!(k.contains("<TimeSpan><begin>2020-10-01</begin><end>2020-10-31</end></TimeSpan>"));
    assert!(k.contains("&quot;21 dead&quot; &amp; &lt;many&gt; wounded"));
    assert!(!k.contains("<many>"));
    assert!(k.contains("<coordinates>47.12619,40.37577</coordinates>"));
}

#[tokio::test]
async fn downloads_are_attachments_named_after_the_collection() {
    for (f, ext) in [("csv", "csv"), ("kml", "kml"), ("geojson", "geojson")] {
        let r = get(&format!("/collections/events/items?f={f}")).await;
        let cd = r.header("content-disposition");
        assert!(
            cd.starts_with("attachment; filename=\"dateline-events-")
                && cd.ends_with(&format!(".{ext}\"")),
            "{cd}"
        );
    }
    // The map's own request is not an attachment.
    let r = get("/collections/events/items").await;
    assert_eq!(r.header("content-disposition"), "");
}

#[tokio::test]
async fn download_file_names_say_the_filter() {
    let r = get(&format!("{QUERY}&event_type=missile_strike&f=csv")).await;
    assert_eq!(
        r.header("content-disposition"),
        "attachment; filename=\"dateline-events-2020-10-01_2020-10-31-missile_strike-bbox46_40_47.5_41.csv\""
    );
    // Nothing safe to say of a text filter's odd characters but that they were there.
    let r = get("/collections/events/items?q=%22a%22%0Ab&datetime=2020-10-01/..&f=geojson").await;
    assert_eq!(
        r.header("content-disposition"),
        "attachment; filename=\"dateline-events-2020-10-01_open--a--b.geojson\""
    );
}

#[tokio::test]
async fn csv_is_offered_for_events_only() {
    get("/collections/places/items?f=csv")
        .await
        .assert_problem(400, Some("f"));
    get("/collections/events/items?f=xlsx")
        .await
        .assert_problem(400, Some("f"));
}
