//! Finding features by name or alias: folded keys, ranked matches.

use crate::atlas::MapFeature;
use atlas_model::text::search_key;
use std::sync::{Arc, OnceLock};

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

/// A search index over every feature.
///
/// Its keys are folded at the first search, not at load: folding ten thousand
/// names would hold up the first render for a box nobody may type in.
#[derive(Debug, Default)]
pub struct SearchIndex {
    features: Vec<Arc<MapFeature>>,
    entries: OnceLock<Vec<SearchEntry>>,
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
        SearchIndex {
            features: features.to_vec(),
            entries: OnceLock::new(),
        }
    }

    fn entries(&self) -> &[SearchEntry] {
        self.entries.get_or_init(|| {
            self.features
                .iter()
                .map(|f| SearchEntry {
                    feature: f.clone(),
                    name: search_key(f.name()),
                    aliases: f
                        .feature
                        .properties
                        .aliases
                        .iter()
                        .map(|a| search_key(a))
                        .collect(),
                })
                .collect()
        })
    }

    /// The best `limit` features for a query, best first; nothing for a blank query.
    pub fn find(&self, query: &str, limit: usize) -> Vec<Arc<MapFeature>> {
        let query = search_key(query);
        if query.is_empty() {
            return Vec::new();
        }
        let words: Vec<&str> = query.split(' ').collect();
        let mut hits: Vec<(u8, &SearchEntry)> = self
            .entries()
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
    fn blank_queries_find_nothing() {
        assert!(index().find("  – ", 5).is_empty());
    }
}
