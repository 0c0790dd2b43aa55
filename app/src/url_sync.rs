//! Keeps the address bar and the page in step through a `Scene`: the address
//! restores what was seen; changes of selection, passage or filters make
//! history entries, view moves do not.

use crate::atlas::Atlas;
use crate::atlas::MapFeature;
use crate::map::FirstView;
use crate::map::navigate::{anchor_of, open_at_features, place_bbox, place_features};
use crate::map::projection::LonLat;
use crate::map::viewport::Transform;
use crate::state::{AtlasState, MapState};
use atlas_model::Bbox;
use atlas_model::{Camera, Filters, PassageTarget, Scene};
use leptos::prelude::*;
use std::sync::Arc;

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// The features a `?feature={id}` link selects: the form the server reads
/// (the hash never reaches it) to draw the feature and its text into the page.
fn query_selection() -> Vec<String> {
    let search = window().location().search().unwrap_or_default();
    Scene::from_hash(search.trim_start_matches('?')).selection
}

/// The address to write for `scene`: its hash, and the selection again as
/// `?feature=`, so that a copied address shows the feature and its text
/// before the app has loaded (the server reads the query, never the hash).
fn address(scene: &Scene, hash: &str) -> String {
    let path = window().location().pathname().unwrap_or_default();
    if scene.selection.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?feature={}{hash}", scene.selection.join(","))
    }
}

/// The scene the page shows now (tracks every part of it).
fn scene_of(state: MapState, atlas_state: AtlasState) -> Scene {
    let view = state.view.get();
    Scene {
        camera: Some(Camera {
            zoom: view.zoom,
            lat: view.center.lat,
            lon: view.center.lon,
        }),
        selection: state.selection.get(),
        route: atlas_state.route.get(),
        passage: atlas_state.passage.get(),
        filters: state.filters.get(),
        tiles: state.tiles_on.get(),
    }
}

/// Shows a scene; a scene without a camera leaves the view where it is.
fn apply(state: MapState, atlas_state: AtlasState, atlas: &Atlas, scene: &Scene) {
    let known: Vec<String> = scene
        .selection
        .iter()
        .filter(|id| atlas.feature(id).is_some())
        .cloned()
        .collect();
    match known.first().and_then(|id| atlas.feature(id)) {
        Some(first) => state.select_all(known.clone(), anchor_of(&first)),
        None => state.deselect(),
    }
    atlas_state.passage.set(scene.passage.clone());
    atlas_state.route.set(scene.route.clone());
    state.filters.set(scene.filters.clone());
    state.tiles_on.set(scene.tiles);
    if let Some(Camera { zoom, lat, lon }) = scene.camera {
        state.gesture.set(Transform::IDENTITY);
        state.view.update(|v| {
            *v = crate::map::viewport::Viewport {
                center: LonLat { lon, lat },
                zoom,
                ..*v
            }
            .clamped();
        });
    }
}

/// What makes a history step when it changes: a selection, a passage, a filter.
type Step = (Vec<String>, Option<String>, Option<PassageTarget>, Filters);

fn step_of(scene: &Scene) -> Step {
    (
        scene.selection.clone(),
        scene.route.clone(),
        scene.passage.clone(),
        scene.filters.clone(),
    )
}

/// Wires the address to the state for the lifetime of the page.
pub fn sync(state: MapState, atlas_state: AtlasState, atlas: Arc<Atlas>) {
    let mut initial = Scene::from_hash(&current_hash());
    if initial.selection.is_empty() {
        initial.selection = query_selection();
    }
    apply(state, atlas_state, &atlas, &initial);

    // The first view waits for the map's size, which a fit needs; the map
    // places it inside its first measurement, before it draws anything and
    // before `measured` is set (see `FirstView`).
    let corridor = atlas.bbox();
    let shared: Vec<Arc<MapFeature>> = initial
        .selection
        .iter()
        .filter_map(|id| atlas.feature(id))
        .collect();
    provide_context(FirstView::new(move || {
        if let (None, Some(b)) = (initial.camera, corridor) {
            place_bbox(state, b);
        }
        // A shared selection is brought into the part of the map its popup
        // leaves free; a shared view that shows it is kept as it was shared.
        // Without a view, it is shown as a search result is (a site alone in
        // its setting), not left a dot in the corridor's opening view.
        if !shared.is_empty() {
            let refs: Vec<&MapFeature> = shared.iter().map(|f| f.as_ref()).collect();
            let bounds = state.view.get_untracked().bounds();
            let seen = Bbox::covering(shared.iter().map(|f| f.bbox))
                .is_some_and(|b| bounds.intersects(&b));
            if initial.camera.is_none() {
                open_at_features(state, &refs);
            } else if !seen {
                place_features(state, &refs);
            }
        }
    }));

    let last_written = StoredValue::new(step_of(&initial));
    Effect::new(move |_| {
        let scene = scene_of(state, atlas_state);
        // Until the map is measured, its first view is not placed yet.
        if !state.measured.get() {
            return;
        }
        let hash = scene.to_hash();
        if hash == current_hash() {
            return;
        }
        let Ok(history) = window().history() else {
            return;
        };
        // A new selection, passage or filter is a step Back can return to; a pan is not.
        let now = step_of(&scene);
        let step = last_written.get_value() != now;
        last_written.set_value(now);
        let url = address(&scene, &hash);
        let _ = if step {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
    });

    let handle = window_event_listener(leptos::ev::popstate, move |_| {
        let scene = Scene::from_hash(&current_hash());
        last_written.set_value(step_of(&scene));
        apply(state, atlas_state, &atlas, &scene);
    });
    on_cleanup(move || handle.remove());
}
