//! Corridor Atlas editor: the reader's map, with the tools editors use to add
//! and change features. A page of its own (`/edit`), built by Trunk into
//! `dist/edit/`, so that readers never download the editing code.

pub mod api;

use leptos::prelude::*;

/// The editor's page.
#[component]
pub fn EditorApp() -> impl IntoView {
    view! {
        <div class="app editor">
            <header class="topbar">
                <h1>"Corridor Atlas"</h1>
                <p class="tagline">"Editor"</p>
            </header>
            <main class="workspace">
                <p class="status-message">"Loading the editor…"</p>
            </main>
        </div>
    }
}
