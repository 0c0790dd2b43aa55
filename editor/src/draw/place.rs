//! Where a vertex put on the map goes: onto a nearby site for a route, else
//! the point under the pointer, rounded as the data files write positions.

use super::lonlat;
use super::sketch::{Position, ShapeKind, round6};
use super::snap::{SNAP_PX, nearest_within};
use crate::state::EditorState;
use crate::work::Target;
use atlas_map_engine::feature_store::FeatureStore;
use atlas_map_engine::viewport::Viewport;
use geojson::GeometryValue;
use leptos::prelude::*;

/// The screen positions of the sites a route's vertex may snap to, except `skip`.
fn sites(store: &FeatureStore, view: &Viewport, skip: Option<&str>) -> Vec<(Position, (f64, f64))> {
    store
        .snapshot()
        .iter()
        .filter(|f| Some(f.id()) != skip)
        .filter_map(|f| match &f.feature.geometry.value {
            GeometryValue::Point { coordinates } => {
                let s = coordinates.as_slice();
                let p = [*s.first()?, *s.get(1)?];
                Some((p, view.lonlat_to_screen(lonlat(p))))
            }
            _ => None,
        })
        .collect()
}

/// Where a vertex put at screen point `at` goes: onto a site within
/// [`SNAP_PX`] for a route (unless Alt is held), else the point under it.
pub fn place(editor: EditorState, view: &Viewport, at: (f64, f64), alt: bool) -> Position {
    let (shape, skip) = editor.work.with_untracked(|w| {
        let skip = match &w.target {
            Target::Existing { id, .. } => Some(id.clone()),
            Target::New => None,
        };
        (w.sketch.as_ref().map(|s| s.shape), skip)
    });
    if shape == Some(ShapeKind::Route) && !alt {
        let store = editor.store.get_value();
        if let Some(store) = store {
            let candidates = sites(&store, view, skip.as_deref());
            if let Some(site) = nearest_within(at, candidates, SNAP_PX) {
                return site;
            }
        }
    }
    let p = view.screen_to_lonlat(at.0, at.1);
    round6([p.lon, p.lat])
}
