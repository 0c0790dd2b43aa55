//! Saving: a POST for a new feature, a PUT with `If-Match` for a stored one.
//! A success shows the feature on the map at once; a 422 shows the server's
//! errors beside their fields; a 412 becomes a [`Conflict`] for the conflict
//! view to resolve.

use crate::api::EditApiError;
use crate::api::features::{self, Stored};
use crate::form::check::{check, form_field};
use crate::form::rows::input_id;
use crate::state::{Conflict, EditorState, SaveState, Session};
use crate::work::{Target, Work};
use atlas_map_engine::feature_store::FeatureStore;
use atlas_map_engine::map_data::MapFeature;
use atlas_map_engine::navigate::anchor_of;
use atlas_map_engine::shape::Shape;
use atlas_map_engine::state::MapState;
use atlas_model::api::FieldError;
use atlas_model::geodesy;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// How a save ended.
#[derive(Debug, Clone)]
pub enum SaveOutcome {
    /// The server holds the feature now.
    Saved(Box<Stored>),
    /// The form breaks the rules, found here before sending.
    Invalid(Vec<FieldError>),
    /// The server refused the feature (422, or 409 for a taken slug), by field.
    Refused(Vec<FieldError>),
    /// Someone saved the feature since it was read (412).
    Conflict(Box<Conflict>),
    /// The session is over (401): signing in again keeps the work.
    SignedOut,
    /// Anything else, in words.
    Failed(String),
}

/// The layer where most features of `kind` already are.
pub fn layer_for_kind(store: &FeatureStore, kind: &str) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for feature in store.snapshot() {
        if feature.feature.properties.kind.as_str() == kind {
            *counts.entry(feature.collection.clone()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(layer, _)| layer)
}

/// Sends `work` to the server.
pub async fn send_work(work: &Work) -> SaveOutcome {
    let errors = check(&work.form, work.geometry());
    if !errors.is_empty() {
        return SaveOutcome::Invalid(errors);
    }
    let (feature, _) = work.form.to_feature(work.geometry());
    let result = match &work.target {
        Target::New => features::create(&work.form.collection, &feature).await,
        Target::Existing {
            collection,
            id,
            etag,
        } => features::replace(collection, id, etag, &feature).await,
    };
    match result {
        Ok(stored) => SaveOutcome::Saved(Box::new(stored)),
        Err(EditApiError::Stale { etag, current }) => SaveOutcome::Conflict(Box::new(Conflict {
            mine: work.clone(),
            // The caller knows the version the work was opened at.
            base: None,
            theirs: serde_json::from_slice(&current).ok(),
            etag,
        })),
        Err(EditApiError::Refused(problem)) if problem.status == 422 => SaveOutcome::Refused(
            problem
                .errors
                .iter()
                .map(|e| FieldError {
                    field: form_field(&work.form, &e.field),
                    reason: e.reason.clone(),
                })
                .collect(),
        ),
        Err(EditApiError::Refused(problem)) if problem.status == 409 => {
            SaveOutcome::Refused(vec![FieldError {
                field: "id".into(),
                reason: "is taken by another feature: choose another slug".into(),
            }])
        }
        Err(e) if e.status() == Some(401) => SaveOutcome::SignedOut,
        Err(e) => SaveOutcome::Failed(e.to_string()),
    }
}

/// A feature of `collection` as the server holds it, ready for the map:
/// projected, measured, in its layer.
pub fn map_feature(
    store: &FeatureStore,
    collection: &str,
    feature: atlas_model::AtlasFeature,
) -> Arc<MapFeature> {
    let value = &feature.geometry.value;
    // A layer painted on a canvas stays on it.
    let on_canvas = store
        .snapshot()
        .iter()
        .any(|f| f.collection == collection && f.on_canvas);
    Arc::new(MapFeature {
        shape: Shape::from_geometry(value),
        bbox: geodesy::bbox(value).unwrap_or(atlas_model::Bbox::point(0.0, 0.0)),
        length: OnceLock::new(),
        collection: collection.to_string(),
        on_canvas,
        feature,
    })
}

/// Puts a stored feature on the map at once (added, or in place of its old self).
pub fn show_on_map(editor: EditorState, stored: &Stored) -> Option<Arc<MapFeature>> {
    let store = editor.store.get_value()?;
    let feature = map_feature(&store, &stored.collection, stored.feature.clone());
    store.upsert(feature.clone());
    Some(feature)
}

/// Saves the open work and acts on the outcome.
pub async fn save(editor: EditorState, map: MapState) {
    let work = editor.work.get_untracked();
    editor.save_state.set(SaveState::Saving);
    match send_work(&work).await {
        SaveOutcome::Saved(stored) => {
            if let Some(feature) = show_on_map(editor, &stored) {
                map.select(feature.id(), anchor_of(&feature));
            }
            crate::draft::forget();
            editor.saved(stored.feature.properties.name.clone());
        }
        SaveOutcome::Invalid(errors) => refused(editor, &errors, false),
        SaveOutcome::Refused(errors) => refused(editor, &errors, true),
        SaveOutcome::Conflict(mut conflict) => {
            conflict.base = editor.base.get_untracked();
            editor.conflict.set(Some(*conflict));
            editor.save_state.set(SaveState::Conflict);
        }
        SaveOutcome::SignedOut => {
            editor.session.set(Session::SignedOut);
            editor.save_state.set(SaveState::Failed(
                "Your session has ended. Sign in again: your work is kept.".into(),
            ));
        }
        SaveOutcome::Failed(reason) => editor.save_state.set(SaveState::Failed(format!(
            "Not saved: {reason}. Your work is kept."
        ))),
    }
}

/// Shows every error, the server's beside the browser's own, and goes to the first.
fn refused(editor: EditorState, errors: &[FieldError], from_server: bool) {
    editor.show_all_errors.set(true);
    if from_server {
        editor.server_errors.set(errors.to_vec());
    }
    editor.save_state.set(SaveState::Failed(
        "Not saved yet: fix the fields marked, then save again.".into(),
    ));
    if let Some(first) = errors.first() {
        focus(&first.field);
    }
}

/// Moves the focus to the input of `field`, if the page shows one.
fn focus(field: &str) {
    let id = input_id(field);
    if let Some(el) = document().get_element_by_id(&id) {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// The save button, the work's discard, and where the save stands.
#[component]
pub fn SaveButton(
    /// The browser's own check of the form.
    errors: Memo<Vec<FieldError>>,
) -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let map = expect_context::<MapState>();
    let saving = move || editor.save_state.get() == SaveState::Saving;
    let status = move || {
        match editor.save_state.get() {
        SaveState::Idle => {
            let n = errors.with(Vec::len);
            (n > 0).then(|| view! {
                <p class="save-status pending">{if n == 1 { "1 thing to fix before saving".to_string() } else { format!("{n} things to fix before saving") }}</p>
            }.into_any())
        }
        SaveState::Saving => {
            Some(view! { <p class="save-status" role="status">"Saving…"</p> }.into_any())
        }
        SaveState::Saved(name) => Some(
            view! { <p class="save-status saved" role="status">{format!("Saved {name}.")}</p> }
                .into_any(),
        ),
        SaveState::Failed(reason) => {
            Some(view! { <p class="save-status failed" role="alert">{reason}</p> }.into_any())
        }
        SaveState::Conflict => Some(
            view! { <p class="save-status conflict" role="alert">"Someone saved this feature after you opened it: choose between the versions above."</p> }
                .into_any(),
        ),
    }
    };
    view! {
        <div class="save-bar">
            {status}
            <div class="buttons">
                <button type="button" class="discard" on:click=move |_| editor.discard()>"Discard"</button>
                <button
                    type="submit"
                    class="save primary"
                    disabled=saving
                    on:click=move |_| {
                        let found = errors.get_untracked();
                        if !found.is_empty() {
                            refused(editor, &found, false);
                            return;
                        }
                        leptos::task::spawn_local(save(editor, map));
                    }
                >
                    "Save"
                </button>
            </div>
        </div>
    }
}
