//! The basemap's countries, loaded apart from the layers: the light world
//! (Natural Earth 1:110m) once the map has drawn its layers (the reader's
//! page asks for it then; the server's drawing stands in until it is here, so
//! neither its bytes nor its drawing hold up the first full map on a phone),
//! and the detailed one (1:50m) only when the reader zooms in far enough to need it.

use crate::api;
use crate::atlas::countries_of;
use crate::map::basemap_layer::DETAIL_ZOOM;
use crate::state::MapState;
use leptos::prelude::*;
use std::sync::Arc;

/// How far below [`DETAIL_ZOOM`] the load starts, so that it is there when the zoom arrives.
const AHEAD: f64 = 0.5;

/// Starts loading the light world into `state` (see [`light_world`]).
pub fn load_light_world(state: MapState) {
    leptos::task::spawn_local(light_world(state));
}

/// Loads the light world into `state`; a failure leaves the map without
/// countries until the page is reloaded, the layers still drawn.
pub async fn light_world(state: MapState) {
    if let Ok(layer) = api::basemap("countries-110m").await {
        state
            .light_countries
            .set(Some(Arc::new(countries_of(layer))));
    }
}

/// Loads the detailed countries the first time the view comes near [`DETAIL_ZOOM`].
pub fn load_when_zoomed_in(state: MapState) {
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        let near = state.view.with(|v| v.zoom >= DETAIL_ZOOM - AHEAD);
        if !near || asked.get_value() {
            return;
        }
        asked.set_value(true);
        leptos::task::spawn_local(async move {
            match api::basemap("countries").await {
                Ok(layer) => state
                    .detailed_countries
                    .set(Some(Arc::new(countries_of(layer)))),
                // The light world stays; the next zoom tries again.
                Err(_) => asked.set_value(false),
            }
        });
    });
}
