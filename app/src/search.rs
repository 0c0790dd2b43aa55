//! Finding features by name or alias: folded keys, ranked matches.

use crate::atlas::MapFeature;
use atlas_model::text::search_key;
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock, RwLockWriteGuard};

/// One feature's search keys, made at the first search.
#[derive(Debug)]
pub struct SearchEntry {
    /// The feature found.
    pub feature: Arc<MapFeature>,
    /// Its name as a search key.
    name: String,
    /// Its aliases as search keys.
    aliases: Vec<String>,
}

impl SearchEntry {
    fn of(feature: &Arc<MapFeature>) -> SearchEntry {
        SearchEntry {
            feature: feature.clone(),
            name: search_key(feature.name()),
            aliases: feature
                .feature
                .properties
                .aliases
                .iter()
                .map(|a| search_key(a))
                .collect(),
        }
    }
}

/// A search index over every feature, keyed by id: a layer loaded by
/// viewport adds its features as they come, and a changed feature replaces
/// its own entry alone.
///
/// Keys are folded at the search after a feature came, not at load: folding
/// ten thousand names would hold up the first render for a box nobody may type in.
#[derive(Debug, Default)]
pub struct SearchIndex {
    inner: RwLock<Entries>,
}

/// The features in the order they came, and the search keys of the first `keys.len()` of them.
#[derive(Debug, Default)]
struct Entries {
    features: Vec<Arc<MapFeature>>,
    by_id: HashMap<String, usize>,
    keys: Vec<SearchEntry>,
}

/// How well a key matches: lower is better.
fn rank(key: &str, query: &str, words: &[&str]) -> Option<u8> {
    if key == query {
        Some(0)
    } else if key.starts_with(query) {
        Some(1)
    } else if key.contains(&format!(" {query}")) {
        Some(2)
    } else if words
        .iter()
        .all(|w| key.split(' ').any(|k| k.starts_with(w)))
    {
        Some(3)
    } else {
        None
    }
}

/// Whether `name` matches `query` as a feature's name would.
pub fn name_matches(name: &str, query: &str) -> bool {
    let query = search_key(query);
    if query.is_empty() {
        return false;
    }
    let words: Vec<&str> = query.split(' ').collect();
    rank(&search_key(name), &query, &words).is_some()
}

impl SearchIndex {
    /// Indexes features by name and aliases.
    pub fn new(features: &[Arc<MapFeature>]) -> SearchIndex {
        let index = SearchIndex::default();
        for feature in features {
            index.upsert(feature.clone());
        }
        index
    }

    fn entries(&self) -> RwLockWriteGuard<'_, Entries> {
        self.inner.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds `feature`, or replaces the one with its id (and its keys, if folded already).
    pub fn upsert(&self, feature: Arc<MapFeature>) {
        let mut entries = self.entries();
        let entries = &mut *entries;
        match entries.by_id.get(feature.id()) {
            Some(&i) => {
                if let Some(keys) = entries.keys.get_mut(i) {
                    *keys = SearchEntry::of(&feature);
                }
                entries.features[i] = feature;
            }
            None => {
                entries
                    .by_id
                    .insert(feature.id().to_string(), entries.features.len());
                entries.features.push(feature);
            }
        }
    }

    /// How many features it holds.
    pub fn len(&self) -> usize {
        self.entries().features.len()
    }

    /// Whether it holds no feature.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `limit` features for a query, best first; nothing for a blank query.
    pub fn find(&self, query: &str, limit: usize) -> Vec<Arc<MapFeature>> {
        let query = search_key(query);
        if query.is_empty() {
            return Vec::new();
        }
        let words: Vec<&str> = query.split(' ').collect();
        let mut entries = self.entries();
        let entries = &mut *entries;
        // Fold the keys of the features that came since the last search.
        let folded = entries.keys.len();
        let fresh: Vec<SearchEntry> = entries.features[folded..]
            .iter()
            .map(SearchEntry::of)
            .collect();
        entries.keys.extend(fresh);
        let mut hits: Vec<(u8, &SearchEntry)> = entries
            .keys
            .iter()
            .filter_map(|e| {
                let by_name = rank(&e.name, &query, &words);
                // An alias match ranks just below the same match on the name.
                let by_alias = e
                    .aliases
                    .iter()
                    .filter_map(|a| rank(a, &query, &words))
                    .min()
                    .map(|r| r * 2 + 1);
                let best = by_name.map(|r| r * 2).into_iter().chain(by_alias).min()?;
                Some((best, e))
            })
            .collect();
        crate::sort::sort_by(&mut hits, |a, b| {
            a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name))
        });
        hits.into_iter()
            .take(limit)
            .map(|(_, e)| e.feature.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::shape::Shape;
    use atlas_model::validate_feature;
    use serde_json::json;

    fn feature(id: &str, name: &str, aliases: &[&str]) -> Arc<MapFeature> {
        let raw = json!({
            "type": "Feature", "id": id,
            "geometry": {"type": "Point", "coordinates": [49.0, 40.0]},
            "properties": {"id": id, "name": name, "aliases": aliases, "kind": "city", "status": "operating",
                "sources": [{"title": "t", "url": "https://example.org"}]}
        });
        let f = validate_feature(&serde_json::from_value(raw).expect("geojson")).expect("valid");
        let shape = Shape::from_geometry(&f.geometry.value);
        Arc::new(MapFeature {
            feature: f,
            collection: "c".into(),
            shape,
            bbox: atlas_model::Bbox::point(49.0, 40.0),
            length: Default::default(),
            on_canvas: false,
        })
    }

    fn index() -> SearchIndex {
        SearchIndex::new(&[
            feature("btk", "Baku–Tbilisi–Kars railway", &["BTK railway"]),
            feature("baku", "Baku", &[]),
            feature("constanta", "Port of Constanța", &[]),
            feature("tbilisi", "Tbilisi", &[]),
        ])
    }

    fn ids(found: Vec<Arc<MapFeature>>) -> Vec<String> {
        found.iter().map(|f| f.id().to_string()).collect()
    }

    #[test]
    fn spaces_find_a_dashed_name() {
        assert_eq!(ids(index().find("Baku Tbilisi Kars", 5)), ["btk"]);
    }

    #[test]
    fn an_exact_name_ranks_first() {
        assert_eq!(ids(index().find("baku", 5)), ["baku", "btk"]);
    }

    #[test]
    fn accents_are_optional() {
        assert_eq!(ids(index().find("constanta", 5)), ["constanta"]);
    }

    #[test]
    fn aliases_are_searched() {
        assert_eq!(ids(index().find("BTK", 5)), ["btk"]);
    }

    #[test]
    fn features_that_come_later_are_found_and_a_changed_one_by_its_new_name() {
        let index = index();
        assert!(index.find("Alat", 5).is_empty());
        index.upsert(feature("alat", "Alat", &[]));
        assert_eq!(ids(index.find("Alat", 5)), ["alat"]);
        index.upsert(feature("alat", "Port of Alat", &[]));
        assert_eq!(ids(index.find("port of alat", 5)), ["alat"]);
        assert_eq!(index.len(), 5);
    }

    #[test]
    fn blank_queries_find_nothing() {
        assert!(index().find("  – ", 5).is_empty());
    }
}
