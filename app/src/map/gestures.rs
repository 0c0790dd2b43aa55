//! Pointer, wheel and keyboard input turned into pans and zooms.
//!
//! While a gesture runs only the `gesture` transform changes (a CSS transform,
//! compositor work); the settled view, and so every path, updates once at the end.

use crate::state::MapState;
use leptos::ev;
use leptos::prelude::*;
use std::time::Duration;

/// A drag must travel this far (px) before it pans, so a click stays a click.
const DRAG_THRESHOLD: f64 = 4.0;
/// How long after the last wheel event the zoom settles.
const WHEEL_SETTLE: Duration = Duration::from_millis(180);
/// Pixels an arrow key pans.
const KEY_PAN: f64 = 96.0;

#[derive(Clone, Copy)]
struct Drag {
    pointer: i32,
    start: (f64, f64),
    last: (f64, f64),
    moving: bool,
}

/// The input handlers of one map, with the little memory they need.
#[derive(Clone, Copy)]
pub struct Gestures {
    state: MapState,
    drag: StoredValue<Option<Drag>>,
    wheel_generation: StoredValue<u64>,
    /// Set when a drag ends, so the click the browser fires after it is ignored.
    swallow_click: StoredValue<bool>,
}

impl Gestures {
    /// Handlers for the map whose state is `state`.
    pub fn new(state: MapState) -> Gestures {
        Gestures {
            state,
            drag: StoredValue::new(None),
            wheel_generation: StoredValue::new(0),
            swallow_click: StoredValue::new(false),
        }
    }

    /// Pointer down: a drag may start.
    pub fn pointer_down(&self, ev: &ev::PointerEvent) {
        if ev.button() != 0 || !ev.is_primary() {
            return;
        }
        let at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        self.swallow_click.set_value(false);
        self.drag.set_value(Some(Drag {
            pointer: ev.pointer_id(),
            start: at,
            last: at,
            moving: false,
        }));
    }

    /// Pointer move: pans once past the threshold.
    pub fn pointer_move(&self, ev: &ev::PointerEvent) {
        let Some(mut drag) = self.drag.get_value() else {
            return;
        };
        if drag.pointer != ev.pointer_id() {
            return;
        }
        let at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if !drag.moving {
            let (dx, dy) = (at.0 - drag.start.0, at.1 - drag.start.1);
            if dx.hypot(dy) < DRAG_THRESHOLD {
                return;
            }
            drag.moving = true;
            // Capture only now: capturing on pointerdown would steal the click from features.
            if let Some(target) = ev.current_target() {
                use wasm_bindgen::JsCast;
                if let Ok(el) = target.dyn_into::<web_sys::Element>() {
                    let _ = el.set_pointer_capture(drag.pointer);
                    let _ = el.class_list().add_1("dragging");
                }
            }
        }
        let (dx, dy) = (at.0 - drag.last.0, at.1 - drag.last.1);
        drag.last = at;
        self.drag.set_value(Some(drag));
        self.state.gesture.update(|t| *t = t.translated(dx, dy));
    }

    /// Pointer up or cancel: a drag settles.
    pub fn pointer_up(&self, ev: &ev::PointerEvent) {
        let Some(drag) = self.drag.get_value() else {
            return;
        };
        self.drag.set_value(None);
        if drag.moving {
            self.swallow_click.set_value(true);
            if let Some(target) = ev.current_target() {
                use wasm_bindgen::JsCast;
                if let Ok(el) = target.dyn_into::<web_sys::Element>() {
                    let _ = el.class_list().remove_1("dragging");
                }
            }
            self.state.settle();
        }
    }

    /// Whether the click now arriving ends a drag and must be ignored.
    pub fn take_swallowed_click(&self) -> bool {
        let swallow = self.swallow_click.get_value();
        self.swallow_click.set_value(false);
        swallow
    }

    /// Wheel: zoom about the pointer; trackpads send many small deltas, mice few large ones.
    pub fn wheel(&self, ev: &ev::WheelEvent, local: (f64, f64)) {
        ev.prevent_default();
        let unit = match ev.delta_mode() {
            1 => 33.0,  // lines
            2 => 400.0, // pages
            _ => 1.0,
        };
        let delta = (ev.delta_y() * unit).clamp(-300.0, 300.0);
        let view = self.state.view.get_untracked();
        let current = self.state.gesture.get_untracked();
        let zoom_now = view.zoom + current.scale.log2();
        let zoom_next =
            (zoom_now - delta / 250.0).clamp(super::viewport::MIN_ZOOM, super::viewport::MAX_ZOOM);
        let factor = (zoom_next - zoom_now).exp2();
        self.state
            .gesture
            .update(|t| *t = t.zoomed_at(factor, local.0, local.1));
        self.settle_later();
    }

    /// Double click: one level in about the pointer.
    pub fn double_click(&self, local: (f64, f64)) {
        self.state.settle();
        self.state
            .view
            .update(|v| *v = v.zoomed_at((v.zoom + 1.0).round(), local.0, local.1));
    }

    /// Keyboard: arrows pan, +/- zoom about the centre, Escape closes the popup.
    pub fn key(&self, ev: &ev::KeyboardEvent) -> bool {
        let state = self.state;
        let pan = |dx: f64, dy: f64| state.view.update(|v| *v = v.panned(dx, dy));
        let zoom = |by: f64| {
            state
                .view
                .update(|v| *v = v.zoomed_at((v.zoom + by).round(), v.width / 2.0, v.height / 2.0))
        };
        match ev.key().as_str() {
            "ArrowLeft" => pan(KEY_PAN, 0.0),
            "ArrowRight" => pan(-KEY_PAN, 0.0),
            "ArrowUp" => pan(0.0, KEY_PAN),
            "ArrowDown" => pan(0.0, -KEY_PAN),
            "+" | "=" => zoom(1.0),
            "-" | "_" => zoom(-1.0),
            "Escape" => state.deselect(),
            _ => return false,
        }
        ev.prevent_default();
        true
    }

    fn settle_later(&self) {
        let generation = self.wheel_generation.get_value().wrapping_add(1);
        self.wheel_generation.set_value(generation);
        let (this, state) = (*self, self.state);
        set_timeout(
            move || {
                if this.wheel_generation.try_get_value() == Some(generation) {
                    state.settle();
                }
            },
            WHEEL_SETTLE,
        );
    }
}
