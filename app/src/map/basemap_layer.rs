//! The Natural Earth basemap: countries as filled areas, sea names in italics.

use crate::atlas::Atlas;
use crate::state::MapState;
use leptos::prelude::*;
use std::sync::Arc;

/// Countries, drawn as one path each, rebuilt only when the view settles.
#[component]
pub fn BasemapLayer(
    /// The loaded atlas, whose basemap is drawn.
    atlas: Arc<Atlas>,
) -> impl IntoView {
    let state = expect_context::<MapState>();
    let countries = (0..atlas.countries.len())
        .map(|i| {
            let name = atlas.countries[i].name.clone();
            let atlas = atlas.clone();
            let d = move || atlas.countries[i].shape.path(&state.view.get());
            view! { <path class="country" d=d><title>{name}</title></path> }
        })
        .collect_view();
    let seas = atlas
        .seas
        .iter()
        .map(|sea| {
            let (at, name) = (sea.at, sea.name.clone());
            let x = move || format!("{:.1}", state.view.get().lonlat_to_screen(at).0);
            let y = move || format!("{:.1}", state.view.get().lonlat_to_screen(at).1);
            view! { <text class="sea-label" x=x y=y text-anchor="middle">{name}</text> }
        })
        .collect_view();
    view! {
        <g class="basemap" aria-hidden="true">{countries}</g>
        <g class="sea-labels" aria-hidden="true">{seas}</g>
    }
}
