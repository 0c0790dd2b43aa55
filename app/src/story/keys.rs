//! What a presenter's keys and clicker do in the player and the speaker view.
//! Clickers send PageDown and PageUp; keyboards add arrows, Space, Home, End,
//! F for full screen, B or `.` to black the screen out, and Esc to leave.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// A presenter's command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// The next step.
    Next,
    /// The step before.
    Previous,
    /// The first step.
    First,
    /// The last step.
    Last,
    /// Full screen on or off.
    FullScreen,
    /// The screen black, or back.
    Black,
    /// Leave the story.
    Leave,
}

/// The command a key stands for (`key` as `KeyboardEvent.key` names it).
pub fn command(key: &str, shift: bool) -> Option<Command> {
    Some(match key {
        "ArrowRight" | "PageDown" | "ArrowDown" => Command::Next,
        "ArrowLeft" | "PageUp" | "ArrowUp" => Command::Previous,
        " " | "Spacebar" if shift => Command::Previous,
        " " | "Spacebar" => Command::Next,
        "Home" => Command::First,
        "End" => Command::Last,
        "f" | "F" => Command::FullScreen,
        "b" | "B" | "." => Command::Black,
        "Escape" => Command::Leave,
        _ => return None,
    })
}

/// Whether the key went to a field the presenter is typing in.
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("[contenteditable]").ok().flatten().is_some()
        })
}

/// Calls `on_command` for every presenter key pressed on the page, for the
/// page's lifetime. It listens before the map does, so an arrow key steps
/// through the story rather than panning the map that has the focus.
pub fn listen(on_command: impl Fn(Command) + 'static) {
    let listener =
        Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing(&ev) {
                return;
            }
            // A button with the focus keeps Space and Enter to press it.
            let on_button = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| el.tag_name() == "BUTTON" || el.tag_name() == "A");
            if on_button && ev.key() == " " {
                return;
            }
            if let Some(command) = command(&ev.key(), ev.shift_key()) {
                ev.prevent_default();
                ev.stop_propagation();
                on_command(command);
            }
        });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_capture(true);
    let _ = leptos::prelude::window()
        .add_event_listener_with_callback_and_add_event_listener_options(
            "keydown",
            listener.as_ref().unchecked_ref(),
            &options,
        );
    // The story pages listen as long as they live: the page's lifetime.
    listener.forget();
}

/// Full screen on if it is off, off if it is on.
pub fn toggle_full_screen() {
    let doc = leptos::prelude::document();
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else if let Some(root) = doc.document_element() {
        let _ = root.request_fullscreen();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicker_and_keyboard_keys_step_through() {
        assert_eq!(command("PageDown", false), Some(Command::Next));
        assert_eq!(command("PageUp", false), Some(Command::Previous));
        assert_eq!(command("ArrowRight", false), Some(Command::Next));
        assert_eq!(command(" ", false), Some(Command::Next));
        assert_eq!(command(" ", true), Some(Command::Previous));
        assert_eq!(command("End", false), Some(Command::Last));
        assert_eq!(command(".", false), Some(Command::Black));
        assert_eq!(command("Escape", false), Some(Command::Leave));
        assert_eq!(command("x", false), None);
    }
}
