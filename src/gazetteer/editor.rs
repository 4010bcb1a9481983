//! Places added by editors at the desk, beside the gazetteer's own. They are looked up by
//! id like any place ([`super::Gazetteer::get`], [`super::Gazetteer::polygon`]), so an
//! event located to one is validated, indexed, drawn and exported as any other.
//!
//! The set changes while the server runs (the desk registers a place when it is written and
//! on every reload), and lookups hand out `&Place` borrowed from the gazetteer: places are
//! therefore kept in an append-only arena, and a changed place takes a new slot. Memory
//! grows by one place per *changed* revision (an unchanged place is not stored again),
//! which the store's revision log already outgrows. Coordinates are `[lon, lat]`.

use std::sync::RwLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::place::Place;

/// The prefix of every editor place's id (`editor:kharkiv-oblast-border-crossing`).
pub const ID_PREFIX: &str = "editor:";

/// One editor place: the place and its outline, when it has one.
type Slot = (Place, Option<geo::MultiPolygon>);

/// Editor places by id (see the module docs).
#[derive(Default)]
pub struct EditorPlaces {
    slots: boxcar::Vec<Slot>,
    current: RwLock<FxHashMap<String, usize>>,
}

impl std::fmt::Debug for EditorPlaces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EditorPlaces")
            .field("places", &self.len())
            .finish()
    }
}

impl EditorPlaces {
    fn slot(&self, id: &str) -> Option<&Slot> {
        let i = *self.current.read().ok()?.get(id)?;
        self.slots.get(i)
    }

    /// The editor place with `id`.
    pub fn get(&self, id: &str) -> Option<&Place> {
        self.slot(id).map(|(p, _)| p)
    }

    /// The outline of the editor place with `id`, when it is an area.
    pub fn polygon(&self, id: &str) -> Option<geo::MultiPolygon> {
        self.slot(id).and_then(|(_, mp)| mp.clone())
    }

    /// How many editor places there are.
    pub fn len(&self) -> usize {
        self.current.read().map_or(0, |c| c.len())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds or replaces a place (a place equal to the one registered is not stored again).
    pub fn set(&self, place: Place, polygon: Option<geo::MultiPolygon>) {
        if self
            .slot(&place.id)
            .is_some_and(|(p, mp)| *p == place && *mp == polygon)
        {
            return;
        }
        let id = place.id.to_string();
        let i = self.slots.push((place, polygon));
        if let Ok(mut c) = self.current.write() {
            c.insert(id, i);
        }
    }

    /// Forgets every place whose id is not in `keep` (deleted at the desk).
    pub fn retain(&self, keep: &FxHashSet<String>) {
        if let Ok(mut c) = self.current.write() {
            c.retain(|id, _| keep.contains(id));
        }
    }

    /// Every editor place, by id.
    pub fn all(&self) -> Vec<&Place> {
        let Ok(c) = self.current.read() else {
            return Vec::new();
        };
        let mut v: Vec<&Place> = c
            .values()
            .filter_map(|&i| self.slots.get(i))
            .map(|(p, _)| p)
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::place::Kind;

    fn place(id: &str, lon: f64) -> Place {
        Place {
            id: id.to_owned().into(),
            name: "Checkpoint".into(),
            names: Vec::new(),
            kind: Kind::Village,
            feature_code: "EDITOR".into(),
            country: "UA".into(),
            admin1: "".into(),
            point: [lon, 50.0],
            population: 0,
            bbox: None,
        }
    }

    #[test]
    fn a_changed_place_replaces_the_old_one_and_borrowed_ones_stay_valid() {
        let ed = EditorPlaces::default();
        ed.set(place("editor:a", 36.0), None);
        let before = ed.get("editor:a").expect("set");
        ed.set(place("editor:a", 37.0), None);
        assert_eq!(before.point[0], 36.0, "a borrowed place does not move");
        assert_eq!(ed.get("editor:a").map(|p| p.point[0]), Some(37.0));
        assert_eq!(ed.len(), 1);
    }

    #[test]
    fn an_unchanged_place_takes_no_new_slot() {
        let ed = EditorPlaces::default();
        ed.set(place("editor:a", 36.0), None);
        ed.set(place("editor:a", 36.0), None);
        assert_eq!(ed.slots.count(), 1);
    }

    #[test]
    fn retain_forgets_deleted_places() {
        let ed = EditorPlaces::default();
        ed.set(place("editor:a", 36.0), None);
        ed.set(place("editor:b", 36.0), None);
        let keep: FxHashSet<String> = ["editor:b".to_owned()].into_iter().collect();
        ed.retain(&keep);
        assert!(ed.get("editor:a").is_none());
        assert_eq!(ed.all().len(), 1);
    }
}
