//! Moving the view to what the reader asked for.

use crate::map_data::{MapData, MapFeature};
use crate::projection::{LonLat, unproject};
use crate::state::MapState;
use crate::viewport::{Padding, Transform, Viewport};
use atlas_model::geodesy::{Bbox, intersects};
use leptos::prelude::*;

/// The South Caucasus: Azerbaijan, Georgia and Armenia with their neighbours' edges.
pub const SOUTH_CAUCASUS: Bbox = [38.6, 38.2, 51.2, 43.8];

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
    let tiny = bbox[2] - bbox[0] < 0.05 && bbox[3] - bbox[1] < 0.05;
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
        let padding = fit_padding(state.covered_left.get_untracked());
        let mut fitted = Viewport::fit(b, view.width, view.height, padding);
        if feature.shape.points.len() == 1 {
            fitted.zoom = fitted.zoom.min(SITE_ZOOM).max(view.zoom.min(SITE_ZOOM));
        }
        state.gesture.set(Transform::IDENTITY);
        state.view.set(fitted);
    }
    state.select(feature.id(), anchor_of(feature));
}

/// Fits the map to every one of `ids` that the atlas has, and closes the popup.
pub fn fit_features(state: MapState, atlas: &MapData, ids: &[String]) {
    let bbox = ids
        .iter()
        .filter_map(|id| atlas.feature(id))
        .fold(None, |acc: Option<Bbox>, f| {
            let b = f.bbox;
            Some(match acc {
                None => b,
                Some(a) => [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ],
            })
        });
    if let Some(b) = bbox {
        state.deselect();
        fit_bbox(state, b);
    }
}
