//! The Natural Earth basemap: countries as filled areas (their names and the
//! seas' are written by the label layer). The map draws the light world
//! (1:110m) once the page has loaded it into [`MapState::light_countries`];
//! past [`DETAIL_ZOOM`] it draws the detailed one (1:50m) as soon as the page
//! has loaded that into [`MapState::detailed_countries`]. Until the light
//! world is there, it shows the countries the server drew into the page
//! ([`crate::first_basemap`]), so the world is not on the way to the first
//! full map.

use crate::first_basemap::FirstBasemap;
use crate::map_data::Country;
use crate::map_frame::MapFrame;
use crate::state::MapState;
use leptos::prelude::*;
use std::sync::Arc;

pub use crate::map_data::DETAIL_ZOOM;

/// Countries, drawn as one path each, rebuilt only when the view settles.
#[component]
pub fn BasemapLayer() -> impl IntoView {
    let frame = expect_context::<MapFrame>().0;
    let state = expect_context::<MapState>();
    // Taken from the page before the app's first frame retires the server's map.
    let first = FirstBasemap::take();
    let detailed = Memo::new(move |_| {
        state.view.with(|v| v.zoom >= DETAIL_ZOOM) && state.detailed_countries.with(Option::is_some)
    });
    let loaded = Memo::new(move |_| state.light_countries.with(Option::is_some));
    let countries = move || {
        // Read first, so the closure tracks them whatever the match below looks at.
        let use_detail = detailed.get();
        loaded.track();
        let source: Arc<Vec<Country>> = match (
            state.detailed_countries.get_untracked(),
            state.light_countries.get_untracked(),
        ) {
            (Some(countries), _) if use_detail => countries,
            (_, Some(countries)) => countries,
            _ => return None,
        };
        Some(
            (0..source.len())
                .map(|i| {
                    let name = source[i].name.clone();
                    let source = source.clone();
                    let d = move || source[i].shape.path(&frame.get());
                    view! { <path class="country" d=d><title>{name}</title></path> }
                })
                .collect_view(),
        )
    };
    let shown_first = move || {
        let first = first?;
        // Until the page's own countries are drawn.
        if loaded.get() || detailed.get() {
            return None;
        }
        let transform = move || first.transform(&frame.get());
        let node = NodeRef::<leptos::svg::G>::new();
        node.on_load(move |g| first.place_in(&g));
        Some(view! { <g class="first-basemap" transform=transform node_ref=node></g> })
    };
    view! { <g class="basemap" aria-hidden="true">{shown_first}{countries}</g> }
}
