//! The squares a layer loaded by viewport is requested in: the view and a
//! margin around it, snapped to the Web Mercator tile grid of a zoom near the
//! view's, so the same square is asked with the same address (the browser and
//! the server's validators can reuse the answer) and a pan asks only for the
//! squares it newly shows.

use crate::map::projection::{project, world_size};
use crate::map::tile_grid::MAX_TILE_ZOOM;
pub use crate::map::tile_grid::Tile;
use crate::map::viewport::Viewport;
use atlas_model::Bbox;

/// How much of the view's width and height is added on each side, so a short
/// pan shows features already loaded.
const MARGIN: f64 = 0.25;

/// The features asked per request (the `limit` of a page).
pub const PAGE_LIMIT: u32 = 1_000;

/// From this tile zoom a square is loaded whole, page after page; below it a
/// square holds at most one page. A square of that zoom is about 150 km wide,
/// where any layer's features come apart on screen; a zoomed-out view of a
/// hundred thousand features would otherwise download them all to draw a blot.
pub const WHOLE_FROM_ZOOM: u8 = 8;

/// Whether a square this deep is loaded whole rather than one page of it.
pub fn loads_whole(tile: &Tile) -> bool {
    tile.z >= WHOLE_FROM_ZOOM
}

/// The tile zoom for a view at `zoom`: squares 256 to 512 px wide on screen
/// where squares load whole; one zoom coarser (512 to 1024 px) below that,
/// where each square brings one page: a zoomed-out view then costs a quarter
/// of the requests and bytes, and shows a sample either way.
pub fn tile_zoom(zoom: f64) -> u8 {
    let z = zoom.floor().clamp(0.0, f64::from(MAX_TILE_ZOOM)) as u8;
    if z >= WHOLE_FROM_ZOOM {
        z
    } else {
        z.saturating_sub(1)
    }
}

/// The squares covering `view` and its margin, nearest the centre first, that
/// meet `extent` (the layer's box; `None` when unknown).
pub fn tiles_for(view: &Viewport, extent: Option<&Bbox>) -> Vec<Tile> {
    let z = tile_zoom(view.zoom);
    let n = 1u32 << z;
    let size = world_size(view.zoom);
    let centre = project(view.center);
    let (half_w, half_h) = (
        view.width * (0.5 + MARGIN) / size,
        view.height * (0.5 + MARGIN) / size,
    );
    let cell = |w: f64| ((w * f64::from(n)).floor().max(0.0) as u32).min(n - 1);
    let (x0, x1) = (cell(centre.x - half_w), cell(centre.x + half_w));
    let (y0, y1) = (cell(centre.y - half_h), cell(centre.y + half_h));
    let mut tiles: Vec<Tile> = (y0..=y1)
        .flat_map(|y| (x0..=x1).map(move |x| Tile { z, x, y }))
        .filter(|t| extent.is_none_or(|e| e.intersects(&t.bbox())))
        .collect();
    let distance = |t: &Tile| {
        let dx = (f64::from(t.x) + 0.5) / f64::from(n) - centre.x;
        let dy = (f64::from(t.y) + 0.5) / f64::from(n) - centre.y;
        dx * dx + dy * dy
    };
    crate::sort::sort_by(&mut tiles, |a, b| distance(a).total_cmp(&distance(b)));
    tiles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::projection::LonLat;

    fn view(zoom: f64, lon: f64, lat: f64) -> Viewport {
        Viewport {
            center: LonLat { lon, lat },
            zoom,
            width: 1024.0,
            height: 768.0,
        }
    }

    #[test]
    fn a_view_is_covered_by_squares_with_a_margin_nearest_first() {
        let v = view(8.0, 47.5, 40.4);
        let tiles = tiles_for(&v, None);
        // 1024 × 768 px plus a quarter each side, in 256 px squares: 6 to 7 by 5 to 6.
        assert!((30..=42).contains(&tiles.len()), "{}", tiles.len());
        assert!(tiles.iter().all(|t| t.z == 8));
        let first = tiles[0].bbox();
        assert!(first.contains(47.5, 40.4) || first.west < 47.6 && first.east > 47.4);
        let view_box = v.bounds();
        for corner in [
            (view_box.west, view_box.south),
            (view_box.east, view_box.north),
        ] {
            assert!(tiles.iter().any(|t| t.bbox().contains(corner.0, corner.1)));
        }
    }

    #[test]
    fn zoomed_out_views_ask_for_squares_twice_as_wide() {
        assert_eq!(tile_zoom(8.0), 8);
        assert_eq!(tile_zoom(12.7), 12);
        assert_eq!(tile_zoom(7.9), 6);
        assert_eq!(tile_zoom(3.4), 2);
        assert_eq!(tile_zoom(0.5), 0);
        // The corridor's opening view of a layer over lon 25..80, lat 35..50:
        // one square, where squares of the view's own zoom would take four.
        let layer = Bbox::new(25.0, 35.0, 80.0, 50.0);
        let tiles = tiles_for(&view(3.3, 55.0, 42.0), Some(&layer));
        assert_eq!(tiles, vec![Tile { z: 2, x: 2, y: 1 }]);
    }

    #[test]
    fn a_pan_asks_only_for_the_squares_it_newly_shows() {
        let before = tiles_for(&view(8.0, 47.5, 40.4), None);
        let after = tiles_for(&view(8.0, 48.0, 40.4), None);
        let new: Vec<&Tile> = after.iter().filter(|t| !before.contains(t)).collect();
        assert!(!new.is_empty() && new.len() < after.len() / 2);
    }

    #[test]
    fn squares_outside_the_layer_are_not_asked() {
        let layer = Bbox::new(46.0, 38.0, 52.0, 44.0);
        let tiles = tiles_for(&view(5.0, 60.0, 40.0), Some(&layer));
        assert!(!tiles.is_empty());
        assert!(tiles.iter().all(|t| t.bbox().intersects(&layer)));
        assert!(tiles.len() < tiles_for(&view(5.0, 60.0, 40.0), None).len());
    }

    #[test]
    fn deep_squares_load_whole() {
        assert!(!loads_whole(&Tile { z: 1, x: 1, y: 0 }));
        assert!(loads_whole(&Tile { z: 9, x: 0, y: 0 }));
    }
}
