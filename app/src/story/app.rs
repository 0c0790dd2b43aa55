//! The story page's whole page: the player at `/story/{id}/{step}`, the
//! speaker view with `?speaker`. It is a build of its own (`app/story.html`,
//! served from `dist/story/`), so that readers never download the player and
//! presenters get only what a story needs.

use super::current_route;
use crate::embed;
use leptos::prelude::*;

/// The page the story build mounts: the player or the speaker view that the
/// address asks for. At an address that is no story's (a static host's
/// fallback page for a path it does not have), it sends the browser to the map.
#[component]
pub fn StoryApp() -> impl IntoView {
    provide_context(embed::EmbedMode(embed::requested()));
    match current_route() {
        Some(route) if route.speaker => {
            view! { <super::speaker::SpeakerPage route=route /> }.into_any()
        }
        Some(route) => view! { <super::player::StoryPage route=route /> }.into_any(),
        None => {
            to_the_map();
            view! { <p class="status-message">"Opening the map…"</p> }.into_any()
        }
    }
}

/// Replaces this page with the map's, keeping the query and the `#map=…` view.
fn to_the_map() {
    let location = window().location();
    let query = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let _ = location.replace(&format!("/{query}{hash}"));
}
