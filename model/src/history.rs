//! A feature's history as the API serves it: every revision with who made
//! it, when, and the feature before and after; and the deleted features of a
//! collection, which can be restored.

use crate::api::Link;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What one revision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionChange {
    /// The feature was created (or re-created after a deletion).
    Create,
    /// Its content changed.
    Update,
    /// It was deleted.
    Delete,
    /// The content of an earlier revision was brought back.
    Restore,
}

impl RevisionChange {
    /// The change a history row records: a restore when it names the revision
    /// it brought back, else by which of before and after it holds.
    pub fn of(has_before: bool, has_after: bool, restored_from: Option<i64>) -> RevisionChange {
        match (restored_from, has_before, has_after) {
            (Some(_), _, _) => RevisionChange::Restore,
            (None, false, _) => RevisionChange::Create,
            (None, true, false) => RevisionChange::Delete,
            (None, true, true) => RevisionChange::Update,
        }
    }
}

/// One revision of a feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    /// The revision the change made.
    pub revision: i64,
    /// What the change did.
    pub change: RevisionChange,
    /// When (RFC 3339).
    pub changed_at: String,
    /// Who: an account's name, or `import` for `atlas import`.
    pub changed_by: String,
    /// The revision a restore brought back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored_from: Option<i64>,
    /// The feature before (a GeoJSON Feature); `null` for a creation.
    pub before: Option<Value>,
    /// The feature after; `null` for a deletion.
    pub after: Option<Value>,
    /// `restore`, to bring this revision back (none for a deletion).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

/// `GET /collections/{id}/items/{featureId}/history`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureHistory {
    /// The feature's id.
    pub id: String,
    /// The collection asked about.
    pub collection: String,
    /// The `If-Match` tag a restore needs now: the feature's current
    /// revision, or its deletion's when it is deleted.
    pub etag: String,
    /// Every revision, oldest first.
    pub revisions: Vec<Revision>,
    /// `self`, and the feature.
    pub links: Vec<Link>,
}

/// One feature deleted from a collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeletedFeature {
    /// Its id.
    pub id: String,
    /// The revision its deletion made.
    pub revision: i64,
    /// The `If-Match` tag its restore needs.
    pub etag: String,
    /// When it was deleted.
    pub deleted_at: String,
    /// Who deleted it.
    pub deleted_by: String,
    /// Its last content (a GeoJSON Feature).
    pub feature: Value,
    /// `restore` (its last content), and `history`.
    pub links: Vec<Link>,
}

/// `GET /collections/{id}/deleted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeletedFeatures {
    /// The collection.
    pub collection: String,
    /// Its deleted features, the latest deletion first.
    pub features: Vec<DeletedFeature>,
    /// `self`, and the collection.
    pub links: Vec<Link>,
}

/// `GET /api/stories/{storyId}/history`: every change made to a story, through
/// the API or an import, each revision's `before` and `after` the story as its
/// file holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryHistory {
    /// The story's id.
    pub id: String,
    /// The `If-Match` tag a change needs now (the story's `ETag`); empty
    /// when the story is deleted.
    pub etag: String,
    /// Every revision, oldest first.
    pub revisions: Vec<Revision>,
    /// `self`, and the story.
    pub links: Vec<Link>,
}
