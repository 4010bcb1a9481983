//! The geometry the store keeps beside an event for GIS clients (PostGIS): what the map
//! draws for it (the place's point, or the area's outline when the event is located to a
//! district, region or country), computed from the event's fields and the gazetteer.

use std::sync::Arc;

use serde_json::Value;

use crate::events::Event;
use crate::gazetteer::Gazetteer;
use crate::output::event_geometry;
use crate::store::EventGeometry;

/// The GeoJSON geometry (longitude, latitude) of an event with fields `doc` (its claims
/// need not be there), or None when it is not located or its fields are not an event's.
pub fn geometry_of(g: &Gazetteer, doc: &Value) -> Option<String> {
    let mut doc = doc.clone();
    doc.as_object_mut()?
        .entry("claim")
        .or_insert_with(|| Value::Array(Vec::new()));
    let event: Event = serde_json::from_value(doc).ok()?;
    match event_geometry(g, &event) {
        Value::Null => None,
        v => Some(v.to_string()),
    }
}

/// [`geometry_of`] over `g`, for the store.
pub fn store_geometry(g: Arc<Gazetteer>) -> EventGeometry {
    Arc::new(move |doc| geometry_of(&g, doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_located_event_gets_its_places_point_and_an_unlocated_one_none() {
        let g = Gazetteer::load_default().expect("gazetteer");
        let ds = crate::events::Dataset::load_default().expect("dataset");
        let (e, _) = ds
            .events
            .iter()
            .find(|(e, _)| e.location_precision == crate::events::LocationPrecision::Place)
            .expect("an event located to a place");
        let mut doc = serde_json::to_value(e).expect("doc");
        doc.as_object_mut().expect("object").remove("claim");
        let p = g.get(&e.place_id).expect("its place");
        let geo: Value =
            serde_json::from_str(&geometry_of(&g, &doc).expect("geometry")).expect("json");
        assert_eq!(geo["type"], "Point");
        let lon = geo["coordinates"][0].as_f64().expect("lon");
        let lat = geo["coordinates"][1].as_f64().expect("lat");
        assert!((lon - p.lon()).abs() < 1e-5 && (lat - p.lat()).abs() < 1e-5);

        doc["location_precision"] = Value::from("unknown");
        assert_eq!(geometry_of(&g, &doc), None);
        assert_eq!(geometry_of(&g, &Value::from("not an event")), None);
    }
}
