//! A feature's history: every revision with who made it and when, what
//! changed (`status: planned → operating`, "moved 2.3 km"), the old geometry
//! ghosted on the map, and a restore of any revision; and a layer's deleted
//! features, each restorable.

pub mod deleted;
pub mod diff;
pub mod ghost;

use crate::api::history::{feature_history, restore};
use atlas_model::history::{Revision, RevisionChange};
use diff::diff;
use geojson::Geometry;
use leptos::prelude::*;
use serde_json::Value;

/// A feature as the panels name it: its layer and its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureKey {
    /// The layer (collection) id.
    pub collection: String,
    /// The feature's id.
    pub id: String,
}

/// What a revision did, in words.
pub fn change_words(revision: &Revision) -> String {
    match (revision.change, revision.restored_from) {
        (RevisionChange::Create, _) => "created".into(),
        (RevisionChange::Update, _) => "changed".into(),
        (RevisionChange::Delete, _) => "deleted".into(),
        (RevisionChange::Restore, Some(from)) => format!("restored revision {from}"),
        (RevisionChange::Restore, None) => "restored".into(),
    }
}

/// A timestamp as the panels show it: `2026-12-02 09:14` (UTC).
pub fn when(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ")
}

/// The geometry of a GeoJSON Feature, if it has one.
fn geometry_of(feature: Option<&Value>) -> Option<Geometry> {
    feature
        .and_then(|f| f.get("geometry"))
        .and_then(|g| serde_json::from_value(g.clone()).ok())
}

/// The history of one feature, newest first. "Show old geometry" ghosts the
/// geometry a revision replaced; "Restore this version" brings a revision's
/// content back as a new revision, named against the current one.
#[component]
pub fn HistoryPanel(
    /// The feature shown, if any.
    #[prop(into)]
    feature: Signal<Option<FeatureKey>>,
    /// Shows a geometry ghosted on the map (`None` hides it).
    on_ghost: Callback<Option<Geometry>>,
    /// Called after a restore, with the feature restored, so the map reloads it.
    on_restored: Callback<FeatureKey>,
) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let status = RwSignal::new(None::<String>);
    let history = LocalResource::new(move || {
        reload.track();
        let key = feature.get();
        async move {
            match key {
                Some(key) => Some(feature_history(&key.collection, &key.id).await),
                None => None,
            }
        }
    });
    let do_restore = move |revision: i64, etag: String| {
        let Some(key) = feature.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match restore(&key.collection, &key.id, revision, &etag).await {
                Ok(_) => {
                    status.set(Some(format!("Revision {revision} restored.")));
                    on_ghost.run(None);
                    reload.update(|n| *n += 1);
                    on_restored.run(key);
                }
                Err(e) => status.set(Some(format!("Not restored: {e}"))),
            }
        });
    };
    let list = move || {
        match history.get() {
        None => view! { <p class="hint">"Loading the history…"</p> }.into_any(),
        Some(None) => {
            view! { <p class="hint">"Select a feature on the map to see its history."</p> }
                .into_any()
        }
        Some(Some(Err(e))) => {
            view! { <p class="form-status error" role="alert">{format!("The history could not be loaded: {e}")}</p> }
                .into_any()
        }
        Some(Some(Ok(history))) => {
            let latest = history.revisions.last().map(|r| r.revision);
            let etag = history.etag.clone();
            let items = history
                .revisions
                .into_iter()
                .rev()
                .map(|revision| {
                    let current = Some(revision.revision) == latest;
                    revision_item(revision, current, etag.clone(), on_ghost, do_restore)
                })
                .collect_view();
            view! { <ol class="revision-list">{items}</ol> }.into_any()
        }
    }
    };
    view! {
        <section class="history-panel" aria-label="History">
            <p class="form-status" role="status">{move || status.get().unwrap_or_default()}</p>
            {list}
        </section>
    }
}

/// One revision: who, when, what changed, and its buttons.
fn revision_item(
    revision: Revision,
    current: bool,
    etag: String,
    on_ghost: Callback<Option<Geometry>>,
    do_restore: impl Fn(i64, String) + Copy + 'static,
) -> impl IntoView {
    let changes = diff(revision.before.as_ref(), revision.after.as_ref());
    let old_geometry = geometry_of(revision.before.as_ref());
    let restorable = !current && revision.after.is_some();
    let number = revision.revision;
    let fields = changes
        .fields
        .into_iter()
        .map(|c| {
            // A value set for the first time reads as itself; a change as old → new.
            let values = match (c.old, c.new) {
                (None, Some(new)) => view! { <span class="new">{new}</span> }.into_any(),
                (old, new) => view! {
                    <span class="old">{old.unwrap_or_else(|| "(not set)".into())}</span>
                    " → "
                    <span class="new">{new.unwrap_or_else(|| "(removed)".into())}</span>
                }
                .into_any(),
            };
            view! {
                <li class="field-change">
                    <span class="field-name">{c.field}</span>": "{values}
                </li>
            }
        })
        .collect_view();
    let geometry = changes
        .geometry
        .into_iter()
        .map(|g| view! { <li class="geometry-change">{g}</li> })
        .collect_view();
    let ghost_button = (revision.change != RevisionChange::Create)
        .then_some(old_geometry)
        .flatten()
        .map(|g| {
            view! {
                <button type="button" class="link-button"
                    on:click=move |_| on_ghost.run(Some(g.clone()))>"Show old geometry"</button>
            }
        });
    view! {
        <li class="revision" data-revision=number>
            <p class="revision-head">
                <strong>{format!("Revision {number}")}</strong>" · "{change_words(&revision)}
                " by "<span class="who">{revision.changed_by.clone()}</span>
                " · "<time datetime=revision.changed_at.clone()>{when(&revision.changed_at)}</time>
                {current.then(|| view! { <span class="current-mark">" (current)"</span> })}
            </p>
            <ul class="changes">{fields}{geometry}</ul>
            <div class="panel-actions">
                {ghost_button}
                {restorable.then(|| view! {
                    <button type="button" on:click=move |_| do_restore(number, etag.clone())>
                        "Restore this version"
                    </button>
                })}
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_shown_to_the_minute() {
        assert_eq!(when("2026-12-02T09:14:33.120Z"), "2026-12-02 09:14");
        assert_eq!(when("soon"), "soon");
    }
}
