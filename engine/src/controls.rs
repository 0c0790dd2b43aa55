//! The buttons on the map: zoom, fit the corridor, the South Caucasus.

use crate::navigate::{SOUTH_CAUCASUS, fit_bbox};
use crate::state::MapState;
use atlas_model::geodesy::Bbox;
use leptos::prelude::*;

/// Zoom and view buttons, top left of the map.
#[component]
pub fn MapControls(
    /// The box "Whole corridor" fits.
    corridor: Option<Bbox>,
) -> impl IntoView {
    let state = expect_context::<MapState>();
    let zoom_by = move |by: f64| {
        state.settle();
        state
            .view
            .update(|v| *v = v.zoomed_at((v.zoom + by).round(), v.width / 2.0, v.height / 2.0));
    };
    let stop = |ev: leptos::ev::PointerEvent| ev.stop_propagation();
    view! {
        <div
            class="map-controls"
            on:pointerdown=stop
            on:click=|ev| ev.stop_propagation()
            on:dblclick=|ev| ev.stop_propagation()
        >
            <div class="control-group">
                <button type="button" class="zoom-in" title="Zoom in (+)" aria-label="Zoom in" on:click=move |_| zoom_by(1.0)>"+"</button>
                <button type="button" class="zoom-out" title="Zoom out (−)" aria-label="Zoom out" on:click=move |_| zoom_by(-1.0)>"−"</button>
            </div>
            <div class="control-group">
                <button
                    type="button"
                    class="fit-all"
                    title="Show the whole corridor, China to Europe"
                    on:click=move |_| { if let Some(b) = corridor { fit_bbox(state, b) } }
                >
                    "Whole corridor"
                </button>
                <button
                    type="button"
                    class="fit-caucasus"
                    title="Zoom to the South Caucasus"
                    on:click=move |_| fit_bbox(state, SOUTH_CAUCASUS)
                >
                    "South Caucasus"
                </button>
            </div>
            <div class="control-group">
                <button
                    type="button"
                    class="measure-toggle"
                    title="Measure a distance: click points on the map"
                    aria-pressed=move || state.measure.with(Option::is_some).to_string()
                    on:click=move |_| state.measure.update(|m| *m = if m.is_some() { None } else { Some(Vec::new()) })
                >
                    "Measure"
                </button>
            </div>
        </div>
    }
}
