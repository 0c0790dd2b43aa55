//! A scale bar in kilometres, true at the map's centre latitude.

use crate::projection::world_size;
use crate::state::MapState;
use atlas_model::number::{Fixed, trimmed};
use leptos::prelude::*;

/// The equator's length in metres on the Web Mercator sphere.
const EQUATOR_M: f64 = 40_075_016.686;
/// The longest the bar may be, in pixels.
const MAX_BAR_PX: f64 = 120.0;

/// The longest "nice" distance (1, 2 or 5 times a power of ten km) that fits
/// in `MAX_BAR_PX`, and its length in pixels.
pub fn nice_scale(metres_per_px: f64) -> (f64, f64) {
    let max_km = MAX_BAR_PX * metres_per_px / 1000.0;
    let magnitude = 10f64.powf(max_km.log10().floor());
    let km = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|km| *km <= max_km)
        .unwrap_or(magnitude);
    (km, km * 1000.0 / metres_per_px)
}

/// Metres on the ground per screen pixel at latitude `lat` and zoom `zoom`.
pub fn metres_per_px(lat: f64, zoom: f64) -> f64 {
    EQUATOR_M * lat.to_radians().cos() / world_size(zoom)
}

/// The scale bar, following gestures as they happen.
#[component]
pub fn ScaleBar() -> impl IntoView {
    let state = expect_context::<MapState>();
    let scale = Memo::new(move |_| {
        let view = state.view.get();
        let zoom = view.zoom + state.gesture.get().scale.log2();
        nice_scale(metres_per_px(view.center.lat, zoom))
    });
    view! {
        <div class="scale-bar" aria-label="Scale">
            <div class="scale-line" style:width=move || format!("{}px", Fixed(scale.get().1, 0))></div>
            <span class="scale-text">{move || format!("{} km", trimmed(scale.get().0, 3))}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_a_round_distance_that_fits() {
        // 10 km per pixel: 120 px would be 1200 km, so the bar says 1000 km in 100 px.
        let (km, px) = nice_scale(10_000.0);
        assert_eq!(km, 1000.0);
        assert!((px - 100.0).abs() < 1e-9);
    }

    #[test]
    fn small_scales_use_fractions_of_a_kilometre() {
        let (km, _) = nice_scale(2.0);
        assert_eq!(km, 0.2);
    }
}
