//! The map's features in a keyed store: each feature lives in its own signal,
//! so a changed feature re-renders alone, and the list of ids changes only
//! when a feature comes or goes (the SVG layers render it with a keyed `For`).

use crate::map_data::MapFeature;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// One feature's signal: read it to follow that feature alone.
pub type FeatureSignal = ArcRwSignal<Arc<MapFeature>>;

/// What an update did to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A feature the store did not hold was added at the end.
    Added,
    /// A held feature was replaced; only its own signal changed.
    Updated,
    /// A held feature was removed.
    Removed,
    /// Nothing changed: the id was not held.
    Missing,
}

/// Features by id, each in its own signal; cheap to clone (shared).
#[derive(Clone, Default)]
pub struct FeatureStore {
    entries: Arc<RwLock<HashMap<String, FeatureSignal>>>,
    /// The ids in data order.
    ids: ArcRwSignal<Vec<String>>,
    /// Bumped on every change, for what indexes the features as a whole (the canvas, its hit grid).
    revision: ArcRwSignal<u64>,
}

impl FeatureStore {
    /// A store holding `features` in their order.
    pub fn new(features: &[Arc<MapFeature>]) -> FeatureStore {
        let entries = features
            .iter()
            .map(|f| (f.id().to_string(), ArcRwSignal::new(f.clone())))
            .collect();
        FeatureStore {
            entries: Arc::new(RwLock::new(entries)),
            ids: ArcRwSignal::new(features.iter().map(|f| f.id().to_string()).collect()),
            revision: ArcRwSignal::new(0),
        }
    }

    /// The signal of feature `id`, if the store holds it.
    pub fn get(&self, id: &str) -> Option<FeatureSignal> {
        self.entries.read().ok()?.get(id).cloned()
    }

    /// The ids in data order (tracked: changes when a feature comes or goes).
    pub fn ids(&self) -> Vec<String> {
        self.ids.get()
    }

    /// How many changes the store has seen (tracked).
    pub fn revision(&self) -> u64 {
        self.revision.get()
    }

    /// Every feature now held, in data order (tracks the ids and the revision).
    pub fn snapshot(&self) -> Vec<Arc<MapFeature>> {
        self.revision.track();
        let Ok(entries) = self.entries.read() else {
            return Vec::new();
        };
        self.ids.with(|ids| {
            ids.iter()
                .filter_map(|id| entries.get(id).map(|s| s.get_untracked()))
                .collect()
        })
    }

    /// Puts `feature` in the store: replaces the one with its id, or adds it at the end.
    pub fn upsert(&self, feature: Arc<MapFeature>) -> Change {
        let id = feature.id().to_string();
        let Ok(mut entries) = self.entries.write() else {
            return Change::Missing;
        };
        let change = match entries.get(&id) {
            Some(signal) => {
                signal.set(feature);
                Change::Updated
            }
            None => {
                entries.insert(id.clone(), ArcRwSignal::new(feature));
                self.ids.update(|ids| ids.push(id));
                Change::Added
            }
        };
        drop(entries);
        self.revision.update(|r| *r += 1);
        change
    }

    /// Takes feature `id` out of the store.
    pub fn remove(&self, id: &str) -> Change {
        let Ok(mut entries) = self.entries.write() else {
            return Change::Missing;
        };
        if entries.remove(id).is_none() {
            return Change::Missing;
        }
        drop(entries);
        self.ids.update(|ids| ids.retain(|i| i != id));
        self.revision.update(|r| *r += 1);
        Change::Removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::Shape;
    use atlas_model::validate_feature;
    use serde_json::json;

    fn feature(id: &str, name: &str) -> Arc<MapFeature> {
        let raw = json!({
            "type": "Feature", "id": id,
            "geometry": {"type": "Point", "coordinates": [49.0, 40.0]},
            "properties": {"id": id, "name": name, "kind": "port", "status": "operating",
                "sources": [{"title": "t", "url": "https://example.org"}]}
        });
        let f = validate_feature(&serde_json::from_value(raw).expect("geojson")).expect("valid");
        let shape = Shape::from_geometry(&f.geometry.value);
        Arc::new(MapFeature {
            feature: f,
            collection: "hubs".into(),
            shape,
            bbox: atlas_model::Bbox::point(49.0, 40.0),
            length: Default::default(),
            on_canvas: false,
        })
    }

    #[test]
    fn an_update_replaces_one_feature_and_keeps_the_list() {
        let store = FeatureStore::new(&[feature("baku", "Baku"), feature("alat", "Alat")]);
        let alat_before = store.get("alat").expect("held");
        let before = alat_before.get_untracked();

        assert_eq!(store.upsert(feature("baku", "Baku Port")), Change::Updated);

        assert_eq!(store.ids(), ["baku", "alat"]);
        let baku = store.get("baku").expect("held").get_untracked();
        assert_eq!(baku.name(), "Baku Port");
        // The other feature's signal still holds the very same value.
        assert!(Arc::ptr_eq(&alat_before.get_untracked(), &before));
        assert_eq!(store.revision(), 1);
    }

    #[test]
    fn features_come_and_go_in_order() {
        let store = FeatureStore::new(&[feature("baku", "Baku")]);
        assert_eq!(store.upsert(feature("poti", "Poti")), Change::Added);
        assert_eq!(store.ids(), ["baku", "poti"]);
        assert_eq!(store.remove("baku"), Change::Removed);
        assert_eq!(store.remove("baku"), Change::Missing);
        assert_eq!(store.ids(), ["poti"]);
        assert!(store.get("baku").is_none());
        let names: Vec<String> = store
            .snapshot()
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        assert_eq!(names, ["Poti"]);
        assert_eq!(store.revision(), 2);
    }
}
