//! The geometry being drawn: a site, a route or a zone, as its vertices in
//! longitude/latitude. Pure data and operations, so the drawing rules are
//! tested natively; the map overlay (`draw::layer`) only calls them.

use geojson::{Geometry, GeometryValue};
use serde::{Deserialize, Serialize};

/// A WGS 84 position, `[lon, lat]`, as GeoJSON writes it.
pub type Position = [f64; 2];

/// What is drawn: a point, a line or an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShapeKind {
    /// One point: a plant, a port, a crossing.
    Site,
    /// A line through two or more vertices: a railway, a pipeline.
    Route,
    /// An area with three or more corners: a free economic zone.
    Zone,
}

impl ShapeKind {
    /// The fewest vertices a finished shape of this kind has.
    pub fn min_vertices(self) -> usize {
        match self {
            ShapeKind::Site => 1,
            ShapeKind::Route => 2,
            ShapeKind::Zone => 3,
        }
    }

    /// A word for the editor's buttons and messages.
    pub fn label(self) -> &'static str {
        match self {
            ShapeKind::Site => "site",
            ShapeKind::Route => "route",
            ShapeKind::Zone => "zone",
        }
    }

    /// The GeoJSON type a finished shape is saved as.
    pub fn geometry_type(self) -> &'static str {
        match self {
            ShapeKind::Site => "Point",
            ShapeKind::Route => "LineString",
            ShapeKind::Zone => "Polygon",
        }
    }
}

/// Rounds a position to 6 decimals (about 0.1 m), as the data files write them.
pub fn round6(p: Position) -> Position {
    let round = |v: f64| (v * 1e6).round() / 1e6;
    [round(p[0]), round(p[1])]
}

/// A shape being drawn or changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sketch {
    /// What is drawn.
    pub shape: ShapeKind,
    /// Its vertices in order (a zone's ring without the closing repeat).
    pub vertices: Vec<Position>,
    /// Whether clicks still add vertices (a route or zone not yet finished).
    pub drawing: bool,
}

impl Sketch {
    /// An empty shape of `shape`, taking vertices from the next click.
    pub fn new(shape: ShapeKind) -> Sketch {
        Sketch {
            shape,
            vertices: Vec::new(),
            drawing: true,
        }
    }

    /// Adds a vertex at `p` from a click: a site moves there and is done; a
    /// route or zone grows by one vertex at its end.
    pub fn add(&mut self, p: Position) {
        match self.shape {
            ShapeKind::Site => {
                self.vertices = vec![p];
                self.drawing = false;
            }
            ShapeKind::Route | ShapeKind::Zone => self.vertices.push(p),
        }
    }

    /// Puts a new vertex at `p` before the vertex at `index` (at the end when
    /// `index` is the count), as dragging a midpoint does.
    pub fn insert(&mut self, index: usize, p: Position) {
        let index = index.min(self.vertices.len());
        self.vertices.insert(index, p);
    }

    /// Moves vertex `index` to `p`; false when there is no such vertex.
    pub fn move_vertex(&mut self, index: usize, p: Position) -> bool {
        match self.vertices.get_mut(index) {
            Some(v) => {
                *v = p;
                true
            }
            None => false,
        }
    }

    /// Removes vertex `index`. A finished shape keeps the vertices its kind
    /// needs; while drawing any vertex may go. False when nothing was removed.
    pub fn remove(&mut self, index: usize) -> bool {
        let keeps_enough = self.drawing || self.vertices.len() > self.shape.min_vertices();
        if index < self.vertices.len() && keeps_enough {
            self.vertices.remove(index);
            true
        } else {
            false
        }
    }

    /// Whether the shape has the vertices its kind needs.
    pub fn can_finish(&self) -> bool {
        self.vertices.len() >= self.shape.min_vertices()
    }

    /// Stops adding vertices, when the shape has enough; true if it did.
    pub fn finish(&mut self) -> bool {
        if self.can_finish() {
            self.drawing = false;
        }
        !self.drawing
    }

    /// The midpoints of the edges, each with the index a vertex inserted there
    /// takes: a route's between neighbours, a zone's also from the last
    /// corner back to the first. Midpoints are taken in longitude/latitude,
    /// which at an edge's length on screen is where the eye expects them.
    pub fn midpoints(&self) -> Vec<(usize, Position)> {
        let v = &self.vertices;
        let mid = |a: Position, b: Position| [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        let mut out: Vec<(usize, Position)> = v
            .windows(2)
            .enumerate()
            .map(|(i, w)| (i + 1, mid(w[0], w[1])))
            .collect();
        if self.shape == ShapeKind::Zone
            && v.len() >= 3
            && let (Some(first), Some(last)) = (v.first(), v.last())
        {
            out.push((v.len(), mid(*last, *first)));
        }
        out
    }

    /// The shape as a GeoJSON geometry, or `None` before its first vertex.
    /// A shape with too few vertices still becomes its type, so the model's
    /// rules say what is missing ("a line needs at least 2 positions").
    pub fn to_geometry(&self) -> Option<Geometry> {
        let first = *self.vertices.first()?;
        let line = |points: &[Position]| {
            points
                .iter()
                .map(|p| geojson::Position::from(*p))
                .collect::<Vec<_>>()
        };
        let value = match self.shape {
            ShapeKind::Site => GeometryValue::new_point(first),
            ShapeKind::Route => GeometryValue::LineString {
                coordinates: line(&self.vertices),
            },
            ShapeKind::Zone => {
                let mut ring = line(&self.vertices);
                ring.push(geojson::Position::from(first));
                GeometryValue::Polygon {
                    coordinates: vec![ring],
                }
            }
        };
        Some(Geometry::new(value))
    }

    /// A finished sketch of `value`: a Point, a LineString or a Polygon of one
    /// ring. Other geometries (several parts, holes) are not drawn by hand
    /// here, so they give `None` and keep their geometry as it is.
    pub fn from_geometry(value: &GeometryValue) -> Option<Sketch> {
        let position = |p: &geojson::Position| -> Option<Position> {
            let s = p.as_slice();
            Some([*s.first()?, *s.get(1)?])
        };
        let (shape, vertices) = match value {
            GeometryValue::Point { coordinates } => (ShapeKind::Site, vec![position(coordinates)?]),
            GeometryValue::LineString { coordinates } => (
                ShapeKind::Route,
                coordinates
                    .iter()
                    .map(position)
                    .collect::<Option<Vec<_>>>()?,
            ),
            GeometryValue::Polygon { coordinates } if coordinates.len() == 1 => {
                let mut ring = coordinates[0]
                    .iter()
                    .map(position)
                    .collect::<Option<Vec<_>>>()?;
                if ring.len() > 1 && ring.first() == ring.last() {
                    ring.pop();
                }
                (ShapeKind::Zone, ring)
            }
            _ => return None,
        };
        Some(Sketch {
            shape,
            vertices,
            drawing: false,
        })
    }

    /// "Route: 5 vertices" and the like, for the panel and screen readers.
    pub fn summary(&self) -> String {
        let n = self.vertices.len();
        match (self.shape, self.vertices.first()) {
            (ShapeKind::Site, Some(p)) => format!("Site at {:.6}, {:.6}", p[1], p[0]),
            (ShapeKind::Site, None) => "Site: click the map to place it".into(),
            (ShapeKind::Route, _) if n == 1 => "Route: 1 vertex".into(),
            (ShapeKind::Route, _) => format!("Route: {n} vertices"),
            (ShapeKind::Zone, _) if n == 1 => "Zone: 1 corner".into(),
            (ShapeKind::Zone, _) => format!("Zone: {n} corners"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(points: &[Position]) -> Sketch {
        let mut s = Sketch::new(ShapeKind::Route);
        for p in points {
            s.add(*p);
        }
        s
    }

    #[test]
    fn a_site_is_placed_by_one_click_and_moves_with_the_next() {
        let mut s = Sketch::new(ShapeKind::Site);
        s.add([49.0, 40.0]);
        assert!(!s.drawing);
        s.add([50.0, 41.0]);
        assert_eq!(s.vertices, [[50.0, 41.0]]);
        assert_eq!(
            s.to_geometry().map(|g| g.value),
            Some(GeometryValue::new_point(vec![50.0, 41.0]))
        );
    }

    #[test]
    fn a_route_needs_two_vertices_to_finish() {
        let mut s = route(&[[49.0, 40.0]]);
        assert!(!s.finish());
        assert!(s.drawing);
        s.add([44.8, 41.7]);
        assert!(s.finish());
        assert_eq!(s.shape.geometry_type(), "LineString");
    }

    #[test]
    fn a_zone_is_saved_as_a_closed_ring_and_read_back_open() {
        let mut s = Sketch::new(ShapeKind::Zone);
        for p in [[49.4, 39.9], [49.5, 39.9], [49.5, 40.0]] {
            s.add(p);
        }
        assert!(s.finish());
        let geometry = s.to_geometry().expect("geometry");
        let GeometryValue::Polygon { coordinates } = &geometry.value else {
            panic!("a polygon");
        };
        assert_eq!(coordinates[0].len(), 4);
        assert_eq!(coordinates[0].first(), coordinates[0].last());
        assert_eq!(Sketch::from_geometry(&geometry.value), Some(s));
    }

    #[test]
    fn midpoints_lie_between_neighbours_and_a_zone_closes() {
        let r = route(&[[0.0, 0.0], [2.0, 0.0], [2.0, 2.0]]);
        assert_eq!(r.midpoints(), [(1, [1.0, 0.0]), (2, [2.0, 1.0])]);
        let mut z = r.clone();
        z.shape = ShapeKind::Zone;
        assert_eq!(z.midpoints().last(), Some(&(3, [1.0, 1.0])));
    }

    #[test]
    fn inserting_at_a_midpoint_puts_the_vertex_between_its_neighbours() {
        let mut r = route(&[[0.0, 0.0], [2.0, 0.0]]);
        r.insert(1, [1.0, 0.5]);
        assert_eq!(r.vertices, [[0.0, 0.0], [1.0, 0.5], [2.0, 0.0]]);
    }

    #[test]
    fn a_finished_shape_keeps_the_vertices_it_needs() {
        let mut r = route(&[[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]]);
        r.finish();
        assert!(r.remove(1));
        assert!(!r.remove(0), "a route keeps two vertices");
        assert_eq!(r.vertices.len(), 2);
        let mut drawing = route(&[[0.0, 0.0]]);
        assert!(drawing.remove(0), "while drawing any vertex may go");
    }

    #[test]
    fn multi_part_geometries_are_not_sketched() {
        let value = GeometryValue::MultiLineString {
            coordinates: vec![vec![[0.0, 0.0].into(), [1.0, 1.0].into()]],
        };
        assert_eq!(Sketch::from_geometry(&value), None);
    }

    #[test]
    fn positions_round_to_six_decimals() {
        assert_eq!(round6([49.123_456_789, -40.000_000_4]), [49.123_457, -40.0]);
    }

    #[test]
    fn summaries_count_vertices() {
        assert_eq!(route(&[[0.0, 0.0]; 5]).summary(), "Route: 5 vertices");
        assert_eq!(route(&[[0.0, 0.0]]).summary(), "Route: 1 vertex");
    }
}
