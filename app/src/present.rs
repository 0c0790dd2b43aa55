//! The presenter's page, `/present`: the reader with the tools for briefings
//! (make a story from views of the map, export the view as a picture, embed
//! it in slides). It is a build of its own (`app/present.html`, served from
//! `dist/present/`), so that readers never download these tools.

use crate::atlas::Atlas;
use crate::story::builder::{BuilderButton, BuilderOpen, StoryBuilder};
use crate::story::draft::Draft;
use crate::{Reader, ReaderTools, embed, export};
use leptos::prelude::*;
use std::sync::Arc;

/// The presenter's whole page: the reader with the story builder, Export and Embed.
#[component]
pub fn PresentApp() -> impl IntoView {
    // A presenter's page is never the embedded map.
    provide_context(embed::EmbedMode(false));
    view! { <Reader tools=Some(TOOLS) /> }
}

/// What the presenter's page adds to the reader.
const TOOLS: ReaderTools = ReaderTools {
    setup,
    header,
    beside,
    other_page: ("Read", "/", "Back to the reader, at this view"),
};

/// The story draft kept in this browser, and whether its panel is open.
fn setup() {
    provide_context(Draft::load());
    provide_context(BuilderOpen(RwSignal::new(false)));
}

fn header(atlas: Arc<Atlas>) -> AnyView {
    view! { <PresenterTools atlas=atlas /> }.into_any()
}

fn beside() -> AnyView {
    view! { <StoryBuilder /> }.into_any()
}

/// The header's "Make a story", "Export" and "Embed", once the atlas they draw is loaded.
#[component]
fn PresenterTools(atlas: Arc<Atlas>) -> impl IntoView {
    provide_context(atlas);
    view! {
        <div class="topbar-tools">
            <BuilderButton />
            <export::dialog::ExportButton />
            <embed::EmbedButton />
        </div>
    }
}
