//! What a store hands out, whatever the engine behind it.

use super::changes::edits::Refusal;
use super::changes::{Change, FeatureChange};
use super::events::ChangeEvent;
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
