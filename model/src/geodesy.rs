//! Lengths and extents on the WGS 84 ellipsoid, for popups and for fitting views.

use geo::{Geodesic, Length, LineString};
use geojson::{GeometryValue, Position};

/// A longitude/latitude box: `[west, south, east, north]` in degrees.
pub type Bbox = [f64; 4];

/// The geodesic length of a line geometry in kilometres; 0 for points and areas.
pub fn length_km(value: &GeometryValue) -> f64 {
    let line_km = |line: &[Position]| {
        let line: LineString<f64> = line.iter().map(|p| (p[0], p[1])).collect();
        Geodesic.length(&line) / 1000.0
    };
    match value {
        GeometryValue::LineString { coordinates } => line_km(coordinates),
        GeometryValue::MultiLineString { coordinates } => {
            coordinates.iter().map(|l| line_km(l)).sum()
        }
        _ => 0.0,
    }
}

/// Every position of a geometry, in order.
pub fn positions(value: &GeometryValue) -> Vec<&Position> {
    match value {
        GeometryValue::Point { coordinates } => vec![coordinates],
        GeometryValue::MultiPoint { coordinates } | GeometryValue::LineString { coordinates } => {
            coordinates.iter().collect()
        }
        GeometryValue::MultiLineString { coordinates } | GeometryValue::Polygon { coordinates } => {
            coordinates.iter().flatten().collect()
        }
        GeometryValue::MultiPolygon { coordinates } => {
            coordinates.iter().flatten().flatten().collect()
        }
        GeometryValue::GeometryCollection { geometries } => geometries
            .iter()
            .flat_map(|g| positions(&g.value))
            .collect(),
    }
}

/// The bounding box of a geometry, or `None` if it has no positions.
pub fn bbox(value: &GeometryValue) -> Option<Bbox> {
    extend(None, value)
}

/// Grows `acc` to cover `value` as well.
pub fn extend(acc: Option<Bbox>, value: &GeometryValue) -> Option<Bbox> {
    positions(value).into_iter().fold(acc, |acc, p| {
        let (x, y) = (p[0], p[1]);
        Some(match acc {
            None => [x, y, x, y],
            Some([w, s, e, n]) => [w.min(x), s.min(y), e.max(x), n.max(y)],
        })
    })
}

/// Whether two boxes overlap (touching counts).
pub fn intersects(a: &Bbox, b: &Bbox) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baku_to_tbilisi_is_about_450_km_as_the_crow_flies() {
        let line = GeometryValue::new_line_string([[49.867, 40.409], [44.793, 41.715]]);
        let km = length_km(&line);
        assert!((440.0..460.0).contains(&km), "{km}");
    }

    #[test]
    fn points_have_no_length_but_a_degenerate_box() {
        let point = GeometryValue::new_point([49.0, 40.0]);
        assert_eq!(length_km(&point), 0.0);
        assert_eq!(bbox(&point), Some([49.0, 40.0, 49.0, 40.0]));
    }

    #[test]
    fn boxes_that_share_an_edge_intersect() {
        assert!(intersects(&[0.0, 0.0, 1.0, 1.0], &[1.0, 0.0, 2.0, 1.0]));
        assert!(!intersects(&[0.0, 0.0, 1.0, 1.0], &[1.5, 0.0, 2.0, 1.0]));
    }
}
