//! The front end's server side: pages by content negotiation, their security headers and
//! discovery links, static files, `config.json`, oEmbed, outlines, the timeline and sources.
//! The pages come from `tests/fixtures/web` (`Site::dir`); the real pages are exercised by
//! the browser tests (`tests/browser.rs`).

use std::path::PathBuf;

use axum::body::Body;
use axum::http::Request;
use dateline::http::AppState;
use dateline::http::web::{Site, Tiles};

use crate::helpers::{Resp, get, send_to, state};

fn site_state() -> AppState {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web");
    state().with_site(Site {
        dir: Some(dir),
        tiles: None,
        names: "az".into(),
    })
}

async fn get_site(uri: &str, accept: &str) -> Resp {
    send_to(
        site_state(),
        Request::get(uri)
            .header("host", "example.org")
            .header("accept", accept)
            .body(Body::empty())
            .expect("request"),
    )
    .await
}

const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

#[tokio::test]
async fn browsers_get_the_map_and_clients_the_landing_page() {
    let html = get_site("/?bbox=44,39,47,41&event=e1", BROWSER).await;
    assert_eq!(html.status, 200);
    assert_eq!(html.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(html.header("vary"), "accept");
    let body = html.text();
    assert!(body.contains("fixture map"));
    assert!(
        !body.contains("<!--dateline:head-->"),
        "head marker replaced"
    );
    assert!(
        body.contains(
            r#"<link rel="alternate" type="application/json+oembed" href="http://example.org/oembed?url=http%3A%2F%2Fexample.org%2F%3Fbbox%3D44%2C39%2C47%2C41%26event%3De1&amp;format=json""#
        ),
        "{body}"
    );
    let json = get_site("/", "application/json").await;
    assert_eq!(json.status, 200);
    assert!(json.json()["links"].is_array());
    let forced = get_site("/?f=html", "application/json").await;
    assert!(forced.text().contains("fixture map"));
    get_site("/?f=json", BROWSER).await.json();
}

#[tokio::test]
async fn only_the_embed_page_may_be_framed_by_other_sites() {
    let map = get_site("/", BROWSER).await;
    let embed = get_site("/embed?bbox=44,39,47,41", BROWSER).await;
    let source = get_site("/source?id=s1", BROWSER).await;
    for (r, ancestors) in [(&map, "'self'"), (&embed, "*"), (&source, "'self'")] {
        assert_eq!(r.status, 200);
        let csp = r.header("content-security-policy");
        assert!(csp.contains("script-src 'self';"), "{csp}");
        assert!(
            csp.ends_with(&format!("frame-ancestors {ancestors}")),
            "{csp}"
        );
        assert_eq!(r.header("x-content-type-options"), "nosniff");
    }
    assert!(embed.text().contains("fixture embed"));
    assert!(source.text().contains("fixture source"));
}

#[tokio::test]
async fn static_files_have_their_type_and_nothing_outside_is_served() {
    let js = get_site("/static/app.js", "*/*").await;
    assert_eq!(js.status, 200);
    assert_eq!(js.header("content-type"), "text/javascript; charset=utf-8");
    assert_eq!(js.text(), "export const fixture = true;\n");
    for bad in [
        "/static/missing.js",
        "/static/../index.html",
        "/static/%2e%2e/%2e%2e/Cargo.toml",
        "/vendor/nothing.js",
    ] {
        get_site(bad, "*/*").await.assert_problem(404, None);
    }
}

#[tokio::test]
async fn leaflet_is_embedded_from_npm() {
    if !Site::vendor_ok() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install web/node_modules (npm ci) before building"
        );
        return;
    }
    let js = get("/vendor/leaflet/leaflet.js").await;
    assert_eq!(js.status, 200);
    assert!(js.text().contains("Leaflet"));
    let css = get("/vendor/markercluster/MarkerCluster.css").await;
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    let png = get("/vendor/leaflet/images/marker-icon.png").await;
    assert_eq!(&png.body[1..4], b"PNG");
}

#[tokio::test]
async fn config_says_what_the_map_needs() {
    let c = get_site("/config.json", "*/*").await.json();
    assert_eq!(c["static"], false);
    assert_eq!(c["tiles"], serde_json::Value::Null, "offline outlines only");
    assert_eq!(c["names"], "az");
    assert_eq!(c["sources_with_text"], serde_json::json!(["s1"]));
    let d = get("/config.json").await.json();
    assert_eq!(d["tiles"]["url"], Tiles::default().url);
    assert!(
        d["tiles"]["attribution"]
            .as_str()
            .is_some_and(|a| a.contains("OpenStreetMap"))
    );
}

#[tokio::test]
async fn oembed_returns_an_iframe_of_the_same_view() {
    let url = "http%3A%2F%2Fexample.org%2F%3Fbbox%3D44%2C39%2C47%2C41%26names%3Dhy%26event%3Dbarda-missile-strike";
    let r = get(&format!("/oembed?url={url}&maxwidth=400")).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let o = r.json();
    assert_eq!(o["version"], "1.0");
    assert_eq!(o["type"], "rich");
    assert_eq!(o["width"], 400);
    assert_eq!(o["height"], 266);
    let html = o["html"].as_str().expect("html");
    assert!(
        html.starts_with(
            r#"<iframe src="http://example.org/embed?bbox=44%2C39%2C47%2C41&amp;names=hy&amp;event=barda-missile-strike" width="400" height="266""#
        ),
        "{html}"
    );
    let small = get(&format!("/oembed?url={url}&maxwidth=400&maxheight=100")).await;
    assert_eq!(small.json()["height"], 100);
}

#[tokio::test]
async fn oembed_refuses_what_it_cannot_embed() {
    get("/oembed").await.assert_problem(400, Some("url"));
    get("/oembed?url=http%3A%2F%2Fevil.example%2F")
        .await
        .assert_problem(404, None);
    get("/oembed?url=not%20a%20url")
        .await
        .assert_problem(404, None);
    get("/oembed?url=http%3A%2F%2Fexample.org%2Fcollections")
        .await
        .assert_problem(404, None);
    get("/oembed?url=http%3A%2F%2Fexample.org%2F%3Fscript%3Dx")
        .await
        .assert_problem(400, Some("url"));
    get("/oembed?url=http%3A%2F%2Fexample.org%2F&format=xml")
        .await
        .assert_problem(501, None);
    get("/oembed?url=http%3A%2F%2Fexample.org%2F&maxwidth=wide")
        .await
        .assert_problem(400, Some("maxwidth"));
}

#[tokio::test]
async fn outlines_come_light_for_the_world_and_detailed_by_area() {
    let full = get("/api/outlines?kind=country").await;
    let low = get("/api/outlines?kind=country&detail=low").await;
    assert_eq!(low.status, 200);
    // A world map for low zooms: a seventh of the bytes, every country still there.
    assert!(
        low.body.len() * 5 < full.body.len(),
        "{} vs {}",
        low.body.len(),
        full.body.len()
    );
    let names = |r: &crate::helpers::Resp| -> Vec<String> {
        r.json()["features"]
            .as_array()
            .expect("features")
            .iter()
            .map(|f| f["properties"]["name"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let low_names = names(&low);
    for country in ["Azerbaijan", "Armenia", "Malta", "Fiji"] {
        assert!(
            low_names.iter().any(|n| n == country),
            "{country} at low detail"
        );
    }
    assert!(low.json()["features"][0]["properties"]["names"].is_null());
    // Only the outlines touching the box: the South Caucasus's, not Canada's.
    let caucasus = get("/api/outlines?kind=country&detail=full&bbox=44,38,50,42").await;
    let near = names(&caucasus);
    assert!(
        near.contains(&"Azerbaijan".to_owned()) && near.contains(&"Armenia".to_owned()),
        "{near:?}"
    );
    assert!(
        !near.contains(&"Canada".to_owned()) && near.len() < 12,
        "{near:?}"
    );
    let districts = get("/api/outlines?kind=district&bbox=-10,40,0,50")
        .await
        .json();
    assert_eq!(
        districts["features"].as_array().map(Vec::len),
        Some(0),
        "no districts in Spain"
    );
    get("/api/outlines?detail=high")
        .await
        .assert_problem(400, Some("detail"));
    get("/api/outlines?bbox=1,2")
        .await
        .assert_problem(400, Some("bbox"));
}

#[tokio::test]
async fn outlines_are_the_offline_basemap() {
    let r = get("/api/outlines?kind=district").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), "application/geo+json");
    let v = r.json();
    let features = v["features"].as_array().expect("features");
    let lachin = features
        .iter()
        .find(|f| f["properties"]["name"] == "Lachin District")
        .expect("Lachin District outline (Natural Earth's AZE-1735, relabelled)");
    assert_eq!(lachin["geometry"]["type"], "MultiPolygon");
    let names: Vec<&str> = lachin["properties"]["names"]
        .as_array()
        .expect("names")
        .iter()
        .filter_map(|n| n["text"].as_str())
        .collect();
    assert!(names.iter().any(|n| n.contains("Laçın")), "{names:?}");
    let countries = get("/api/outlines").await.json();
    assert!(countries["features"].as_array().expect("features").len() > 200);
    get("/api/outlines?kind=city")
        .await
        .assert_problem(400, Some("kind"));
}

#[tokio::test]
async fn the_timeline_counts_the_filtered_events() {
    let all = get("/api/events/timeline").await.json();
    let total = |v: &serde_json::Value| {
        let sum = |k: &str| {
            v[k].as_array()
                .expect(k)
                .iter()
                .map(|b| b["count"].as_u64().expect("count"))
                .sum::<u64>()
        };
        sum("bins") + sum("ranges") + v["undated"].as_u64().expect("undated")
    };
    let items = get("/collections/events/items?limit=1000").await.json();
    assert_eq!(total(&all), items["numberMatched"].as_u64().expect("count"));
    let filtered = get("/api/events/timeline?bbox=47.0,40.0,47.5,40.5")
        .await
        .json();
    let matched = get("/collections/events/items?bbox=47.0,40.0,47.5,40.5")
        .await
        .json();
    assert_eq!(
        total(&filtered),
        matched["numberMatched"].as_u64().expect("count")
    );
    assert!(total(&filtered) < total(&all));
    let monthly = get("/api/events/timeline?interval=month").await.json();
    assert_eq!(monthly["interval"], "month");
    get("/api/events/timeline?interval=week")
        .await
        .assert_problem(400, Some("interval"));
    get("/api/events/timeline?bbox=1,2")
        .await
        .assert_problem(400, Some("bbox"));
}

#[tokio::test]
async fn sources_carry_their_text_claims_and_mentions() {
    let list = get("/api/sources").await.json();
    let s1 = list
        .as_array()
        .expect("list")
        .iter()
        .find(|s| s["id"] == "s1")
        .expect("s1");
    assert_eq!(s1["has_text"], true);
    let d = get("/api/sources/s1").await.json();
    let text = d["text"].as_str().expect("text");
    let mentions = d["mentions"].as_array().expect("mentions");
    assert!(!mentions.is_empty());
    for m in mentions {
        let (s, e) = (
            m["start"].as_u64().expect("start") as usize,
            m["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(&text[s..e], m["text"].as_str().expect("text"));
    }
    assert!(d["claims"].as_array().is_some_and(|c| !c.is_empty()));
    get("/api/sources/nope").await.assert_problem(404, None);
}

/// `serve --text ID=PATH` for an id no dataset source has: listed, and shown with its text
/// and mentions (it was "no source" although its mentions were loaded).
#[tokio::test]
async fn a_text_no_source_has_is_listed_and_shown_with_its_mentions() {
    use std::collections::BTreeMap;
    let g = dateline::gazetteer::Gazetteer::load_default().expect("gazetteer");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sources");
    let ds = dateline::events::Dataset::load_dir(std::path::Path::new(dir)).expect("fixture");
    let text = "Shelling was reported in Ganja overnight.";
    let texts = BTreeMap::from([("notes-1".to_owned(), text.to_owned())]);
    let st = AppState::new(g, ds, &texts);
    let req = |uri: &str| Request::get(uri).body(Body::empty()).expect("request");
    let list = send_to(st.clone(), req("/api/sources")).await.json();
    let listed = list
        .as_array()
        .expect("list")
        .iter()
        .find(|s| s["id"] == "notes-1")
        .expect("the text is listed");
    assert_eq!(listed["has_text"], true);
    let d = send_to(st.clone(), req("/api/sources/notes-1")).await;
    assert_eq!(d.status, 200, "{}", d.text());
    let d = d.json();
    assert_eq!(d["text"], text);
    assert_eq!(d["claims"], serde_json::json!([]));
    let mentions = d["mentions"].as_array().expect("mentions");
    assert!(mentions.iter().any(|m| m["text"] == "Ganja"), "{d}");
    send_to(st, req("/api/sources/nope"))
        .await
        .assert_problem(404, None);
}

#[tokio::test]
async fn links_say_https_behind_a_tls_proxy() {
    let r = crate::helpers::send(
        Request::get("/oembed?url=https%3A%2F%2Fexample.org%2F%3Fnames%3Dru")
            .header("host", "example.org")
            .header("x-forwarded-proto", "https")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let o = r.json();
    assert_eq!(o["provider_url"], "https://example.org/");
    assert!(
        o["html"]
            .as_str()
            .is_some_and(|h| h.contains(r#"src="https://example.org/embed?names=ru""#)),
        "{o}"
    );
}

#[tokio::test]
async fn a_front_end_under_development_is_never_cached() {
    let r = get_site("/static/app.js", "*/*").await;
    assert_eq!(r.header("cache-control"), "no-store");
    assert_eq!(r.header("etag"), "");
    let embedded = get("/config.json").await;
    assert!(embedded.header("etag").starts_with("W/"));
}

#[tokio::test]
async fn the_grid_counts_the_events_of_a_viewport() {
    let bbox = "40,35,50,45";
    let g = get(&format!("/api/events/grid?bbox={bbox}&cells=8")).await;
    assert_eq!(g.status, 200, "{}", g.text());
    let v = g.json();
    let items = get(&format!("/collections/events/items?bbox={bbox}&limit=1000"))
        .await
        .json();
    let sum: u64 = v["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|c| c["properties"]["count"].as_u64().expect("count"))
        .sum();
    assert_eq!(v["numberMatched"], items["numberMatched"]);
    assert!(sum > 0 && sum <= items["numberMatched"].as_u64().expect("n"));
    get("/api/events/grid")
        .await
        .assert_problem(400, Some("bbox"));
    get(&format!("/api/events/grid?bbox={bbox}&cells=1000"))
        .await
        .assert_problem(400, Some("cells"));
}

#[tokio::test]
async fn the_desk_is_served_but_left_out_of_a_static_export() {
    // The embedded front end (the fixture site of `site_state` has no desk page).
    let r = send_to(
        state(),
        Request::get("/desk").body(Body::empty()).expect("request"),
    )
    .await;
    if !Site::vendor_ok() {
        return; // built without the front end's packages: nothing to serve or export
    }
    assert_eq!(r.status, 200);
    assert!(r.text().contains("static/desk/app.js"), "{}", r.text());
    assert!(
        r.header("content-security-policy")
            .contains("frame-ancestors 'self'")
    );
    let dir = tempfile::tempdir().expect("tempdir");
    dateline::export::export_static(&state(), dir.path()).expect("export");
    assert!(dir.path().join("index.html").is_file());
    assert!(
        !dir.path().join("desk.html").exists(),
        "a static site has no desk"
    );
    assert!(!dir.path().join("static/desk").exists());
}
