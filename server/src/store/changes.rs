//! The revision and history rules, for any store: given what a store holds and
//! what it should hold, which features are created, updated, deleted or left
//! alone, each with its revision, `updated_at`, stored texts, served document
//! and history row, and which collections that touches.
//!
//! The rules: a feature whose collection, properties and geometry are
//! unchanged keeps its revision and `updated_at`; a changed one goes up by one;
//! a new one starts at 1, or after the last revision its history holds when it
//! was deleted before; a removed one gets a history row one past its last
//! revision. History rows hold the feature before and after, so nothing a
//! change overwrote is lost.

use super::StoreError;
use super::documents::{history_document, json, served_document};
use super::events::ChangeEvent;
use crate::data_dir::DataSet;
use atlas_model::{AtlasFeature, Bbox, geodesy};
use std::collections::{BTreeSet, HashMap};

/// Who the history rows of `atlas import` name.
pub const IMPORT: &str = "import";

/// A feature as the store holds it before the change.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    /// Its collection.
    pub collection_id: String,
    /// Its curated properties' JSON.
    pub properties: String,
    /// Its geometry's JSON.
    pub geometry: String,
    /// Its revision.
    pub revision: i64,
    /// When its content last changed.
    pub updated_at: String,
    /// Its place in its layer file.
    pub position: i64,
    /// Its served document, as the store keeps it.
    pub document: String,
}

/// A collection's description as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionMeta {
    /// Its title.
    pub title: String,
    /// Its one-sentence description.
    pub description: String,
    /// Its place among the collections, from 0.
    pub position: i64,
}

/// Everything the rules need of the store's current content.
#[derive(Debug, Default)]
pub struct PreviousState {
    /// Every feature, by id.
    pub features: HashMap<String, Previous>,
    /// Every collection, by id.
    pub collections: HashMap<String, CollectionMeta>,
    /// The last revision each feature's history holds, deleted ones included.
    pub last_history: HashMap<String, i64>,
}

/// A feature as a store keeps it: its curated properties, geometry and box.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredContent {
    /// The properties' JSON.
    pub properties: String,
    /// The geometry's JSON.
    pub geometry: String,
    /// The box of the geometry's coordinates.
    pub bbox: Bbox,
}

impl StoredContent {
    /// What a store keeps of `feature`.
    pub fn of(feature: &AtlasFeature) -> Result<StoredContent, StoreError> {
        let bbox = geodesy::bbox(&feature.geometry.value).ok_or_else(|| {
            StoreError::Invalid(format!("feature {} has no positions", feature.id()))
        })?;
        Ok(StoredContent {
            properties: json(&feature.properties)?,
            geometry: json(&feature.geometry)?,
            bbox,
        })
    }
}

/// What happens to one feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// It is new.
    Create,
    /// Its content changed.
    Update,
    /// It is gone from the data.
    Delete,
}

impl Change {
    /// The word for it, as `atlas import --dry-run` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Create => "create",
            Change::Update => "update",
            Change::Delete => "delete",
        }
    }
}

/// One feature as the change leaves it.
#[derive(Debug)]
pub struct PlannedFeature<'a> {
    /// The feature as the data has it.
    pub feature: &'a AtlasFeature,
    /// Its collection.
    pub collection_id: &'a str,
    /// Its place in its layer file, from 0: the data's order.
    pub position: i64,
    /// Its stored texts and box.
    pub stored: StoredContent,
    /// Its revision after the change.
    pub revision: i64,
    /// When its content last changed.
    pub updated_at: String,
    /// The GeoJSON the API serves for it ([`served_document`]).
    pub document: String,
    /// `None` when it is unchanged.
    pub change: Option<Change>,
    /// Whether a store that keeps positions and documents must write it:
    /// changed, or moved within its file, or its document is out of date.
    pub rewrite: bool,
    /// For an update, the history document of its previous content.
    pub before: Option<String>,
}

/// A feature the change removes.
#[derive(Debug)]
pub struct PlannedDeletion {
    /// Its id.
    pub id: String,
    /// Its collection.
    pub collection_id: String,
    /// The revision its history row records: one past its last.
    pub revision: i64,
    /// The history document of its last content.
    pub before: String,
}

/// One history row: a feature before and after one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow<'a> {
    /// The feature's id.
    pub feature_id: &'a str,
    /// The revision the change made.
    pub revision: i64,
    /// The feature before, as a GeoJSON Feature; `None` when it was created.
    pub before: Option<&'a str>,
    /// The feature after; `None` when it was deleted.
    pub after: Option<String>,
}

/// Everything one change set does, worked out before anything is written.
#[derive(Debug)]
pub struct ChangeSet<'a> {
    /// Every feature of the data, in data order, with what happens to it.
    pub features: Vec<PlannedFeature<'a>>,
    /// The features that go.
    pub deletions: Vec<PlannedDeletion>,
    /// What the change touches, for the store's subscribers (`reports` is
    /// left to the store, which knows what it holds of them, and `stories`
    /// to [`super::story_changes::plan`]).
    pub event: ChangeEvent,
}

impl ChangeSet<'_> {
    /// The history rows this change set writes, creates and updates first.
    pub fn history(&self) -> Vec<HistoryRow<'_>> {
        let written = self.features.iter().filter_map(|row| {
            row.change?;
            Some(HistoryRow {
                feature_id: row.feature.id(),
                revision: row.revision,
                before: row.before.as_deref(),
                after: Some(history_document(
                    row.feature.id(),
                    &row.stored.properties,
                    &row.stored.geometry,
                )),
            })
        });
        let deleted = self.deletions.iter().map(|gone| HistoryRow {
            feature_id: &gone.id,
            revision: gone.revision,
            before: Some(&gone.before),
            after: None,
        });
        written.chain(deleted).collect()
    }

    /// Every feature change, by id: what `atlas import --dry-run` lists.
    pub fn changes(&self) -> Vec<FeatureChange> {
        let written = self.features.iter().filter_map(|row| {
            Some(FeatureChange {
                id: row.feature.id().to_string(),
                collection: row.collection_id.to_string(),
                change: row.change?,
            })
        });
        let deleted = self.deletions.iter().map(|gone| FeatureChange {
            id: gone.id.clone(),
            collection: gone.collection_id.clone(),
            change: Change::Delete,
        });
        written.chain(deleted).collect()
    }
}

/// One feature's change, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureChange {
    /// The feature.
    pub id: String,
    /// Its collection (before the change, for a deletion).
    pub collection: String,
    /// What happens to it.
    pub change: Change,
}

/// Works out what applying `data` to a store holding `previous` does, at `now`.
pub fn plan<'a>(
    data: &'a DataSet,
    previous: &PreviousState,
    now: &str,
) -> Result<ChangeSet<'a>, StoreError> {
    let mut features = Vec::with_capacity(data.feature_count());
    let mut collections = BTreeSet::new();
    let mut changed = BTreeSet::new();
    for (layer_position, layer) in data.layers.iter().enumerate() {
        let meta = CollectionMeta {
            title: layer.title.clone(),
            description: layer.description.clone(),
            position: to_i64(layer_position),
        };
        if previous.collections.get(&layer.id) != Some(&meta) {
            collections.insert(layer.id.clone());
        }
        for (position, feature) in layer.features.iter().enumerate() {
            let stored = StoredContent::of(feature)?;
            let old = previous.features.get(feature.id());
            let change = match old {
                None => Some(Change::Create),
                Some(old)
                    if old.collection_id == layer.id
                        && old.properties == stored.properties
                        && old.geometry == stored.geometry =>
                {
                    None
                }
                Some(_) => Some(Change::Update),
            };
            let (revision, updated_at) = match (old, change) {
                (Some(old), None) => (old.revision, old.updated_at.clone()),
                (Some(old), _) => (old.revision + 1, now.to_string()),
                // A feature deleted and later re-added continues its history.
                (None, _) => (
                    previous.last_history.get(feature.id()).map_or(1, |r| r + 1),
                    now.to_string(),
                ),
            };
            if change.is_some() {
                changed.insert(feature.id().to_string());
                collections.insert(layer.id.clone());
                // A feature moved between collections changes both.
                if let Some(old) = old {
                    collections.insert(old.collection_id.clone());
                }
            }
            let document = served_document(feature, revision, &updated_at)?;
            let rewrite = change.is_some()
                || old.is_some_and(|old| {
                    old.position != to_i64(position) || old.document != document
                });
            features.push(PlannedFeature {
                rewrite,
                document,
                before: match (old, change) {
                    (Some(old), Some(Change::Update)) => Some(history_document(
                        feature.id(),
                        &old.properties,
                        &old.geometry,
                    )),
                    _ => None,
                },
                feature,
                collection_id: &layer.id,
                position: to_i64(position),
                stored,
                revision,
                updated_at,
                change,
            });
        }
    }
    let kept: std::collections::HashSet<&str> = features.iter().map(|f| f.feature.id()).collect();
    let mut deletions: Vec<PlannedDeletion> = previous
        .features
        .iter()
        .filter(|(id, _)| !kept.contains(id.as_str()))
        .map(|(id, old)| PlannedDeletion {
            id: id.clone(),
            collection_id: old.collection_id.clone(),
            revision: old.revision + 1,
            before: history_document(id, &old.properties, &old.geometry),
        })
        .collect();
    deletions.sort_by(|a, b| a.id.cmp(&b.id));
    for gone in &deletions {
        changed.insert(gone.id.clone());
        collections.insert(gone.collection_id.clone());
    }
    let layers: std::collections::HashSet<&str> =
        data.layers.iter().map(|l| l.id.as_str()).collect();
    collections.extend(
        previous
            .collections
            .keys()
            .filter(|id| !layers.contains(id.as_str()))
            .cloned(),
    );
    Ok(ChangeSet {
        features,
        deletions,
        event: ChangeEvent {
            collections,
            features: changed,
            reports: false,
            stories: BTreeSet::new(),
        },
    })
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn fixture() -> DataSet {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data");
        crate::data_dir::load(&dir).expect("the fixture loads")
    }

    /// The state a store holds after applying `set`.
    fn applied(set: &ChangeSet<'_>, data: &DataSet) -> PreviousState {
        let mut state = PreviousState::default();
        for row in &set.features {
            state.features.insert(
                row.feature.id().to_string(),
                Previous {
                    collection_id: row.collection_id.to_string(),
                    properties: row.stored.properties.clone(),
                    geometry: row.stored.geometry.clone(),
                    revision: row.revision,
                    updated_at: row.updated_at.clone(),
                    position: row.position,
                    document: row.document.clone(),
                },
            );
            state
                .last_history
                .insert(row.feature.id().to_string(), row.revision);
        }
        for (position, layer) in data.layers.iter().enumerate() {
            state.collections.insert(
                layer.id.clone(),
                CollectionMeta {
                    title: layer.title.clone(),
                    description: layer.description.clone(),
                    position: to_i64(position),
                },
            );
        }
        state
    }

    #[test]
    fn a_first_import_creates_everything_at_revision_one() {
        let data = fixture();
        let set = plan(&data, &PreviousState::default(), "2026-01-01T00:00:00Z").expect("plans");
        assert!(
            set.features
                .iter()
                .all(|f| f.change == Some(Change::Create))
        );
        assert!(set.features.iter().all(|f| f.revision == 1));
        assert_eq!(set.history().len(), data.feature_count());
        assert!(set.history().iter().all(|h| h.before.is_none()));
        assert_eq!(
            set.event.collections.iter().collect::<Vec<_>>(),
            ["cities", "rail"]
        );
    }

    #[test]
    fn unchanged_features_keep_their_revision_and_a_changed_one_goes_up_with_its_before() {
        let mut data = fixture();
        let first = plan(&data, &PreviousState::default(), "2026-01-01T00:00:00Z").expect("plans");
        let state = applied(&first, &data);
        drop(first);
        let again = plan(&data, &state, "2026-02-01T00:00:00Z").expect("plans");
        assert!(again.changes().is_empty());
        assert!(again.event.is_empty(), "{:?}", again.event);
        assert!(
            again
                .features
                .iter()
                .all(|f| f.updated_at == "2026-01-01T00:00:00Z")
        );
        drop(again);

        data.layers[0].features[0].properties.name = "Baky".into();
        let renamed = plan(&data, &state, "2026-02-01T00:00:00Z").expect("plans");
        let changes = renamed.changes();
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (changes[0].id.as_str(), changes[0].change),
            ("baku", Change::Update)
        );
        let history = renamed.history();
        assert_eq!(history[0].revision, 2);
        assert!(history[0].before.is_some_and(|b| b.contains("\"Baku\"")));
        assert!(
            history[0]
                .after
                .as_deref()
                .is_some_and(|a| a.contains("\"Baky\""))
        );
        assert_eq!(
            renamed.event.collections.iter().collect::<Vec<_>>(),
            ["cities"]
        );
    }

    #[test]
    fn a_removed_feature_is_deleted_one_revision_past_its_last() {
        let mut data = fixture();
        let first = plan(&data, &PreviousState::default(), "2026-01-01T00:00:00Z").expect("plans");
        let state = applied(&first, &data);
        drop(first);
        data.layers[0].features.retain(|f| f.id() != "aktau");
        let set = plan(&data, &state, "2026-02-01T00:00:00Z").expect("plans");
        assert_eq!(set.deletions.len(), 1);
        assert_eq!(
            (set.deletions[0].id.as_str(), set.deletions[0].revision),
            ("aktau", 2)
        );
        let history = set.history();
        assert_eq!(history.len(), 1);
        assert!(history[0].after.is_none());
    }
}
