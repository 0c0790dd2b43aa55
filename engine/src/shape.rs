//! Geometry projected once to world coordinates, and drawn as SVG path data
//! simplified for the zoom level it is drawn at.

use crate::projection::{LonLat, World, project, world_size};
use crate::viewport::Frame;
use geo::{Coord, LineString, Simplify};
use geojson::{GeometryValue, Position};
use std::sync::OnceLock;

/// How far (in screen pixels) a simplified line may stray from the true one.
const TOLERANCE_PX: f64 = 0.4;
/// Simplified copies are kept for whole zoom levels 0..ZOOM_LEVELS.
const ZOOM_LEVELS: usize = 16;

/// One line, or one polygon ring, in world coordinates.
pub type Ring = Vec<World>;

/// A geometry in world coordinates.
#[derive(Debug)]
pub struct Shape {
    /// The points of a point geometry, empty otherwise.
    pub points: Vec<World>,
    /// Lines, or polygon rings (`closed` tells which).
    parts: Vec<Ring>,
    /// Whether `parts` are polygon rings.
    closed: bool,
    /// `parts` simplified per whole zoom level, made on first use.
    simplified: [OnceLock<Vec<Ring>>; ZOOM_LEVELS],
}

fn to_world(p: &Position) -> World {
    project(LonLat {
        lon: p[0],
        lat: p[1],
    })
}

fn ring(line: &[Position]) -> Ring {
    line.iter().map(to_world).collect()
}

impl Shape {
    /// Projects a GeoJSON geometry.
    pub fn from_geometry(value: &GeometryValue) -> Shape {
        let (points, parts, closed) = match value {
            GeometryValue::Point { coordinates } => (vec![to_world(coordinates)], vec![], false),
            GeometryValue::MultiPoint { coordinates } => {
                (coordinates.iter().map(to_world).collect(), vec![], false)
            }
            GeometryValue::LineString { coordinates } => (vec![], vec![ring(coordinates)], false),
            GeometryValue::MultiLineString { coordinates } => {
                (vec![], coordinates.iter().map(|l| ring(l)).collect(), false)
            }
            GeometryValue::Polygon { coordinates } => {
                (vec![], coordinates.iter().map(|l| ring(l)).collect(), true)
            }
            GeometryValue::MultiPolygon { coordinates } => (
                vec![],
                coordinates.iter().flatten().map(|l| ring(l)).collect(),
                true,
            ),
            GeometryValue::GeometryCollection { .. } => (vec![], vec![], false),
        };
        Shape {
            points,
            parts,
            closed,
            simplified: Default::default(),
        }
    }

    /// Whether this is a line or area (drawn as a path) rather than points.
    pub fn is_path(&self) -> bool {
        !self.parts.is_empty()
    }

    /// Whether this is an area.
    pub fn is_area(&self) -> bool {
        self.closed
    }

    /// Where a symbol, a label or a popup attaches: the point, the middle vertex
    /// of the longest line, or the centre of an area's box.
    pub fn anchor(&self) -> Option<World> {
        if let Some(p) = self.points.first() {
            return Some(*p);
        }
        let longest = self.parts.iter().max_by_key(|p| p.len())?;
        if self.closed {
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for p in longest {
                (x0, y0, x1, y1) = (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y));
            }
            return Some(World {
                x: (x0 + x1) / 2.0,
                y: (y0 + y1) / 2.0,
            });
        }
        longest.get(longest.len() / 2).copied()
    }

    /// The lines or rings at full detail.
    pub fn parts(&self) -> &[Ring] {
        &self.parts
    }

    /// The lines or rings simplified for a zoom level.
    pub fn parts_at(&self, zoom: f64) -> &[Ring] {
        let level = (zoom.floor().max(0.0) as usize).min(ZOOM_LEVELS - 1);
        self.simplified[level].get_or_init(|| {
            // Simplify for the fractional zooms above this whole level too: they draw larger, so use its scale.
            let epsilon = TOLERANCE_PX / world_size(level as f64);
            self.parts
                .iter()
                .filter_map(|part| simplify(part, epsilon, self.closed))
                .collect()
        })
    }

    /// SVG path data for this shape in the layer coordinates of `frame`; empty for points.
    pub fn path(&self, frame: &Frame) -> String {
        let parts = self.parts_at(frame.zoom);
        let mut d = String::with_capacity(parts.iter().map(|p| p.len() * 14).sum());
        for part in parts {
            let layer: Vec<(f64, f64)> = part.iter().map(|w| frame.to_layer(*w)).collect();
            push_part(&mut d, &layer, self.closed);
        }
        d
    }

    /// [`Shape::path`] with an area's rings cut to `clip` (left, top, right,
    /// bottom in layer coordinates): a drawing made once, such as the
    /// server's, leaves out what no window shows. Lines are not cut.
    pub fn clipped_path(&self, frame: &Frame, clip: (f64, f64, f64, f64)) -> String {
        if !self.closed {
            return self.path(frame);
        }
        let mut d = String::new();
        for part in self.parts_at(frame.zoom) {
            let layer: Vec<(f64, f64)> = part.iter().map(|w| frame.to_layer(*w)).collect();
            let cut = clip_ring(&layer, clip);
            if cut.len() >= 3 {
                push_part(&mut d, &cut, true);
            }
        }
        d
    }

    /// [`Shape::clipped_path`] in whole layer units, each point after a part's
    /// first written relative to the one before and a point that rounds onto
    /// the one before left out: about a third of the bytes, for a drawing sent
    /// over the network (the server's first map) rather than built in the page.
    pub fn clipped_path_in_whole_units(&self, frame: &Frame, clip: (f64, f64, f64, f64)) -> String {
        let mut d = String::new();
        for part in self.parts_at(frame.zoom) {
            let layer: Vec<(f64, f64)> = part.iter().map(|w| frame.to_layer(*w)).collect();
            if !self.closed {
                push_part_relative(&mut d, &layer, false);
                continue;
            }
            let cut = clip_ring(&layer, clip);
            if cut.len() >= 3 {
                push_part_relative(&mut d, &cut, true);
            }
        }
        d
    }
}

/// Appends one line or ring in whole units: `M` to its first point, then one
/// `l` with the steps between the points that do not round onto the one before.
fn push_part_relative(d: &mut String, points: &[(f64, f64)], closed: bool) {
    // Saturating casts: a vertex far off screen lands at the edge of i64, still valid path data.
    let mut whole = points
        .iter()
        .map(|(x, y)| (x.round() as i64, y.round() as i64));
    let Some(first) = whole.next() else {
        return;
    };
    d.push('M');
    push_integer(d, first.0, false);
    push_integer(d, first.1, true);
    let mut previous = first;
    let mut steps = 0;
    for point in whole {
        if point == previous {
            continue;
        }
        if steps == 0 {
            d.push('l');
        }
        push_integer(d, point.0 - previous.0, steps > 0);
        push_integer(d, point.1 - previous.1, true);
        previous = point;
        steps += 1;
    }
    if closed {
        d.push('z');
    }
}

/// Appends `n`, after a space when it follows another number and has no sign to part them.
fn push_integer(d: &mut String, n: i64, after_number: bool) {
    if n < 0 {
        d.push('-');
    } else if after_number {
        d.push(' ');
    }
    push_digits(d, n.unsigned_abs());
}

/// Appends one line or ring, in layer coordinates, to path data.
fn push_part(d: &mut String, points: &[(f64, f64)], closed: bool) {
    for (i, (x, y)) in points.iter().enumerate() {
        d.push(if i == 0 { 'M' } else { 'L' });
        push_tenths(d, *x);
        d.push(' ');
        push_tenths(d, *y);
    }
    if closed {
        d.push('Z');
    }
}

/// A ring cut to a rectangle (Sutherland-Hodgman, one edge at a time); the
/// cut runs along the rectangle's edges, which lie outside any view drawn.
fn clip_ring(
    ring: &[(f64, f64)],
    (left, top, right, bottom): (f64, f64, f64, f64),
) -> Vec<(f64, f64)> {
    let edges: [(usize, f64, bool); 4] = [
        (0, left, true),
        (0, right, false),
        (1, top, true),
        (1, bottom, false),
    ];
    let mut points = ring.to_vec();
    for (axis, at, keep_above) in edges {
        let coord = |p: &(f64, f64)| if axis == 0 { p.0 } else { p.1 };
        let inside = |p: &(f64, f64)| {
            if keep_above {
                coord(p) >= at
            } else {
                coord(p) <= at
            }
        };
        let cut = |a: &(f64, f64), b: &(f64, f64)| {
            let t = (at - coord(a)) / (coord(b) - coord(a));
            (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
        };
        let mut out = Vec::with_capacity(points.len());
        for (i, current) in points.iter().enumerate() {
            let previous = &points[(i + points.len() - 1) % points.len()];
            match (inside(previous), inside(current)) {
                (true, true) => out.push(*current),
                (true, false) => out.push(cut(previous, current)),
                (false, true) => {
                    out.push(cut(previous, current));
                    out.push(*current);
                }
                (false, false) => {}
            }
        }
        points = out;
        if points.is_empty() {
            break;
        }
    }
    points
}

/// Appends `v` to one decimal, as `{:.1}` would for any coordinate on screen.
///
/// Digits by hand, not `{:.1}` or even `write!`: the formatter took a few
/// milliseconds per thousand vertices, and the basemap alone has tens of
/// thousands, rewritten at every zoom.
fn push_tenths(d: &mut String, v: f64) {
    // Saturating: a vertex far off screen lands at the edge of i64, still valid path data.
    let tenths = (v * 10.0).round() as i64;
    if tenths < 0 {
        d.push('-');
    }
    let n = tenths.unsigned_abs();
    push_digits(d, n / 10);
    d.push('.');
    d.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends `n` in decimal.
fn push_digits(d: &mut String, mut n: u64) {
    // u64::MAX has 20 digits, written from the last one back.
    let mut buf = [0_u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    d.extend(buf[at..].iter().map(|&b| char::from(b)));
}

fn simplify(part: &Ring, epsilon: f64, closed: bool) -> Option<Ring> {
    let line: LineString<f64> = part.iter().map(|w| Coord { x: w.x, y: w.y }).collect();
    let out: Ring = line
        .simplify(epsilon)
        .0
        .into_iter()
        .map(|c| World { x: c.x, y: c.y })
        .collect();
    // A ring simplified below a triangle draws nothing visible at this zoom.
    let min = if closed { 4 } else { 2 };
    (out.len() >= min).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::viewport::Viewport;

    fn view(zoom: f64) -> Frame {
        Frame::of(&Viewport {
            center: LonLat {
                lon: 45.0,
                lat: 41.0,
            },
            zoom,
            width: 800.0,
            height: 600.0,
        })
    }

    fn wiggly_line() -> GeometryValue {
        // A line with many tiny zig-zags along 44..46°E.
        GeometryValue::new_line_string((0..200).map(|i| {
            [
                44.0 + i as f64 * 0.01,
                41.0 + if i % 2 == 0 { 0.0005 } else { 0.0 },
            ]
        }))
    }

    #[test]
    fn zoomed_out_lines_drop_vertices_that_would_not_show() {
        let shape = Shape::from_geometry(&wiggly_line());
        let far = shape.path(&view(4.0)).matches('L').count();
        let near = shape.path(&view(13.0)).matches('L').count();
        assert!(far < 5, "zoomed out keeps {far} segments");
        assert_eq!(near, 199, "zoomed in keeps every vertex");
    }

    #[test]
    fn tenths_read_as_the_float_formatter_writes_them() {
        for v in [
            0.0, 0.04, 0.05, 1.25, -3.17159, 1234.56, -0.5, 99.96, -0.04, 10.0, -120.0,
        ] {
            let mut d = String::new();
            push_tenths(&mut d, v);
            let got: f64 = d.parse().expect("a number");
            assert!((got - v).abs() <= 0.05 + 1e-9, "{v} wrote {d}");
            assert_eq!(d.split('.').nth(1).map(str::len), Some(1), "{d}");
        }
    }

    /// The absolute points of path data in whole units (`M x y l dx dy dx dy… z`).
    fn points_of(d: &str) -> Vec<Vec<(i64, i64)>> {
        let mut parts = Vec::new();
        for part in d.split('M').filter(|p| !p.is_empty()) {
            let part = part.trim_end_matches('z');
            let (start, steps) = part.split_once('l').unwrap_or((part, ""));
            let numbers = |text: &str| -> Vec<i64> {
                text.replace('-', " -")
                    .split_whitespace()
                    .map(|n| n.parse().expect("an integer"))
                    .collect()
            };
            let start = numbers(start);
            let mut at = (start[0], start[1]);
            let mut points = vec![at];
            for step in numbers(steps).chunks(2) {
                at = (at.0 + step[0], at.1 + step[1]);
                points.push(at);
            }
            parts.push(points);
        }
        parts
    }

    #[test]
    fn paths_in_whole_units_step_from_point_to_point_and_skip_repeats() {
        let mut d = String::new();
        let points = [
            (10.4, 20.6),
            (13.0, 18.2),
            (13.2, 18.4),
            (9.0, 25.0),
            (-3.6, -7.5),
        ];
        push_part_relative(&mut d, &points, true);
        assert_eq!(d, "M10 21l3-3-4 7-13-33z");
        assert_eq!(
            points_of(&d),
            vec![vec![(10, 21), (13, 18), (9, 25), (-4, -8)]]
        );
    }

    #[test]
    fn a_ring_in_whole_units_is_the_ring_in_tenths_rounded() {
        let ring = GeometryValue::Polygon {
            coordinates: vec![
                (0..60)
                    .map(|i| {
                        let a = f64::from(i) * std::f64::consts::TAU / 60.0;
                        [45.0 + 1.5 * a.cos(), 41.0 + a.sin()].into()
                    })
                    .chain(std::iter::once([46.5, 41.0].into()))
                    .collect(),
            ],
        };
        let shape = Shape::from_geometry(&ring);
        let frame = view(6.0);
        let clip = (-1e6, -1e6, 1e6, 1e6);
        let whole = points_of(&shape.clipped_path_in_whole_units(&frame, clip));
        let tenths: Vec<(i64, i64)> = shape
            .clipped_path(&frame, clip)
            .trim_end_matches('Z')
            .split(['M', 'L'])
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (x, y) = p.split_once(' ').expect("x y");
                let r = |v: &str| v.parse::<f64>().expect("a number").round() as i64;
                (r(x), r(y))
            })
            .collect();
        let mut expected = tenths.clone();
        expected.dedup();
        // Rounded once from the exact point rather than twice through tenths:
        // a point may land one unit apart.
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].len(), expected.len());
        for (got, want) in whole[0].iter().zip(&expected) {
            assert!(
                (got.0 - want.0).abs() <= 1 && (got.1 - want.1).abs() <= 1,
                "{got:?} {want:?}"
            );
        }
    }

    #[test]
    fn tenths_match_the_formatter_away_from_ties() {
        for v in [0.0, 7.0, 10.0, 123.44, -120.0, -0.56, 99.96, 12345.678] {
            let mut d = String::new();
            push_tenths(&mut d, v);
            assert_eq!(d, format!("{v:.1}"));
        }
    }

    #[test]
    fn polygons_close_their_rings() {
        let square = GeometryValue::Polygon {
            coordinates: vec![vec![
                [49.0, 40.0].into(),
                [49.5, 40.0].into(),
                [49.5, 40.5].into(),
                [49.0, 40.5].into(),
                [49.0, 40.0].into(),
            ]],
        };
        let shape = Shape::from_geometry(&square);
        assert!(shape.is_area());
        assert!(shape.path(&view(8.0)).ends_with('Z'));
    }

    #[test]
    fn a_clipped_area_keeps_only_what_lies_in_the_box() {
        let square = GeometryValue::Polygon {
            coordinates: vec![vec![
                [30.0, 30.0].into(),
                [60.0, 30.0].into(),
                [60.0, 50.0].into(),
                [30.0, 50.0].into(),
                [30.0, 30.0].into(),
            ]],
        };
        let shape = Shape::from_geometry(&square);
        let frame = view(6.0);
        let in_box = |d: &str| {
            let numbers: Vec<f64> = d
                .split(['M', 'L', 'Z', ' '])
                .filter_map(|n| n.parse().ok())
                .collect();
            numbers
                .chunks(2)
                .all(|p| (-0.05..=800.05).contains(&p[0]) && (-0.05..=600.05).contains(&p[1]))
        };
        let cut = shape.clipped_path(&frame, (0.0, 0.0, 800.0, 600.0));
        assert!(cut.starts_with('M') && cut.ends_with('Z'), "{cut}");
        assert!(in_box(&cut), "{cut}");
        // Uncut, the square reaches far past the box.
        let whole = shape.path(&frame);
        assert!(!in_box(&whole), "{whole}");
    }

    #[test]
    fn a_point_anchors_at_itself() {
        let shape = Shape::from_geometry(&GeometryValue::new_point([49.87, 40.41]));
        assert_eq!(
            shape.anchor(),
            Some(project(LonLat {
                lon: 49.87,
                lat: 40.41
            }))
        );
        assert!(!shape.is_path());
    }
}
