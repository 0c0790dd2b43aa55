//! The editor's keys, taken before the map's own: Ctrl+Z / Ctrl+Shift+Z /
//! Ctrl+Y undo and redo anywhere on the page; while a shape is open, Enter
//! finishes it, Escape cancels the drawing (or lets go of the vertex), Delete
//! or Backspace removes the selected vertex, and the arrows nudge it (Shift:
//! ten times as far) instead of panning the map.

use super::layer::finish;
use super::lonlat;
use super::sketch::round6;
use crate::state::EditorState;
use atlas_map_engine::state::MapState;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Pixels an arrow key moves the selected vertex; Shift moves ten times as far.
const NUDGE_PX: f64 = 1.0;

/// Whether the key went to a field that takes text or choices of its own.
fn in_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(
                el.tag_name().as_str(),
                "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON"
            ) || el.closest("[contenteditable]").ok().flatten().is_some()
        })
}

/// Listens to the page's keys for as long as the page lives.
pub fn listen(editor: EditorState, map: MapState) {
    let handler =
        Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            if !editor.session.with_untracked(|s| s.may_edit()) {
                return;
            }
            if handle(editor, map, &ev) {
                ev.prevent_default();
                ev.stop_propagation();
            }
        });
    let options = web_sys::AddEventListenerOptions::new();
    // Capture: the page hears the key before the map pans with it.
    options.set_capture(true);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        "keydown",
        handler.as_ref().unchecked_ref(),
        &options,
    );
    // The editor lives as long as the page.
    handler.forget();
}

/// Acts on one key; true when it was the editor's.
fn handle(editor: EditorState, map: MapState, ev: &web_sys::KeyboardEvent) -> bool {
    let key = ev.key();
    let command = ev.ctrl_key() || ev.meta_key();
    if command && !ev.alt_key() {
        match key.to_ascii_lowercase().as_str() {
            "z" if ev.shift_key() => {
                editor.redo();
                return true;
            }
            "z" => {
                editor.undo();
                return true;
            }
            "y" => {
                editor.redo();
                return true;
            }
            _ => return false,
        }
    }
    if in_field(ev) {
        return false;
    }
    let (drawing, open) = editor.work.with_untracked(|w| {
        (
            w.sketch.as_ref().is_some_and(|s| s.drawing),
            w.sketch.is_some(),
        )
    });
    if !open {
        return false;
    }
    let selected = editor.selected_vertex.get_untracked();
    match key.as_str() {
        "Enter" if drawing => {
            finish(editor);
            true
        }
        "Escape" if drawing => {
            // Cancels the shape being drawn; undo brings it back.
            editor.pointer.set(None);
            editor.selected_vertex.set(None);
            editor.change(None, |w| w.sketch = None);
            true
        }
        "Escape" if selected.is_some() => {
            editor.selected_vertex.set(None);
            true
        }
        "Delete" | "Backspace" => match selected {
            Some(i) => {
                delete_vertex(editor, i);
                true
            }
            None => false,
        },
        "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" => {
            let Some(i) = selected else {
                return false;
            };
            let step = if ev.shift_key() {
                NUDGE_PX * 10.0
            } else {
                NUDGE_PX
            };
            let (dx, dy) = match key.as_str() {
                "ArrowLeft" => (-step, 0.0),
                "ArrowRight" => (step, 0.0),
                "ArrowUp" => (0.0, -step),
                _ => (0.0, step),
            };
            nudge(editor, map, i, dx, dy);
            true
        }
        _ => false,
    }
}

/// Removes vertex `i`, as one step; the next one (or the last) is selected then.
pub fn delete_vertex(editor: EditorState, i: usize) {
    let mut removed = false;
    editor.change(None, |w| {
        if let Some(s) = &mut w.sketch {
            removed = s.remove(i);
        }
    });
    if removed {
        let count = editor
            .work
            .with_untracked(|w| w.sketch.as_ref().map_or(0, |s| s.vertices.len()));
        editor
            .selected_vertex
            .set((count > 0).then(|| i.min(count - 1)));
    }
}

/// Moves vertex `i` by (dx, dy) screen pixels; a run of nudges of one vertex is one step.
fn nudge(editor: EditorState, map: MapState, i: usize, dx: f64, dy: f64) {
    let view = map.view.get_untracked();
    editor.change(Some(&format!("nudge-{i}")), |w| {
        if let Some(s) = &mut w.sketch
            && let Some(p) = s.vertices.get(i).copied()
        {
            let (x, y) = view.lonlat_to_screen(lonlat(p));
            let moved = view.screen_to_lonlat(x + dx, y + dy);
            s.move_vertex(i, round6([moved.lon, moved.lat]));
        }
    });
}
