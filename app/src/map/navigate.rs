//! Moving the view to what the reader asked for.

use super::projection::{LonLat, unproject};
use super::viewport::{Padding, Viewport};
use crate::atlas::MapFeature;
use crate::state::MapState;
use atlas_model::Bbox;
use leptos::prelude::*;

/// The South Caucasus: Azerbaijan, Georgia and Armenia with their neighbours' edges.
pub const SOUTH_CAUCASUS: Bbox = Bbox::new(38.6, 38.2, 51.2, 43.8);

/// Padding around fitted boxes, in pixels, so features clear the map's edge.
const FIT_PADDING: f64 = 40.0;
/// Width of the legend panel plus its margin (see `.legend` in atlas.css).
const LEGEND_WIDTH: f64 = 290.0;
/// Below this map width the legend folds away and needs no room.
const NARROW: f64 = 640.0;

/// The padding a fit needs: room for the controls, and for the legend when it is open.
pub fn fit_padding(view: &Viewport, legend_open: bool) -> Padding {
    let left = if legend_open && view.width > NARROW {
        LEGEND_WIDTH
    } else {
        FIT_PADDING + 24.0
    };
    Padding {
        left,
        ..Padding::uniform(FIT_PADDING)
    }
}

/// How far a fit to a single site may zoom in.
const SITE_ZOOM: f64 = 8.0;

/// Shows `bbox` whole.
pub fn fit_bbox(state: MapState, bbox: Bbox) {
    state.gesture.set(super::viewport::Transform::IDENTITY);
    let legend_open = state.legend_open.get_untracked();
    // A box around one point would zoom to the street; a site is shown in its setting.
    let tiny = bbox.width() < 0.05 && bbox.north - bbox.south < 0.05;
    state.view.update(|v| {
        *v = Viewport::fit(bbox, v.width, v.height, fit_padding(v, legend_open));
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
    let view = state.view.get_untracked();
    let b = feature.bbox;
    let visible = view.bounds();
    let inside = b.west >= visible.west
        && b.east <= visible.east
        && b.south >= visible.south
        && b.north <= visible.north;
    if !inside || !visible.intersects(&b) {
        let padding = fit_padding(&view, state.legend_open.get_untracked());
        let mut fitted = Viewport::fit(b, view.width, view.height, padding);
        if feature.shape.points.len() == 1 {
            fitted.zoom = fitted.zoom.min(SITE_ZOOM).max(view.zoom.min(SITE_ZOOM));
        }
        state.gesture.set(super::viewport::Transform::IDENTITY);
        state.view.set(fitted);
    }
    state.select(feature.id(), anchor_of(feature));
}

/// Fits the map to every one of `ids` that the atlas has, and closes the popup.
pub fn fit_features(state: MapState, atlas: &crate::atlas::Atlas, ids: &[String]) {
    let bbox = ids
        .iter()
        .filter_map(|id| atlas.feature(id))
        .fold(None, |acc: Option<Bbox>, f| {
            Some(acc.map_or(f.bbox, |a| a.union(&f.bbox)))
        });
    if let Some(b) = bbox {
        state.deselect();
        fit_bbox(state, b);
    }
}
