//! The Natural Earth basemap: countries as filled areas, sea names in italics.

use super::labels::PlacedLabels;
use super::projection::{World, project};
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
    let labels = expect_context::<PlacedLabels>();
    let seas = atlas
        .seas
        .iter()
        .map(|sea| {
            let at = project(sea.at);
            let id = format!("sea:{}", sea.name);
            label(state, labels, id, at, sea.name.clone(), "sea-label")
        })
        .collect_view();
    let country_labels = atlas
        .countries
        .iter()
        .filter_map(|c| {
            let (at, _) = c.label?;
            let id = format!("country:{}", c.name);
            Some(label(
                state,
                labels,
                id,
                at,
                c.name.clone(),
                "country-label",
            ))
        })
        .collect_view();
    view! {
        <g class="basemap" aria-hidden="true">{countries}</g>
        <g class="basemap-labels" aria-hidden="true">{country_labels}{seas}</g>
    }
}

/// A centred basemap label, written only where the placement keeps it.
fn label(
    state: MapState,
    labels: PlacedLabels,
    id: String,
    at: World,
    text: String,
    class: &'static str,
) -> impl IntoView + use<> {
    let position = Memo::new(move |_| state.view.get().to_screen(at));
    view! {
        <text
            class=class
            class:unplaced=move || !labels.shows(&id)
            x=move || format!("{:.1}", position.get().0)
            y=move || format!("{:.1}", position.get().1)
            text-anchor="middle"
        >
            {text}
        </text>
    }
}
