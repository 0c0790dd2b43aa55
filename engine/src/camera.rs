//! Camera flights: the view glides to a new one along the van Wijk and Nuij
//! path (`flight_path`: zoom out, pan, zoom in), drawn as a transform of the
//! layers (compositor work, as during a gesture) and redrawn once it lands.
//! A reader who asked for reduced motion gets the new view at once.

use crate::flight_path::FlightPath;
use crate::projection::zoom_scale;
use crate::state::MapState;
use crate::viewport::{Transform, Viewport};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

thread_local! {
    /// The running flight's number; a newer flight, or a gesture, ends an older one.
    static FLIGHT: Cell<u64> = const { Cell::new(0) };
    /// Where the running flight lands.
    static LANDING: Cell<Option<Viewport>> = const { Cell::new(None) };
    /// Whether the running flight has drawn its first frame: until then its
    /// transform is the identity, as after a flight a gesture ended.
    static TAKEN_OFF: Cell<bool> = const { Cell::new(false) };
}

/// The view the map is headed for: a running flight's landing, or the view itself.
pub fn destination(state: MapState) -> Viewport {
    let view = state.view.get_untracked();
    match LANDING.with(Cell::get) {
        // Only while its transform is still on (a gesture may have taken
        // over), or before its first frame: a flight asked for in the same
        // turn, say a selection's, which a popup's effect must not undo.
        Some(landing)
            if !TAKEN_OFF.with(Cell::get) || !state.gesture.get_untracked().is_identity() =>
        {
            landing
        }
        _ => view,
    }
}

/// Moves the view to `target`: a flight, or a jump under reduced motion.
/// Returns how long the flight takes, in milliseconds (0 for a jump).
pub fn fly_to(state: MapState, target: Viewport) -> f64 {
    state.settle();
    let from = state.view.get_untracked();
    let number = FLIGHT.with(|f| {
        f.set(f.get() + 1);
        f.get()
    });
    if reduced_motion() || from == target {
        LANDING.with(|l| l.set(None));
        state.gesture.set(Transform::IDENTITY);
        state.view.set(target);
        return 0.0;
    }
    LANDING.with(|l| l.set(Some(target)));
    TAKEN_OFF.with(|t| t.set(false));
    let path = FlightPath::new(&from, &target);
    let duration = path.duration_ms();
    let flight = Flight {
        from,
        to: target,
        path,
        duration,
        number,
    };
    let progress = Progress {
        start: Rc::new(Cell::new(None)),
        last: Rc::new(Cell::new(Transform::IDENTITY)),
        base: Rc::new(Cell::new(from)),
    };
    step(state, flight, progress);
    duration
}

/// How far the zoom may stray from the drawing's before it is drawn afresh:
/// a drawing scaled much further blurs its lines and blows up its labels.
const REDRAW_ZOOMS: f64 = 1.0;

/// A flight's state between frames.
#[derive(Clone)]
struct Progress {
    /// When its first frame ran, in milliseconds.
    start: Rc<Cell<Option<f64>>>,
    /// The transform it set last, to notice a gesture taking over.
    last: Rc<Cell<Transform>>,
    /// The view the layers are drawn at, which the transform moves.
    base: Rc<Cell<Viewport>>,
}

/// A running flight: where from, where to, along which path, for how long.
#[derive(Clone, Copy)]
struct Flight {
    from: Viewport,
    to: Viewport,
    path: FlightPath,
    duration: f64,
    number: u64,
}

/// Whether the reader asked the system for less motion.
pub fn reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// One frame of a flight: the transform that shows the view part way there.
fn step(state: MapState, flight: Flight, progress: Progress) {
    request_animation_frame(move || {
        let Progress { start, last, base } = &progress;
        // A newer flight, or a reader's gesture (which changes the transform), ends this one.
        if FLIGHT.with(Cell::get) != flight.number || state.gesture.get_untracked() != last.get() {
            return;
        }
        TAKEN_OFF.with(|t| t.set(true));
        let now = now_ms();
        let t0 = start.get().unwrap_or(now);
        start.set(Some(t0));
        let f = ((now - t0) / flight.duration).clamp(0.0, 1.0);
        if f >= 1.0 {
            LANDING.with(|l| l.set(None));
            state.gesture.set(Transform::IDENTITY);
            state.view.set(flight.to);
            return;
        }
        let (center, zoom) = flight.path.at(ease(f));
        let mut drawn = base.get();
        // Whole zoom levels away from the drawing, it is drawn afresh at the view on the way.
        if (zoom.max(drawn.min_zoom()) - drawn.zoom).abs() >= REDRAW_ZOOMS {
            drawn = flight.path.view_at(&flight.from, ease(f)).clamped();
            base.set(drawn);
            state.view.set(drawn);
        }
        let t = transform_showing(&drawn, center, zoom);
        last.set(t);
        state.gesture.set(t);
        step(state, flight, progress.clone());
    });
}

/// The transform of `from`'s drawing that shows the view a fraction `f` of
/// the way along `path` (which starts at `from`).
pub fn transform_along(from: &Viewport, path: &FlightPath, f: f64) -> Transform {
    let (center, zoom) = path.at(f);
    transform_showing(from, center, zoom)
}

/// The transform of `from`'s drawing that shows `center` at `zoom`.
fn transform_showing(from: &Viewport, center: crate::projection::World, zoom: f64) -> Transform {
    // Never farther out than the world filling the screen.
    let zoom = zoom.max(from.min_zoom().min(from.zoom));
    let scale = zoom_scale(zoom - from.zoom);
    // The point that must come to the screen's centre, in `from`'s screen pixels.
    let (px, py) = from.to_screen(center);
    Transform {
        tx: from.width / 2.0 - px * scale,
        ty: from.height / 2.0 - py * scale,
        scale,
    }
}

/// Ease in and out (a cubic), so a flight neither jolts off nor stops hard.
fn ease(f: f64) -> f64 {
    if f < 0.5 {
        4.0 * f * f * f
    } else {
        1.0 - (-2.0 * f + 2.0).powi(3) / 2.0
    }
}

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::LonLat;

    fn view(lon: f64, lat: f64, zoom: f64) -> Viewport {
        Viewport {
            center: LonLat { lon, lat },
            zoom,
            width: 800.0,
            height: 600.0,
        }
    }

    #[test]
    fn a_flight_ends_where_it_was_sent() {
        let (from, to) = (view(60.0, 42.0, 3.0), view(49.87, 40.41, 7.0));
        let t = transform_along(&from, &FlightPath::new(&from, &to), 1.0);
        let landed = from.after(t);
        assert!((landed.zoom - to.zoom).abs() < 1e-9);
        assert!(
            (landed.center.lon - to.center.lon).abs() < 1e-6,
            "{landed:?}"
        );
        assert!(
            (landed.center.lat - to.center.lat).abs() < 1e-6,
            "{landed:?}"
        );
    }

    #[test]
    fn a_flight_starts_where_the_view_is() {
        let (from, to) = (view(60.0, 42.0, 3.0), view(49.87, 40.41, 7.0));
        assert!(transform_along(&from, &FlightPath::new(&from, &to), 0.0).is_identity());
    }

    #[test]
    fn easing_runs_from_zero_to_one_and_never_back() {
        let mut last = 0.0;
        for i in 0..=100 {
            let e = ease(f64::from(i) / 100.0);
            assert!(e >= last - 1e-12);
            last = e;
        }
        assert!(ease(0.0).abs() < 1e-12 && (ease(1.0) - 1.0).abs() < 1e-12);
    }
}
