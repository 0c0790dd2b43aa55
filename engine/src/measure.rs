//! The measuring tool: click points on the map, read the geodesic distance.

use crate::projection::LonLat;
use crate::state::MapState;
use atlas_model::geodesy::length_km;
use atlas_model::number::Fixed;
use geojson::GeometryValue;
use leptos::prelude::*;

/// The geodesic length of a path through `points`, in km.
pub fn path_km(points: &[LonLat]) -> f64 {
    if points.len() < 2 {
        return 0.0;
    }
    length_km(&GeometryValue::new_line_string(
        points.iter().map(|p| [p.lon, p.lat]),
    ))
}

/// "1,234.5 km" with a thousands separator, one decimal below 100 km.
pub fn format_km(km: f64) -> String {
    let whole = km.trunc() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if km < 100.0 {
        format!("{} km", Fixed(km, 1))
    } else {
        format!("{grouped} km")
    }
}

/// The measured path drawn on the map.
#[component]
pub fn MeasureLayer() -> impl IntoView {
    let state = expect_context::<MapState>();
    let screen = Memo::new(move |_| {
        let view = state.view.get();
        state.measure.with(|m| {
            m.as_ref()
                .map(|points| {
                    points
                        .iter()
                        .map(|p| view.lonlat_to_screen(*p))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let d = move || {
        screen.with(|pts| {
            pts.iter()
                .enumerate()
                .map(|(i, (x, y))| {
                    format!(
                        "{}{} {}",
                        if i == 0 { "M" } else { "L" },
                        Fixed(*x, 1),
                        Fixed(*y, 1)
                    )
                })
                .collect::<String>()
        })
    };
    view! {
        <g class="measure" aria-hidden="true">
            <path class="measure-line" d=d />
            {move || {
                screen
                    .get()
                    .into_iter()
                    .map(|(x, y)| view! { <circle class="measure-vertex" cx=Fixed(x, 1).to_string() cy=Fixed(y, 1).to_string() r="4" /> })
                    .collect_view()
            }}
        </g>
    }
}

/// The readout and buttons while measuring.
#[component]
pub fn MeasureReadout() -> impl IntoView {
    let state = expect_context::<MapState>();
    let km = move || {
        state
            .measure
            .with(|m| m.as_deref().map(path_km).unwrap_or(0.0))
    };
    let count = move || state.measure.with(|m| m.as_ref().map_or(0, Vec::len));
    move || {
        state.measure.with(Option::is_some).then(|| {
            view! {
                <div class="measure-readout" role="status" on:pointerdown=|ev| ev.stop_propagation() on:click=|ev| ev.stop_propagation()>
                    <span class="measure-distance">
                        {move || if count() < 2 { "Click the map to add points".to_string() } else { format_km(km()) }}
                    </span>
                    <button type="button" on:click=move |_| state.measure.set(Some(Vec::new()))>"Clear"</button>
                    <button type="button" on:click=move |_| state.measure.set(None)>"Done"</button>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baku_to_tbilisi_to_kars_adds_both_legs() {
        let baku = LonLat {
            lon: 49.867,
            lat: 40.409,
        };
        let tbilisi = LonLat {
            lon: 44.793,
            lat: 41.715,
        };
        let kars = LonLat {
            lon: 43.095,
            lat: 40.608,
        };
        let total = path_km(&[baku, tbilisi, kars]);
        let legs = path_km(&[baku, tbilisi]) + path_km(&[tbilisi, kars]);
        assert!((total - legs).abs() < 1e-6);
        assert!((620.0..680.0).contains(&total), "{total}");
    }

    #[test]
    fn one_point_measures_nothing() {
        assert_eq!(path_km(&[LonLat { lon: 0.0, lat: 0.0 }]), 0.0);
    }

    #[test]
    fn distances_read_like_a_map_would_write_them() {
        assert_eq!(format_km(12.345), "12.3 km");
        assert_eq!(format_km(1234.5), "1,234 km");
        assert_eq!(format_km(123_456.0), "123,456 km");
    }
}
