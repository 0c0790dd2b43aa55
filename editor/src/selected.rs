//! The feature selected on the map, with "Edit": its geometry loads into the
//! sketch to drag and its properties into the form.

use crate::api::features::{self, Stored};
use crate::draw::sketch::Sketch;
use crate::form::fields::FormState;
use crate::state::EditorState;
use crate::work::Target;
use atlas_map_engine::state::MapState;
use leptos::prelude::*;

/// Reads feature `id` of `collection` from the server (for its current
/// version and `ETag`) and opens it for editing.
pub async fn open_for_editing(
    editor: EditorState,
    collection: String,
    id: String,
) -> Result<(), String> {
    let stored = features::read(&collection, &id)
        .await
        .map_err(|e| e.to_string())?;
    open_stored(editor, stored);
    Ok(())
}

/// Opens a feature as the server holds it: its geometry into the sketch, its
/// properties into the form, and the version itself kept as a conflict's base.
pub fn open_stored(editor: EditorState, stored: Stored) {
    let Stored {
        collection,
        feature,
        etag,
    } = stored;
    editor
        .base
        .set(serde_json::to_value(feature.to_geojson()).ok());
    let id = feature.properties.id.clone();
    let geometry = feature.geometry.clone();
    let sketch = Sketch::from_geometry(&geometry.value);
    let kept = sketch.is_none().then_some(geometry);
    let form = FormState::of_properties(&collection, &feature.properties);
    editor.open(
        Target::Existing {
            collection,
            id,
            etag,
        },
        sketch,
        form,
        kept,
    );
}

/// The selected feature's card, or how to pick one.
#[component]
pub fn SelectedFeature() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let map = expect_context::<MapState>();
    let error = RwSignal::new(None::<String>);
    move || {
        let Some(id) = map.primary() else {
            return view! {
                <p class="hint">"Select a feature on the map (or search for it) to change it, or draw a new one with the tools over the map."</p>
            }
            .into_any();
        };
        let Some(feature) = editor
            .store
            .get_value()
            .and_then(|store| store.get(&id))
            .map(|s| s.get())
        else {
            return ().into_any();
        };
        let p = &feature.feature.properties;
        let collection = feature.collection.clone();
        let title = p.name.clone();
        let what = format!(
            "{} · {} · layer {}",
            p.kind.label(),
            p.status_label(),
            collection
        );
        let edit = move |_| {
            let (collection, id) = (collection.clone(), id.clone());
            error.set(None);
            leptos::task::spawn_local(async move {
                if let Err(e) = open_for_editing(editor, collection, id).await {
                    error.set(Some(format!("It could not be opened: {e}")));
                }
            });
        };
        view! {
            <div class="selected-feature">
                <h2>{title}</h2>
                <p class="what">{what}</p>
                <button type="button" class="edit-feature primary" on:click=edit>"Edit"</button>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </div>
        }
        .into_any()
    }
}
