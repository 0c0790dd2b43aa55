//! Corridor Atlas editor: the reader's map, with the tools editors use to add
//! and change features. A page of its own (`/edit`), built by Trunk into
//! `dist/edit/`, so that readers never download the editing code.

pub mod api;
pub mod conflict;
pub mod history;
pub mod import_panel;
pub mod passage_picker;
pub mod stand_in;
pub mod story_save;

use atlas_app::atlas::Atlas;
use atlas_app::feature_style::ATLAS_STYLE;
use atlas_app::places::{CREDIT, PLACES};
use atlas_app::state::MapState;
use atlas_map_engine::MapView;
use geojson::Geometry;
use history::FeatureKey;
use history::deleted::DeletedList;
use history::ghost::GhostOverlay;
use leptos::prelude::*;
use std::sync::Arc;

/// The side panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    History,
    Import,
    Stories,
}

/// The feature a `?feature=` in the address names.
fn feature_in_address() -> Option<String> {
    let search = window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("feature="))
        .map(str::to_string)
}

/// The editor's page.
#[component]
pub fn EditorApp() -> impl IntoView {
    let state = MapState::new();
    provide_context(state);
    let atlas = LocalResource::new(|| async { atlas_app::atlas::load().await.map(Arc::new) });
    let loaded = Signal::derive(move || atlas.get().and_then(Result::ok));
    let ghost = RwSignal::new(None::<Geometry>);
    let selected = RwSignal::new(None::<FeatureKey>);
    let asked = feature_in_address();
    // The feature selected on the map (or named in the address), with its layer.
    Effect::new(move |_| {
        let Some(atlas) = loaded.get() else {
            return;
        };
        let id = state
            .selection
            .with(|s| s.first().cloned())
            .or_else(|| asked.clone());
        let key = id.and_then(|id| {
            atlas.feature(&id).map(|f| FeatureKey {
                collection: f.collection.clone(),
                id,
            })
        });
        // A feature named in the address is shown selected on the map too.
        if let Some(key) = &key
            && state.selection.with_untracked(Vec::is_empty)
        {
            state.selection.set(vec![key.id.clone()]);
        }
        if key.is_some() && key != selected.get_untracked() {
            ghost.set(None);
            selected.set(key);
        }
    });
    let reload = Callback::new(move |_: ()| atlas.refetch());
    let map = move || {
        match atlas.get() {
        None => view! { <p class="status-message">"Loading the editor…"</p> }.into_any(),
        Some(Err(e)) => {
            view! { <p class="status-message error" role="alert">{format!("The map could not be loaded: {e}")}</p> }
                .into_any()
        }
        Some(Ok(data)) => view! {
            <div class="map-column">
                <MapView data=data style=ATLAS_STYLE places=&PLACES credit=CREDIT>
                    <GhostOverlay ghost=ghost />
                </MapView>
            </div>
        }
        .into_any(),
    }
    };
    view! {
        <div class="app editor">
            <header class="topbar">
                <h1>"Corridor Atlas"</h1>
                <p class="tagline">"Editor"</p>
                <stand_in::SignedIn />
            </header>
            <main class="workspace editor-workspace">
                {map}
                <EditorPanels atlas=loaded selected=selected ghost=ghost reload=reload />
            </main>
        </div>
    }
}

/// The side panel: History (with the stand-in form and the passage picker),
/// Import and Stories, as tabs.
#[component]
fn EditorPanels(
    atlas: Signal<Option<Arc<Atlas>>>,
    selected: RwSignal<Option<FeatureKey>>,
    ghost: RwSignal<Option<Geometry>>,
    reload: Callback<()>,
) -> impl IntoView {
    let tab = RwSignal::new(Tab::History);
    let on_ghost = Callback::new(move |g: Option<Geometry>| ghost.set(g));
    let on_restored = Callback::new(move |_: FeatureKey| reload.run(()));
    let layers = Signal::derive(move || {
        atlas
            .get()
            .map(|a| {
                a.collections
                    .iter()
                    .map(|c| (c.id.clone(), c.title.clone()))
                    .collect()
            })
            .unwrap_or_default()
    });
    let layer = Signal::derive(move || selected.get().map(|k| k.collection));
    let tab_button = move |which: Tab, label: &'static str| {
        view! {
            <button type="button" role="tab" class="panel-tab"
                aria-selected=move || (tab.get() == which).to_string()
                on:click=move |_| tab.set(which)>{label}</button>
        }
    };
    let body = move || {
        match tab.get() {
        Tab::History => view! {
            <stand_in::QuickEdit feature=selected on_ghost=on_ghost on_saved=on_restored />
            <h3>"History"</h3>
            <history::HistoryPanel feature=selected on_ghost=on_ghost on_restored=on_restored />
            <h3>{move || format!("Deleted from {}", layer.get().unwrap_or_else(|| "this layer".into()))}</h3>
            <DeletedList collection=layer on_ghost=on_ghost on_restored=on_restored />
        }
        .into_any(),
        Tab::Import => view! {
            <import_panel::ImportPanel layers=layers on_applied=Callback::new(move |_| reload.run(())) />
        }
        .into_any(),
        Tab::Stories => view! { <story_save::StorySave atlas=atlas /> }.into_any(),
    }
    };
    view! {
        <aside class="editor-panels" aria-label="Editing tools">
            <div class="panel-tabs" role="tablist">
                {tab_button(Tab::History, "History")}
                {tab_button(Tab::Import, "Import")}
                {tab_button(Tab::Stories, "Stories")}
            </div>
            <div class="panel-body" role="tabpanel">{body}</div>
        </aside>
    }
}
