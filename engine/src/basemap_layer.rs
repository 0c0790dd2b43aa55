//! The Natural Earth basemap: countries as filled areas (their names and the
//! seas' are written by the label layer).

use crate::map_data::MapData;
use crate::map_view::MapFrame;
use leptos::prelude::*;
use std::sync::Arc;

/// Countries, drawn as one path each, rebuilt only when the view settles.
#[component]
pub fn BasemapLayer(
    /// The loaded atlas, whose basemap is drawn.
    atlas: Arc<MapData>,
) -> impl IntoView {
    let frame = expect_context::<MapFrame>().0;
    let countries = (0..atlas.countries.len())
        .map(|i| {
            let name = atlas.countries[i].name.clone();
            let atlas = atlas.clone();
            let d = move || atlas.countries[i].shape.path(&frame.get());
            view! { <path class="country" d=d><title>{name}</title></path> }
        })
        .collect_view();
    view! { <g class="basemap" aria-hidden="true">{countries}</g> }
}
