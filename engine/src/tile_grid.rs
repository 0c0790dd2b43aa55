//! The Web Mercator tile grid as boxes: the squares a layer loaded by
//! viewport is asked in, and how the server tells such a square from any
//! other box (squares are asked again by every reader of the same view, so
//! their answers are worth keeping).

use crate::projection::{LonLat, World, project, unproject};
use atlas_model::Bbox;
use atlas_model::number::Fixed;

/// The deepest zoom a square is asked at: squares of about 2.4 km at the equator.
pub const MAX_TILE_ZOOM: u8 = 14;

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
        format!(
            "{},{},{},{}",
            Fixed(b.west, 6),
            Fixed(b.south, 6),
            Fixed(b.east, 6),
            Fixed(b.north, 6)
        )
    }

    /// The square whose box `bbox` is, to the six decimals [`Tile::bbox_param`]
    /// writes; `None` for any other box.
    pub fn of_bbox(bbox: &Bbox) -> Option<Tile> {
        const CLOSE: f64 = 1.5e-6;
        let width = bbox.east - bbox.west;
        let z =
            (0..=MAX_TILE_ZOOM).find(|z| (width - 360.0 / f64::from(1u32 << z)).abs() < CLOSE)?;
        let n = f64::from(1u32 << z);
        let x = ((bbox.west + 180.0) / 360.0 * n).round();
        // The row whose top is the box's north edge.
        let top = project(LonLat {
            lon: bbox.west,
            lat: bbox.north,
        });
        let y = (top.y * n).round();
        if !(0.0..n).contains(&x) || !(0.0..n).contains(&y) {
            return None;
        }
        let tile = Tile {
            z,
            x: x as u32,
            y: y as u32,
        };
        let exact = tile.bbox();
        let same = [
            (exact.west, bbox.west),
            (exact.south, bbox.south),
            (exact.east, bbox.east),
            (exact.north, bbox.north),
        ]
        .iter()
        .all(|(a, b)| (a - b).abs() < CLOSE);
        same.then_some(tile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The box a client sends for `tile`: its parameter, read back as numbers.
    fn sent(tile: Tile) -> Bbox {
        let n: Vec<f64> = tile
            .bbox_param()
            .split(',')
            .map(|v| v.parse().expect("a number"))
            .collect();
        Bbox::new(n[0], n[1], n[2], n[3])
    }

    #[test]
    fn a_square_is_written_with_six_decimals_west_south_east_north() {
        let tile = Tile { z: 1, x: 1, y: 0 };
        assert_eq!(tile.bbox_param(), "0.000000,0.000000,180.000000,85.051129");
    }

    #[test]
    fn every_square_as_sent_is_known_again() {
        for z in 0..=MAX_TILE_ZOOM {
            let n = 1u32 << z;
            for (x, y) in [(0, 0), (n - 1, n - 1), (n / 2, n / 3), (n / 5, n - 1)] {
                let tile = Tile { z, x, y };
                assert_eq!(Tile::of_bbox(&sent(tile)), Some(tile), "{tile:?}");
            }
        }
    }

    #[test]
    fn other_boxes_are_not_squares() {
        for bbox in [
            Bbox::new(44.0, 38.0, 52.0, 44.0),
            Bbox::new(0.0, 0.0, 90.0, 60.0),
            Bbox::new(0.1, 0.0, 90.1, 66.513260),
            Bbox::new(-180.0, -90.0, 180.0, 90.0),
        ] {
            assert_eq!(Tile::of_bbox(&bbox), None, "{bbox:?}");
        }
        // A square's width and west edge, a row's north edge, the wrong south edge.
        let mut b = sent(Tile { z: 2, x: 2, y: 1 });
        b.south += 1.0;
        assert_eq!(Tile::of_bbox(&b), None);
    }
}
