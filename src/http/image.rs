//! `GET /map.svg` and `GET /map.png`: the map page's view (its permalink parameters) as an
//! image for print and social media, rendered on the server by [`crate::render`].
//!
//! Parameters: those of a map permalink (`bbox`, `from`, `to`, `type`, `q`, `names`,
//! `layers`, `event`, `title`, `credit`; `basemap` and `tour` are accepted and have no effect: images
//! are always drawn on the outlines), `width` in CSS pixels and, for PNG, `scale` (device
//! pixels per CSS pixel).

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde_json::{Value, json};

use super::AppState;
use super::blocking;
use super::error::ApiError;
use super::params::{Params, parse_bbox};
use crate::events::EventType;
use crate::index::{DateFilter, Query};
use crate::render::{self, Layers, Selection, View};

/// The parameters both images accept.
pub const IMAGE_PARAMS: [&str; 16] = [
    "bbox", "layers", "from", "to", "match", "event", "names", "basemap", "type", "q", "tour",
    "title", "credit", "ids", "width", "scale",
];

/// Longest title (and credit) kept, as the embed dialog keeps a title.
const MAX_TITLE_CHARS: usize = 120;

/// The image formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `image/svg+xml`.
    Svg,
    /// `image/png` at a pixel density.
    Png,
}

/// A date parameter (`YYYY-MM-DD`).
fn date(p: &Params, name: &str) -> Result<Option<NaiveDate>, ApiError> {
    p.get(name)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<NaiveDate>()
                .map_err(|_| ApiError::invalid(name, format!("{s:?} is not a date (YYYY-MM-DD)")))
        })
        .transpose()
}

/// A title or credit: trimmed, at most [`MAX_TITLE_CHARS`], none when empty.
fn text(p: &Params, name: &str) -> Option<String> {
    p.get(name)
        .map(|t| t.trim().chars().take(MAX_TITLE_CHARS).collect::<String>())
        .filter(|t| !t.is_empty())
}

/// The view, the events query and the PNG scale of an image request.
fn parse(st: &AppState, raw: Option<&str>, kind: Kind) -> Result<(View, Query, f64), ApiError> {
    let p = Params::parse(raw, &IMAGE_PARAMS)?;
    let width = p.number(
        "width",
        render::DEFAULT_WIDTH as usize,
        render::MIN_WIDTH as usize,
        render::MAX_WIDTH as usize,
    )? as u32;
    let scale = match p.get("scale") {
        None => 1.0,
        Some(_) => p.float("scale", 1.0, render::MAX_SCALE)?,
    };
    let bbox = p.get("bbox").map(parse_bbox).transpose()?;
    let (from, to) = (date(&p, "from")?, date(&p, "to")?);
    let within = match p.get("match") {
        None | Some("" | "overlaps") => false,
        Some("within") => true,
        Some(other) => {
            return Err(ApiError::invalid(
                "match",
                format!("{other:?}: use within (or leave it out: overlapping)"),
            ));
        }
    };
    let datetime = match (from, to) {
        (None, None) => None,
        _ => {
            let d =
                DateFilter::new(from, to).map_err(|e| ApiError::invalid("to", e.to_string()))?;
            Some(if within { d.within() } else { d })
        }
    };
    let event_type = p
        .get("type")
        .filter(|t| !t.is_empty())
        .map(|t| {
            EventType::ALL
                .into_iter()
                .find(|x| x.as_str() == t)
                .ok_or_else(|| ApiError::invalid("type", format!("{t:?} is not an event type")))
        })
        .transpose()?;
    let names = p
        .get("names")
        .filter(|n| !n.is_empty())
        .unwrap_or(&st.site.names);
    if !["en", "az", "hy", "ru", "all"].contains(&names) {
        return Err(ApiError::invalid(
            "names",
            format!("{names:?}: use en, az, hy, ru or all"),
        ));
    }
    let layers = match p.get("layers") {
        None => Layers::default(),
        Some(list) => {
            let want: Vec<&str> = list.split(',').filter(|s| !s.is_empty()).collect();
            if let Some(bad) = want
                .iter()
                .find(|l| !["events", "places", "outlines", "mentions"].contains(l))
            {
                return Err(ApiError::invalid(
                    "layers",
                    format!("{bad:?}: use events, places, outlines"),
                ));
            }
            Layers {
                events: want.contains(&"events"),
                places: want.contains(&"places"),
                outlines: want.contains(&"outlines"),
            }
        }
    };
    let q = p
        .get("q")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let mut filters = Vec::new();
    if within && datetime.is_some() {
        filters.push("Only events dated within the range".to_owned());
    }
    if let Some(t) = event_type {
        filters.push(format!("Type: {}", t.as_str().replace('_', " ")));
    }
    if let Some(q) = &q {
        filters.push(format!("Text: “{q}”"));
    }
    let view = View {
        bbox: bbox.map(|b| b.bounds()),
        width,
        title: text(&p, "title"),
        from,
        to,
        filters,
        names: names.to_owned(),
        credit: text(&p, "credit"),
        layers,
        selected: p.get("event").filter(|e| !e.is_empty()).map(str::to_owned),
    };
    if kind == Kind::Png {
        // The height is known only once laid out; the tallest frame bounds it.
        let w = f64::from(width) * scale;
        let pixels = w * w * 1.6;
        if pixels > render::MAX_PIXELS {
            let name = if scale > 1.0 { "scale" } else { "width" };
            return Err(ApiError::invalid(
                name,
                format!(
                    "width {width} at scale {scale} may need {:.0} million pixels; at most {:.0} million",
                    pixels / 1e6,
                    render::MAX_PIXELS / 1e6
                ),
            ));
        }
    }
    let ids = p
        .get("ids")
        .filter(|s| !s.trim().is_empty())
        .map(crate::http::params::parse_ids)
        .transpose()?;
    let query = Query {
        datetime,
        event_type,
        q,
        ids,
        offset: 0,
        limit: usize::MAX,
        ..Query::default()
    };
    Ok((view, query, scale))
}

/// The view of a request rendered: the SVG (and the PNG), with the file name to save as.
fn image(st: &AppState, raw: Option<&str>, kind: Kind) -> Result<Response, ApiError> {
    let (view, query, scale) = parse(st, raw, kind)?;
    draw(st, view, query, kind, scale)
}

/// The parameters a published map's image takes: its size. The rest is the map's.
pub const PUBLISHED_PARAMS: [&str; 2] = ["width", "scale"];

/// A published map's image (`/maps/{slug}.png|.svg`): the view and selection of its
/// permalink ([`map_permalink`]: area, dates, type, text, names, title, credit), drawn as
/// `/map.png` draws that permalink, at the request's `width` and `scale`.
///
/// [`map_permalink`]: super::desk::entities::map_permalink
///
/// # Errors
/// 400 naming a bad `width` or `scale` or another parameter of the request.
pub fn published(
    st: &AppState,
    doc: &Value,
    raw: Option<&str>,
    kind: Kind,
) -> Result<Response, ApiError> {
    let asked = Params::parse(raw, &PUBLISHED_PARAMS)?;
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for name in PUBLISHED_PARAMS {
        if let Some(v) = asked.get(name) {
            pairs.push((name, v));
        }
    }
    let size = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    let permalink = super::desk::entities::map_permalink(doc);
    let query = [permalink.as_str(), size.as_str()]
        .into_iter()
        .filter(|q| !q.is_empty())
        .collect::<Vec<_>>()
        .join("&");
    let (view, query, scale) = parse(st, Some(&query), kind).map_err(|e| match e {
        // A field of the stored map the image cannot draw (its selection is free-form):
        // named as the map's field, for its editors to fix.
        ApiError::InvalidParameter { name, detail }
            if !PUBLISHED_PARAMS.contains(&name.as_str()) =>
        {
            let field = match name.as_str() {
                "bbox" => "view.bbox".to_owned(),
                "names" | "title" | "credit" => name,
                _ => format!("selection.{name}"),
            };
            ApiError::InvalidField {
                field,
                detail: format!("the map's {detail}"),
            }
        }
        other => other,
    })?;
    let mut r = draw(st, view, query, kind, scale)?;
    // Saved under the map's slug.
    let ext = if kind == Kind::Png { "png" } else { "svg" };
    if let Some(v) = doc["slug"]
        .as_str()
        .and_then(|slug| HeaderValue::from_str(&format!("inline; filename=\"{slug}.{ext}\"")).ok())
    {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// The events of `query` in the area `view` shows, rendered.
fn draw(
    st: &AppState,
    view: View,
    mut query: Query,
    kind: Kind,
    scale: f64,
) -> Result<Response, ApiError> {
    let snap = st.snapshot();
    let g = &st.gazetteer;
    // Every event in the area the image shows (wider than the asked box when its shape
    // differs), so none at the edges is missing.
    let frame = render::svg::frame_of(&view);
    let [w, s, e, n] = frame.bbox();
    query.bbox = crate::index::Bbox::new(w, s, e, n).ok();
    let page = snap.events.query(&query);
    let sel = Selection::from_positions(g, &snap.events, &page.items);
    respond(st, &view, &sel, kind, scale)
}

/// The image of `sel` in `view` as a response, with a file name saying the view. The hook
/// for other images of the same look: a published map (`/maps/{slug}.png`) builds its
/// [`View`] (title, credit, area) and [`Selection`] (its events,
/// [`Selection::from_positions`]) and answers with this.
///
/// # Errors
/// [`ApiError::Internal`] when the PNG cannot be rendered.
pub fn respond(
    st: &AppState,
    view: &View,
    sel: &Selection,
    kind: Kind,
    scale: f64,
) -> Result<Response, ApiError> {
    let fonts = render::fonts::fonts();
    let img = render::svg::render(&st.gazetteer, view, sel, fonts);
    let (body, media, ext) = match kind {
        Kind::Svg => (img.svg.into_bytes(), "image/svg+xml", "svg"),
        Kind::Png => (
            render::png::render(&img, scale, fonts)
                .map_err(|e| ApiError::Internal(e.to_string()))?,
            "image/png",
            "png",
        ),
    };
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{}.{ext}\"", file_stem(view)))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(super::CACHE_CONTROL),
    );
    Ok(r)
}

/// `dateline-map-2020-10-01_2020-10-31-shelling`: the file name says the view.
fn file_stem(view: &View) -> String {
    let mut parts = vec!["dateline-map".to_owned()];
    if view.from.is_some() || view.to.is_some() {
        let d = |x: Option<NaiveDate>| x.map_or_else(|| "open".to_owned(), |d| d.to_string());
        parts.push(format!("{}_{}", d(view.from), d(view.to)));
    }
    for f in &view.filters {
        let clean: String = f
            .split_once(": ")
            .map_or(f.as_str(), |(_, v)| v)
            .chars()
            .filter_map(|c| match c {
                c if c.is_ascii_alphanumeric() => Some(c),
                ' ' | '_' | '-' => Some('_'),
                _ => None,
            })
            .take(40)
            .collect();
        if !clean.is_empty() {
            parts.push(clean);
        }
    }
    parts.join("-")
}

/// `GET /map.svg`.
///
/// # Errors
/// 400 naming the parameter for an unknown or invalid one.
pub async fn map_svg(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    blocking::run(move || image(&st, raw.as_deref(), Kind::Svg)).await?
}

/// `GET /map.png`.
///
/// # Errors
/// 400 naming the parameter for an unknown or invalid one (a `width` or `scale` out of
/// range, or too many pixels together).
pub async fn map_png(
    State(st): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    blocking::run(move || image(&st, raw.as_deref(), Kind::Png)).await?
}

/// The OpenAPI paths of the images (merged into the document by `openapi`).
pub fn openapi_paths() -> Value {
    let p = |name: &str, description: &str, schema: Value| json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema });
    let common = vec![
        json!({ "name": "bbox", "in": "query", "required": false, "style": "form", "explode": false,
                "description": "west,south,east,north to show (the image keeps readable proportions, so it may show more); default the South Caucasus",
                "schema": { "$ref": "#/components/schemas/Bbox" } }),
        p(
            "from",
            "events from this date (YYYY-MM-DD; empty: no start, as in a permalink)",
            json!({ "type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$" }),
        ),
        p(
            "to",
            "events until this date (YYYY-MM-DD; empty: no end, as in a permalink)",
            json!({ "type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$" }),
        ),
        p(
            "match",
            "within: only events dated inside from/to (default: every event overlapping them)",
            json!({ "type": "string", "enum": ["overlaps", "within"] }),
        ),
        p(
            "type",
            "events of this type",
            json!({ "type": "string", "enum": EventType::ALL.iter().map(|t| t.as_str()).collect::<Vec<_>>() }),
        ),
        p(
            "q",
            "text in titles, summaries, quotes or names",
            json!({ "type": "string" }),
        ),
        p(
            "names",
            "place-name convention of labels",
            json!({ "type": "string", "enum": ["en", "az", "hy", "ru", "all"] }),
        ),
        p(
            "layers",
            "layers drawn: events, places, outlines (comma-separated)",
            json!({ "type": "string", "default": "events,places,outlines" }),
        ),
        p(
            "event",
            "an event id drawn as selected",
            json!({ "type": "string" }),
        ),
        p(
            "title",
            "the image's title (at most 120 characters)",
            json!({ "type": "string" }),
        ),
        p(
            "credit",
            "who made the map, after “Credit:” (at most 120 characters; default Dateline)",
            json!({ "type": "string" }),
        ),
        p(
            "width",
            "width in CSS pixels",
            json!({ "type": "integer", "minimum": render::MIN_WIDTH, "maximum": render::MAX_WIDTH, "default": render::DEFAULT_WIDTH }),
        ),
    ];
    let mut png = common.clone();
    png.push(p(
        "scale",
        "device pixels per CSS pixel (print: 2 or 3)",
        json!({ "type": "number", "minimum": 1, "maximum": render::MAX_SCALE, "default": 1 }),
    ));
    let op = |summary: &str, params: Vec<Value>, media: &str| {
        json!({ "get": {
            "summary": summary,
            "parameters": params,
            "responses": {
                "200": { "description": "the image", "content": { media: { "schema": { "type": "string", "format": "binary" } } } },
                "400": { "$ref": "#/components/responses/Problem400" },
                "503": { "$ref": "#/components/responses/Problem503" },
            }
        } })
    };
    json!({
        "/map.svg": op("The map view as an SVG image: outlines, events, labels, title, dates, legend, credit, attribution, scale bar", common, "image/svg+xml"),
        "/map.png": op("The map view as a PNG image (rendered from the SVG) at a pixel density", png, "image/png"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_the_filter() {
        let view = View {
            from: NaiveDate::from_ymd_opt(2020, 10, 1),
            filters: vec!["Type: missile strike".into(), "Text: “Bərdə/x”".into()],
            ..View::default()
        };
        assert_eq!(
            file_stem(&view),
            "dateline-map-2020-10-01_open-missile_strike-Brdx"
        );
    }
}
