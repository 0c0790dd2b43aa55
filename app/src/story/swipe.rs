//! A finger's swipe across the caption or the controls steps through the
//! story: to the left for the next step, to the right for the one before.

use leptos::prelude::*;

/// How far (px) a finger must travel sideways for a swipe.
const SWIPE_PX: f64 = 50.0;
/// How long (ms) a swipe may take; a slower drag is something else.
const SWIPE_MS: f64 = 800.0;

/// A swipe detector; `on_swipe(true)` means forward (a swipe to the left).
#[derive(Clone, Copy)]
pub struct Swipe<F: Fn(bool) + Copy + 'static> {
    start: StoredValue<Option<(f64, f64, f64)>>,
    on_swipe: F,
}

/// Whether a move of (dx, dy) px in `ms` is a swipe, and which way: `Some(true)` forward.
pub fn swipe_of(dx: f64, dy: f64, ms: f64) -> Option<bool> {
    (dx.abs() >= SWIPE_PX && dy.abs() < dx.abs() / 2.0 && ms <= SWIPE_MS).then_some(dx < 0.0)
}

impl<F: Fn(bool) + Copy + 'static> Swipe<F> {
    /// A detector calling `on_swipe`.
    pub fn new(on_swipe: F) -> Swipe<F> {
        Swipe {
            start: StoredValue::new(None),
            on_swipe,
        }
    }

    /// A pointer went down: a touch may start a swipe.
    pub fn down(&self, ev: &leptos::ev::PointerEvent) {
        let touch = ev.pointer_type() == "touch" || ev.pointer_type() == "pen";
        self.start.set_value(touch.then(|| {
            (
                f64::from(ev.client_x()),
                f64::from(ev.client_y()),
                js_sys::Date::now(),
            )
        }));
    }

    /// The pointer went up: a swipe if it travelled far and fast enough sideways.
    pub fn up(&self, ev: &leptos::ev::PointerEvent) {
        let Some((x, y, t)) = self.start.get_value() else {
            return;
        };
        self.start.set_value(None);
        let dx = f64::from(ev.client_x()) - x;
        let dy = f64::from(ev.client_y()) - y;
        if let Some(forward) = swipe_of(dx, dy, js_sys::Date::now() - t) {
            (self.on_swipe)(forward);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::swipe_of;

    #[test]
    fn a_quick_sideways_flick_is_a_swipe() {
        assert_eq!(swipe_of(-120.0, 10.0, 200.0), Some(true));
        assert_eq!(swipe_of(120.0, -10.0, 200.0), Some(false));
        assert_eq!(swipe_of(20.0, 0.0, 100.0), None);
        assert_eq!(swipe_of(-120.0, 100.0, 200.0), None);
        assert_eq!(swipe_of(-120.0, 0.0, 2000.0), None);
    }
}
