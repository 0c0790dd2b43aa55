//! The editor page's stale save (412) shown in the side-by-side
//! [`ConflictView`](super::ConflictView): the base is the version the editor
//! opened, mine the form's, theirs the 412's current version. The merged save
//! (or theirs, when the editor gives up) is then what the form and the map show.

use super::ConflictView;
use crate::api::features::{self, Stored};
use crate::selected::open_stored;
use crate::state::{Conflict, EditorState, SaveState};
use crate::work::Target;
use atlas_model::{AtlasFeature, FeatureProperties};
use geojson::Geometry;
use leptos::prelude::*;
use serde_json::Value;

/// `feature` (GeoJSON) written the one way the model writes it, so that a
/// number typed `445` and one stored `445.0` are the same field: properties
/// through [`FeatureProperties`], the geometry through [`Geometry`]. A part the
/// model cannot read stays as it was.
pub fn canonical(feature: &Value) -> Value {
    let mut out = feature.clone();
    if let Some(properties) = feature
        .get("properties")
        .and_then(|p| serde_json::from_value::<FeatureProperties>(p.clone()).ok())
        .and_then(|p| serde_json::to_value(p).ok())
    {
        out["properties"] = properties;
    }
    if let Some(geometry) = feature
        .get("geometry")
        .and_then(|g| serde_json::from_value::<Geometry>(g.clone()).ok())
        .and_then(|g| serde_json::to_value(g).ok())
    {
        out["geometry"] = geometry;
    }
    out
}

/// A feature of `collection` as the server sent it (a GeoJSON feature), typed,
/// with all of its geometry kept (the editor writes it back).
pub fn stored_of(collection: &str, feature: Value, etag: String) -> Result<Stored, String> {
    let geojson: geojson::Feature = serde_json::from_value(feature).map_err(|e| e.to_string())?;
    let feature = AtlasFeature::from_geojson(&geojson).map_err(|e| e.to_string())?;
    Ok(Stored {
        collection: collection.to_string(),
        feature,
        etag,
    })
}

/// Opens `stored` in the form and on the map, with `state` as the save's line.
fn show(editor: EditorState, stored: Stored, state: SaveState) {
    crate::save::show_on_map(editor, &stored);
    open_stored(editor, stored);
    editor.save_state.set(state);
}

/// The versions the view compares: base, mine and theirs, with the layer and id.
fn versions(conflict: &Conflict) -> Option<(String, String, Value, Value, Value)> {
    let Target::Existing { collection, id, .. } = &conflict.mine.target else {
        return None;
    };
    let theirs = canonical(conflict.theirs.as_ref()?);
    let (feature, _) = conflict.mine.form.to_feature(conflict.mine.geometry());
    let mine = canonical(&serde_json::to_value(feature).ok()?);
    // Without the version opened (a draft kept over a reload), theirs is the
    // base: every difference then reads as the editor's own change.
    let base = conflict
        .base
        .as_ref()
        .map(canonical)
        .unwrap_or_else(|| theirs.clone());
    Some((collection.clone(), id.clone(), base, mine, theirs))
}

/// The stale save to resolve, side by side; after the merged save the form
/// shows the feature as saved.
#[component]
pub fn ResolveConflict() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let on_ghost = Callback::new(move |g: Option<Geometry>| editor.ghost.set(g));
    move || {
        let conflict = editor.conflict.get()?;
        let Some((collection, id, base, mine, theirs)) = versions(&conflict) else {
            return Some(
                view! {
                    <div class="save-status conflict" role="alert">
                        <p>"Someone saved this feature after you opened it, and their version could not be read."</p>
                        <button type="button" class="keep-mine" on:click=move |_| editor.keep_mine()>"Keep mine"</button>
                    </div>
                }
                .into_any(),
            );
        };
        let layer = StoredValue::new(collection.clone());
        let feature_id = StoredValue::new(id.clone());
        let on_saved = Callback::new(move |(value, etag): (Value, String)| {
            editor.ghost.set(None);
            match stored_of(&layer.get_value(), value, etag) {
                Ok(stored) => {
                    let name = stored.feature.properties.name.clone();
                    show(editor, stored, SaveState::Saved(name));
                }
                Err(e) => editor.save_state.set(SaveState::Failed(format!(
                    "Saved, but not readable here: {e}"
                ))),
            }
        });
        // Their version, read afresh: it may have been saved again meanwhile.
        let on_cancel = Callback::new(move |()| {
            editor.ghost.set(None);
            leptos::task::spawn_local(async move {
                match features::read(&layer.get_value(), &feature_id.get_value()).await {
                    Ok(stored) => show(editor, stored, SaveState::Idle),
                    Err(e) => editor.save_state.set(SaveState::Failed(e.to_string())),
                }
            });
        });
        Some(
            view! {
                <ConflictView collection=collection feature_id=id base=base mine=mine
                    theirs=theirs etag=conflict.etag.clone()
                    on_saved=on_saved on_cancel=on_cancel on_ghost=on_ghost />
            }
            .into_any(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_whole_number_and_its_float_are_one_value() {
        let feature = |mw: Value| {
            json!({"type": "Feature", "id": "alat",
                "geometry": {"type": "Point", "coordinates": [49, 40]},
                "properties": {"id": "alat", "name": "Alat", "kind": "solar", "status": "planned",
                    "facts": {"capacity_mw": mw}}})
        };
        assert_eq!(
            canonical(&feature(json!(445))),
            canonical(&feature(json!(445.0)))
        );
    }

    #[test]
    fn what_the_model_cannot_read_is_kept_as_it_is() {
        let odd = json!({"type": "Feature", "properties": {"name": 3}});
        assert_eq!(canonical(&odd), odd);
    }
}
