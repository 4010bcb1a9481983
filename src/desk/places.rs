//! Editor places: a place the gazetteer lacks (a checkpoint, a field, a district drawn by
//! hand), added at the desk with a name, a point or an area, a precision and who added it.
//! Once written it is registered with the gazetteer ([`crate::gazetteer::editor`]), so an
//! event or a mention decision may use its id like a gazetteer id.
//!
//! A place has no draft state of its own: readers see it only through the published events
//! located to it. Coordinates are `[lon, lat]` (GeoJSON).

use geo::{BoundingRect, InteriorPoint};
use rustc_hash::FxHashSet;
use serde_json::{Map, Value};

use super::{Desk, DeskError, Written, slug};
use crate::gazetteer::Gazetteer;
use crate::gazetteer::editor::ID_PREFIX;
use crate::gazetteer::place::{Kind as PlaceKind, Name, Place};
use crate::store::{Expect, Kind, Record, Store, Stored, User, Visibility};

/// The fields of an editor place's document.
const FIELDS: [&str; 8] = [
    "id",
    "name",
    "names",
    "geometry",
    "precision",
    "country_code",
    "added_by",
    "notes",
];

/// How exactly an editor place is known.
const PRECISIONS: [&str; 5] = ["exact", "approximate", "district", "region", "country"];

/// Longest name.
const MAX_NAME_CHARS: usize = 200;

/// Most positions in an area's outline.
const MAX_POSITIONS: usize = 100_000;

impl<S: Store> Desk<S> {
    /// Adds an editor place (`name`, `geometry`: a GeoJSON Point, Polygon or MultiPolygon,
    /// `precision`, optional `names`, `country_code`, `notes`); its id is
    /// `editor:` + the name's slug (numbered when taken), and `added_by` the actor.
    ///
    /// # Errors
    /// [`DeskError::Invalid`] naming the field; [`DeskError::Exists`] when a given id is taken.
    pub async fn create_place(
        &self,
        mut doc: Map<String, Value>,
        actor: &User,
    ) -> Result<Written, DeskError> {
        let name = doc
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let id = match doc.get("id") {
            Some(Value::String(id)) => {
                if self.store.get(Kind::Place, id).await?.is_some() {
                    return Err(DeskError::Exists(format!("place {id}")));
                }
                id.clone()
            }
            Some(_) => return Err(DeskError::invalid("id", "must be a string")),
            None => {
                let base = format!("{ID_PREFIX}{}", non_empty(slug(&name)));
                let mut id = base.clone();
                let mut n = 2;
                while self.store.get(Kind::Place, &id).await?.is_some() {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                id
            }
        };
        doc.insert("id".into(), Value::String(id.clone()));
        doc.insert("added_by".into(), Value::String(actor.name.clone()));
        let doc = Value::Object(doc);
        let (place, outline) = place_of(&doc, &self.gazetteer)?;
        let written = self
            .commit_one(
                Kind::Place,
                id,
                Expect::Absent,
                Some(Record {
                    status: Visibility::Published,
                    doc,
                    text: None,
                    parent: None,
                    upload: None,
                }),
                None,
                actor,
            )
            .await?;
        self.gazetteer.editor_places().set(place, outline);
        Ok(written)
    }

    /// Registers every editor place of the store with the gazetteer (and forgets deleted
    /// ones): on start and after each reload, so other replicas' places are known too.
    ///
    /// # Errors
    /// [`DeskError::Store`]. A stored place that no longer validates is skipped (logged).
    pub async fn register_places(&self) -> Result<usize, DeskError> {
        let places = self.store.list(Kind::Place, None).await?;
        Ok(register(&self.gazetteer, &places))
    }

    /// The events (drafts included) located to place `id`.
    pub(super) async fn events_at(&self, id: &str) -> Result<Vec<String>, DeskError> {
        Ok(self
            .store
            .list(Kind::Event, None)
            .await?
            .into_iter()
            .filter(|e| e.record.doc.get("place_id").and_then(Value::as_str) == Some(id))
            .map(|e| e.id)
            .collect())
    }
}

/// Registers `places` (stored editor places) with `g`, forgetting the ones not among them:
/// how many are registered.
pub fn register(g: &Gazetteer, places: &[Stored]) -> usize {
    let mut keep = FxHashSet::default();
    for s in places {
        match place_of(&s.record.doc, g) {
            Ok((p, outline)) => {
                keep.insert(s.id.clone());
                g.editor_places().set(p, outline);
            }
            Err(e) => tracing::warn!(place = %s.id, error = %e, "an editor place is skipped"),
        }
    }
    let n = keep.len();
    g.editor_places().retain(&keep);
    n
}

/// The file `export --toml` writes beside the sources when the store has editor places.
pub const FILE_NAME: &str = "places.geojson";

/// Editor places' documents as a GeoJSON FeatureCollection (RFC 7946): each Feature's `id`
/// the place's id, its geometry, and the other fields as properties.
pub fn to_geojson(docs: &[Value]) -> Value {
    let features: Vec<Value> = docs
        .iter()
        .filter_map(Value::as_object)
        .map(|o| {
            let mut props = o.clone();
            let id = props.remove("id").unwrap_or(Value::Null);
            let geometry = props.remove("geometry").unwrap_or(Value::Null);
            serde_json::json!({"type": "Feature", "id": id, "geometry": geometry, "properties": props})
        })
        .collect();
    serde_json::json!({"type": "FeatureCollection", "features": features})
}

/// Reads the documents of [`to_geojson`]'s FeatureCollection back, each validated.
///
/// # Errors
/// [`DeskError::Invalid`] naming the feature (`features[3].precision`).
pub fn from_geojson(v: &Value, g: &Gazetteer) -> Result<Vec<Value>, DeskError> {
    let features = v
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| DeskError::invalid("features", "a FeatureCollection is expected"))?;
    let mut docs = Vec::with_capacity(features.len());
    for (i, f) in features.iter().enumerate() {
        let mut doc = f
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        doc.insert("id".into(), f.get("id").cloned().unwrap_or(Value::Null));
        doc.insert(
            "geometry".into(),
            f.get("geometry").cloned().unwrap_or(Value::Null),
        );
        let doc = Value::Object(doc);
        place_of(&doc, g).map_err(|e| match e {
            DeskError::Invalid { field, message } => {
                DeskError::invalid(&format!("features[{i}].{field}"), message)
            }
            e => e,
        })?;
        docs.push(doc);
    }
    Ok(docs)
}

/// Registers the places of [`to_geojson`]'s documents with `g` (for `validate --dir`).
///
/// # Errors
/// As [`place_of`].
pub fn register_docs(g: &Gazetteer, docs: &[Value]) -> Result<(), DeskError> {
    for d in docs {
        let (p, outline) = place_of(d, g)?;
        g.editor_places().set(p, outline);
    }
    Ok(())
}

/// The store change that adds an editor place read from a file (`import --toml`).
pub fn seed_change(doc: Value) -> crate::store::Change {
    crate::store::Change {
        kind: Kind::Place,
        id: doc
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        expect: Expect::Absent,
        after: Some(Record {
            status: Visibility::Published,
            doc,
            text: None,
            parent: None,
            upload: None,
        }),
        action: None,
    }
}

fn non_empty(s: String) -> String {
    if s.is_empty() { "place".to_owned() } else { s }
}

/// Validates an editor place's document and makes the gazetteer place (and outline) of it.
///
/// # Errors
/// [`DeskError::Invalid`] naming the field.
pub fn place_of(
    doc: &Value,
    g: &Gazetteer,
) -> Result<(Place, Option<geo::MultiPolygon>), DeskError> {
    let o = doc
        .as_object()
        .ok_or_else(|| DeskError::invalid("body", "must be a JSON object"))?;
    if let Some(k) = o.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(DeskError::invalid(
            k,
            format!("unknown field (known: {})", FIELDS.join(", ")),
        ));
    }
    let id = o.get("id").and_then(Value::as_str).unwrap_or_default();
    if !id.starts_with(ID_PREFIX)
        || id.len() > 100 + ID_PREFIX.len()
        || !id[ID_PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        || id.len() == ID_PREFIX.len()
    {
        return Err(DeskError::invalid(
            "id",
            format!("must be {ID_PREFIX} and 1–100 lower-case letters, digits and hyphens"),
        ));
    }
    let name = match o.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= MAX_NAME_CHARS => {
            s.trim().to_owned()
        }
        _ => {
            return Err(DeskError::invalid(
                "name",
                format!("is required: a name of 1–{MAX_NAME_CHARS} characters"),
            ));
        }
    };
    let mut names = vec![Name {
        text: name.clone().into(),
        lang: None,
        note: Some("added at the desk".into()),
    }];
    match o.get("names") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            for (i, v) in a.iter().enumerate() {
                match v.as_str().map(str::trim) {
                    Some(s) if !s.is_empty() && s.chars().count() <= MAX_NAME_CHARS => {
                        if !names.iter().any(|n| n.text == s) {
                            names.push(Name {
                                text: s.to_owned().into(),
                                lang: None,
                                note: None,
                            });
                        }
                    }
                    _ => {
                        return Err(DeskError::invalid(
                            &format!("names[{i}]"),
                            "must be a non-empty name",
                        ));
                    }
                }
            }
        }
        Some(_) => return Err(DeskError::invalid("names", "must be an array of names")),
    }
    let precision = o
        .get("precision")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let kind = match precision {
        "exact" | "approximate" => PlaceKind::Village,
        "district" => PlaceKind::District,
        "region" => PlaceKind::Region,
        "country" => PlaceKind::Country,
        _ => {
            return Err(DeskError::invalid(
                "precision",
                format!("must be one of {}", PRECISIONS.join(", ")),
            ));
        }
    };
    let country = match o.get("country_code") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(c)) if g.country(c).is_some() => c.clone(),
        Some(_) => {
            return Err(DeskError::invalid(
                "country_code",
                "must be an ISO 3166-1 alpha-2 code of a country in the gazetteer (\"UA\")",
            ));
        }
    };
    let (point, outline) = geometry(o.get("geometry"))?;
    let bbox = outline
        .as_ref()
        .and_then(BoundingRect::bounding_rect)
        .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]);
    Ok((
        Place {
            id: id.to_owned().into(),
            name: name.into(),
            names,
            kind,
            feature_code: "EDITOR".into(),
            country: country.into(),
            admin1: "".into(),
            point,
            population: 0,
            bbox,
        },
        outline,
    ))
}

/// A place's point (an area's interior point) and outline from its GeoJSON geometry.
fn geometry(v: Option<&Value>) -> Result<([f64; 2], Option<geo::MultiPolygon>), DeskError> {
    const WHAT: &str = "must be a GeoJSON Point, Polygon or MultiPolygon in longitude, latitude";
    let v = v.ok_or_else(|| {
        DeskError::invalid(
            "geometry",
            "is required: a GeoJSON Point, Polygon or MultiPolygon",
        )
    })?;
    let positions = count_positions(v);
    if positions > MAX_POSITIONS {
        return Err(DeskError::invalid(
            "geometry",
            format!("has {positions} positions; at most {MAX_POSITIONS}"),
        ));
    }
    let g: geojson::Geometry = serde_json::from_value(v.clone())
        .map_err(|e| DeskError::invalid("geometry", format!("{WHAT}: {e}")))?;
    let geom = geo::Geometry::<f64>::try_from(&g.value)
        .map_err(|e| DeskError::invalid("geometry", format!("{WHAT}: {e}")))?;
    let in_range = |c: geo::Coord| {
        c.x.is_finite()
            && c.y.is_finite()
            && (-180.0..=180.0).contains(&c.x)
            && (-90.0..=90.0).contains(&c.y)
    };
    let outline = match geom {
        geo::Geometry::Point(p) => {
            if !in_range(p.0) {
                return Err(DeskError::invalid(
                    "geometry",
                    "longitude must be within −180…180 and latitude within −90…90",
                ));
            }
            return Ok(([p.x(), p.y()], None));
        }
        geo::Geometry::Polygon(p) => geo::MultiPolygon(vec![p]),
        geo::Geometry::MultiPolygon(mp) => mp,
        _ => return Err(DeskError::invalid("geometry", WHAT)),
    };
    use geo::CoordsIter;
    if outline.0.is_empty() || outline.0.iter().any(|p| p.exterior().0.len() < 4) {
        return Err(DeskError::invalid(
            "geometry",
            "an area's rings need at least 4 positions (the first repeated last)",
        ));
    }
    if !outline.coords_iter().all(in_range) {
        return Err(DeskError::invalid(
            "geometry",
            "longitude must be within −180…180 and latitude within −90…90",
        ));
    }
    let point = outline
        .interior_point()
        .map(|p| [p.x(), p.y()])
        .ok_or_else(|| DeskError::invalid("geometry", "the area is empty"))?;
    Ok((point, Some(outline)))
}

fn count_positions(v: &Value) -> usize {
    match v {
        Value::Array(a) if a.first().is_some_and(Value::is_number) => 1,
        Value::Array(a) => a.iter().map(count_positions).sum(),
        Value::Object(o) => o.values().map(count_positions).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn g() -> Gazetteer {
        Gazetteer::load_default().expect("gazetteer")
    }

    #[test]
    fn a_point_place_keeps_its_coordinates_and_names() {
        let doc = json!({"id": "editor:checkpoint-7", "name": "Checkpoint 7", "names": ["KPP-7"],
            "geometry": {"type": "Point", "coordinates": [36.25, 49.99]}, "precision": "approximate",
            "country_code": "UA"});
        let (p, outline) = place_of(&doc, &g()).expect("valid");
        assert_eq!(p.point, [36.25, 49.99]);
        assert_eq!(p.names.len(), 2);
        assert_eq!(&*p.country, "UA");
        assert!(outline.is_none());
    }

    #[test]
    fn an_area_gets_an_interior_point_and_a_bbox() {
        let doc = json!({"id": "editor:field", "name": "Field", "precision": "district",
            "geometry": {"type": "Polygon", "coordinates": [[[36.0, 49.0], [37.0, 49.0], [37.0, 50.0], [36.0, 50.0], [36.0, 49.0]]]}});
        let (p, outline) = place_of(&doc, &g()).expect("valid");
        assert!(outline.is_some());
        assert_eq!(p.bbox, Some([36.0, 49.0, 37.0, 50.0]));
        assert!((36.0..37.0).contains(&p.point[0]) && (49.0..50.0).contains(&p.point[1]));
        assert_eq!(p.kind, PlaceKind::District);
    }

    #[test]
    fn bad_fields_are_named() {
        let cases = [
            (
                json!({"id": "editor:a", "name": "", "precision": "exact", "geometry": {"type": "Point", "coordinates": [1, 2]}}),
                "name",
            ),
            (
                json!({"id": "editor:a", "name": "A", "precision": "street", "geometry": {"type": "Point", "coordinates": [1, 2]}}),
                "precision",
            ),
            (
                json!({"id": "editor:a", "name": "A", "precision": "exact", "geometry": {"type": "Point", "coordinates": [200, 2]}}),
                "geometry",
            ),
            (
                json!({"id": "editor:a", "name": "A", "precision": "exact", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}}),
                "geometry",
            ),
            (
                json!({"id": "editor:a", "name": "A", "precision": "exact"}),
                "geometry",
            ),
            (
                json!({"id": "editor:a", "name": "A", "precision": "exact", "country_code": "XX", "geometry": {"type": "Point", "coordinates": [1, 2]}}),
                "country_code",
            ),
            (
                json!({"id": "geonames:1", "name": "A", "precision": "exact", "geometry": {"type": "Point", "coordinates": [1, 2]}}),
                "id",
            ),
            (
                json!({"id": "editor:a", "name": "A", "colour": "red", "precision": "exact", "geometry": {"type": "Point", "coordinates": [1, 2]}}),
                "colour",
            ),
        ];
        let g = g();
        for (doc, field) in cases {
            match place_of(&doc, &g) {
                Err(DeskError::Invalid { field: f, .. }) => assert_eq!(f, field, "{doc}"),
                other => panic!("{doc}: expected a problem with {field}, got {other:?}"),
            }
        }
    }
}
