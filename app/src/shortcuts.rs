//! Ways to the search box from anywhere: a skip link as the page's first Tab
//! stop, and the `/` key, as on many sites with a search.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The search input, as search_box.rs names it.
const SEARCH_INPUT: &str = ".search-input";

/// Moves the focus to the search box.
pub fn focus_search() {
    if let Some(input) = document()
        .query_selector(SEARCH_INPUT)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = input.focus();
    }
}

/// A link, hidden until focused, that jumps past the header and the map to search.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        // Not an in-page anchor: the address's fragment holds the map's state.
        <a
            class="skip-link"
            href="#"
            on:click=|ev| {
                ev.prevent_default();
                focus_search();
            }
        >
            "Skip to search"
        </a>
    }
}

/// `/` focuses search, unless the reader is typing somewhere already.
pub fn slash_focuses_search() {
    // Dropping the handle leaves the listener in place, for the page's lifetime.
    let _ = window_event_listener(leptos::ev::keydown, |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.closest("[contenteditable]").ok().flatten().is_some()
            });
        if !typing {
            ev.prevent_default();
            focus_search();
        }
    });
}
