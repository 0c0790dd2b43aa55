//! Bringing the server's state onto the page after a change made beside the
//! form (a restore from the history, an import): the map's features and,
//! when the changed feature is the one open, the form.

use crate::api::features;
use crate::history::FeatureKey;
use crate::save::{map_feature, show_on_map};
use crate::selected::open_stored;
use crate::state::EditorState;
use crate::work::Target;
use atlas_map_engine::navigate::anchor_of;
use atlas_map_engine::state::MapState;
use leptos::prelude::*;

/// The feature the History tab is about: the one open in the form, else the
/// one selected on the map (its layer read from the map's features).
pub fn feature_in_view(editor: EditorState, map: MapState) -> Option<FeatureKey> {
    let open = editor.work.with(|w| match &w.target {
        Target::Existing { collection, id, .. } => Some(FeatureKey {
            collection: collection.clone(),
            id: id.clone(),
        }),
        Target::New => None,
    });
    open.or_else(|| {
        let id = map.primary()?;
        // The store's revision changes when a feature is added: a restored one is found then.
        let store = editor.store.get_value()?;
        store.revision();
        let feature = store.get(&id)?;
        let collection = feature.with(|f| f.collection.clone());
        Some(FeatureKey { collection, id })
    })
}

/// Reads feature `key` again: the map shows it as stored now (selected), and
/// the form, when it is open on that feature, holds the new version.
pub async fn reload_feature(
    editor: EditorState,
    map: MapState,
    key: FeatureKey,
) -> Result<(), String> {
    let stored = features::read(&key.collection, &key.id)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(feature) = show_on_map(editor, &stored) {
        map.select(feature.id(), anchor_of(&feature));
    }
    let open = editor.work.with_untracked(|w| {
        matches!(&w.target, Target::Existing { collection, id, .. }
            if *collection == key.collection && *id == key.id)
    });
    if open {
        open_stored(editor, stored);
    }
    Ok(())
}

/// Reads every feature of layer `collection` again onto the map (after an
/// import wrote to it); answers how many there are.
pub async fn reload_layer(editor: EditorState, collection: String) -> Result<usize, String> {
    let features = atlas_app::api::all_items(&collection)
        .await
        .map_err(|e| e.to_string())?;
    let Some(store) = editor.store.get_value() else {
        return Ok(0);
    };
    let count = features.len();
    for feature in features {
        store.upsert(map_feature(&store, &collection, feature));
    }
    Ok(count)
}
