//! Handlers of the desk's entities: sources, events, claims, maps, mention decisions,
//! publishing and the revision log. Each write is one call of [`crate::desk::Desk`] (one
//! transaction), then a reload of the served snapshot.

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::auth::Editor;
use super::{desk, entity_json, etag, if_match, object};
use crate::desk::Written;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::params::Params;
use crate::http::{blocking, image};
use crate::store::{Kind, Stored};

/// An entity's answer: its JSON, its ETag, never cached as public.
fn one(status: StatusCode, s: &Stored, with_text: bool, location: Option<String>) -> Response {
    let mut resp = (status, axum::Json(entity_json(s, with_text))).into_response();
    let h = resp.headers_mut();
    h.insert(header::ETAG, etag(s.revision));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Some(l) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        h.insert(header::LOCATION, l);
    }
    resp
}

/// The path of an entity in this API.
fn path_of(kind: Kind, id: &str) -> String {
    match kind {
        Kind::Source => format!("/api/sources/{id}"),
        Kind::Event => format!("/api/events/{id}"),
        Kind::Claim => format!("/api/claims/{id}"),
        Kind::Map => format!("/api/maps/{id}"),
        Kind::Place => format!("/api/places/{id}"),
        Kind::Mention => {
            let (s, start) = id.split_once('@').unwrap_or((id, "0"));
            format!("/api/sources/{s}/mentions/{start}")
        }
    }
}

/// After a committed write: the read path serves it, then the answer is sent.
pub(super) async fn written(
    state: &AppState,
    w: Written,
    status: StatusCode,
    with_text: bool,
) -> Result<Response, ApiError> {
    desk(state)?.after_write(state).await?;
    match &w.entity {
        Some(s) => {
            let loc = (status == StatusCode::CREATED).then(|| path_of(s.kind, &s.id));
            Ok(one(status, s, with_text, loc))
        }
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

pub(super) async fn get_one(state: &AppState, kind: Kind, id: &str) -> Result<Response, ApiError> {
    let s = desk(state)?.desk.get(kind, id).await?;
    if kind == Kind::Event {
        let claims = desk(state)?.desk.list(Kind::Claim, Some(id)).await?;
        let mut resp = one(StatusCode::OK, &s, false, None);
        let mut v = entity_json(&s, false);
        v["claim"] = Value::Array(claims.iter().map(|c| entity_json(c, false)).collect());
        *resp.body_mut() = axum::body::Body::from(v.to_string());
        return Ok(resp);
    }
    Ok(one(StatusCode::OK, &s, kind == Kind::Source, None))
}

async fn list(state: &AppState, kind: Kind) -> Result<Response, ApiError> {
    let all = desk(state)?.desk.list(kind, None).await?;
    let items: Vec<Value> = all.iter().map(|s| entity_json(s, false)).collect();
    let mut resp = axum::Json(json!({ "items": items, "count": items.len() })).into_response();
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(resp)
}

pub(super) async fn patch(
    state: &AppState,
    editor: &Editor,
    kind: Kind,
    id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, ApiError> {
    let d = desk(state)?;
    let rev = match if_match(headers)? {
        Some(r) => r,
        None => d.desk.get(kind, id).await?.revision,
    };
    let patch = Value::Object(object(body)?);
    let w = d.desk.patch(kind, id, rev, &patch, &editor.user).await?;
    written(state, w, StatusCode::OK, false).await
}

pub(super) async fn delete(
    state: &AppState,
    editor: &Editor,
    kind: Kind,
    id: &str,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    let d = desk(state)?;
    let rev = match if_match(headers)? {
        Some(r) => r,
        None => d.desk.get(kind, id).await?.revision,
    };
    d.desk.delete(kind, id, rev, &editor.user).await?;
    d.after_write(state).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/sources`: `{…source.toml fields, "text": "…"}` as JSON, or a
/// `multipart/form-data` upload: a `file` part (.txt or .pdf, the PDF's text layer) with the
/// metadata as text parts (`title`, `kind`, `outlet`, `url`, `published`, `language`,
/// `speakers` repeated or comma-separated, `id`) or as one JSON `meta` part → 201, a draft.
pub async fn create_source(
    State(state): State<AppState>,
    editor: Editor,
    req: axum::extract::Request,
) -> Result<Response, ApiError> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    let (doc, text, upload) = if multipart {
        let form = axum::extract::Multipart::from_request(req, &state)
            .await
            .map_err(|e| ApiError::InvalidBody(format!("the multipart body: {}", e.body_text())))?;
        upload_form(form).await?
    } else {
        let body = axum::body::to_bytes(req.into_body(), crate::http::BODY_LIMIT_BYTES)
            .await
            .map_err(|_| ApiError::PayloadTooLarge(crate::http::BODY_LIMIT_BYTES))?;
        let mut doc = object(&body)?;
        let text = match doc.remove("text") {
            Some(Value::String(t)) => t,
            _ => {
                return Err(ApiError::InvalidField {
                    field: "text".into(),
                    detail: "is required: the source's full text, as a string (or upload a file)"
                        .into(),
                });
            }
        };
        (doc, text, None)
    };
    let w = desk(&state)?
        .desk
        .create_source_from(doc, text, upload, &editor.user)
        .await?;
    written(&state, w, StatusCode::CREATED, true).await
}

/// The metadata, the text and the file of an upload form.
async fn upload_form(
    mut form: axum::extract::Multipart,
) -> Result<
    (
        serde_json::Map<String, Value>,
        String,
        Option<crate::store::Upload>,
    ),
    ApiError,
> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        ApiError::InvalidBody(format!("the multipart body: {}", e.body_text()))
    };
    let mut doc = serde_json::Map::new();
    let mut file = None;
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                let fname = field.file_name().unwrap_or("upload").to_owned();
                let media = field.content_type().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(bad)?;
                file = Some((fname, media, bytes));
            }
            "meta" => {
                let t = field.text().await.map_err(bad)?;
                match serde_json::from_str(&t) {
                    Ok(Value::Object(m)) => doc.extend(m),
                    _ => {
                        return Err(ApiError::InvalidField {
                            field: "meta".into(),
                            detail: "must be a JSON object of the source's fields".into(),
                        });
                    }
                }
            }
            "speakers" => {
                let t = field.text().await.map_err(bad)?;
                let list = doc
                    .entry("speakers")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(a) = list {
                    a.extend(
                        t.split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(|s| Value::String(s.to_owned())),
                    );
                }
            }
            "id" | "title" | "kind" | "outlet" | "url" | "published" | "language"
            | "interviewer" | "attribution" | "notes" => {
                let t = field.text().await.map_err(bad)?;
                if !t.trim().is_empty() {
                    doc.insert(name, Value::String(t.trim().to_owned()));
                }
            }
            other => {
                return Err(ApiError::InvalidField {
                    field: other.to_owned(),
                    detail: "is not a field of an upload (file, meta, title, kind, outlet, url, \
                             published, language, speakers, interviewer, attribution, notes, id)"
                        .into(),
                });
            }
        }
    }
    let Some((fname, media, bytes)) = file else {
        return Err(ApiError::InvalidField {
            field: "file".into(),
            detail: "is required: a .txt or .pdf".into(),
        });
    };
    let name = fname.clone();
    let (kind, text) =
        crate::http::blocking::run(move || crate::desk::upload::text_of(&name, &media, &bytes))
            .await??;
    doc.entry("title")
        .or_insert_with(|| Value::String(fname.clone()));
    Ok((
        doc,
        text,
        Some(crate::store::Upload {
            name: fname,
            media_type: kind.media_type().to_owned(),
        }),
    ))
}

/// `GET /api/sources`: with credentials every source (drafts too) with its status and
/// revision; else the public list.
pub async fn list_sources_or_public(
    State(state): State<AppState>,
    editor: Option<Editor>,
) -> Result<Response, ApiError> {
    if editor.is_some() {
        return list(&state, Kind::Source).await;
    }
    Ok(crate::http::layers::sources(State(state)).await)
}

/// `GET /api/sources/{id}`: for a signed-in editor the stored source (drafts too, with its
/// text and ETag); else the public detail.
pub async fn get_source_or_public(
    State(state): State<AppState>,
    Path(id): Path<String>,
    editor: Option<Editor>,
) -> Result<Response, ApiError> {
    if editor.is_some() {
        return get_one(&state, Kind::Source, &id).await;
    }
    crate::http::layers::source_detail(State(state), Path(id)).await
}

/// `PATCH /api/sources/{id}` (merge patch, `If-Match`).
pub async fn patch_source(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    patch(&state, &editor, Kind::Source, &id, &headers, &body).await
}

/// `DELETE /api/sources/{id}` (`If-Match`; refused while claims cite it).
pub async fn delete_source(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    delete(&state, &editor, Kind::Source, &id, &headers).await
}

/// `PUT /api/sources/{id}/mentions/{start}`: the editor's decision about a mention.
pub async fn decide_mention(
    State(state): State<AppState>,
    editor: Editor,
    Path((id, start)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let start: usize = start
        .parse()
        .map_err(|_| ApiError::invalid("start", "expected a byte offset (an integer ≥ 0)"))?;
    let doc = object(&body)?;
    let w = desk(&state)?
        .desk
        .decide_mention(&id, start, doc, &editor.user)
        .await?;
    written(&state, w, StatusCode::OK, false).await
}

/// `POST /api/sources/{id}/analyse`: the stored text geoparsed and its candidate events
/// (as `POST /api/geoparse` and `/api/extract` give them, spans into the stored text), with
/// the editor's decisions about mentions so far.
pub async fn analyse(
    State(state): State<AppState>,
    _editor: Editor,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let d = desk(&state)?;
    let s = d.desk.get(Kind::Source, &id).await?;
    let text = s.record.text.clone().unwrap_or_default();
    let doc = &s.record.doc;
    let published = doc
        .get("published")
        .and_then(Value::as_str)
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let claimant = doc
        .get("speakers")
        .and_then(|v| v.get(0))
        .or_else(|| doc.get("outlet"))
        .and_then(Value::as_str)
        .unwrap_or("the source")
        .to_owned();
    let prefix = format!("{id}@");
    let decisions: Vec<Value> = d
        .desk
        .list(Kind::Mention, None)
        .await?
        .iter()
        .filter(|m| m.id.starts_with(&prefix))
        .map(|m| entity_json(m, false))
        .collect();
    let g = state.gazetteer.clone();
    crate::http::text::budgeted_as("application/json", move |b| {
        let mentions = crate::geoparse::Geoparser::new(&g).parse_with(&text, b)?;
        let candidates =
            crate::events::extract::extract_with(&g, &text, published, &id, &claimant, b)?;
        Ok(json!({
            "source": id,
            "mentions": crate::output::mentions_geojson(&g, &mentions),
            "candidates": crate::output::candidates_geojson(&g, &candidates),
            "decisions": decisions,
        }))
    })
    .await
}

/// `POST /api/import?name=FILE&event_type=TYPE[&claimant=WHO]`: a GeoJSON, CSV or KML file
/// (the body; its format from `name` or `Content-Type`) as a draft source and draft events
/// with claims citing it → 201 with what was imported and what was skipped, and why.
pub async fn import(
    State(state): State<AppState>,
    editor: Editor,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), &["name", "event_type", "claimant"])?;
    let name = p.required("name")?.to_owned();
    let event_type = p.required("event_type")?.to_owned();
    let claimant = p.get("claimant").unwrap_or(&name).to_owned();
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::InvalidBody("the file must be UTF-8 text".into()))?;
    let d = desk(&state)?;
    let places = state.snapshot().places.clone();
    let out = d
        .desk
        .import(
            &name,
            &media,
            text,
            &places,
            &event_type,
            &claimant,
            &editor.user,
        )
        .await?;
    d.after_write(&state).await?;
    let mut resp = (
        StatusCode::CREATED,
        axum::Json(json!({
            "source": out.source,
            "events": out.events,
            "skipped": out.skipped,
            "data_version": out.committed.data_version,
        })),
    )
        .into_response();
    if let Ok(l) = HeaderValue::from_str(&path_of(Kind::Source, &out.source)) {
        resp.headers_mut().insert(header::LOCATION, l);
    }
    Ok(resp)
}

/// `POST /api/events`: the event's fields, optionally with `claim: [...]` → 201, a draft.
pub async fn create_event(
    State(state): State<AppState>,
    editor: Editor,
    body: Bytes,
) -> Result<Response, ApiError> {
    let doc = object(&body)?;
    let w = desk(&state)?.desk.create_event(doc, &editor.user).await?;
    desk(&state)?.after_write(&state).await?;
    let s = w
        .entity
        .ok_or_else(|| ApiError::Internal("a created event is stored".into()))?;
    let mut resp = get_one(&state, Kind::Event, &s.id).await?;
    *resp.status_mut() = StatusCode::CREATED;
    if let Ok(l) = HeaderValue::from_str(&path_of(Kind::Event, &s.id)) {
        resp.headers_mut().insert(header::LOCATION, l);
    }
    Ok(resp)
}

/// `GET /api/events`: every event, drafts too, with status and revision (editors).
pub async fn list_events(
    State(state): State<AppState>,
    _editor: Editor,
) -> Result<Response, ApiError> {
    list(&state, Kind::Event).await
}

/// `GET /api/events/{id}`: the stored event with its claims (editors).
pub async fn get_event(
    State(state): State<AppState>,
    _editor: Editor,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    get_one(&state, Kind::Event, &id).await
}

/// `PATCH /api/events/{id}` (merge patch of its fields but claims, `If-Match`).
pub async fn patch_event(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    patch(&state, &editor, Kind::Event, &id, &headers, &body).await
}

/// `DELETE /api/events/{id}` (with its claims, `If-Match`).
pub async fn delete_event(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    delete(&state, &editor, Kind::Event, &id, &headers).await
}

/// `POST /api/events/{id}/claims`: a claim from a span of a stored source → 201.
pub async fn add_claim(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let doc = object(&body)?;
    let w = desk(&state)?.desk.add_claim(&id, doc, &editor.user).await?;
    written(&state, w, StatusCode::CREATED, false).await
}

/// `GET /api/claims/{id}` (editors).
pub async fn get_claim(
    State(state): State<AppState>,
    _editor: Editor,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    get_one(&state, Kind::Claim, &id).await
}

/// `PATCH /api/claims/{id}` (merge patch, `If-Match`; the span is checked again).
pub async fn patch_claim(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    patch(&state, &editor, Kind::Claim, &id, &headers, &body).await
}

/// `DELETE /api/claims/{id}` (`If-Match`).
pub async fn delete_claim(
    State(state): State<AppState>,
    editor: Editor,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    delete(&state, &editor, Kind::Claim, &id, &headers).await
}

/// `POST /api/maps`: slug, title, description, credit, selection, view, names → 201, a draft.
pub async fn create_map(
    State(state): State<AppState>,
    editor: Editor,
    body: Bytes,
) -> Result<Response, ApiError> {
    let doc = object(&body)?;
    let w = desk(&state)?.desk.create_map(doc, &editor.user).await?;
    written(&state, w, StatusCode::CREATED, false).await
}

/// `GET /api/maps` (editors).
pub async fn list_maps(
    State(state): State<AppState>,
    _editor: Editor,
) -> Result<Response, ApiError> {
    list(&state, Kind::Map).await
}

/// `GET /api/maps/{slug}`: a published map for anyone; a draft for editors only.
pub async fn get_map(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    editor: Option<Editor>,
) -> Result<Response, ApiError> {
    let s = desk(&state)?.desk.get(Kind::Map, &slug).await?;
    if s.record.status != crate::store::Visibility::Published && editor.is_none() {
        return Err(ApiError::NotFound(format!("no map {slug}")));
    }
    Ok(one(StatusCode::OK, &s, false, None))
}

/// A map that readers cannot see: 410 when it was published once (an article may still
/// link to it), 404 when it never was.
async fn unpublished(state: &AppState, slug: &str) -> ApiError {
    let was_published = match desk(state) {
        Ok(d) => d
            .desk
            .revisions(Some((Kind::Map, slug)), None, 1000)
            .await
            .is_ok_and(|revs| {
                revs.iter().any(|r| {
                    r.after
                        .as_ref()
                        .is_some_and(|a| a.status == crate::store::Visibility::Published)
                })
            }),
        Err(_) => false,
    };
    if was_published {
        ApiError::Gone(format!("map {slug} was withdrawn by its editors"))
    } else {
        ApiError::NotFound(format!("no map {slug}"))
    }
}

/// `GET /maps/{slug}`: a published map opens as the map page at its view, selection, name
/// convention, title and credit (a 302 to the permalink; part 2 gives it a page of its own).
/// `GET /maps/{slug}.png` and `/maps/{slug}.svg` (the same route: a path segment has one
/// parameter and no suffix): the map as an image, drawn as `/map.png` draws its permalink,
/// at the request's `width` (and `scale`). A draft is 404 to readers
/// (410 once it was published); its images are an editor's preview.
///
/// # Errors
/// 404 for an unknown map (or extension), 410 for a withdrawn one, 400 for a bad `width` or
/// `scale` or another parameter of an image.
pub async fn map_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    editor: Option<Editor>,
) -> Result<Response, ApiError> {
    let (slug, image) = match slug.rsplit_once('.') {
        None => (slug.as_str(), None),
        Some((s, "png")) => (s, Some(image::Kind::Png)),
        Some((s, "svg")) => (s, Some(image::Kind::Svg)),
        Some((_, ext)) => {
            return Err(ApiError::NotFound(format!(
                "no {ext:?} image of a map: use .png or .svg"
            )));
        }
    };
    let s = desk(&state)?.desk.get(Kind::Map, slug).await?;
    if s.record.status != crate::store::Visibility::Published {
        // The page only redirects (the permalink shows published events alone); an image
        // draws the draft's title and credit, so it needs an editor's valid credentials.
        if editor.is_none() {
            return Err(unpublished(&state, slug).await);
        }
    }
    if let Some(kind) = image {
        let draft = s.record.status != crate::store::Visibility::Published;
        let doc = s.record.doc;
        let st = state.clone();
        let mut r =
            blocking::run(move || image::published(&st, &doc, raw.as_deref(), kind)).await??;
        if draft {
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
        }
        return Ok(r);
    }
    let url = format!("/?{}", map_permalink(&s.record.doc));
    let mut resp = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(&url) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(resp)
}

/// The map page's query string for a published map's document.
pub fn map_permalink(doc: &Value) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(b) = doc["view"]["bbox"].as_array() {
        let nums: Vec<String> = b
            .iter()
            .filter_map(Value::as_f64)
            .map(|v| format!("{v:.4}"))
            .collect();
        if nums.len() == 4 {
            pairs.push(("bbox", nums.join(",")));
        }
    }
    let sel = &doc["selection"];
    for (key, field) in [
        ("from", "from"),
        ("to", "to"),
        ("match", "match"),
        ("q", "q"),
        ("type", "type"),
    ] {
        if let Some(v) = sel[field].as_str() {
            pairs.push((key, v.to_owned()));
        }
    }
    // A hand-picked list of events: only these.
    let ids: Vec<&str> = sel["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if !ids.is_empty() {
        pairs.push(("ids", ids.join(",")));
    }
    if let Some(n) = doc["names"].as_str() {
        pairs.push(("names", n.to_owned()));
    }
    for key in ["title", "credit"] {
        if let Some(t) = doc[key].as_str().filter(|t| !t.trim().is_empty()) {
            pairs.push((key, t.chars().take(120).collect()));
        }
    }
    serde_urlencoded::to_string(&pairs)
        .unwrap_or_default()
        .replace("%2C", ",")
}

/// `PATCH /api/maps/{slug}` (merge patch, `If-Match`).
pub async fn patch_map(
    State(state): State<AppState>,
    editor: Editor,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    patch(&state, &editor, Kind::Map, &slug, &headers, &body).await
}

/// `DELETE /api/maps/{slug}` (`If-Match`).
pub async fn delete_map(
    State(state): State<AppState>,
    editor: Editor,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    delete(&state, &editor, Kind::Map, &slug, &headers).await
}

fn publishable(kind: &str) -> Result<Kind, ApiError> {
    match kind {
        "sources" => Ok(Kind::Source),
        "events" => Ok(Kind::Event),
        "maps" => Ok(Kind::Map),
        _ => Err(ApiError::NotFound(format!(
            "no resource at /api/{kind}: sources, events and maps are published"
        ))),
    }
}

async fn set_published(
    state: AppState,
    editor: Editor,
    kind: String,
    id: String,
    headers: HeaderMap,
    published: bool,
) -> Result<Response, ApiError> {
    let kind = publishable(&kind)?;
    let rev = if headers.contains_key(header::IF_MATCH) {
        if_match(&headers)?
    } else {
        None
    };
    let w = desk(&state)?
        .desk
        .set_published(kind, &id, rev, published, &editor.user)
        .await?;
    written(&state, w, StatusCode::OK, false).await
}

/// `POST /api/{sources|events|maps}/{id}/publish` (optional `If-Match`).
pub async fn publish(
    State(state): State<AppState>,
    editor: Editor,
    Path((kind, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    set_published(state, editor, kind, id, headers, true).await
}

/// `POST /api/{sources|events|maps}/{id}/unpublish` (optional `If-Match`).
pub async fn unpublish(
    State(state): State<AppState>,
    editor: Editor,
    Path((kind, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    set_published(state, editor, kind, id, headers, false).await
}

/// `GET /api/revisions?entity=KIND:ID&before=N&limit=N`: the history, newest first.
pub async fn revisions(
    State(state): State<AppState>,
    _editor: Editor,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), &["entity", "before", "limit"])?;
    let entity = match p.get("entity") {
        None => None,
        Some(e) => {
            let (k, id) = e
                .split_once(':')
                .and_then(|(k, id)| Some((Kind::parse(k)?, id)))
                .ok_or_else(|| {
                    ApiError::invalid("entity", "expected KIND:ID, e.g. event:ganja-2020-10-11")
                })?;
            Some((k, id.to_owned()))
        }
    };
    let int = |name: &str| -> Result<Option<i64>, ApiError> {
        p.get(name)
            .map(|v| {
                v.parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| ApiError::invalid(name, "expected a positive integer"))
            })
            .transpose()
    };
    let before = int("before")?;
    let limit = int("limit")?.unwrap_or(100).min(1000);
    let log = desk(&state)?
        .desk
        .revisions(
            entity.as_ref().map(|(k, id)| (*k, id.as_str())),
            before,
            limit,
        )
        .await?;
    let next = (log.len() as i64 == limit).then(|| log.last().map(|r| r.n));
    let mut resp =
        axum::Json(json!({ "revisions": log, "next_before": next.flatten() })).into_response();
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(resp)
}

/// `POST /api/revisions/{n}/restore`: the entity back to its state after revision `n` (a new
/// revision).
pub async fn restore(
    State(state): State<AppState>,
    editor: Editor,
    Path(n): Path<String>,
) -> Result<Response, ApiError> {
    let n: i64 = n
        .parse()
        .map_err(|_| ApiError::invalid("n", "expected a revision number"))?;
    let w = desk(&state)?.desk.restore(n, &editor.user).await?;
    written(&state, w, StatusCode::OK, false).await
}
