//! The drawing tools over the map: pick a shape to draw, finish it, delete
//! the selected vertex, undo and redo, with a line saying what a click does now.

use super::keys::delete_vertex;
use super::layer::finish;
use super::sketch::ShapeKind;
use crate::state::EditorState;
use leptos::prelude::*;

/// What the next click on the map does, in words.
fn hint(shape: ShapeKind, drawing: bool, count: usize) -> &'static str {
    match (shape, drawing) {
        (ShapeKind::Site, true) => "Click the map where the site is.",
        (ShapeKind::Site, false) => "Drag the site to move it.",
        (_, true) if count == 0 => "Click the map to add the first vertex.",
        (ShapeKind::Route, true) => {
            "Click to add vertices; ends snap to nearby sites (Alt: no snapping). Double-click or Enter finishes; Esc cancels."
        }
        (ShapeKind::Zone, true) => {
            "Click to add corners; click the first corner, double-click or Enter to close; Esc cancels."
        }
        (_, false) => {
            "Drag a vertex to move it, a midpoint to add one; arrows nudge the selected vertex, Delete removes it."
        }
    }
}

/// The tool bar; only editors see it.
#[component]
pub fn DrawTools() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let sketch = move || {
        editor.work.with(|w| {
            w.sketch
                .as_ref()
                .map(|s| (s.shape, s.drawing, s.vertices.len(), s.can_finish()))
        })
    };
    let start = move |shape: ShapeKind| {
        move |_| {
            let collection = editor.work.with_untracked(|w| w.form.collection.clone());
            editor.start_drawing(shape, &collection);
        }
    };
    let tools = move || {
        match sketch() {
        None => view! {
            <button type="button" class="tool add-site" on:click=start(ShapeKind::Site)>"Add a site"</button>
            <button type="button" class="tool draw-route" on:click=start(ShapeKind::Route)>"Draw a route"</button>
            <button type="button" class="tool draw-zone" on:click=start(ShapeKind::Zone)>"Draw a zone"</button>
        }
        .into_any(),
        Some((shape, drawing, count, can_finish)) => view! {
            <p class="draw-hint" role="status">{hint(shape, drawing, count)}</p>
            {drawing.then(|| view! {
                <button type="button" class="tool finish" disabled=!can_finish on:click=move |_| finish(editor)>"Finish"</button>
            })}
            {move || editor.selected_vertex.get().map(|i| view! {
                <button type="button" class="tool delete-vertex" on:click=move |_| delete_vertex(editor, i)>"Delete vertex"</button>
            })}
        }
        .into_any(),
    }
    };
    view! {
        <div
            class="draw-tools"
            role="toolbar"
            aria-label="Drawing tools"
            on:pointerdown=|ev| ev.stop_propagation()
            on:click=|ev| ev.stop_propagation()
            on:dblclick=|ev| ev.stop_propagation()
        >
            {tools}
            <span class="undo-redo">
                <button type="button" class="tool undo" title="Undo (Ctrl+Z)" aria-label="Undo" disabled=move || !editor.can_undo.get() on:click=move |_| editor.undo()>"↶"</button>
                <button type="button" class="tool redo" title="Redo (Ctrl+Shift+Z)" aria-label="Redo" disabled=move || !editor.can_redo.get() on:click=move |_| editor.redo()>"↷"</button>
            </span>
        </div>
    }
}
