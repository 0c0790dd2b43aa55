//! Keeps the address bar and the map in step: the address restores what was
//! seen; changes of selection or passage make history entries, view moves do not.

use crate::atlas::Atlas;
use crate::map::navigate::{anchor_of, place_bbox, place_feature};
use crate::map::projection::LonLat;
use crate::state::{AtlasState, MapState};
use crate::url_state::UrlState;
use atlas_model::geodesy::intersects;
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
    atlas_state.route.set(url.route.clone());
    state.filters.set(url.filters.clone());
    state.tiles_on.set(url.tiles);
    if let Some((zoom, lat, lon)) = url.map {
        state.gesture.set(crate::map::viewport::Transform::IDENTITY);
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

/// Wires the address to the state for the lifetime of the page.
pub fn sync(state: MapState, atlas_state: AtlasState, atlas: Arc<Atlas>) {
    let initial = UrlState::parse(&current_hash());
    apply(state, atlas_state, &atlas, &initial);

    // The first view waits for the map's size: a fit needs it.
    let placed = StoredValue::new(false);
    let corridor = atlas.bbox();
    let shared = initial
        .feature
        .as_deref()
        .and_then(|id| atlas.feature(id))
        .cloned();
    let shared_view = initial.map;
    Effect::new(move |_| {
        if state.measured.get() && !placed.get_value() {
            placed.set_value(true);
            if let (None, Some(b)) = (shared_view, corridor) {
                place_bbox(state, b);
            }
            // A shared selection is brought into the part of the map its popup
            // leaves free; a shared view that shows it is kept as it was shared.
            if let Some(feature) = &shared {
                let bounds = state.view.get_untracked().bounds();
                if shared_view.is_none() || !intersects(&bounds, &feature.bbox) {
                    place_feature(state, feature);
                }
            }
        }
    });

    let last_written = StoredValue::new((
        initial.feature.clone(),
        initial.route.clone(),
        initial.passage.clone(),
        initial.filters.clone(),
    ));
    Effect::new(move |_| {
        let view = state.view.get();
        let feature = state.selected.get();
        let route = atlas_state.route.get();
        let passage = atlas_state.passage.get();
        let filters = state.filters.get();
        let tiles = state.tiles_on.get();
        if !state.measured.get() || !placed.get_value() {
            return;
        }
        let url = UrlState {
            map: Some((view.zoom, view.center.lat, view.center.lon)),
            feature: feature.clone(),
            route: route.clone(),
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
        let now = (feature, route, passage, filters);
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
            url.route.clone(),
            url.passage.clone(),
            url.filters.clone(),
        ));
        apply(state, atlas_state, &atlas_for_pop, &url);
    });
    on_cleanup(move || handle.remove());
}
