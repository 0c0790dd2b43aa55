//! The canvas layers' features keyed by id, with the hit grid that finds them
//! under the pointer kept in step: a layer loaded by viewport grows as the
//! reader pans, and a changed feature updates its own grid entries alone.

use crate::hit_grid::{DEFAULT_CELL, HitGrid};
use crate::map_data::MapFeature;
use crate::projection::World;
use crate::shape::Shape;
use atlas_model::Filters;
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Features by id, in the order they came, and their hit grid.
#[derive(Debug, Default)]
pub struct FeatureIndex {
    features: Vec<Arc<MapFeature>>,
    by_id: HashMap<String, usize>,
    /// Built at the first hit test, not during the first render; kept up to date after.
    grid: Option<HitGrid>,
}

impl FeatureIndex {
    /// An index of `features`; a later one with an id already held replaces it.
    pub fn new(features: impl IntoIterator<Item = Arc<MapFeature>>) -> FeatureIndex {
        let mut index = FeatureIndex::default();
        for feature in features {
            index.upsert(feature);
        }
        index
    }

    /// How many features it holds.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// Whether it holds no feature.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Every feature, in the order they came.
    pub fn features(&self) -> &[Arc<MapFeature>] {
        &self.features
    }

    /// Feature `id`, if held.
    pub fn get(&self, id: &str) -> Option<&Arc<MapFeature>> {
        self.by_id.get(id).map(|&i| &self.features[i])
    }

    /// Whether feature `id` is held.
    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// Adds `feature`, or replaces the one with its id; true if it was new.
    pub fn upsert(&mut self, feature: Arc<MapFeature>) -> bool {
        match self.by_id.get(feature.id()) {
            Some(&i) => {
                if let Some(grid) = &mut self.grid {
                    grid.remove(i, &self.features[i].shape);
                    grid.insert(i, &feature.shape);
                }
                self.features[i] = feature;
                false
            }
            None => {
                let i = self.features.len();
                if let Some(grid) = &mut self.grid {
                    grid.insert(i, &feature.shape);
                }
                self.by_id.insert(feature.id().to_string(), i);
                self.features.push(feature);
                true
            }
        }
    }

    /// Adds `feature` unless its id is held: what overlapping answers of one
    /// layer (a line in two boxes) share is kept once. True if it was new.
    pub fn add_if_missing(&mut self, feature: Arc<MapFeature>) -> bool {
        !self.contains(feature.id()) && self.upsert(feature)
    }

    /// Takes feature `id` out; true if it was held.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(i) = self.by_id.remove(id) else {
            return false;
        };
        let last = self.features.len() - 1;
        if let Some(grid) = &mut self.grid {
            grid.remove(i, &self.features[i].shape);
            if i != last {
                // The last feature moves into the hole: re-index it under its new place.
                grid.remove(last, &self.features[last].shape);
                grid.insert(i, &self.features[last].shape);
            }
        }
        self.features.swap_remove(i);
        if i != last {
            self.by_id.insert(self.features[i].id().to_string(), i);
        }
        true
    }

    /// The shown feature nearest `at` within `radius` (world units), if any.
    pub fn nearest(
        &mut self,
        at: World,
        radius: f64,
        filters: &Filters,
    ) -> Option<Arc<MapFeature>> {
        if self.features.is_empty() {
            return None;
        }
        let features = &self.features;
        let grid = self.grid.get_or_insert_with(|| {
            if features.is_empty() {
                HitGrid::with_cell(DEFAULT_CELL)
            } else {
                let shapes: Vec<&Shape> = features.iter().map(|f| &f.shape).collect();
                HitGrid::new(&shapes)
            }
        });
        grid.nearest(
            |i| &features[i].shape,
            at,
            radius,
            |i| features[i].shown_by(filters),
        )
        .map(|i| features[i].clone())
    }
}

/// A [`FeatureIndex`] shared by the map's data and its canvas layer; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct SharedIndex(Arc<RwLock<FeatureIndex>>);

impl SharedIndex {
    /// A shared index of `features`.
    pub fn new(features: impl IntoIterator<Item = Arc<MapFeature>>) -> SharedIndex {
        SharedIndex(Arc::new(RwLock::new(FeatureIndex::new(features))))
    }

    /// Reads the index (a poisoned lock is read anyway: the index has no half-done writes that matter).
    pub fn read(&self) -> RwLockReadGuard<'_, FeatureIndex> {
        self.0.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Changes the index.
    pub fn write(&self) -> RwLockWriteGuard<'_, FeatureIndex> {
        self.0.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Feature `id`, if held.
    pub fn get(&self, id: &str) -> Option<Arc<MapFeature>> {
        self.read().get(id).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::{LonLat, project};
    use atlas_model::validate_feature;
    use serde_json::json;

    fn site(id: &str, lon: f64, lat: f64) -> Arc<MapFeature> {
        let raw = json!({
            "type": "Feature", "id": id,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"id": id, "name": id, "kind": "solar", "status": "operating",
                "sources": [{"title": "t", "url": "https://example.org"}]}
        });
        let f = validate_feature(&serde_json::from_value(raw).expect("geojson")).expect("valid");
        Arc::new(MapFeature {
            shape: Shape::from_geometry(&f.geometry.value),
            bbox: atlas_model::Bbox::point(lon, lat),
            feature: f,
            collection: "grid".into(),
            length: Default::default(),
            on_canvas: true,
        })
    }

    const RADIUS: f64 = 8.0 / 8192.0;

    fn hit(index: &mut FeatureIndex, lon: f64, lat: f64) -> Option<String> {
        index
            .nearest(project(LonLat { lon, lat }), RADIUS, &Filters::default())
            .map(|f| f.id().to_string())
    }

    #[test]
    fn features_added_after_the_first_hit_are_hit_too() {
        let mut index = FeatureIndex::new([site("a", 45.0, 40.0)]);
        assert_eq!(hit(&mut index, 45.0, 40.0).as_deref(), Some("a"));
        assert!(index.add_if_missing(site("b", 60.0, 45.0)));
        assert_eq!(hit(&mut index, 60.0, 45.0).as_deref(), Some("b"));
        assert_eq!(index.len(), 2);
    }

    #[test]
    fn a_feature_held_already_is_kept_once_and_an_upsert_moves_it() {
        let mut index = FeatureIndex::new([site("a", 45.0, 40.0), site("b", 46.0, 40.0)]);
        assert_eq!(hit(&mut index, 46.0, 40.0).as_deref(), Some("b"));
        assert!(!index.add_if_missing(site("b", 50.0, 40.0)));
        assert_eq!(index.len(), 2);
        assert_eq!(hit(&mut index, 50.0, 40.0), None);
        assert!(!index.upsert(site("b", 50.0, 40.0)));
        assert_eq!(hit(&mut index, 50.0, 40.0).as_deref(), Some("b"));
        assert_eq!(hit(&mut index, 46.0, 40.0), None);
    }

    #[test]
    fn a_removed_feature_is_gone_and_the_others_stay_found() {
        let mut index = FeatureIndex::new([
            site("a", 45.0, 40.0),
            site("b", 46.0, 40.0),
            site("c", 47.0, 40.0),
        ]);
        assert_eq!(hit(&mut index, 45.0, 40.0).as_deref(), Some("a"));
        assert!(index.remove("a"));
        assert!(!index.remove("a"));
        assert_eq!(hit(&mut index, 45.0, 40.0), None);
        assert_eq!(hit(&mut index, 47.0, 40.0).as_deref(), Some("c"));
        assert_eq!(hit(&mut index, 46.0, 40.0).as_deref(), Some("b"));
        assert_eq!(index.get("c").map(|f| f.id()), Some("c"));
    }
}
