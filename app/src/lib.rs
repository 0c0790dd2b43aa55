//! Corridor Atlas web app: a map of the Middle Corridor beside the report that explains it.

pub mod api;
pub mod atlas;
pub mod basemap_loading;
pub mod country_names;
pub mod embed;
pub mod export;
pub mod feature_style;
pub mod first_map;
#[cfg(target_arch = "wasm32")]
pub mod host_math;
pub mod offline;
pub mod panels;
pub mod places;
pub mod present;
pub mod reports;
pub mod routes;
pub mod search;
pub mod shortcuts;
pub mod state;
pub mod static_edition;
pub mod story;
pub mod url_sync;
pub mod view_tiles;
pub mod viewport_layers;

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

/// The reader's whole page: the map beside the report. The story pages
/// (`/story/…`) and the presenter's page (`/present`, [`present::PresentApp`])
/// are builds of their own, so that readers never download the player's or
/// the presenter's tools.
#[component]
pub fn App() -> impl IntoView {
    provide_context(embed::EmbedMode(embed::requested()));
    view! { <Reader tools=None /> }
}

/// What a page adds to the reader: the presenter's page adds the story
/// builder, Export and Embed. Plain functions, so that a build whose page
/// names none of them holds none of their code.
#[derive(Clone, Copy)]
pub struct ReaderTools {
    /// Provides the tools' context, once, before the reader is built.
    pub setup: fn(),
    /// The header's tools, once the atlas is loaded.
    pub header: fn(Arc<Atlas>) -> AnyView,
    /// What stands beside the map (a panel).
    pub beside: fn() -> AnyView,
    /// The header's link to the other page: its label, address and title.
    pub other_page: (&'static str, &'static str, &'static str),
}

/// The reader's own link: to the presenter's page, at the same view.
const TO_PRESENT: (&str, &str, &str) = (
    "Present",
    "/present",
    "Presenters: make a story, export or embed this view",
);

/// The reader: the map beside the report, with search and legend, and the
/// tools a page adds to it.
#[component]
pub(crate) fn Reader(tools: Option<ReaderTools>) -> impl IntoView {
    if let Some(tools) = tools {
        (tools.setup)();
    }
    let embedded = embed::is_embedded();
    let state = MapState::new();
    provide_context(state);
    let atlas_state = AtlasState::new();
    if embedded {
        // No legend is shown: fits need leave it no room.
        atlas_state.legend_open.set(false);
    }
    atlas_state.cover_map(state);
    provide_context(atlas_state);
    let reports = Reports::load();
    provide_context(reports);
    let atlas = LocalResource::new(|| async { atlas::load().await.map(Arc::new) });
    // Once the map has what it draws (effects run after the views they follow
    // are built), the light world (the server's countries stand in until it
    // is here), and then the worker's first copies: on a phone's slow link
    // and its slow processor, each competes with nothing the reader waits for.
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        let loaded = matches!(atlas.get(), Some(Ok(_)));
        if loaded {
            leptos::task::spawn_local(async move {
                crate::basemap_loading::light_world(state).await;
                offline::register_service_worker();
            });
        }
        loaded
    });

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
        Some(Ok(loaded)) => {
            view! { <Workspace atlas=loaded beside=tools.map(|t| t.beside) /> }.into_any()
        }
    };

    let header_tools = move || {
        let header = tools?.header;
        atlas.get().and_then(Result::ok).map(header)
    };
    let (label, href, title) = tools.map_or(TO_PRESENT, |t| t.other_page);
    let header = (!embedded).then(|| {
        view! {
            <shortcuts::SkipLink />
            <header class="topbar">
                <h1>"Corridor Atlas"</h1>
                <p class="tagline">"The Middle Corridor and the energy projects around it"</p>
                {header_tools}
                <ReportButton />
                <OtherPageLink label=label href=href title=title />
                // The editor is a page of its own: readers never download its code.
                <a class="edit-link" href="/edit" rel="nofollow" title="Editors: add and change features">"Edit"</a>
            </header>
        }
    });
    view! {
        <div class="app" class:embedded=embedded>
            {header}
            <main class="workspace">{main}</main>
        </div>
    }
}

#[component]
fn Workspace(atlas: Arc<Atlas>, beside: Option<fn() -> AnyView>) -> impl IntoView {
    let state = expect_context::<MapState>();
    let atlas_state = expect_context::<AtlasState>();
    provide_context(atlas.clone());
    url_sync::sync(state, atlas_state, atlas.clone());
    first_map::retire_when_drawn(state);
    basemap_loading::load_when_zoomed_in(state);
    panels::popup_focus::follow_popup(state);
    shortcuts::slash_focuses_search();
    make_room_for_reader(atlas_state);
    let index = Arc::new(search::SearchIndex::new(&atlas.features));
    let (by_view, search_by_view) = (atlas.clone(), index.clone());
    // Embedded, the map stands alone: no search, legend, cards or reader.
    let embedded = embed::is_embedded();
    let panels = (!embedded).then(|| {
        view! {
            <panels::route_card::RouteCard />
            <SearchBox index=index.clone() />
            <Legend />
        }
    });
    view! {
        // The open route's legs are picked out by CSS (`[data-route]` in atlas.css).
        <div
            class="map-column"
            class:with-reader=move || atlas_state.passage.with(Option::is_some)
            data-route=move || atlas_state.route.get()
        >
            <MapView data=atlas style=feature_style::ATLAS_STYLE places=&places::PLACES credit=places::CREDIT>
                <Popup />
                <viewport_layers::ViewportLayers atlas=by_view search=search_by_view />
                {embedded.then(|| view! { <embed::OpenInAtlas /> })}
            </MapView>
            {panels}
        </div>
        {(!embedded).then(|| view! { <ReportReader /> })}
        {beside.filter(|_| !embedded).map(|beside| beside())}
    }
}

/// The header's link between the reader and the presenter's page, carrying
/// the view (the address's `#…`) across. A static edition has only the reader.
#[component]
fn OtherPageLink(label: &'static str, href: &'static str, title: &'static str) -> impl IntoView {
    let carry_view = move |ev: leptos::ev::MouseEvent| {
        let hash = window().location().hash().unwrap_or_default();
        if hash.is_empty() || ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
            return;
        }
        ev.prevent_default();
        let _ = window().location().assign(&format!("{href}{hash}"));
    };
    (!static_edition::is_static()).then(|| {
        view! { <a class="page-link" href=href title=title on:click=carry_view>{label}</a> }
    })
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
