//! Pointer, wheel and keyboard input turned into pans and zooms.
//!
//! While a gesture runs only the `gesture` transform changes (a CSS transform,
//! compositor work); the settled view, and so every path, updates once at the end.
//! One pointer drags (and glides on when let go); two pointers pinch and pan.

use crate::projection::zoom_scale;
use crate::state::MapState;
use crate::viewport::MAX_ZOOM;
use leptos::ev;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// A drag must travel this far (px) before it pans, so a click stays a click.
const DRAG_THRESHOLD: f64 = 4.0;
/// How long after the last wheel event the zoom settles.
const WHEEL_SETTLE: Duration = Duration::from_millis(180);
/// Pixels an arrow key pans.
const KEY_PAN: f64 = 96.0;
/// Only the pointer's last moves within this many ms set the glide's speed.
const VELOCITY_WINDOW_MS: f64 = 80.0;
/// Below this speed (px/ms) a release does not glide, and a glide stops.
const MIN_GLIDE_SPEED: f64 = 0.05;
/// A glide needs a trail at least this long (ms) to measure its speed.
const MIN_TRAIL_MS: f64 = 12.0;
/// The fastest a glide starts (px/ms), however hard the flick.
const MAX_GLIDE_SPEED: f64 = 3.0;
/// The glide loses speed with this time constant (ms), as a map on ice would.
const GLIDE_DECAY_MS: f64 = 240.0;

/// A pointer on the map: where it went down and where it is.
#[derive(Clone, Copy)]
struct Pointer {
    id: i32,
    start: (f64, f64),
    at: (f64, f64),
}

/// The input handlers of one map, with the little memory they need.
#[derive(Clone, Copy)]
pub struct Gestures {
    state: MapState,
    pointers: StoredValue<Vec<Pointer>>,
    /// Whether the pointers have moved far enough to be a pan rather than a click.
    moving: StoredValue<bool>,
    /// Recent (time ms, x, y) of a one-pointer drag, for the glide's speed.
    trail: StoredValue<Vec<(f64, f64, f64)>>,
    /// Bumped by every new gesture, so a stale glide or wheel timer stops.
    generation: StoredValue<u64>,
    /// Set when a drag ends, so the click the browser fires after it is ignored.
    swallow_click: StoredValue<bool>,
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn client(ev: &ev::PointerEvent) -> (f64, f64) {
    (f64::from(ev.client_x()), f64::from(ev.client_y()))
}

fn centre_and_spread(a: (f64, f64), b: (f64, f64)) -> ((f64, f64), f64) {
    (
        ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0),
        (a.0 - b.0).hypot(a.1 - b.1),
    )
}

impl Gestures {
    /// Handlers for the map whose state is `state`.
    pub fn new(state: MapState) -> Gestures {
        Gestures {
            state,
            pointers: StoredValue::new(Vec::new()),
            moving: StoredValue::new(false),
            trail: StoredValue::new(Vec::new()),
            generation: StoredValue::new(0),
            swallow_click: StoredValue::new(false),
        }
    }

    fn bump(&self) -> u64 {
        let generation = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(generation);
        generation
    }

    /// Pointer down: a drag or a pinch may start; a running glide stops where it is.
    pub fn pointer_down(&self, ev: &ev::PointerEvent) {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        self.bump();
        self.swallow_click.set_value(false);
        let at = client(ev);
        self.pointers.update_value(|ps| {
            ps.retain(|p| p.id != ev.pointer_id());
            ps.push(Pointer {
                id: ev.pointer_id(),
                start: at,
                at,
            });
        });
        if self.pointers.with_value(Vec::len) == 2 {
            // A second finger turns the drag into a pinch.
            self.moving.set_value(true);
            self.capture(ev);
        }
        self.trail.set_value(vec![(now(), at.0, at.1)]);
    }

    /// Pointer move: pans past the threshold with one pointer, pinches with two.
    pub fn pointer_move(&self, ev: &ev::PointerEvent) {
        let Some(index) = self
            .pointers
            .with_value(|ps| ps.iter().position(|p| p.id == ev.pointer_id()))
        else {
            return;
        };
        let at = client(ev);
        let pointers = self.pointers.get_value();
        let before = pointers[index];
        if !self.moving.get_value() {
            let (dx, dy) = (at.0 - before.start.0, at.1 - before.start.1);
            if dx.hypot(dy) < DRAG_THRESHOLD {
                return;
            }
            self.moving.set_value(true);
            self.capture(ev);
        }
        self.pointers.update_value(|ps| ps[index].at = at);
        match pointers.len() {
            1 => {
                let (dx, dy) = (at.0 - before.at.0, at.1 - before.at.1);
                self.state.gesture.update(|t| *t = t.translated(dx, dy));
                let t = now();
                self.trail.update_value(|trail| {
                    trail.push((t, at.0, at.1));
                    trail.retain(|(when, _, _)| t - when <= VELOCITY_WINDOW_MS);
                });
            }
            2 => {
                let other = pointers[1 - index].at;
                let (c0, d0) = centre_and_spread(before.at, other);
                let (c1, d1) = centre_and_spread(at, other);
                let local = self.local(c1);
                let factor = if d0 > 1.0 { d1 / d0 } else { 1.0 };
                let factor = self.clamp_factor(factor);
                self.state.gesture.update(|t| {
                    *t = t
                        .translated(c1.0 - c0.0, c1.1 - c0.1)
                        .zoomed_at(factor, local.0, local.1)
                });
            }
            _ => {}
        }
    }

    /// Pointer up or cancel: a drag glides on and settles; a pinch settles.
    pub fn pointer_up(&self, ev: &ev::PointerEvent) {
        let was = self.pointers.with_value(Vec::len);
        self.pointers
            .update_value(|ps| ps.retain(|p| p.id != ev.pointer_id()));
        if !self.moving.get_value() {
            return;
        }
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.release_pointer_capture(ev.pointer_id());
            let _ = el.class_list().remove_1("dragging");
        }
        self.swallow_click.set_value(true);
        if was == 2 {
            // One finger stays down: let it drag on from where it is, with no glide.
            self.state.settle();
            self.pointers
                .update_value(|ps| ps.iter_mut().for_each(|p| p.start = p.at));
            self.trail.set_value(Vec::new());
            return;
        }
        self.moving.set_value(false);
        let trail = self.trail.get_value();
        match (trail.first(), trail.last()) {
            // Too short a trail gives no honest speed: a single jump would fling the map.
            (Some(a), Some(b)) if b.0 - a.0 >= MIN_TRAIL_MS && now() - b.0 < VELOCITY_WINDOW_MS => {
                let dt = b.0 - a.0;
                let (vx, vy) = ((b.1 - a.1) / dt, (b.2 - a.2) / dt);
                let speed = vx.hypot(vy);
                let cap = if speed > MAX_GLIDE_SPEED {
                    MAX_GLIDE_SPEED / speed
                } else {
                    1.0
                };
                self.glide((vx * cap, vy * cap));
            }
            _ => self.state.settle(),
        }
    }

    /// Keeps the map moving after a flick, slowing down, then settles.
    fn glide(&self, velocity: (f64, f64)) {
        if velocity.0.hypot(velocity.1) < MIN_GLIDE_SPEED {
            self.state.settle();
            return;
        }
        let generation = self.bump();
        let (this, state) = (*self, self.state);
        fn frame(this: Gestures, state: MapState, generation: u64, mut v: (f64, f64), last: f64) {
            request_animation_frame(move || {
                if this.generation.try_get_value() != Some(generation) {
                    return;
                }
                let t = now();
                let dt = (t - last).clamp(1.0, 64.0);
                state
                    .gesture
                    .update(|g| *g = g.translated(v.0 * dt, v.1 * dt));
                let decay = (-dt / GLIDE_DECAY_MS).exp();
                v = (v.0 * decay, v.1 * decay);
                if v.0.hypot(v.1) < MIN_GLIDE_SPEED {
                    state.settle();
                } else {
                    frame(this, state, generation, v, t);
                }
            });
        }
        frame(this, state, generation, velocity, now());
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
        let factor = self.clamp_factor(zoom_scale(-delta / 250.0));
        self.state
            .gesture
            .update(|t| *t = t.zoomed_at(factor, local.0, local.1));
        self.settle_later();
    }

    /// A zoom factor cut so the pending gesture stays within the zoom limits.
    fn clamp_factor(&self, factor: f64) -> f64 {
        let zoom_now =
            self.state.view.get_untracked().zoom + self.state.gesture.get_untracked().scale.log2();
        let least = self.state.view.get_untracked().min_zoom();
        let zoom_next = (zoom_now + factor.log2()).clamp(least, MAX_ZOOM);
        zoom_scale(zoom_next - zoom_now)
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
            "Escape" if state.measure.with_untracked(Option::is_some) => state.measure.set(None),
            "Escape" => state.deselect(),
            _ => return false,
        }
        ev.prevent_default();
        true
    }

    fn settle_later(&self) {
        let generation = self.bump();
        let (this, state) = (*self, self.state);
        set_timeout(
            move || {
                if this.generation.try_get_value() == Some(generation) {
                    state.settle();
                }
            },
            WHEEL_SETTLE,
        );
    }

    /// Routes this pointer's events to the map until it lifts; taken only once a
    /// pan starts, since capturing on pointerdown would steal the click from features.
    fn capture(&self, ev: &ev::PointerEvent) {
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
            let _ = el.class_list().add_1("dragging");
        }
    }

    /// A client point in the map's own coordinates.
    fn local(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let rect = document()
            .query_selector(".map")
            .ok()
            .flatten()
            .map(|el| el.get_bounding_client_rect());
        rect.map_or((x, y), |r| (x - r.left(), y - r.top()))
    }
}
