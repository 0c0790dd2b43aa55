//! The atlas's reactive state beside the map's: the open passage and the
//! legend, provided as context next to the engine's `MapState`.

pub use atlas_map_engine::state::MapState;
use atlas_model::PassageTarget;
use leptos::prelude::*;

/// Width of the legend panel plus its margin (see `.legend` in atlas.css).
const LEGEND_WIDTH: f64 = 290.0;
/// Up to this window width the legend folds away and covers nothing (see the media query in atlas.css).
const NARROW: f64 = 640.0;

/// The window's width in CSS pixels.
fn window_width() -> f64 {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .unwrap_or_default()
}

/// Signals of the atlas's panels; `Copy`, so pass it freely.
#[derive(Clone, Copy)]
pub struct AtlasState {
    /// The report passage open in the reader.
    pub passage: RwSignal<Option<PassageTarget>>,
    /// Whether the legend panel is unfolded (fits leave room for it).
    pub legend_open: RwSignal<bool>,
    /// The route whose card is open (a route slug such as `middle-corridor`).
    pub route: RwSignal<Option<String>>,
}

impl AtlasState {
    /// Fresh state; on a phone the legend starts folded, since it would cover the map.
    pub fn new() -> AtlasState {
        AtlasState {
            passage: RwSignal::new(None),
            legend_open: RwSignal::new(window_width() > NARROW),
            route: RwSignal::new(None),
        }
    }

    /// Keeps the map told how much of it the open legend covers, from now on.
    pub fn cover_map(&self, map: MapState) {
        let legend_open = self.legend_open;
        let covered = move |open: bool| {
            if open && window_width() > NARROW {
                LEGEND_WIDTH
            } else {
                0.0
            }
        };
        map.covered_left.set(covered(legend_open.get_untracked()));
        Effect::new(move |_| {
            // The view's width changes with the window's: re-read it then too.
            map.view.with(|v| v.width);
            let now = covered(legend_open.get());
            if map.covered_left.get_untracked() != now {
                map.covered_left.set(now);
            }
        });
    }
}

impl Default for AtlasState {
    fn default() -> Self {
        AtlasState::new()
    }
}
