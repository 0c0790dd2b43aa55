//! The Natural Earth basemap: countries as filled areas (their names and the
//! seas' are written by the label layer). The map opens on a light world
//! (1:110m); past [`DETAIL_ZOOM`] it draws the detailed one (1:50m) as soon as
//! the page has loaded it into [`MapState::detailed_countries`].

use crate::map_data::{Country, MapData};
use crate::map_frame::MapFrame;
use crate::state::MapState;
use leptos::prelude::*;
use std::sync::Arc;

pub use crate::map_data::DETAIL_ZOOM;

/// Where the drawn countries come from.
#[derive(Clone)]
enum Countries {
    /// The light world the map data came with.
    Light(Arc<MapData>),
    /// The detailed world, loaded for close zooms.
    Detailed(Arc<Vec<Country>>),
}

impl Countries {
    fn list(&self) -> &[Country] {
        match self {
            Countries::Light(data) => &data.countries,
            Countries::Detailed(countries) => countries,
        }
    }
}

/// Countries, drawn as one path each, rebuilt only when the view settles.
#[component]
pub fn BasemapLayer(
    /// The data whose basemap is drawn.
    data: Arc<MapData>,
) -> impl IntoView {
    let frame = expect_context::<MapFrame>().0;
    let state = expect_context::<MapState>();
    let detailed = Memo::new(move |_| {
        state.view.with(|v| v.zoom >= DETAIL_ZOOM) && state.detailed_countries.with(Option::is_some)
    });
    let countries = move || {
        // Read first, so the closure tracks it whatever the match below looks at.
        let use_detail = detailed.get();
        let source = match state.detailed_countries.get_untracked() {
            Some(countries) if use_detail => Countries::Detailed(countries),
            _ => Countries::Light(data.clone()),
        };
        (0..source.list().len())
            .map(|i| {
                let name = source.list()[i].name.clone();
                let source = source.clone();
                let d = move || source.list()[i].shape.path(&frame.get());
                view! { <path class="country" d=d><title>{name}</title></path> }
            })
            .collect_view()
    };
    view! { <g class="basemap" aria-hidden="true">{countries}</g> }
}
