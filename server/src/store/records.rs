//! What a store hands out, whatever the engine behind it.

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
