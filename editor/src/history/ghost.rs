//! A geometry drawn ghosted over the map (an old revision's, a deleted
//! feature's, the other side of a conflict), with the map engine's projection,
//! in screen coordinates that follow the view and the gesture in progress.

use atlas_map_engine::navigate::fit_bbox;
use atlas_map_engine::shape::Shape;
use atlas_map_engine::state::MapState;
use atlas_map_engine::viewport::Frame;
use atlas_model::geodesy::bbox;
use geojson::Geometry;
use leptos::prelude::*;

/// The ghost's radius for a point, in pixels.
const POINT_RADIUS: f64 = 9.0;

/// Draws `ghost` over the map, dashed and translucent, and flies the map to
/// it; a child of `MapView` (it reads the map's `MapState`). Nothing is
/// drawn while it is `None`.
#[component]
pub fn GhostOverlay(
    /// The geometry to draw.
    #[prop(into)]
    ghost: Signal<Option<Geometry>>,
) -> impl IntoView {
    let state = expect_context::<MapState>();
    // A ghost shown is flown to: at the whole corridor's scale it would hide under its feature.
    Effect::new(move |_| {
        if let Some(bbox) = ghost.with(|g| g.as_ref().and_then(|g| bbox(&g.value))) {
            fit_bbox(state, bbox);
        }
    });
    let drawing = move || {
        // One geometry: projecting it again as the view changes costs nothing to speak of.
        let shape = ghost.with(|g| g.as_ref().map(|g| Shape::from_geometry(&g.value)))?;
        let view = state.view.get();
        let frame = Frame::of(&view);
        let d = shape.path(&frame);
        let class = if shape.is_area() {
            "ghost-shape area"
        } else {
            "ghost-shape"
        };
        let points = shape
            .points
            .iter()
            .map(|p| {
                let (x, y) = frame.to_layer(*p);
                view! { <circle class="ghost-point" cx=x cy=y r=POINT_RADIUS /> }
            })
            .collect_view();
        Some(view! {
            <g class="ghost" data-ghost="shown">
                {(!d.is_empty()).then(|| view! { <path class=class d=d /> })}
                {points}
            </g>
        })
    };
    view! {
        <svg class="map-svg ghost-svg" aria-hidden="true"
            style:transform=move || state.gesture.get().css()
            width=move || state.view.with(|v| v.width) height=move || state.view.with(|v| v.height)
            xmlns="http://www.w3.org/2000/svg">
            {drawing}
        </svg>
    }
}
