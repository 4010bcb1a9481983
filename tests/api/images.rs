//! `/map.svg` and `/map.png`: the map view as an image. The SVG is parsed (quick-xml) for
//! what it draws; the PNG's size is checked and its pixels read where the SVG put a known
//! event. Both are saved to `target/screenshots/` to be looked at.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;
use resvg::tiny_skia::Pixmap;

use crate::helpers::get;

/// The Karabakh view of the fixture data: Ganja, Barda, Tartar and the region.
const VIEW: &str = "bbox=45.9,39.4,47.6,41.0";

/// An element of the SVG: its name, attributes and the text right inside it.
#[derive(Debug, Clone)]
struct El {
    name: String,
    attrs: HashMap<String, String>,
    text: String,
    /// Names and `id`s of the elements it is inside.
    path: Vec<String>,
}

/// Every element of an SVG document, in order; panics when it is not well-formed XML.
fn parse(svg: &str) -> Vec<El> {
    let mut r = Reader::from_str(svg);
    let mut out: Vec<El> = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    loop {
        match r.read_event().expect("well-formed SVG") {
            Event::Start(e) => {
                out.push(element(&e, &open, &out));
                open.push((out[out.len() - 1].name.clone(), out.len() - 1));
            }
            Event::Empty(e) => out.push(element(&e, &open, &out)),
            Event::Text(t) => {
                if let Some((_, i)) = open.last() {
                    out[*i].text.push_str(&t.decode().expect("text"));
                }
            }
            Event::GeneralRef(g) => {
                if let Some((_, i)) = open.last() {
                    let s = match &*g.decode().expect("ref") {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unknown entity {other}"),
                    };
                    out[*i].text.push_str(s);
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// One element from its start tag, inside the `open` ones.
fn element(e: &quick_xml::events::BytesStart, open: &[(String, usize)], out: &[El]) -> El {
    let attrs: HashMap<String, String> = e
        .attributes()
        .map(|a| {
            let a = a.expect("attribute");
            let v = a.unescape_value().expect("escaped value").into_owned();
            (String::from_utf8_lossy(a.key.as_ref()).into_owned(), v)
        })
        .collect();
    El {
        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
        attrs,
        text: String::new(),
        path: open
            .iter()
            .map(|(n, i)| {
                out[*i]
                    .attrs
                    .get("id")
                    .cloned()
                    .unwrap_or_else(|| n.clone())
            })
            .collect(),
    }
}

/// The text of every `<text>` element.
fn texts(els: &[El]) -> Vec<&str> {
    els.iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text.as_str())
        .collect()
}

fn num(e: &El, k: &str) -> f64 {
    e.attrs
        .get(k)
        .unwrap_or_else(|| panic!("{} without {k}", e.name))
        .parse()
        .expect("number")
}

/// The `translate(0 Y)` of the map group.
fn map_top(els: &[El]) -> f64 {
    let map = els
        .iter()
        .find(|e| e.attrs.get("id").map(String::as_str) == Some("map"))
        .expect("map group");
    let t = &map.attrs["transform"];
    t.trim_start_matches("translate(0 ")
        .trim_end_matches(')')
        .parse()
        .expect("translate")
}

/// The centre of the pin drawing `event`, in the whole image.
fn pin_of(els: &[El], event: &str) -> (f64, f64, String) {
    let i = els
        .iter()
        .position(|e| {
            e.attrs.get("class").map(String::as_str) == Some("event")
                && e.attrs["data-events"].split(' ').any(|x| x == event)
        })
        .unwrap_or_else(|| panic!("no pin for {event}"));
    let c = els[i + 1..]
        .iter()
        .find(|e| e.name == "circle")
        .expect("pin circle");
    (
        num(c, "cx"),
        num(c, "cy") + map_top(els),
        els[i].attrs["data-color"].clone(),
    )
}

fn save(name: &str, bytes: &[u8]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshots dir");
    std::fs::write(dir.join(name), bytes).expect("save image");
}

fn rgb(hex: &str) -> [u8; 3] {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).expect("hex colour");
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

#[tokio::test]
async fn svg_draws_the_view_with_title_dates_legend_credit_and_scale_bar() {
    let r = get(&format!(
        "/map.svg?{VIEW}&title=Strikes%20%3Cin%3E%20%22Karabakh%22%20%26%20around"
    ))
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), "image/svg+xml");
    assert!(
        r.header("content-disposition")
            .starts_with("inline; filename=\"dateline-map")
    );
    let svg = r.text();
    save("map-karabakh.svg", svg.as_bytes());
    let els = parse(&svg);
    assert_eq!(els[0].name, "svg");
    assert_eq!(num(&els[0], "width"), 1200.0);
    let texts = texts(&els);
    // The title from the query, escaped in the file and whole once parsed.
    assert!(
        texts.contains(&"Strikes <in> \"Karabakh\" & around"),
        "{texts:?}"
    );
    assert!(!svg.contains("<in>"));
    assert!(
        texts
            .iter()
            .any(|t| t.contains("1 Oct 2020") && t.contains("events")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("GeoNames (CC BY 4.0)") && t.contains("Natural Earth"))
    );
    assert!(texts.iter().any(|t| t.starts_with("Credit: ")));
    // Legend: the classes shown (missile strikes, shelling; the ceasefire's statements).
    let legend: Vec<&str> = els
        .iter()
        .filter(|e| e.name == "text" && e.path.iter().any(|p| p == "legend"))
        .map(|e| e.text.as_str())
        .collect();
    for want in [
        "Shelling & missile strikes",
        "Statements, agreements, UN",
        "Place named",
        "Events at one place",
    ] {
        assert!(legend.contains(&want), "{want} not in {legend:?}");
    }
    assert!(
        !legend.contains(&"Fighting (clashes, infiltration)"),
        "no clash is drawn: {legend:?}"
    );
    // Barda's pin takes the strike's colour, so destruction is drawn nowhere and not listed.
    assert!(
        !legend.contains(&"Destruction & cultural heritage"),
        "{legend:?}"
    );
    // Ganja's strike is a pin of the strikes colour; Tartar's shelling is its district.
    let (x, y, color) = pin_of(&els, "ganja-strike");
    assert_eq!(color, "#E69F00");
    assert!((0.0..1200.0).contains(&x) && y > map_top(&els));
    let area = els
        .iter()
        .find(|e| e.attrs.get("data-events").map(String::as_str) == Some("tartar-shelling"))
        .expect("Tartar's area");
    assert_eq!(area.name, "path");
    assert!(area.attrs["d"].matches('L').count() > 10);
    // Barda's two events share one pin with a count.
    let barda = els
        .iter()
        .find(|e| {
            e.attrs
                .get("data-events")
                .is_some_and(|d| d.contains("barda-strike"))
        })
        .expect("Barda");
    assert!(barda.attrs["data-events"].contains("barda-undated"));
    // Outlines of countries and districts, a scale bar of a round distance.
    let outline_paths = els
        .iter()
        .filter(|e| e.name == "path" && e.path.iter().any(|p| p == "outlines"))
        .count();
    assert!(outline_paths > 5, "{outline_paths}");
    let bar = els
        .iter()
        .find(|e| e.attrs.get("id").map(String::as_str) == Some("scale-bar"))
        .expect("scale bar");
    let km: f64 = bar.attrs["data-km"].parse().expect("km");
    assert!([10.0, 20.0, 50.0].contains(&km), "{km}");
    // Labels: Ganja's, none overlapping (their boxes measured as drawn: one line each).
    let labels: Vec<&El> = els
        .iter()
        .filter(|e| e.attrs.get("class").map(String::as_str) == Some("place-label"))
        .collect();
    assert!(labels.iter().any(|l| l.text == "Ganja"), "{labels:?}");
}

#[tokio::test]
async fn png_has_the_asked_size_and_the_event_colour_where_the_svg_put_it() {
    let svg = get(&format!("/map.svg?{VIEW}&width=800")).await.text();
    let els = parse(&svg);
    let (x, y, color) = pin_of(&els, "ganja-strike");
    let height = num(&els[0], "height");
    let r = get(&format!("/map.png?{VIEW}&width=800&scale=2")).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), "image/png");
    save("map-karabakh@2x.png", &r.body);
    let png = Pixmap::decode_png(&r.body).expect("a PNG");
    assert_eq!(png.width(), 1600);
    assert_eq!(f64::from(png.height()), (height * 2.0).round());
    let px = png
        .pixel((x * 2.0) as u32, (y * 2.0) as u32)
        .expect("inside")
        .demultiply();
    let want = rgb(&color);
    let got = [px.red(), px.green(), px.blue()];
    assert!(
        got.iter().zip(want).all(|(a, b)| a.abs_diff(b) <= 6),
        "{got:?} vs {want:?}"
    );
    // The title is drawn: dark pixels in its line, none in the white margin above it.
    let dark = |y0: u32, y1: u32| {
        (y0..y1)
            .flat_map(|y| (0..png.width()).map(move |x| (x, y)))
            .filter(|&(x, y)| {
                png.pixel(x, y)
                    .is_some_and(|p| p.red() < 80 && p.alpha() > 200)
            })
            .count()
    };
    let title = els
        .iter()
        .find(|e| e.name == "text" && e.path.iter().any(|p| p == "header"))
        .expect("title");
    let title_line = (num(title, "y") * 2.0) as u32;
    assert!(
        dark(title_line - 30, title_line) > 500,
        "the title drew no text"
    );
    assert_eq!(dark(0, 10), 0);
}

#[tokio::test]
async fn images_take_the_permalink_filters() {
    // Only October's missile strikes: Ganja and Barda, not Tartar's shelling.
    let svg = get("/map.svg?bbox=45.9,39.4,47.6,41.0&from=2020-10-01&to=2020-10-31&type=missile_strike&names=az&layers=events,places,outlines&event=ganja-strike&basemap=offline&tour=x").await;
    assert_eq!(svg.status, 200, "{}", svg.text());
    let els = parse(&svg.text());
    let ids: Vec<&str> = els
        .iter()
        .filter_map(|e| e.attrs.get("data-events"))
        .flat_map(|d| d.split(' '))
        .collect();
    assert!(
        ids.contains(&"ganja-strike") && ids.contains(&"barda-strike"),
        "{ids:?}"
    );
    assert!(
        !ids.contains(&"tartar-shelling") && !ids.contains(&"barda-undated"),
        "{ids:?}"
    );
    let texts = texts(&els);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("1 Oct 2020 – 31 Oct 2020") && t.contains("Type: missile strike")),
        "{texts:?}"
    );
    // Azerbaijani names: Gəncə.
    assert!(texts.contains(&"Gəncə"), "{texts:?}");
    assert!(
        svg.header("content-disposition")
            .contains("2020-10-01_2020-10-31-missile_strike")
    );
    // Without the places layer, no labels.
    let bare = get("/map.svg?bbox=45.9,39.4,47.6,41.0&layers=events")
        .await
        .text();
    assert!(!bare.contains("place-label") && !bare.contains("outline-country\" fill"));
}

#[tokio::test]
async fn a_view_across_the_antimeridian_draws_fiji_whole() {
    let r = get("/map.svg?bbox=176,-20,-178,-15&width=600").await;
    assert_eq!(r.status, 200, "{}", r.text());
    save("map-fiji.svg", r.text().as_bytes());
    let els = parse(&r.text());
    let fiji = els
        .iter()
        .find(|e| e.attrs.get("data-events").map(String::as_str) == Some("fiji-report"))
        .expect("Fiji's area");
    // Every point of the outline lies near the frame: none torn to the other side of the world.
    let xs: Vec<f64> = fiji.attrs["d"]
        .split(['M', 'L', 'Z'])
        .filter_map(|p| p.split(' ').next()?.parse().ok())
        .collect();
    assert!(
        !xs.is_empty() && xs.iter().all(|x| (-300.0..900.0).contains(x)),
        "{xs:?}"
    );
}

#[tokio::test]
async fn bad_parameters_are_refused_naming_them() {
    get("/map.png?width=100")
        .await
        .assert_problem(400, Some("width"));
    get("/map.png?width=100000")
        .await
        .assert_problem(400, Some("width"));
    get("/map.png?scale=4")
        .await
        .assert_problem(400, Some("scale"));
    get("/map.png?scale=x")
        .await
        .assert_problem(400, Some("scale"));
    get("/map.png?width=2400&scale=3")
        .await
        .assert_problem(400, Some("scale"));
    get("/map.svg?from=October")
        .await
        .assert_problem(400, Some("from"));
    get("/map.svg?type=picnic")
        .await
        .assert_problem(400, Some("type"));
    get("/map.svg?names=fr")
        .await
        .assert_problem(400, Some("names"));
    get("/map.svg?layers=events,tiles")
        .await
        .assert_problem(400, Some("layers"));
    get("/map.svg?bbox=1,2,3")
        .await
        .assert_problem(400, Some("bbox"));
    get("/map.svg?zoom=3")
        .await
        .assert_problem(400, Some("zoom"));
}

#[tokio::test]
async fn the_api_document_lists_the_images() {
    let doc = get("/api").await.json();
    for path in ["/map.svg", "/map.png"] {
        assert!(doc["paths"][path]["get"]["parameters"].is_array(), "{path}");
    }
    let png = doc["paths"]["/map.png"]["get"]["parameters"]
        .as_array()
        .expect("params");
    assert!(png.iter().any(|p| p["name"] == "scale"));
}

#[test]
fn an_event_located_to_an_area_without_an_outline_is_a_dashed_pin_the_legend_explains() {
    use dateline::render::{Mark, Selection, Shape, View, fonts::fonts, svg};
    let st = crate::helpers::state();
    let snap = st.snapshot();
    let event = snap.events.get("ganja-strike").expect("fixture event");
    let pin = |approximate| Selection {
        marks: vec![Mark {
            event,
            shape: Shape::Point {
                at: [46.36, 40.68],
                approximate,
            },
        }],
    };
    let view = View {
        bbox: Some([45.9, 39.4, 47.6, 41.0]),
        ..View::default()
    };
    let legend_says = "Located to an area without an outline (pin at its centre)";
    let approx = svg::render(&st.gazetteer, &view, &pin(true), fonts()).svg;
    let exact = svg::render(&st.gazetteer, &view, &pin(false), fonts()).svg;
    let els = parse(&approx);
    let i = els
        .iter()
        .position(|e| e.attrs.get("class").map(String::as_str) == Some("event"))
        .expect("pin");
    assert!(
        els[i + 1..i + 3]
            .iter()
            .any(|c| c.attrs.contains_key("stroke-dasharray")),
        "a dashed pin"
    );
    assert!(els.iter().any(|e| e.text == legend_says));
    assert!(!exact.contains(legend_says) && !exact.contains("stroke-dasharray=\"2.5"));
}

#[tokio::test]
async fn a_world_view_draws_antarctica_which_starts_at_the_antimeridian() {
    let q = "bbox=-180,-85,180,85&width=600&layers=outlines";
    let els = parse(&get(&format!("/map.svg?{q}")).await.text());
    let png = get(&format!("/map.png?{q}")).await;
    save("map-world.png", &png.body);
    let png = Pixmap::decode_png(&png.body).expect("a PNG");
    let view = dateline::render::View {
        bbox: Some([-180.0, -85.0, 180.0, 85.0]),
        width: 600,
        ..dateline::render::View::default()
    };
    let frame = dateline::render::svg::frame_of(&view);
    let colour = |lon: f64, lat: f64| {
        let (x, y) = frame.project(lon, lat);
        let p = png
            .pixel(x as u32, (y + map_top(&els)) as u32)
            .expect("inside")
            .demultiply();
        [p.red(), p.green(), p.blue()]
    };
    // Land (the countries' fill) inland of Antarctica and of Africa; sea in the Pacific.
    assert_eq!(colour(40.0, -78.0), rgb("#f4f1ea"), "Antarctica");
    assert_eq!(colour(22.0, 5.0), rgb("#f4f1ea"), "Africa");
    assert_eq!(colour(-140.0, 0.0), rgb("#dfe8ee"), "the Pacific");
}

/// A published map's images (`/maps/{slug}.png|.svg`): its area, selection, title and credit,
/// drawn as `/map.png` draws the map's permalink; a draft's are an editor's preview; a
/// withdrawn map is 410, an unknown one 404.
#[tokio::test]
async fn a_published_map_is_drawn_with_its_selection_title_and_credit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dateline::store::SqliteStore::open(dir.path())
        .await
        .expect("store");
    let d = crate::desk::desk_with(store.into(), dir, None).await;
    let r = d
        .with_token(
            "POST",
            "/api/maps",
            Some(serde_json::json!({
                "slug": "ganja-strikes", "title": "Strikes on Ganja",
                "credit": "Jane Doe / The Example Times",
                "selection": {"from": "2020-10-01", "to": "2020-10-31", "type": "missile_strike"},
                "view": {"bbox": [46.0, 40.4, 46.7, 40.9]}, "names": "az"})),
            None,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    // A draft: not for readers; an editor's preview, never cached as public.
    for ext in ["png", "svg"] {
        d.public(&format!("/maps/ganja-strikes.{ext}"))
            .await
            .assert_problem(404, None);
    }
    let preview = d
        .with_token("GET", "/maps/ganja-strikes.svg", None, None)
        .await;
    assert_eq!(preview.status, 200, "{}", preview.text());
    assert_eq!(preview.header("cache-control"), "private, no-store");
    let r = d
        .with_token("POST", "/api/maps/ganja-strikes/publish", None, None)
        .await;
    assert!(r.status.is_success(), "{}", r.text());

    let svg = d.public("/maps/ganja-strikes.svg").await;
    assert_eq!(svg.status, 200, "{}", svg.text());
    assert_eq!(svg.header("content-type"), "image/svg+xml");
    assert_eq!(
        svg.header("content-disposition"),
        "inline; filename=\"ganja-strikes.svg\""
    );
    save("map-published-ganja-strikes.svg", &svg.body);
    let els = parse(&svg.text());
    let texts = texts(&els);
    assert!(texts.contains(&"Strikes on Ganja"), "{texts:?}");
    assert!(
        texts.contains(&"Credit: Jane Doe / The Example Times"),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("1 Oct 2020 – 31 Oct 2020") && t.contains("Type: missile strike")),
        "{texts:?}"
    );
    assert!(texts.contains(&"Gəncə"), "the map's names: {texts:?}");
    // Its selection: October's missile strikes, Ganja's among them, nothing else.
    let snap = d.state.snapshot();
    let ids: Vec<&str> = els
        .iter()
        .filter_map(|e| e.attrs.get("data-events"))
        .flat_map(|d| d.split(' '))
        .collect();
    assert!(ids.contains(&"ganja-missile-strike-2020-10-11"), "{ids:?}");
    for id in &ids {
        let e = snap.events.get(id).expect("a served event");
        assert_eq!(e.event_type.as_str(), "missile_strike", "{id}");
    }
    // The same drawing as the image of the map page it opens (the permalink carries the
    // credit too).
    let permalink = d
        .public("/maps/ganja-strikes")
        .await
        .header("location")
        .to_owned();
    assert!(permalink.contains("credit=Jane+Doe"), "{permalink}");
    let same = d
        .public(&format!("/map.svg{}", permalink.trim_start_matches('/')))
        .await;
    assert_eq!(same.status, 200, "{}", same.text());
    assert_eq!(same.text(), svg.text());

    // The PNG at a width and density; the strike's colour where the SVG puts its pin.
    let png = d.public("/maps/ganja-strikes.png?width=800&scale=2").await;
    assert_eq!(png.status, 200, "{}", png.text());
    assert_eq!(png.header("content-type"), "image/png");
    save("map-published-ganja-strikes@2x.png", &png.body);
    let at800 = parse(&d.public("/maps/ganja-strikes.svg?width=800").await.text());
    let (x, y, color) = pin_of(&at800, "ganja-missile-strike-2020-10-11");
    let img = Pixmap::decode_png(&png.body).expect("a PNG");
    assert_eq!(img.width(), 1600);
    assert_eq!(
        f64::from(img.height()),
        (num(&at800[0], "height") * 2.0).round()
    );
    let px = img
        .pixel((x * 2.0) as u32, (y * 2.0) as u32)
        .expect("inside")
        .demultiply();
    let got = [px.red(), px.green(), px.blue()];
    assert!(
        got.iter().zip(rgb(&color)).all(|(a, b)| a.abs_diff(b) <= 6),
        "{got:?} vs {color}"
    );

    // Bad requests: named; the map's own fields are not the request's.
    d.public("/maps/ganja-strikes.png?width=100")
        .await
        .assert_problem(400, Some("width"));
    d.public("/maps/ganja-strikes.png?bbox=1,2,3,4")
        .await
        .assert_problem(400, Some("bbox"));
    d.public("/maps/ganja-strikes.gif")
        .await
        .assert_problem(404, None);
    d.public("/maps/no-such-map.png")
        .await
        .assert_problem(404, None);

    // Withdrawn: gone, image and page alike.
    let r = d
        .with_token("POST", "/api/maps/ganja-strikes/unpublish", None, None)
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    d.public("/maps/ganja-strikes.png")
        .await
        .assert_problem(410, None);
    d.public("/maps/ganja-strikes")
        .await
        .assert_problem(410, None);
}
