//! What a store hands out, whatever the engine behind it.

use super::changes::edits::Refusal;
use super::changes::{Change, FeatureChange};
use super::events::ChangeEvent;
use super::story_changes::StoryChange;
use atlas_model::Bbox;

/// A collection with what its description needs: how many features, where.
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionRow {
    /// Slug.
    pub id: String,
    /// Human title.
    pub title: String,
    /// One-sentence description.
    pub description: String,
    /// How many features it holds.
    pub count: u64,
    /// The box around all its features; `None` when it is empty.
    pub extent: Option<Bbox>,
}

/// One feature as the in-memory read model keeps it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexedRow<'r> {
    /// Its id.
    pub id: &'r str,
    /// Its box: west, south, east, north.
    pub bbox: Bbox,
    /// The year it opened, if known.
    pub opened: Option<i64>,
    /// Its revision.
    pub revision: i64,
    /// Its served GeoJSON text ([`super::documents::served_document`]).
    pub document: &'r str,
}

/// One feature as `GET .../items/{featureId}` serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFeature {
    /// Its served GeoJSON text ([`super::documents::served_document`]).
    pub document: String,
    /// Its revision.
    pub revision: i64,
}

/// What an import did, or with `--dry-run` would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Collections in the data.
    pub collections: usize,
    /// Features in the data.
    pub features: usize,
    /// Reports in the data.
    pub reports: usize,
    /// Passages in the data.
    pub passages: usize,
    /// Features that did not exist before.
    pub created: usize,
    /// Features whose content changed (their revision went up).
    pub updated: usize,
    /// Features that were in the store but are no longer in the data.
    pub deleted: usize,
    /// Every feature created, updated or deleted, by id.
    pub changes: Vec<FeatureChange>,
    /// Stories in the data.
    pub stories: usize,
    /// Every story created, updated or deleted, by id.
    pub story_changes: Vec<StoryChange>,
    /// What the change touched, as the store's subscribers were told.
    pub event: ChangeEvent,
}

impl ImportSummary {
    /// How many stories the import creates, updates or deletes (by `change`).
    pub fn stories_with(&self, change: Change) -> usize {
        self.story_changes
            .iter()
            .filter(|c| c.change == change)
            .count()
    }
}

/// One feature as `atlas export` writes it: the stored JSON texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFeature {
    /// Its id.
    pub id: String,
    /// Its curated properties' JSON, as stored.
    pub properties: String,
    /// Its geometry's JSON, as stored.
    pub geometry: String,
}

/// One collection as `atlas export` writes it, its features in data order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportLayer {
    /// Its id, the layer file's stem.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its description, empty when it has none.
    pub description: String,
    /// Its features by position.
    pub features: Vec<ExportFeature>,
}

/// One report as `atlas export` writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    /// Its id, the report file's stem.
    pub id: String,
    /// Its Markdown file as imported; `None` for a report stored before sources were kept.
    pub source: Option<String>,
}

/// Everything `atlas export` writes, read in one snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportSnapshot {
    /// The collections in order.
    pub layers: Vec<ExportLayer>,
    /// The reports in order.
    pub reports: Vec<ExportReport>,
    /// The stories in id order.
    pub stories: Vec<atlas_model::Story>,
}

/// What a file import is checked against: the store's collections, features and reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportContext {
    /// Every collection id.
    pub collections: Vec<String>,
    /// Every feature, by id: its collection and its properties.
    pub features: std::collections::HashMap<String, (String, atlas_model::FeatureProperties)>,
    /// Every report with its passages, for passage links to resolve against.
    pub reports: Vec<atlas_model::Report>,
}

/// One feature of a file import, as applied or, in a dry run, as it would be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpsertedFeature {
    /// Its id.
    pub id: String,
    /// Created or updated; `None` when unchanged.
    pub change: Option<super::changes::Change>,
    /// Its revision after the import.
    pub revision: i64,
}

/// What a file import into one collection did, or would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpsertSummary {
    /// Each feature given, in the order given.
    pub features: Vec<UpsertedFeature>,
    /// What the change touched, as the store's subscribers were told.
    pub event: ChangeEvent,
}

/// What became of an edit ([`super::Store::edit`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditOutcome {
    /// Written in one transaction with its history row, and published; or,
    /// when `change` is `None`, found unchanged and not written.
    Done {
        /// What happened.
        change: Option<Change>,
        /// The feature's revision now (the deletion's, for a deletion).
        revision: i64,
        /// The feature as now served; `None` once deleted.
        feature: Option<StoredFeature>,
    },
    /// Refused; nothing was written.
    Refused {
        /// Why.
        refusal: Refusal,
        /// The feature as now served, when it is live: what a 412 shows.
        current: Option<StoredFeature>,
    },
}

/// One row of a feature's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRecord {
    /// The feature's id.
    pub feature_id: String,
    /// The revision the change made.
    pub revision: i64,
    /// The collection the feature was in (`None` for rows older than the
    /// store's keeping of it).
    pub collection_id: Option<String>,
    /// The feature before, as a GeoJSON Feature; `None` for a creation.
    pub before: Option<String>,
    /// The feature after; `None` for a deletion.
    pub after: Option<String>,
    /// When (RFC 3339).
    pub changed_at: String,
    /// Who: an account's name, or `import`.
    pub changed_by: String,
    /// The revision a restore brought back.
    pub restored_from: Option<i64>,
}
