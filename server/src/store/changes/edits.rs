//! The revision and history rules for one edit of one feature through the
//! API, for any store: the rules of [`super::plan`] (a changed feature goes
//! up by one revision, an unchanged one keeps it, a re-created one continues
//! its history, every change a history row holding before and after), plus
//! the optimistic lock: an edit names the revision it was made against, and
//! is refused when the feature has moved on.

use super::{Change, HistoryRow, Previous, StoredContent};
use crate::store::StoreError;
use crate::store::documents::{history_document, served_document};
use crate::store::events::ChangeEvent;
use atlas_model::AtlasFeature;
use std::collections::BTreeSet;

/// What an editor asks of one feature.
#[derive(Debug, Clone, Copy)]
pub enum Edit<'a> {
    /// Add it; refused when a live feature has its id.
    Create(&'a AtlasFeature),
    /// Replace its content (PUT, or PATCH once merged).
    Replace(&'a AtlasFeature),
    /// Remove it; its history stays.
    Delete,
    /// Bring back the content of an earlier revision: an update when the
    /// feature is live, a re-creation when it was deleted.
    Restore {
        /// The content of that revision.
        content: &'a AtlasFeature,
        /// The revision it comes from.
        from: i64,
    },
}

impl<'a> Edit<'a> {
    /// The content the feature has after the edit; `None` for a deletion.
    pub fn content(&self) -> Option<&'a AtlasFeature> {
        match *self {
            Edit::Create(content) | Edit::Replace(content) => Some(content),
            Edit::Restore { content, .. } => Some(content),
            Edit::Delete => None,
        }
    }
}

/// One edit, with the lock it holds and who makes it.
#[derive(Debug, Clone, Copy)]
pub struct FeatureEdit<'a> {
    /// The collection named in the request's path.
    pub collection_id: &'a str,
    /// The feature's id.
    pub feature_id: &'a str,
    /// The revision the editor saw (from `If-Match`); `None` only to create.
    pub expected: Option<i64>,
    /// What to do.
    pub edit: Edit<'a>,
    /// The signed-in account's name, for the history row.
    pub who: &'a str,
}

/// What the store holds of the edited feature when the edit runs.
#[derive(Debug, Clone, Default)]
pub struct EditState {
    /// The feature, when it is live.
    pub live: Option<Previous>,
    /// The last revision its history holds, deleted ones included.
    pub last_history: Option<i64>,
    /// Whether the collection of the request's path exists.
    pub collection_exists: bool,
}

impl EditState {
    /// The revision an `If-Match` must name: the live feature's, or the
    /// deletion's for a deleted feature; `None` when the id was never used.
    pub fn current_revision(&self) -> Option<i64> {
        self.live
            .as_ref()
            .map(|live| live.revision)
            .or(self.last_history)
    }
}

/// Why an edit was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The collection of the path does not exist.
    NoSuchCollection,
    /// No live feature of that id in that collection (for a restore: and no
    /// history of it there either).
    NoSuchFeature,
    /// A live feature already has the id, in the collection named.
    Exists {
        /// Its collection.
        collection_id: String,
    },
    /// The feature is at another revision than the one the editor saw.
    Stale {
        /// Its current revision (the deletion's, when it is deleted).
        current: i64,
        /// Whether it is live (its current version can be shown).
        live: bool,
    },
}

/// Everything one edit does, worked out before anything is written.
#[derive(Debug)]
pub struct PlannedEdit {
    /// What happens; `None` when the content is unchanged and nothing is written.
    pub change: Option<Change>,
    /// The feature's id.
    pub feature_id: String,
    /// Its collection.
    pub collection_id: String,
    /// Its revision after the edit (the deletion's, for a deletion).
    pub revision: i64,
    /// When its content last changed.
    pub updated_at: String,
    /// Its stored texts and box, and its served document; `None` once deleted.
    pub written: Option<(StoredContent, String)>,
    /// The history document of its content before, if it had one.
    pub before: Option<String>,
    /// The revision a restore brought back.
    pub restored_from: Option<i64>,
    /// What the edit touches, for the store's subscribers.
    pub event: ChangeEvent,
}

impl PlannedEdit {
    /// The history row this edit writes, or `None` for an unchanged feature.
    pub fn history(&self) -> Option<HistoryRow<'_>> {
        self.change?;
        Some(HistoryRow {
            feature_id: &self.feature_id,
            collection_id: &self.collection_id,
            revision: self.revision,
            before: self.before.as_deref(),
            after: self.written.as_ref().map(|(stored, _)| {
                history_document(&self.feature_id, &stored.properties, &stored.geometry)
            }),
            restored_from: self.restored_from,
        })
    }
}

/// Works out what `edit` does to a store holding `state`, at `now`, or why it
/// is refused.
pub fn plan_edit(
    edit: &FeatureEdit<'_>,
    state: &EditState,
    now: &str,
) -> Result<Result<PlannedEdit, Refusal>, StoreError> {
    if !state.collection_exists {
        return Ok(Err(Refusal::NoSuchCollection));
    }
    let live_here = state
        .live
        .as_ref()
        .filter(|live| live.collection_id == edit.collection_id);
    // The lock first: an edit made against another revision changes nothing.
    let stale = |current: i64| Refusal::Stale {
        current,
        live: state.live.is_some(),
    };
    let (content, restored_from) = match edit.edit {
        Edit::Create(content) => {
            if let Some(live) = &state.live {
                return Ok(Err(Refusal::Exists {
                    collection_id: live.collection_id.clone(),
                }));
            }
            (Some(content), None)
        }
        Edit::Replace(content) => {
            let Some(live) = live_here else {
                return Ok(Err(Refusal::NoSuchFeature));
            };
            if edit.expected != Some(live.revision) {
                return Ok(Err(stale(live.revision)));
            }
            (Some(content), None)
        }
        Edit::Delete => {
            let Some(live) = live_here else {
                return Ok(Err(Refusal::NoSuchFeature));
            };
            if edit.expected != Some(live.revision) {
                return Ok(Err(stale(live.revision)));
            }
            (None, None)
        }
        Edit::Restore { content, from } => {
            if state.live.is_some() && live_here.is_none() {
                return Ok(Err(Refusal::NoSuchFeature));
            }
            let Some(current) = state.current_revision() else {
                return Ok(Err(Refusal::NoSuchFeature));
            };
            if edit.expected != Some(current) {
                return Ok(Err(stale(current)));
            }
            (Some(content), Some(from))
        }
    };
    let before =
        live_here.map(|live| history_document(edit.feature_id, &live.properties, &live.geometry));
    let Some(content) = content else {
        // A deletion: one revision past the last.
        let revision = live_here.map_or(1, |live| live.revision + 1);
        return Ok(Ok(planned(
            edit,
            Change::Delete,
            revision,
            now,
            None,
            before,
            None,
        )));
    };
    let stored = StoredContent::of(content)?;
    let (change, revision, updated_at) = match live_here {
        Some(live) if live.properties == stored.properties && live.geometry == stored.geometry => {
            (None, live.revision, live.updated_at.clone())
        }
        Some(live) => (Some(Change::Update), live.revision + 1, now.to_string()),
        None => (
            Some(Change::Create),
            state.last_history.map_or(1, |last| last + 1),
            now.to_string(),
        ),
    };
    let document = served_document(content, revision, &updated_at)?;
    let mut plan = planned(
        edit,
        change.unwrap_or(Change::Update),
        revision,
        &updated_at,
        Some((stored, document)),
        before,
        restored_from,
    );
    if change.is_none() {
        plan.change = None;
        plan.event = ChangeEvent::default();
    }
    Ok(Ok(plan))
}

fn planned(
    edit: &FeatureEdit<'_>,
    change: Change,
    revision: i64,
    updated_at: &str,
    written: Option<(StoredContent, String)>,
    before: Option<String>,
    restored_from: Option<i64>,
) -> PlannedEdit {
    PlannedEdit {
        change: Some(change),
        feature_id: edit.feature_id.to_string(),
        collection_id: edit.collection_id.to_string(),
        revision,
        updated_at: updated_at.to_string(),
        written,
        before,
        restored_from,
        event: ChangeEvent {
            collections: BTreeSet::from([edit.collection_id.to_string()]),
            features: BTreeSet::from([edit.feature_id.to_string()]),
            ..ChangeEvent::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn baku() -> AtlasFeature {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data");
        let data = crate::data_dir::load(&dir).expect("the fixture loads");
        data.layers
            .iter()
            .flat_map(|l| &l.features)
            .find(|f| f.id() == "baku")
            .expect("the fixture has Baku")
            .clone()
    }

    fn live(feature: &AtlasFeature, revision: i64) -> EditState {
        let stored = StoredContent::of(feature).expect("stores");
        EditState {
            live: Some(Previous {
                collection_id: "cities".into(),
                properties: stored.properties,
                geometry: stored.geometry,
                revision,
                updated_at: "2026-01-01T00:00:00Z".into(),
                position: 0,
                document: String::new(),
            }),
            last_history: Some(revision),
            collection_exists: true,
        }
    }

    fn edit<'a>(expected: Option<i64>, what: Edit<'a>) -> FeatureEdit<'a> {
        FeatureEdit {
            collection_id: "cities",
            feature_id: "baku",
            expected,
            edit: what,
            who: "ed",
        }
    }

    const NOW: &str = "2026-02-01T00:00:00Z";

    #[test]
    fn a_replace_against_the_current_revision_goes_up_by_one_with_its_before() {
        let old = baku();
        let mut new = old.clone();
        new.properties.name = "Baky".into();
        let plan = plan_edit(&edit(Some(3), Edit::Replace(&new)), &live(&old, 3), NOW)
            .expect("plans")
            .expect("not refused");
        assert_eq!((plan.change, plan.revision), (Some(Change::Update), 4));
        let row = plan.history().expect("a history row");
        assert!(row.before.is_some_and(|b| b.contains("\"Baku\"")));
        assert!(row.after.is_some_and(|a| a.contains("\"Baky\"")));
        assert_eq!(
            plan.event.collections.iter().collect::<Vec<_>>(),
            ["cities"]
        );
    }

    #[test]
    fn an_edit_against_another_revision_is_refused_as_stale() {
        let old = baku();
        for what in [Edit::Replace(&old), Edit::Delete] {
            let refused = plan_edit(&edit(Some(2), what), &live(&old, 3), NOW).expect("plans");
            assert_eq!(
                refused.err(),
                Some(Refusal::Stale {
                    current: 3,
                    live: true
                })
            );
        }
    }

    #[test]
    fn an_unchanged_replace_writes_nothing_and_keeps_the_revision() {
        let old = baku();
        let plan = plan_edit(&edit(Some(3), Edit::Replace(&old)), &live(&old, 3), NOW)
            .expect("plans")
            .expect("not refused");
        assert_eq!((plan.change, plan.revision), (None, 3));
        assert!(plan.history().is_none() && plan.event.is_empty());
    }

    #[test]
    fn a_deleted_feature_is_restored_one_past_its_deletion() {
        let old = baku();
        let deleted = EditState {
            live: None,
            last_history: Some(4),
            collection_exists: true,
        };
        let restore = Edit::Restore {
            content: &old,
            from: 3,
        };
        let plan = plan_edit(&edit(Some(4), restore), &deleted, NOW)
            .expect("plans")
            .expect("not refused");
        assert_eq!((plan.change, plan.revision), (Some(Change::Create), 5));
        assert_eq!(plan.history().and_then(|h| h.restored_from), Some(3));
        let create =
            plan_edit(&edit(None, Edit::Create(&old)), &live(&old, 1), NOW).expect("plans");
        assert_eq!(
            create.err(),
            Some(Refusal::Exists {
                collection_id: "cities".into()
            })
        );
    }
}
