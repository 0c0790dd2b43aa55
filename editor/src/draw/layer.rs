//! The sketch drawn over the map as SVG in screen coordinates, and the
//! pointer input that draws it: clicks add vertices, handles drag, a drag
//! elsewhere still pans the map (the events bubble on to the map's gestures).

use super::handles::{Handle, MOUSE_REACH, TOUCH_REACH, handle_at};
use super::lonlat;
use super::place::place;
use super::sketch::ShapeKind;
use crate::state::EditorState;
use atlas_map_engine::feature_store::FeatureStore;
use atlas_map_engine::state::MapState;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A press must travel this far (px) to be a drag rather than a click.
const DRAG_THRESHOLD: f64 = 4.0;
/// A click this close (px) to the last vertex is a double-click's second: no new vertex.
const SAME_SPOT: f64 = 4.0;

/// A handle being dragged.
#[derive(Debug, Clone, Copy)]
struct Drag {
    handle: Handle,
    pointer: i32,
    start: (f64, f64),
    /// The vertex it moves, once it has moved (a midpoint's new vertex).
    moving: Option<usize>,
}

/// The point of a pointer event in the overlay's (the map's) coordinates.
fn local(ev: &ev::PointerEvent) -> (f64, f64) {
    let rect = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| el.get_bounding_client_rect());
    let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
    rect.map_or((x, y), |r| (x - r.left(), y - r.top()))
}

/// The sketch overlay; a child of the map, so it shares its frame and gestures.
#[component]
pub fn SketchLayer() -> impl IntoView {
    let map = expect_context::<MapState>();
    let editor = expect_context::<EditorState>();
    editor
        .store
        .set_value(Some(expect_context::<FeatureStore>()));
    let drag = StoredValue::new(None::<Drag>);
    let down_at = StoredValue::new(None::<(f64, f64)>);
    let swallow_click = StoredValue::new(false);

    let active =
        move || editor.session.with(|s| s.may_edit()) && editor.work.with(|w| w.sketch.is_some());
    let drawing = move || {
        editor
            .work
            .with(|w| w.sketch.as_ref().is_some_and(|s| s.drawing))
    };
    let shape = move || editor.work.with(|w| w.sketch.as_ref().map(|s| s.shape));
    let screen = Memo::new(move |_| {
        let view = map.view.get();
        editor.work.with(|w| {
            w.sketch
                .as_ref()
                .map(|s| {
                    s.vertices
                        .iter()
                        .map(|p| view.lonlat_to_screen(lonlat(*p)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let midpoints = Memo::new(move |_| {
        let view = map.view.get();
        editor.work.with(|w| match &w.sketch {
            Some(s) if !s.drawing => s
                .midpoints()
                .into_iter()
                .map(|(i, p)| (i, view.lonlat_to_screen(lonlat(p))))
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });

    let on_down = move |ev: ev::PointerEvent| {
        if !active() || (ev.pointer_type() == "mouse" && ev.button() != 0) {
            return;
        }
        let at = local(&ev);
        let reach = if ev.pointer_type() == "mouse" {
            MOUSE_REACH
        } else {
            TOUCH_REACH
        };
        let hit = handle_at(
            at,
            &screen.get_untracked(),
            &midpoints.get_untracked(),
            reach,
        );
        let Some(handle) = hit else {
            // Not a handle: the map pans as usual, and a click adds a vertex.
            down_at.set_value(Some(at));
            return;
        };
        ev.stop_propagation();
        ev.prevent_default();
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        if let Handle::Vertex(i) = handle {
            editor.selected_vertex.set(Some(i));
        }
        drag.set_value(Some(Drag {
            handle,
            pointer: ev.pointer_id(),
            start: at,
            moving: None,
        }));
    };

    let on_move = move |ev: ev::PointerEvent| {
        if !active() {
            return;
        }
        let at = local(&ev);
        let view = map.view.get_untracked();
        let Some(mut d) = drag.get_value().filter(|d| d.pointer == ev.pointer_id()) else {
            if drawing() && ev.buttons() == 0 {
                let p = view.screen_to_lonlat(at.0, at.1);
                editor.pointer.set(Some([p.lon, p.lat]));
            }
            return;
        };
        ev.stop_propagation();
        if d.moving.is_none() {
            if (at.0 - d.start.0).hypot(at.1 - d.start.1) < DRAG_THRESHOLD {
                return;
            }
            editor.begin_live_change();
            let index = match d.handle {
                Handle::Vertex(i) => i,
                Handle::Midpoint(i) => {
                    let p = place(editor, &view, at, ev.alt_key());
                    editor.change_live(|w| {
                        if let Some(s) = &mut w.sketch {
                            s.insert(i, p);
                        }
                    });
                    i
                }
            };
            editor.selected_vertex.set(Some(index));
            d.moving = Some(index);
            drag.set_value(Some(d));
        }
        if let Some(index) = d.moving {
            let p = place(editor, &view, at, ev.alt_key());
            editor.change_live(|w| {
                if let Some(s) = &mut w.sketch {
                    s.move_vertex(index, p);
                }
            });
        }
    };

    let on_up = move |ev: ev::PointerEvent| {
        let Some(d) = drag.get_value().filter(|d| d.pointer == ev.pointer_id()) else {
            return;
        };
        drag.set_value(None);
        ev.stop_propagation();
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.release_pointer_capture(ev.pointer_id());
        }
        swallow_click.set_value(true);
        if d.moving.is_some() {
            return;
        }
        // A press on a handle without a drag.
        match d.handle {
            Handle::Midpoint(i) => {
                let view = map.view.get_untracked();
                let p = midpoints
                    .get_untracked()
                    .iter()
                    .find(|(at, _)| *at == i)
                    .map(|(_, s)| place(editor, &view, *s, ev.alt_key()));
                if let Some(p) = p {
                    editor.change(None, |w| {
                        if let Some(s) = &mut w.sketch {
                            s.insert(i, p);
                        }
                    });
                    editor.selected_vertex.set(Some(i));
                }
            }
            Handle::Vertex(i) => {
                // While drawing, the first corner of a zone closes it and the last vertex ends it.
                let ends = editor.work.with_untracked(|w| {
                    w.sketch.as_ref().is_some_and(|s| {
                        s.drawing
                            && s.can_finish()
                            && (i + 1 == s.vertices.len() || (i == 0 && s.shape == ShapeKind::Zone))
                    })
                });
                if ends {
                    finish(editor);
                }
            }
        }
    };

    let on_click = move |ev: ev::MouseEvent| {
        if !active() {
            return;
        }
        // The map neither selects nor deselects features under the sketch.
        ev.stop_propagation();
        if std::mem::take(&mut *swallow_click.write_value()) {
            return;
        }
        let rect = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|el| el.get_bounding_client_rect());
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let at = rect.map_or((x, y), |r| (x - r.left(), y - r.top()));
        let panned = down_at
            .get_value()
            .is_some_and(|d| (d.0 - at.0).hypot(d.1 - at.1) > DRAG_THRESHOLD);
        down_at.set_value(None);
        if panned {
            return;
        }
        if !drawing() {
            editor.selected_vertex.set(None);
            return;
        }
        let repeat = screen
            .get_untracked()
            .last()
            .is_some_and(|last| (last.0 - at.0).hypot(last.1 - at.1) < SAME_SPOT);
        if repeat && shape() != Some(ShapeKind::Site) {
            return;
        }
        let view = map.view.get_untracked();
        let p = place(editor, &view, at, ev.alt_key());
        editor.change(None, |w| {
            if let Some(s) = &mut w.sketch {
                s.add(p);
            }
        });
        editor.selected_vertex.set(None);
    };

    let on_double = move |ev: ev::MouseEvent| {
        if active() && drawing() {
            ev.stop_propagation();
            ev.prevent_default();
            finish(editor);
        }
    };

    let gesture = move || map.gesture.get().css();
    let path = move || {
        let pts = screen.get();
        let closed = shape() == Some(ShapeKind::Zone) && !drawing();
        path_data(&pts, closed)
    };
    let rubber = move || {
        if !drawing() {
            return String::new();
        }
        let view = map.view.get();
        let pts = screen.get();
        let (Some(last), Some(p)) = (pts.last(), editor.pointer.get()) else {
            return String::new();
        };
        let at = view.lonlat_to_screen(lonlat(p));
        let mut line = vec![*last, at];
        if shape() == Some(ShapeKind::Zone) && pts.len() >= 2 {
            line.push(pts[0]);
        }
        path_data(&line, false)
    };
    let vertices = move || {
        let selected = editor.selected_vertex.get();
        let site = shape() == Some(ShapeKind::Site);
        editor.work.with(|w| {
            let positions = w
                .sketch
                .as_ref()
                .map(|s| s.vertices.clone())
                .unwrap_or_default();
            screen
                .get()
                .into_iter()
                .zip(positions)
                .enumerate()
                .map(|(i, ((x, y), p))| {
                    view! {
                        <circle
                            class="sketch-vertex"
                            class:selected=selected == Some(i)
                            class:site=site
                            data-index=i
                            data-lon=format!("{:.6}", p[0])
                            data-lat=format!("{:.6}", p[1])
                            cx=format!("{x:.1}")
                            cy=format!("{y:.1}")
                            r=if site { "7" } else { "5.5" }
                        />
                    }
                })
                .collect_view()
        })
    };
    let mids = move || {
        midpoints
            .get()
            .into_iter()
            .map(|(i, (x, y))| {
                view! { <circle class="sketch-midpoint" data-insert=i cx=format!("{x:.1}") cy=format!("{y:.1}") r="4" /> }
            })
            .collect_view()
    };
    let shape_class = move || format!("sketch-shape {}", shape().map_or("", ShapeKind::label));

    view! {
        <svg
            class="map-svg sketch-svg"
            class:active=active
            class:drawing=drawing
            width=move || map.view.get().width
            height=move || map.view.get().height
            xmlns="http://www.w3.org/2000/svg"
            aria-hidden="true"
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=on_up
            on:pointerleave=move |_| editor.pointer.set(None)
            on:click=on_click
            on:dblclick=on_double
        >
            <g class="sketch" style:transform=gesture>
                <path class=shape_class d=path />
                <path class="sketch-rubber" d=rubber />
                {mids}
                {vertices}
            </g>
        </svg>
    }
}

/// Ends the drawing, when the shape has enough vertices.
pub fn finish(editor: EditorState) {
    editor.pointer.set(None);
    // Finishing is not a step of its own: undo after it takes the last vertex back.
    editor.change_live(|w| {
        if let Some(s) = &mut w.sketch {
            s.finish();
        }
    });
}

/// SVG path data through `points`, closed when asked.
fn path_data(points: &[(f64, f64)], closed: bool) -> String {
    let mut d: String = points
        .iter()
        .enumerate()
        .map(|(i, (x, y))| format!("{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" }))
        .collect();
    if closed && points.len() > 2 {
        d.push('Z');
    }
    d
}
