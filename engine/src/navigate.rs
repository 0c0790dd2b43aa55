//! Moving the view to what the reader asked for.

use crate::camera::{destination, fly_to};
use crate::map_data::{MapData, MapFeature};
use crate::projection::{LonLat, unproject};
use crate::state::MapState;
use crate::viewport::{Padding, Viewport};
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
/// How far a fit to a single site zooms in at least.
const SITE_ZOOM_LEAST: f64 = 6.0;
/// Elements of the page laid over the map mark themselves with this attribute;
/// fits keep clear of them, as of the map's own controls.
pub const OVER_MAP: &str = "data-over-map";

/// Shows `bbox` whole in the part of the map that panels and controls leave free.
pub fn fit_bbox(state: MapState, bbox: Bbox) {
    let target = bbox_view(state, bbox);
    fly_to(state, target);
}

/// Shows `bbox` as [`fit_bbox`] does, at once: the first view of a page has nowhere to fly from.
pub fn place_bbox(state: MapState, bbox: Bbox) {
    let target = bbox_view(state, bbox);
    state.gesture.set(crate::viewport::Transform::IDENTITY);
    state.view.set(target);
}

fn bbox_view(state: MapState, bbox: Bbox) -> Viewport {
    let padding = free_area(state, Padding::uniform(0.0));
    // A box around one point would zoom to the street; a site is shown in its setting.
    let tiny = bbox.width() < 0.05 && bbox.north - bbox.south < 0.05;
    let v = state.view.get_untracked();
    let mut target = Viewport::fit(bbox, v.width, v.height, padding);
    if tiny {
        target.zoom = target.zoom.min(SITE_ZOOM);
    }
    target
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

/// Selects a feature and brings it into the part of the map that the popup,
/// panels and controls leave free, flying there unless it is already in it.
pub fn show_feature(state: MapState, feature: &MapFeature) {
    show_features(state, &[feature]);
}

/// Selects features, the popup on the first, and brings them into the part of
/// the map that the popup, panels and controls leave free, flying there unless
/// they are already in it.
pub fn show_features(state: MapState, features: &[&MapFeature]) {
    show(state, features, true, |state, target| {
        fly_to(state, target);
    });
}

/// Selects features and shows them as [`show_features`] does, at once (a page
/// opened on a shared address).
pub fn place_features(state: MapState, features: &[&MapFeature]) {
    show(state, features, false, |state, target| {
        state.gesture.set(crate::viewport::Transform::IDENTITY);
        state.view.set(target);
    });
}

/// Selects features and shows them at once for a page opened on an address
/// that names features and no view: a site alone in its setting, as
/// [`show_features`] shows it (the opening view is the corridor's, where a
/// site is a dot among the others, often gathered into a cluster); anything
/// else as [`place_features`] does, since the page's panels are not laid out
/// yet when the first view is placed, and a fit could fall under them.
pub fn open_at_features(state: MapState, features: &[&MapFeature]) {
    let lone_site = matches!(features, [only] if only.shape.points.len() == 1);
    show(state, features, lone_site, |state, target| {
        state.gesture.set(crate::viewport::Transform::IDENTITY);
        state.view.set(target);
    });
}

/// `closer`: a site alone seen from farther than [`SITE_ZOOM_LEAST`] is
/// brought to its setting even when it is in view (a reader who looks a site
/// up wants to see where it lies, not a dot among the corridor's), and so is
/// a line or area alone that the view shows as little more than a dot (a
/// free economic zone seen from a continent away); an address opened keeps
/// the view it names.
fn show(state: MapState, features: &[&MapFeature], closer: bool, go: impl Fn(MapState, Viewport)) {
    let (Some(first), Some(bbox)) = (
        features.first(),
        Bbox::covering(features.iter().map(|f| f.bbox)),
    ) else {
        return;
    };
    state.settle();
    let view = state.view.get_untracked();
    let padding = free_area(state, state.popup_room.get_untracked());
    let lone_site = features.len() == 1 && first.shape.points.len() == 1;
    let lone_speck = features.len() == 1 && !lone_site && screen_span(&view, bbox) < SPECK_PX;
    let far = view.zoom < SITE_ZOOM_LEAST;
    if (closer && far && (lone_site || lone_speck)) || !shows_within(&view, bbox, padding) {
        let target = if lone_site {
            // A site alone is shown in its setting: not street level, not a continent.
            let zoom = view.zoom.clamp(SITE_ZOOM_LEAST, SITE_ZOOM);
            centred_in(bbox, zoom, &view, padding)
        } else if lone_speck {
            let fitted = Viewport::fit(bbox, view.width, view.height, padding);
            let zoom = speck_zoom(&view, bbox, fitted.zoom);
            // At the fitted zoom, the fit itself: it places the whole in the free area.
            if zoom < fitted.zoom {
                centred_in(bbox, zoom, &view, padding)
            } else {
                fitted
            }
        } else {
            Viewport::fit(bbox, view.width, view.height, padding)
        };
        go(state, target);
    }
    let ids = features.iter().map(|f| f.id().to_string()).collect();
    state.select_all(ids, popup_point(first));
}

/// Where the popup of a feature selected without a click points: a site
/// itself; a line or area at its northernmost point, so the popup, which
/// opens above, leaves the whole of it in view.
pub fn popup_point(feature: &MapFeature) -> LonLat {
    if feature.shape.points.len() == 1 {
        return anchor_of(feature);
    }
    atlas_model::geodesy::positions(&feature.feature.geometry.value)
        .into_iter()
        .filter(|p| p.len() >= 2)
        .max_by(|a, b| a[1].total_cmp(&b[1]))
        .map_or_else(
            || anchor_of(feature),
            |p| LonLat {
                lon: p[0],
                lat: p[1],
            },
        )
}

/// Brings `at` into the part of the map that the popup and panels leave free,
/// at the zoom the map has or is flying to, if it is not there already.
pub fn bring_into_view(state: MapState, at: LonLat) {
    let dest = destination(state);
    let padding = free_area(state, state.popup_room.get_untracked());
    if shows_within(&dest, Bbox::point(at.lon, at.lat), padding) {
        return;
    }
    let target = centred_in(Bbox::point(at.lon, at.lat), dest.zoom, &dest, padding);
    fly_to(state, target);
}

/// How many pixels across, at most, a line or area may be in view and still
/// be looked up as a dot would: brought to its setting.
const SPECK_PX: f64 = 24.0;

/// How many pixels across a line or area looked up as a speck is shown: big
/// enough to see past a cluster's marker, small enough to show its setting.
const SPECK_SHOWN_PX: f64 = 64.0;

/// The zoom at which a line or area that `view` shows as a speck spans
/// [`SPECK_SHOWN_PX`]: no farther out than a site is shown, and never closer
/// than the zoom that fits it whole (`fitted_zoom`), which wins: a railway
/// that is a speck from a continent away but needs more than a phone's free
/// area at a site's zoom is shown whole.
fn speck_zoom(view: &Viewport, bbox: Bbox, fitted_zoom: f64) -> f64 {
    let span = screen_span(view, bbox).max(1e-9);
    let shown = view.zoom + (SPECK_SHOWN_PX / span).log2();
    shown.max(SITE_ZOOM_LEAST).min(fitted_zoom)
}

/// The larger of `bbox`'s width and height on the screen of `view`, in pixels.
fn screen_span(view: &Viewport, bbox: Bbox) -> f64 {
    let (x0, y0) = view.lonlat_to_screen(LonLat {
        lon: bbox.west,
        lat: bbox.north,
    });
    let (x1, y1) = view.lonlat_to_screen(LonLat {
        lon: bbox.east,
        lat: bbox.south,
    });
    (x1 - x0).abs().max((y1 - y0).abs())
}

/// Whether `bbox` is wholly on screen inside the padding.
fn shows_within(view: &Viewport, bbox: Bbox, padding: Padding) -> bool {
    let (x0, y0) = view.lonlat_to_screen(LonLat {
        lon: bbox.west,
        lat: bbox.north,
    });
    let (x1, y1) = view.lonlat_to_screen(LonLat {
        lon: bbox.east,
        lat: bbox.south,
    });
    x0 >= padding.left
        && y0 >= padding.top
        && x1 <= view.width - padding.right
        && y1 <= view.height - padding.bottom
}

/// The view at `zoom` that puts `bbox`'s centre at the centre of the free area.
fn centred_in(bbox: Bbox, zoom: f64, view: &Viewport, padding: Padding) -> Viewport {
    let at = Viewport {
        zoom,
        center: LonLat {
            lon: (bbox.west + bbox.east) / 2.0,
            lat: (bbox.south + bbox.north) / 2.0,
        },
        ..*view
    };
    // Shift so the box's centre lands mid-way in the free area, not mid-screen.
    let dx = (padding.left - padding.right) / 2.0;
    let dy = (padding.top - padding.bottom) / 2.0;
    let moved = at.screen_to_lonlat(view.width / 2.0 - dx, view.height / 2.0 - dy);
    Viewport {
        center: moved,
        ..at
    }
    .clamped()
}

/// The padding that keeps a fitted box clear of everything over the map: the
/// panel on the left, the map's controls, whatever the page marks as lying
/// over the map, and `extra` (a popup's room).
pub fn free_area(state: MapState, extra: Padding) -> Padding {
    let base = fit_padding(state.covered_left.get_untracked());
    let over = covered_by_overlays();
    let side = |a: f64, b: f64, c: f64| {
        a.max(b)
            .max(if c > 0.0 { c + FIT_PADDING / 2.0 } else { 0.0 })
    };
    Padding {
        top: side(base.top, over.top, extra.top),
        right: side(base.right, over.right, extra.right),
        bottom: side(base.bottom, over.bottom, extra.bottom),
        left: side(base.left, over.left, extra.left),
    }
}

/// How far into the map, from each edge, the controls and the page's overlays reach.
fn covered_by_overlays() -> Padding {
    let mut room = Padding::uniform(0.0);
    let doc = document();
    let Some(map) = doc.query_selector(".map").ok().flatten() else {
        return room;
    };
    let m = map.get_bounding_client_rect();
    let selector = format!(".map-controls, [{OVER_MAP}]");
    let Ok(list) = doc.query_selector_all(&selector) else {
        return room;
    };
    const MARGIN: f64 = 12.0;
    const NEAR_EDGE: f64 = 48.0;
    for i in 0..list.length() {
        let Some(el) = list
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        else {
            continue;
        };
        let r = el.get_bounding_client_rect();
        if r.width() <= 0.0 || r.height() <= 0.0 {
            continue;
        }
        // Each overlay pushes the fit away from one edge it lies along: the one
        // that costs the least room (a wide bar the top, a tall panel its side).
        let gaps = [
            r.top() - m.top(),
            m.right() - r.right(),
            m.bottom() - r.bottom(),
            r.left() - m.left(),
        ];
        let costs = [
            r.bottom() - m.top() + MARGIN,
            m.right() - r.left() + MARGIN,
            m.bottom() - r.top() + MARGIN,
            r.right() - m.left() + MARGIN,
        ];
        let best = (0..4)
            .filter(|&i| gaps[i] <= NEAR_EDGE)
            .min_by(|&a, &b| costs[a].total_cmp(&costs[b]));
        match best {
            Some(0) => room.top = room.top.max(costs[0]),
            Some(1) => room.right = room.right.max(costs[1]),
            Some(2) => room.bottom = room.bottom.max(costs[2]),
            Some(_) => room.left = room.left.max(costs[3]),
            None => {}
        }
    }
    room
}

/// Fits the map to every one of `ids` that the data has, and closes the popup.
pub fn fit_features(state: MapState, data: &MapData, ids: &[String]) {
    let bbox = Bbox::covering(ids.iter().filter_map(|id| data.feature(id)).map(|f| f.bbox));
    if let Some(b) = bbox {
        state.deselect();
        fit_bbox(state, b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(zoom: f64) -> Viewport {
        Viewport {
            center: LonLat {
                lon: 49.0,
                lat: 40.0,
            },
            zoom,
            width: 800.0,
            height: 600.0,
        }
    }

    #[test]
    fn a_free_zone_is_a_speck_from_the_whole_corridor_and_not_from_its_setting() {
        // About 15 km across, as the Alat Free Economic Zone.
        let zone = Bbox::new(49.35, 39.9, 49.52, 40.02);
        assert!(screen_span(&view(3.5), zone) < SPECK_PX);
        assert!(screen_span(&view(SITE_ZOOM), zone) >= SPECK_PX);
    }

    #[test]
    fn a_speck_is_shown_big_enough_to_see_but_whole() {
        let zone = Bbox::new(49.35, 39.9, 49.52, 40.02);
        let from_afar = view(1.5);
        let zoom = speck_zoom(&from_afar, zone, 12.0);
        let shown = screen_span(&view(zoom), zone);
        assert!(
            (shown - SPECK_SHOWN_PX).abs() < 0.5,
            "{shown} px at zoom {zoom}"
        );
        // Never past the zoom that fits it whole, nor farther out than a site is shown.
        assert_eq!(speck_zoom(&from_afar, zone, 7.0), 7.0);
        assert_eq!(speck_zoom(&from_afar, zone, 2.0), 2.0);
        // A wider speck spans the 64 pixels farther out than a site is shown: a site's zoom.
        let region = Bbox::new(48.0, 39.0, 50.0, 41.0);
        assert_eq!(speck_zoom(&from_afar, region, 12.0), SITE_ZOOM_LEAST);
    }

    #[test]
    fn a_box_shows_within_the_padding_only_when_wholly_inside_it() {
        let zone = Bbox::new(49.35, 39.9, 49.52, 40.02);
        assert!(shows_within(&view(6.0), zone, Padding::uniform(20.0)));
        // Padding that leaves no room in the middle hides everything.
        assert!(!shows_within(&view(6.0), zone, Padding::uniform(300.0)));
    }
}
