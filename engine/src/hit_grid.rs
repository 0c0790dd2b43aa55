//! Which canvas-painted feature is under the pointer: a uniform grid over the
//! features' world box, so a click looks at a few cells instead of every vertex.
//!
//! SVG features are elements and the browser hit-tests them; a canvas is one
//! bitmap, so the features painted on it need this index instead.

use crate::projection::World;
use crate::shape::Shape;

/// Cells along each side of the grid at most; the grid adapts to fewer features.
const MAX_CELLS: usize = 256;

/// One thing a cell holds: a point, or one segment of a line or ring.
#[derive(Debug, Clone, Copy)]
enum Entry {
    Point { feature: u32, point: u32 },
    Segment { feature: u32, part: u32, start: u32 },
}

/// The grid: cells of feature points and segments in world coordinates.
#[derive(Debug)]
pub struct HitGrid {
    /// World box the grid covers: west, north, east, south (world y grows southwards).
    origin: World,
    cell: f64,
    columns: usize,
    rows: usize,
    cells: Vec<Vec<Entry>>,
}

impl HitGrid {
    /// Indexes `shapes`; an entry's position in the slice is the index `nearest` answers.
    pub fn new(shapes: &[&Shape]) -> HitGrid {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for shape in shapes {
            for w in shape.points.iter().chain(shape.parts().iter().flatten()) {
                (x0, y0, x1, y1) = (x0.min(w.x), y0.min(w.y), x1.max(w.x), y1.max(w.y));
            }
        }
        if x0 > x1 {
            (x0, y0, x1, y1) = (0.0, 0.0, 1.0, 1.0);
        }
        // About one point per cell, within bounds: dense enough to answer from a
        // handful of entries, coarse enough that the grid stays small.
        let side = (shapes.len() as f64).sqrt().ceil() as usize;
        let side = side.clamp(1, MAX_CELLS);
        let cell = ((x1 - x0).max(y1 - y0) / side as f64).max(1e-12);
        let columns = (((x1 - x0) / cell).floor() as usize + 1).min(MAX_CELLS + 1);
        let rows = (((y1 - y0) / cell).floor() as usize + 1).min(MAX_CELLS + 1);
        let mut grid = HitGrid {
            origin: World { x: x0, y: y0 },
            cell,
            columns,
            rows,
            cells: vec![Vec::new(); columns * rows],
        };
        for (feature, shape) in shapes.iter().enumerate() {
            let feature = feature as u32;
            for (point, w) in shape.points.iter().enumerate() {
                let (c, r) = grid.cell_of(*w);
                grid.cells[r * columns + c].push(Entry::Point {
                    feature,
                    point: point as u32,
                });
            }
            for (part, ring) in shape.parts().iter().enumerate() {
                for (start, pair) in ring.windows(2).enumerate() {
                    let (c0, r0) = grid.cell_of(pair[0]);
                    let (c1, r1) = grid.cell_of(pair[1]);
                    let entry = Entry::Segment {
                        feature,
                        part: part as u32,
                        start: start as u32,
                    };
                    for r in r0.min(r1)..=r0.max(r1) {
                        for c in c0.min(c1)..=c0.max(c1) {
                            grid.cells[r * columns + c].push(entry);
                        }
                    }
                }
            }
        }
        grid
    }

    fn cell_of(&self, w: World) -> (usize, usize) {
        let c = ((w.x - self.origin.x) / self.cell).floor().max(0.0) as usize;
        let r = ((w.y - self.origin.y) / self.cell).floor().max(0.0) as usize;
        (c.min(self.columns - 1), r.min(self.rows - 1))
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
                for entry in &self.cells[r * self.columns + c] {
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
    fn clicks_outside_the_grid_clamp_to_its_edge_cells() {
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
