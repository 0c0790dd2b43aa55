//! The map's reactive state: the view, the live gesture, the selection and the
//! tools, provided as context to every layer.

use crate::map_data::Country;
use crate::projection::LonLat;
use crate::viewport::{Padding, Transform, Viewport};
use atlas_model::Filters;
use leptos::prelude::*;
use std::sync::Arc;

/// Signals the map reads and writes; `Copy`, so pass it freely.
#[derive(Clone, Copy)]
pub struct MapState {
    /// The settled view; paths are rebuilt when it changes.
    pub view: RwSignal<Viewport>,
    /// The live gesture, applied as a CSS transform until it settles.
    pub gesture: RwSignal<Transform>,
    /// The selected features' slugs, in order; the popup opens on the first.
    pub selection: RwSignal<Vec<String>>,
    /// Where the popup points.
    pub popup_at: RwSignal<Option<LonLat>>,
    /// What the reader has chosen to see.
    pub filters: RwSignal<Filters>,
    /// Whether the map's size has been measured (views before that are guesses).
    pub measured: RwSignal<bool>,
    /// How many pixels at the map's left a panel covers (fits leave room for it).
    pub covered_left: RwSignal<f64>,
    /// The room, at the map's edges, that a selected feature's popup takes
    /// (set by whoever draws the popup): a selection is fitted into the rest.
    pub popup_room: RwSignal<Padding>,
    /// Whether the optional web map tiles are shown.
    pub tiles_on: RwSignal<bool>,
    /// The measuring tool's points; `None` while the tool is off.
    pub measure: RwSignal<Option<Vec<LonLat>>>,
    /// The light world (Natural Earth 1:110m) once the page has loaded it; the
    /// map shows the server's drawing of the first view's countries until then.
    pub light_countries: RwSignal<Option<Arc<Vec<Country>>>>,
    /// The detailed basemap (Natural Earth 1:50m) once the page has loaded it
    /// for a zoom past [`crate::basemap_layer::DETAIL_ZOOM`]; the light world until then.
    pub detailed_countries: RwSignal<Option<Arc<Vec<Country>>>>,
}

impl MapState {
    /// Fresh state with a view that the first measurement replaces.
    pub fn new() -> MapState {
        MapState {
            view: RwSignal::new(Viewport {
                center: LonLat {
                    lon: 60.0,
                    lat: 42.0,
                },
                zoom: 3.0,
                width: 1024.0,
                height: 768.0,
            }),
            gesture: RwSignal::new(Transform::IDENTITY),
            selection: RwSignal::new(Vec::new()),
            popup_at: RwSignal::new(None),
            filters: RwSignal::new(Filters::default()),
            measured: RwSignal::new(false),
            measure: RwSignal::new(None),
            tiles_on: RwSignal::new(false),
            covered_left: RwSignal::new(0.0),
            popup_room: RwSignal::new(Padding::uniform(0.0)),
            light_countries: RwSignal::new(None),
            detailed_countries: RwSignal::new(None),
        }
    }

    /// Ends the running gesture: the transform becomes the new settled view.
    pub fn settle(&self) {
        let t = self.gesture.get_untracked();
        if !t.is_identity() {
            self.view.update(|v| *v = v.after(t));
            self.gesture.set(Transform::IDENTITY);
        }
    }

    /// Selects one feature and points the popup at `at`.
    pub fn select(&self, id: &str, at: LonLat) {
        self.select_all(vec![id.to_string()], at);
    }

    /// Selects several features, the popup on the first, pointing at `at`.
    pub fn select_all(&self, ids: Vec<String>, at: LonLat) {
        if self.selection.with_untracked(|s| *s != ids) {
            self.selection.set(ids);
        }
        self.popup_at.set(Some(at));
    }

    /// Clears the selection and closes the popup.
    pub fn deselect(&self) {
        if self.selection.with_untracked(|s| !s.is_empty()) {
            self.selection.set(Vec::new());
        }
        self.popup_at.set(None);
    }

    /// The first selected feature, the one the popup shows (tracked).
    pub fn primary(&self) -> Option<String> {
        self.selection.with(|s| s.first().cloned())
    }
}

impl Default for MapState {
    fn default() -> Self {
        MapState::new()
    }
}
