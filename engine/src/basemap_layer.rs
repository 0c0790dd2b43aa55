//! The Natural Earth basemap: countries as filled areas (their names and the
//! seas' are written by the label layer).

use crate::map_data::MapData;
use crate::map_frame::MapFrame;
use leptos::prelude::*;
use std::sync::Arc;

/// Countries, drawn as one path each, rebuilt only when the view settles.
#[component]
pub fn BasemapLayer(
    /// The data whose basemap is drawn.
    data: Arc<MapData>,
) -> impl IntoView {
    let frame = expect_context::<MapFrame>().0;
    let countries = (0..data.countries.len())
        .map(|i| {
            let name = data.countries[i].name.clone();
            let data = data.clone();
            let d = move || data.countries[i].shape.path(&frame.get());
            view! { <path class="country" d=d><title>{name}</title></path> }
        })
        .collect_view();
    view! { <g class="basemap" aria-hidden="true">{countries}</g> }
}
