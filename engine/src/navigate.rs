//! Moving the view to what the reader asked for.

use crate::map_data::{MapData, MapFeature};
use crate::projection::{LonLat, unproject};
use crate::state::MapState;
use crate::viewport::{Padding, Transform, Viewport};
use atlas_model::Bbox;
use leptos::prelude::*;

/// Padding around fitted boxes, in pixels, so features clear the map's edge.
const FIT_PADDING: f64 = 40.0;
/// The padding a fit needs: room for the controls, and for a panel covering
/// `covered_left` pixels of the map's left edge.
pub fn fit_padding(covered_left: f64) -> Padding {
    Padding {
        left: covered_left.max(FIT_PADDING + 24.0),
        ..Padding::uniform(FIT_PADDING)
    }
}

/// How far a fit to a single site may zoom in.
const SITE_ZOOM: f64 = 8.0;

/// Shows `bbox` whole.
pub fn fit_bbox(state: MapState, bbox: Bbox) {
    state.gesture.set(Transform::IDENTITY);
    let padding = fit_padding(state.covered_left.get_untracked());
    // A box around one point would zoom to the street; a site is shown in its setting.
    let tiny = bbox.width() < 0.05 && bbox.north - bbox.south < 0.05;
    state.view.update(|v| {
        *v = Viewport::fit(bbox, v.width, v.height, padding);
        if tiny {
            v.zoom = v.zoom.min(SITE_ZOOM);
        }
    });
}

/// Where a feature's popup points when it is opened without a click.
pub fn anchor_of(feature: &MapFeature) -> LonLat {
    match feature.shape.anchor() {
        Some(w) => unproject(w),
        None => LonLat {
            lon: feature.bbox.west,
            lat: feature.bbox.south,
        },
    }
}

/// Selects a feature and brings it into view if it is not already wholly visible.
pub fn show_feature(state: MapState, feature: &MapFeature) {
    show_features(state, &[feature]);
}

/// Selects features, the popup on the first: one feature is brought into view
/// if it is not already wholly visible; several are fitted, to show them together.
pub fn show_features(state: MapState, features: &[&MapFeature]) {
    let (Some(first), Some(b)) = (
        features.first(),
        Bbox::covering(features.iter().map(|f| f.bbox)),
    ) else {
        return;
    };
    let view = state.view.get_untracked();
    let visible = view.bounds();
    let inside = b.west >= visible.west
        && b.east <= visible.east
        && b.south >= visible.south
        && b.north <= visible.north;
    if features.len() > 1 || !inside || !visible.intersects(&b) {
        let padding = fit_padding(state.covered_left.get_untracked());
        let mut fitted = Viewport::fit(b, view.width, view.height, padding);
        if features.len() == 1 && first.shape.points.len() == 1 {
            fitted.zoom = fitted.zoom.min(SITE_ZOOM).max(view.zoom.min(SITE_ZOOM));
        }
        state.gesture.set(Transform::IDENTITY);
        state.view.set(fitted);
    }
    let ids = features.iter().map(|f| f.id().to_string()).collect();
    state.select_all(ids, anchor_of(first));
}

/// Fits the map to every one of `ids` that the data has, and closes the popup.
pub fn fit_features(state: MapState, data: &MapData, ids: &[String]) {
    let bbox = Bbox::covering(ids.iter().filter_map(|id| data.feature(id)).map(|f| f.bbox));
    if let Some(b) = bbox {
        state.deselect();
        fit_bbox(state, b);
    }
}
