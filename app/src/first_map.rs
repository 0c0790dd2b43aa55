//! The map the server draws into the page (server/src/first_map): shown while
//! the app loads, taken away once the app's own map has its first view.

use crate::state::MapState;
use leptos::prelude::*;

/// The id of the server-drawn block.
const FIRST_MAP: &str = "first-map";

/// Takes the server-drawn map away at the first frame the app's map is drawn in.
pub fn retire_when_drawn(state: MapState) {
    Effect::new(move |_| {
        if state.measured.get() {
            // Before the next paint, which is the first one with the app's map: no frame shows neither.
            request_animation_frame(retire);
        }
    });
}

/// Takes the server-drawn map away (also when the app cannot draw its own).
pub fn retire() {
    if let Some(el) = document().get_element_by_id(FIRST_MAP) {
        el.remove();
    }
}
