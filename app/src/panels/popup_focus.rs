//! Focus that follows the popup: when a reader opens a popup from the keyboard,
//! focus moves into it, and when it closes, focus goes back where it was, so a
//! keyboard reader never starts over from the top of the page.

use crate::state::MapState;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The popup's element, as atlas.css and popup.rs name it.
const POPUP: &str = ".popup";

/// Wires focus to the popup for the lifetime of the page.
pub fn follow_popup(state: MapState) {
    // The last input decides: a key press (seen in the capture phase, before
    // any handler can stop it) or a pointer.
    let by_keyboard = Rc::new(Cell::new(false));
    listen("keydown", by_keyboard.clone(), true);
    listen("pointerdown", by_keyboard.clone(), false);

    let came_from = Rc::new(RefCell::new(None::<web_sys::Element>));
    Effect::new(move |previous: Option<bool>| {
        let open = state.selection.with(|s| !s.is_empty());
        match (previous.unwrap_or(false), open) {
            (false, true) if by_keyboard.get() => {
                *came_from.borrow_mut() = document().active_element();
                // After the popup renders: it appears in this same tick's view update.
                request_animation_frame(focus_popup);
            }
            (true, false) => {
                let from = came_from.borrow_mut().take();
                // Only when focus went with the popup: a reader who clicked
                // elsewhere keeps the focus where they put it.
                let body: Option<web_sys::Element> = document().body().map(Into::into);
                let lost = document().active_element() == body;
                if let Some(el) = from.filter(|el| lost && el.is_connected()) {
                    focus_without_scrolling(&el);
                }
            }
            // Another feature chosen from inside the popup (a leg, say): the
            // popup is rebuilt, and focus goes into the new one.
            (true, true) if by_keyboard.get() => request_animation_frame(|| {
                let body: Option<web_sys::Element> = document().body().map(Into::into);
                if document().active_element() == body {
                    focus_popup();
                }
            }),
            _ => {}
        }
        open
    });
}

/// Records whether the latest input of `event`'s type came from the keyboard.
fn listen(event: &str, by_keyboard: Rc<Cell<bool>>, keyboard: bool) {
    let handler = Closure::<dyn Fn()>::new(move || by_keyboard.set(keyboard));
    let _ = window().add_event_listener_with_callback_and_bool(
        event,
        handler.as_ref().unchecked_ref(),
        true,
    );
    // The listener lives as long as the page.
    handler.forget();
}

fn focus_popup() {
    if let Some(popup) = document().query_selector(POPUP).ok().flatten() {
        focus_without_scrolling(&popup);
    }
}

/// Focus that never scrolls the map's container, which would shift every layer.
fn focus_without_scrolling(el: &web_sys::Element) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    // Features are SVG elements, panels HTML: both can take focus.
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus_with_options(&options);
    } else if let Some(el) = el.dyn_ref::<web_sys::SvgElement>() {
        let _ = el.focus_with_options(&options);
    }
}
