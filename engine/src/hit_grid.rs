//! Which canvas-painted feature is under the pointer: a sparse grid of cells
//! in world coordinates, so a click looks at a few cells instead of every vertex.
//!
//! SVG features are elements and the browser hits them; a canvas is one
//! bitmap, so the features painted on it need this index instead. Features
//! are inserted and removed one at a time, so a layer that grows as the reader
//! pans (loaded by viewport) or a feature that changes updates the grid alone.

use crate::projection::World;
use crate::shape::Shape;
use std::collections::HashMap;

/// Cells along each side of the data's box for the first batch at most.
const MAX_CELLS: usize = 256;

/// One thing a cell holds: a point, or one segment of a line or ring.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Entry {
    Point { feature: u32, point: u32 },
    Segment { feature: u32, part: u32, start: u32 },
}

impl Entry {
    fn feature(self) -> u32 {
        match self {
            Entry::Point { feature, .. } | Entry::Segment { feature, .. } => feature,
        }
    }
}

/// The grid: cells of feature points and segments in world coordinates; only
/// cells that hold something take memory.
#[derive(Debug)]
pub struct HitGrid {
    cell: f64,
    cells: HashMap<(i32, i32), Vec<Entry>>,
}

impl HitGrid {
    /// Indexes `shapes`; an entry's position in the slice is the index `nearest` answers.
    /// The cell size suits their box and number: about one point per cell.
    pub fn new(shapes: &[&Shape]) -> HitGrid {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for shape in shapes {
            for w in shape.points.iter().chain(shape.parts().iter().flatten()) {
                (x0, y0, x1, y1) = (x0.min(w.x), y0.min(w.y), x1.max(w.x), y1.max(w.y));
            }
        }
        let side = ((shapes.len() as f64).sqrt().ceil() as usize).clamp(1, MAX_CELLS);
        let cell = if x0 > x1 {
            DEFAULT_CELL
        } else {
            ((x1 - x0).max(y1 - y0) / side as f64).max(MIN_CELL)
        };
        let mut grid = HitGrid::with_cell(cell);
        for (index, shape) in shapes.iter().enumerate() {
            grid.insert(index, shape);
        }
        grid
    }

    /// An empty grid of square cells `cell` world units wide, for features that come later.
    pub fn with_cell(cell: f64) -> HitGrid {
        HitGrid {
            cell: cell.max(MIN_CELL),
            cells: HashMap::new(),
        }
    }

    fn cell_of(&self, w: World) -> (i32, i32) {
        // World coordinates lie in 0..1; the casts saturate for anything beyond.
        (
            (w.x / self.cell).floor() as i32,
            (w.y / self.cell).floor() as i32,
        )
    }

    /// The cells segment `a`–`b` passes through (a superset: every cell whose
    /// box comes within half a diagonal of the segment's line).
    fn cells_along(&self, a: World, b: World) -> Vec<(i32, i32)> {
        let (c0, r0) = self.cell_of(a);
        let (c1, r1) = self.cell_of(b);
        let reach = self.cell * std::f64::consts::FRAC_1_SQRT_2;
        let mut cells = Vec::new();
        for r in r0.min(r1)..=r0.max(r1) {
            for c in c0.min(c1)..=c0.max(c1) {
                let centre = World {
                    x: (f64::from(c) + 0.5) * self.cell,
                    y: (f64::from(r) + 0.5) * self.cell,
                };
                if segment_distance(centre, a, b) <= reach {
                    cells.push((c, r));
                }
            }
        }
        cells
    }

    /// Every cell and entry of the shape indexed as feature `index`.
    fn entries_of(&self, index: usize, shape: &Shape) -> Vec<((i32, i32), Entry)> {
        let feature = index as u32;
        let mut entries: Vec<((i32, i32), Entry)> = shape
            .points
            .iter()
            .enumerate()
            .map(|(point, w)| {
                let entry = Entry::Point {
                    feature,
                    point: point as u32,
                };
                (self.cell_of(*w), entry)
            })
            .collect();
        for (part, ring) in shape.parts().iter().enumerate() {
            for (start, pair) in ring.windows(2).enumerate() {
                let entry = Entry::Segment {
                    feature,
                    part: part as u32,
                    start: start as u32,
                };
                for cell in self.cells_along(pair[0], pair[1]) {
                    entries.push((cell, entry));
                }
            }
        }
        entries
    }

    /// Indexes `shape` as feature `index`.
    pub fn insert(&mut self, index: usize, shape: &Shape) {
        for (cell, entry) in self.entries_of(index, shape) {
            self.cells.entry(cell).or_default().push(entry);
        }
    }

    /// Takes feature `index`, indexed with `shape`, out of the grid.
    pub fn remove(&mut self, index: usize, shape: &Shape) {
        let feature = index as u32;
        for (cell, _) in self.entries_of(index, shape) {
            if let Some(entries) = self.cells.get_mut(&cell) {
                entries.retain(|e| e.feature() != feature);
                if entries.is_empty() {
                    self.cells.remove(&cell);
                }
            }
        }
    }

    /// The feature nearest `at` within `radius` (world units) that `shown`
    /// accepts, `shape_of` giving each indexed shape back; a point beats a line
    /// at the same distance, as symbols sit on top.
    pub fn nearest<'a>(
        &self,
        shape_of: impl Fn(usize) -> &'a Shape,
        at: World,
        radius: f64,
        shown: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let (c0, r0) = self.cell_of(World {
            x: at.x - radius,
            y: at.y - radius,
        });
        let (c1, r1) = self.cell_of(World {
            x: at.x + radius,
            y: at.y + radius,
        });
        let mut best: Option<(f64, bool, usize)> = None;
        for r in r0..=r1 {
            for c in c0..=c1 {
                let Some(entries) = self.cells.get(&(c, r)) else {
                    continue;
                };
                for entry in entries {
                    let (feature, distance, is_point) = match *entry {
                        Entry::Point { feature, point } => {
                            let p = shape_of(feature as usize).points[point as usize];
                            (feature as usize, (p.x - at.x).hypot(p.y - at.y), true)
                        }
                        Entry::Segment {
                            feature,
                            part,
                            start,
                        } => {
                            let ring = &shape_of(feature as usize).parts()[part as usize];
                            let (a, b) = (ring[start as usize], ring[start as usize + 1]);
                            (feature as usize, segment_distance(at, a, b), false)
                        }
                    };
                    if distance > radius || !shown(feature) {
                        continue;
                    }
                    let better = match best {
                        None => true,
                        Some((d, p, _)) => (is_point && !p) || (is_point == p && distance < d),
                    };
                    if better {
                        best = Some((distance, is_point, feature));
                    }
                }
            }
        }
        best.map(|(_, _, feature)| feature)
    }
}

/// The cell of a grid that starts empty: 1/4096 of the world, about 10 km at
/// the equator, 16 px at zoom 8.
pub const DEFAULT_CELL: f64 = 1.0 / 4096.0;

/// The smallest cell: a grid of points on one spot would otherwise have cells of no size.
const MIN_CELL: f64 = 1.0 / (1u64 << 22) as f64;

/// Distance from `p` to the segment `a`–`b`.
fn segment_distance(p: World, a: World, b: World) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.x - (a.x + t * dx)).hypot(p.y - (a.y + t * dy))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::{LonLat, project};
    use geojson::GeometryValue;

    fn point(lon: f64, lat: f64) -> Shape {
        Shape::from_geometry(&GeometryValue::new_point([lon, lat]))
    }

    fn line(from: [f64; 2], to: [f64; 2]) -> Shape {
        Shape::from_geometry(&GeometryValue::new_line_string([from, to]))
    }

    fn at(lon: f64, lat: f64) -> World {
        project(LonLat { lon, lat })
    }

    /// About 8 px at zoom 5, in world units.
    const RADIUS: f64 = 8.0 / 8192.0;

    #[test]
    fn a_click_on_a_point_finds_it() {
        let shapes = [point(49.8, 40.4), point(44.8, 41.7), point(41.0, 39.9)];
        let refs: Vec<&Shape> = shapes.iter().collect();
        let grid = HitGrid::new(&refs);
        assert_eq!(
            grid.nearest(|i| refs[i], at(44.8005, 41.7), RADIUS, |_| true),
            Some(1)
        );
        assert_eq!(
            grid.nearest(|i| refs[i], at(46.0, 41.7), RADIUS, |_| true),
            None
        );
    }

    #[test]
    fn a_click_beside_a_line_finds_it_between_its_vertices() {
        let shapes = [line([40.0, 40.0], [50.0, 40.0]), point(30.0, 30.0)];
        let refs: Vec<&Shape> = shapes.iter().collect();
        let grid = HitGrid::new(&refs);
        assert_eq!(
            grid.nearest(|i| refs[i], at(45.0, 40.02), RADIUS, |_| true),
            Some(0)
        );
        assert_eq!(
            grid.nearest(|i| refs[i], at(45.0, 41.0), RADIUS, |_| true),
            None
        );
    }

    #[test]
    fn a_point_on_a_line_wins_and_hidden_features_are_not_hit() {
        let shapes = [line([40.0, 40.0], [50.0, 40.0]), point(45.0, 40.0)];
        let refs: Vec<&Shape> = shapes.iter().collect();
        let grid = HitGrid::new(&refs);
        assert_eq!(
            grid.nearest(|i| refs[i], at(45.0, 40.0), RADIUS, |_| true),
            Some(1)
        );
        assert_eq!(
            grid.nearest(|i| refs[i], at(45.0, 40.0), RADIUS, |i| i != 1),
            Some(0)
        );
    }

    #[test]
    fn clicks_far_from_every_feature_find_nothing() {
        let shapes = [point(49.8, 40.4)];
        let refs: Vec<&Shape> = shapes.iter().collect();
        let grid = HitGrid::new(&refs);
        assert_eq!(
            grid.nearest(|i| refs[i], at(-170.0, -80.0), RADIUS, |_| true),
            None
        );
        assert_eq!(
            grid.nearest(|i| refs[i], at(49.8, 40.4), RADIUS, |_| true),
            Some(0)
        );
    }

    #[test]
    fn features_inserted_later_are_found_and_removed_ones_are_not() {
        let shapes = [
            point(49.8, 40.4),
            line([40.0, 40.0], [50.0, 40.0]),
            point(10.0, 50.0),
        ];
        let refs: Vec<&Shape> = shapes.iter().collect();
        let mut grid = HitGrid::with_cell(DEFAULT_CELL);
        grid.insert(0, refs[0]);
        assert_eq!(
            grid.nearest(|i| refs[i], at(45.0, 40.0), RADIUS, |_| true),
            None
        );
        grid.insert(1, refs[1]);
        grid.insert(2, refs[2]);
        assert_eq!(
            grid.nearest(|i| refs[i], at(45.0, 40.01), RADIUS, |_| true),
            Some(1)
        );
        assert_eq!(
            grid.nearest(|i| refs[i], at(10.0, 50.0), RADIUS, |_| true),
            Some(2)
        );
        grid.remove(1, refs[1]);
        assert_eq!(
            grid.nearest(|i| refs[i], at(45.0, 40.01), RADIUS, |_| true),
            None
        );
        assert_eq!(
            grid.nearest(|i| refs[i], at(49.8, 40.4), RADIUS, |_| true),
            Some(0)
        );
    }

    #[test]
    fn an_empty_grid_finds_nothing() {
        let grid = HitGrid::new(&[]);
        assert_eq!(
            grid.nearest(
                |_| unreachable!("an empty grid holds no shapes"),
                at(45.0, 40.0),
                RADIUS,
                |_| true
            ),
            None
        );
    }
}
