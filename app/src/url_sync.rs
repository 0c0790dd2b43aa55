//! Keeps the address bar and the map in step: the address restores what was
//! seen; changes of selection or passage make history entries, view moves do not.

use crate::atlas::Atlas;
use crate::map::navigate::{anchor_of, fit_bbox};
use crate::map::projection::LonLat;
use crate::state::{AtlasState, MapState};
use crate::url_state::UrlState;
use leptos::prelude::*;
use std::sync::Arc;

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Applies an address to the state; `None` parts leave the view where it is.
fn apply(state: MapState, atlas_state: AtlasState, atlas: &Atlas, url: &UrlState) {
    match url.feature.as_deref().and_then(|id| atlas.feature(id)) {
        Some(feature) => state.select(feature.id(), anchor_of(feature)),
        None => state.deselect(),
    }
    atlas_state.passage.set(url.passage.clone());
    state.filters.set(url.filters.clone());
    state.tiles_on.set(url.tiles);
    if let Some((zoom, lat, lon)) = url.map {
        state.gesture.set(crate::map::viewport::Transform::IDENTITY);
        state.view.update(|v| {
            v.center = LonLat { lon, lat };
            v.zoom = zoom.clamp(
                crate::map::viewport::MIN_ZOOM,
                crate::map::viewport::MAX_ZOOM,
            );
        });
    }
}

/// Wires the address to the state for the lifetime of the page.
pub fn sync(state: MapState, atlas_state: AtlasState, atlas: Arc<Atlas>) {
    let initial = UrlState::parse(&current_hash());
    apply(state, atlas_state, &atlas, &initial);

    // The first view waits for the map's size: a fit needs it.
    let placed = StoredValue::new(false);
    let corridor = atlas.bbox();
    Effect::new(move |_| {
        if state.measured.get() && !placed.get_value() {
            placed.set_value(true);
            if let (None, Some(b)) = (initial.map, corridor) {
                fit_bbox(state, b);
            }
        }
    });

    let last_written = StoredValue::new((
        initial.feature.clone(),
        initial.passage.clone(),
        initial.filters.clone(),
    ));
    Effect::new(move |_| {
        let view = state.view.get();
        let feature = state.selected.get();
        let passage = atlas_state.passage.get();
        let filters = state.filters.get();
        let tiles = state.tiles_on.get();
        if !state.measured.get() || !placed.get_value() {
            return;
        }
        let url = UrlState {
            map: Some((view.zoom, view.center.lat, view.center.lon)),
            feature: feature.clone(),
            passage: passage.clone(),
            filters: filters.clone(),
            tiles,
        };
        let hash = url.to_hash();
        if hash == current_hash() {
            return;
        }
        let history = window().history();
        let Ok(history) = history else { return };
        // A new selection, passage or filter is a step Back can return to; a pan is not.
        let now = (feature, passage, filters);
        let step = last_written.get_value() != now;
        last_written.set_value(now);
        let _ = if step {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash))
        };
    });

    let atlas_for_pop = atlas.clone();
    let handle = window_event_listener(leptos::ev::popstate, move |_| {
        let url = UrlState::parse(&current_hash());
        last_written.set_value((
            url.feature.clone(),
            url.passage.clone(),
            url.filters.clone(),
        ));
        apply(state, atlas_state, &atlas_for_pop, &url);
    });
    on_cleanup(move || handle.remove());
}
