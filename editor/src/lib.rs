//! Corridor Atlas editor: the reader's map, with the tools editors use to add
//! and change features. A page of its own (`/edit`), built by Trunk into
//! `dist/edit/`, so that readers never download the editing code.
//!
//! The pure parts (the sketch and its rules, undo, the form's fields and
//! checks, the draft) are plain modules tested natively; the rest is the page.

pub mod api;
pub mod conflict;
pub mod draft;
pub mod draw;
pub mod form;
pub mod history;
pub mod import_panel;
pub mod panel;
pub mod passage_picker;
pub mod reload;
pub mod save;
pub mod selected;
pub mod session;
pub mod state;
pub mod story_save;
pub mod tabs;
pub mod undo;
pub mod work;

use atlas_app::atlas::{self, Atlas};
use atlas_app::map::MapView;
use atlas_app::map::navigate::{self, place_bbox};
use atlas_app::panels::search_box::SearchBox;
use atlas_app::state::{AtlasState, MapState};
use atlas_app::{feature_style, places, search};
use leptos::prelude::*;
use state::EditorState;
use std::sync::Arc;
use work::{Draft, Target};

/// The feature a `?feature=` in the address names.
fn feature_in_address() -> Option<String> {
    let search = window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("feature="))
        .map(str::to_string)
}

/// The editor's page: the header with the account, the map, the side panel.
#[component]
pub fn EditorApp() -> impl IntoView {
    let map = MapState::new();
    provide_context(map);
    atlas_app::basemap_loading::load_light_world(map);
    // The search box reads the atlas's panel state; the editor has no legend to make room for.
    provide_context(AtlasState::new());
    let editor = EditorState::new();
    provide_context(editor);
    session::check_on_load(editor);
    draw::keys::listen(editor, map);
    let offer = RwSignal::new(draft::kept());
    draft::keep_as_it_changes(editor, offer);
    let atlas = LocalResource::new(|| async { atlas::load().await.map(Arc::new) });
    let main = move || match atlas.get() {
        None => view! { <p class="status-message">"Loading the map…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <div class="status-message error" role="alert">
                <p>{format!("The map could not be loaded: {e}")}</p>
                <button type="button" on:click=move |_| atlas.refetch()>"Try again"</button>
            </div>
        }
        .into_any(),
        Some(Ok(loaded)) => view! { <EditorWorkspace atlas=loaded offer=offer /> }.into_any(),
    };
    view! {
        <div class="app editor">
            <header class="topbar">
                <h1><a href="/" title="Back to the atlas">"Corridor Atlas"</a></h1>
                <p class="tagline">"Editor"</p>
                <session::AccountLine />
            </header>
            <main class="workspace">{main}</main>
        </div>
    }
}

/// The map with the sketch over it, and the side panel beside it.
#[component]
fn EditorWorkspace(atlas: Arc<Atlas>, offer: RwSignal<Option<Draft>>) -> impl IntoView {
    let map = expect_context::<MapState>();
    let editor = expect_context::<EditorState>();
    provide_context(atlas.clone());
    let index = Arc::new(search::SearchIndex::new(&atlas.features));
    // The first view, once the map knows its size: a feature named in the
    // address (`/edit/?feature=ID`) selected and shown in its setting, else
    // the whole corridor.
    let corridor = atlas.bbox();
    let named = feature_in_address().and_then(|id| atlas.feature(&id));
    Effect::new(move |placed: Option<bool>| {
        if placed == Some(true) || !map.measured.get() {
            return placed.unwrap_or(false);
        }
        match (&named, corridor) {
            (Some(feature), _) => navigate::place_features(map, &[feature.as_ref()]),
            (None, Some(b)) => place_bbox(map, b),
            (None, None) => {}
        }
        true
    });
    let may_edit = move || editor.session.with(|s| s.may_edit());
    // The stored feature being changed fades, so the sketch over it reads clearly.
    let fade = move || {
        editor.work.with(|w| match &w.target {
            Target::Existing { id, .. } => {
                format!(".map [data-feature-id=\"{id}\"] {{ opacity: 0.3; }}")
            }
            Target::New => String::new(),
        })
    };
    view! {
        <div class="map-column" class:editing=move || may_edit() && editor.work.with(|w| w.sketch.is_some())>
            <MapView data=atlas style=feature_style::ATLAS_STYLE places=&places::PLACES credit=places::CREDIT>
                <draw::layer::SketchLayer />
                <history::ghost::GhostOverlay ghost=editor.ghost />
                {move || may_edit().then(|| view! { <draw::toolbar::DrawTools /> })}
            </MapView>
            <SearchBox index=index />
            <style>{fade}</style>
        </div>
        <panel::SidePanel offer=offer />
    }
}
