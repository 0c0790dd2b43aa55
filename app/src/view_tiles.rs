//! The squares a layer loaded by viewport is requested in: the view and a
//! margin around it, snapped to the Web Mercator tile grid of a zoom near the
//! view's, so the same square is asked with the same address (the browser and
//! the server's validators can reuse the answer) and a pan asks only for the
//! squares it newly shows.

use crate::map::projection::{World, project, unproject, world_size};
use crate::map::viewport::Viewport;
use atlas_model::Bbox;

/// How much of the view's width and height is added on each side, so a short
/// pan shows features already loaded.
const MARGIN: f64 = 0.25;

/// The deepest tile zoom: squares of about 2.4 km at the equator, past what
/// any layer needs to come apart.
const MAX_TILE_ZOOM: u8 = 14;

/// The features asked per request (the `limit` of a page).
pub const PAGE_LIMIT: u32 = 1_000;

/// From this tile zoom a square is loaded whole, page after page; below it a
/// square holds at most one page. A square of that zoom is about 150 km wide,
/// where any layer's features come apart on screen; a zoomed-out view of a
/// hundred thousand features would otherwise download them all to draw a blot.
pub const WHOLE_FROM_ZOOM: u8 = 8;

/// A square of the tile grid: zoom, column and row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tile {
    /// The grid's zoom: 2^z squares across the world.
    pub z: u8,
    /// Column, west to east.
    pub x: u32,
    /// Row, north to south.
    pub y: u32,
}

impl Tile {
    /// Its geographic box.
    pub fn bbox(&self) -> Bbox {
        let n = f64::from(1u32 << self.z);
        let nw = unproject(World {
            x: f64::from(self.x) / n,
            y: f64::from(self.y) / n,
        });
        let se = unproject(World {
            x: f64::from(self.x + 1) / n,
            y: f64::from(self.y + 1) / n,
        });
        Bbox::new(nw.lon, se.lat, se.lon, nw.lat)
    }

    /// Its box as the `bbox` parameter writes it (west,south,east,north), six decimals.
    pub fn bbox_param(&self) -> String {
        let b = self.bbox();
        format!("{:.6},{:.6},{:.6},{:.6}", b.west, b.south, b.east, b.north)
    }

    /// Whether a square this deep is loaded whole rather than one page of it.
    pub fn loads_whole(&self) -> bool {
        self.z >= WHOLE_FROM_ZOOM
    }
}

/// The tile zoom for a view at `zoom`: squares 256 to 512 px wide on screen.
pub fn tile_zoom(zoom: f64) -> u8 {
    zoom.floor().clamp(0.0, f64::from(MAX_TILE_ZOOM)) as u8
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
    fn a_square_is_written_with_six_decimals_west_south_east_north() {
        let tile = Tile { z: 1, x: 1, y: 0 };
        assert_eq!(tile.bbox_param(), "0.000000,0.000000,180.000000,85.051129");
        assert!(!tile.loads_whole());
        assert!(Tile { z: 9, x: 0, y: 0 }.loads_whole());
    }
}
