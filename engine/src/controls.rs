//! The buttons on the map: zoom, the page's places to fit, the measure.

use crate::navigate::fit_bbox;
use crate::state::MapState;
use atlas_model::Bbox;
use leptos::prelude::*;

/// A button that fits the map to a place.
#[derive(Debug, Clone, Copy)]
pub struct PlaceButton {
    /// The button's CSS class, which tests and styles find it by.
    pub class: &'static str,
    /// Its tooltip.
    pub title: &'static str,
    /// Its text.
    pub label: &'static str,
    /// The box it fits; `None` fits everything the map holds.
    pub bbox: Option<Bbox>,
}

/// Zoom and view buttons, top left of the map.
#[component]
pub fn MapControls(
    /// The box around everything the map holds.
    everything: Option<Bbox>,
    /// The places offered as buttons.
    places: &'static [PlaceButton],
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
                {places
                    .iter()
                    .map(|place| {
                        let bbox = place.bbox.or(everything);
                        view! {
                            <button
                                type="button"
                                class=place.class
                                title=place.title
                                on:click=move |_| { if let Some(b) = bbox { fit_bbox(state, b) } }
                            >
                                {place.label}
                            </button>
                        }
                    })
                    .collect_view()}
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
