//! Corridor Atlas web app: a map of the Middle Corridor beside the report that explains it.

pub mod api;
pub mod atlas;
pub mod basemap_detail;
pub mod country_names;
pub mod feature_style;
pub mod first_map;
pub mod panels;
pub mod places;
pub mod reports;
pub mod routes;
pub mod search;
pub mod shortcuts;
pub mod state;
pub mod url_sync;

/// The map engine, under the name the app's modules know it by.
pub use atlas_map_engine as map;
pub use atlas_map_engine::sort;

use atlas::Atlas;
use atlas_model::PassageTarget;
use leptos::prelude::*;
use map::MapView;
use panels::legend::Legend;
use panels::popup::Popup;
use panels::report_reader::ReportReader;
use panels::search_box::SearchBox;
use reports::Reports;
use state::{AtlasState, MapState};
use std::sync::Arc;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = MapState::new();
    provide_context(state);
    let atlas_state = AtlasState::new();
    atlas_state.cover_map(state);
    provide_context(atlas_state);
    let reports = Reports::load();
    provide_context(reports);
    let atlas = LocalResource::new(|| async { atlas::load().await.map(Arc::new) });

    let main = move || match atlas.get() {
        None => view! { <p class="status-message">"Loading the atlas…"</p> }.into_any(),
        Some(Err(e)) => {
            first_map::retire();
            view! {
            <div class="status-message error" role="alert">
                <p>{format!("The map could not be loaded: {e}")}</p>
                <button type="button" on:click=move |_| atlas.refetch()>"Try again"</button>
            </div>
            }
            .into_any()
        }
        Some(Ok(loaded)) => view! { <Workspace atlas=loaded /> }.into_any(),
    };

    view! {
        <div class="app">
            <shortcuts::SkipLink />
            <header class="topbar">
                <h1>"Corridor Atlas"</h1>
                <p class="tagline">"The Middle Corridor and the energy projects around it"</p>
                <ReportButton />
            </header>
            <main class="workspace">{main}</main>
        </div>
    }
}

#[component]
fn Workspace(atlas: Arc<Atlas>) -> impl IntoView {
    let state = expect_context::<MapState>();
    let atlas_state = expect_context::<AtlasState>();
    provide_context(atlas.clone());
    url_sync::sync(state, atlas_state, atlas.clone());
    first_map::retire_when_drawn(state);
    basemap_detail::load_when_zoomed_in(state);
    panels::popup_focus::follow_popup(state);
    shortcuts::slash_focuses_search();
    make_room_for_reader(atlas_state);
    let index = Arc::new(search::SearchIndex::new(&atlas.features));
    view! {
        // The open route's legs are picked out by CSS (`[data-route]` in atlas.css).
        <div
            class="map-column"
            class:with-reader=move || atlas_state.passage.with(Option::is_some)
            data-route=move || atlas_state.route.get()
        >
            <MapView data=atlas style=feature_style::ATLAS_STYLE places=&places::PLACES credit=places::CREDIT>
                <Popup />
            </MapView>
            <panels::route_card::RouteCard />
            <SearchBox index=index />
            <Legend />
        </div>
        <ReportReader />
    }
}

/// The report reader's width beside the map (see `.reader` in atlas.css).
fn reader_width(window_width: f64) -> f64 {
    440.0_f64.min(window_width * 0.42)
}

/// The legend's width with its margin (see `.legend` in atlas.css).
const LEGEND_WIDTH: f64 = 276.0;

/// When the reader opens where it and the legend would leave the map less than
/// half the window, the legend folds: the map keeps room to show what the text names.
fn make_room_for_reader(state: AtlasState) {
    Effect::new(move |was_open: Option<bool>| {
        let open = state.passage.with(Option::is_some);
        if open && was_open != Some(true) {
            let width = window()
                .inner_width()
                .ok()
                .and_then(|w| w.as_f64())
                .unwrap_or(0.0);
            if width - reader_width(width) - LEGEND_WIDTH < width / 2.0 {
                state.legend_open.set(false);
            }
        }
        open
    });
}

/// Opens the (first) report in the reader.
#[component]
fn ReportButton() -> impl IntoView {
    let state = expect_context::<AtlasState>();
    let reports = expect_context::<Reports>();
    let first = move || {
        reports
            .0
            .get()
            .and_then(|r| r.ok())
            .and_then(|r| r.first().map(|d| d.meta.id.clone()))
    };
    view! {
        <button
            type="button"
            class="open-report"
            disabled=move || first().is_none()
            on:click=move |_| {
                if let Some(report) = first() {
                    state.passage.set(Some(PassageTarget { report, passage: None }));
                }
            }
        >
            "Read the report"
        </button>
    }
}
