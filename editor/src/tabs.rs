//! The side panel's History and Import tabs: the history and deleted-list
//! panels about the feature in view, and the import panel, wired to the map
//! (ghosts drawn over it, restored and imported features shown on it).

use crate::history::deleted::DeletedList;
use crate::history::{FeatureKey, HistoryPanel};
use crate::import_panel::ImportPanel;
use crate::reload::{feature_in_view, reload_feature, reload_layer};
use crate::state::EditorState;
use atlas_app::atlas::Atlas;
use atlas_map_engine::state::MapState;
use geojson::Geometry;
use leptos::prelude::*;
use std::sync::Arc;

/// The history of the feature in view and the deleted features of its layer.
/// A restore shows the restored version on the map and, when the feature is
/// open, in the form.
#[component]
pub fn HistoryTab() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let map = expect_context::<MapState>();
    let atlas = expect_context::<Arc<Atlas>>();
    let feature = Memo::new(move |_| feature_in_view(editor, map));
    // Without a feature in view, the deleted list is about a layer the editor picks.
    let picked_layer = RwSignal::new(String::new());
    let layer = Signal::derive(move || {
        feature
            .get()
            .map(|k| k.collection)
            .or_else(|| Some(picked_layer.get()).filter(|l| !l.is_empty()))
    });
    let status = RwSignal::new(None::<String>);
    let on_ghost = Callback::new(move |g: Option<Geometry>| editor.ghost.set(g));
    let on_restored = Callback::new(move |key: FeatureKey| {
        leptos::task::spawn_local(async move {
            if let Err(e) = reload_feature(editor, map, key).await {
                status.set(Some(format!(
                    "Restored, but the map could not show it: {e}"
                )));
            }
        });
    });
    // A ghost belongs to the panel that drew it.
    on_cleanup(move || editor.ghost.set(None));
    let layer_choice: Vec<(String, String)> = atlas
        .collections
        .iter()
        .map(|c| (c.id.clone(), c.title.clone()))
        .collect();
    let layer_title = move || {
        let id = layer.get()?;
        atlas
            .collections
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.title.clone())
    };
    view! {
        <div class="history-tab">
            <h3 class="panel-heading">{move || match feature.get() {
                Some(key) => format!("History of {}", key.id),
                None => "History".to_string(),
            }}</h3>
            <HistoryPanel feature=feature on_ghost=on_ghost on_restored=on_restored />
            {move || status.get().map(|s| view! { <p class="form-status error" role="alert">{s}</p> })}
            <h3 class="panel-heading">{move || match layer_title() {
                Some(title) => format!("Deleted from {title}"),
                None => "Deleted features".to_string(),
            }}</h3>
            {move || feature.with(Option::is_none).then(|| view! {
                <label class="field">"Layer"
                    <select on:change=move |ev| picked_layer.set(event_target_value(&ev))>
                        <option value="">"Choose a layer"</option>
                        {layer_choice.iter().map(|(id, title)| view! {
                            <option value=id.clone() prop:selected={
                                let id = id.clone();
                                move || picked_layer.get() == id
                            }>{title.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
            <DeletedList collection=layer on_ghost=on_ghost on_restored=on_restored />
        </div>
    }
}

/// The import panel; after an apply, the map shows the layer as stored now.
#[component]
pub fn ImportTab() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let atlas = expect_context::<Arc<Atlas>>();
    let layers: Vec<(String, String)> = atlas
        .collections
        .iter()
        .map(|c| (c.id.clone(), c.title.clone()))
        .collect();
    let status = RwSignal::new(None::<String>);
    let on_applied = Callback::new(move |collection: String| {
        leptos::task::spawn_local(async move {
            if let Err(e) = reload_layer(editor, collection).await {
                status.set(Some(format!("Imported, but the map could not reload: {e}")));
            }
        });
    });
    view! {
        <ImportPanel layers=Signal::derive(move || layers.clone()) on_applied=on_applied />
        {move || status.get().map(|s| view! { <p class="form-status error" role="alert">{s}</p> })}
    }
}
