//! Moving the view to what the reader asked for.

use super::projection::{LonLat, unproject};
use super::viewport::Viewport;
use crate::atlas::MapFeature;
use crate::state::MapState;
use atlas_model::geodesy::{Bbox, intersects};
use leptos::prelude::*;

/// The South Caucasus: Azerbaijan, Georgia and Armenia with their neighbours' edges.
pub const SOUTH_CAUCASUS: Bbox = [38.6, 38.2, 51.2, 43.8];

/// Padding around fitted boxes, in pixels, so features clear the map's edge and controls.
const FIT_PADDING: f64 = 48.0;
/// How far a fit to a single site may zoom in.
const SITE_ZOOM: f64 = 8.0;

/// Shows `bbox` whole.
pub fn fit_bbox(state: MapState, bbox: Bbox) {
    state.gesture.set(super::viewport::Transform::IDENTITY);
    state
        .view
        .update(|v| *v = Viewport::fit(bbox, v.width, v.height, FIT_PADDING));
}

/// Where a feature's popup points when it is opened without a click.
pub fn anchor_of(feature: &MapFeature) -> LonLat {
    match feature.shape.anchor() {
        Some(w) => unproject(w),
        None => LonLat {
            lon: feature.bbox[0],
            lat: feature.bbox[1],
        },
    }
}

/// Selects a feature and brings it into view if it is not already wholly visible.
pub fn show_feature(state: MapState, feature: &MapFeature) {
    let view = state.view.get_untracked();
    let b = feature.bbox;
    let visible = view.bounds();
    let inside =
        b[0] >= visible[0] && b[2] <= visible[2] && b[1] >= visible[1] && b[3] <= visible[3];
    if !inside || !intersects(&visible, &b) {
        let mut fitted = Viewport::fit(b, view.width, view.height, FIT_PADDING * 2.0);
        if feature.shape.points.len() == 1 {
            fitted.zoom = fitted.zoom.min(SITE_ZOOM).max(view.zoom.min(SITE_ZOOM));
        }
        state.gesture.set(super::viewport::Transform::IDENTITY);
        state.view.set(fitted);
    }
    state.select(feature.id(), anchor_of(feature));
}
