//! Lengths and extents on the WGS 84 ellipsoid, for popups and for fitting views.

use crate::bbox::Bbox;
use geo::{Distance, Geodesic, Length, LineString, Point};
use geojson::{GeometryValue, Position};

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

/// The geodesic distance between two positions, in kilometres.
pub fn distance_km(a: &Position, b: &Position) -> f64 {
    Geodesic.distance(Point::new(a[0], a[1]), Point::new(b[0], b[1])) / 1000.0
}

/// The mean of a geometry's positions (longitude and latitude averaged), or
/// `None` if it has none: where a geometry "is", to tell how far it moved.
pub fn mean_position(value: &GeometryValue) -> Option<Position> {
    let all = positions(value);
    let n = all.len() as f64;
    (!all.is_empty()).then(|| {
        let (x, y) = all
            .iter()
            .fold((0.0, 0.0), |(x, y), p| (x + p[0], y + p[1]));
        Position::from([x / n, y / n])
    })
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

/// The box of a geometry's coordinates as written (their least and greatest
/// longitude and latitude), or `None` if it has no positions. It never crosses
/// the antimeridian: a GeoJSON geometry that does is split there (RFC 7946, 3.1.9).
pub fn bbox(value: &GeometryValue) -> Option<Bbox> {
    positions(value).into_iter().fold(None, |acc, p| {
        let (x, y) = (p[0], p[1]);
        Some(match acc {
            None => Bbox::point(x, y),
            Some(b) => Bbox::new(b.west.min(x), b.south.min(y), b.east.max(x), b.north.max(y)),
        })
    })
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
    fn baku_to_tbilisi_is_the_same_distance_between_two_positions() {
        let km = distance_km(&[49.867, 40.409].into(), &[44.793, 41.715].into());
        assert!((440.0..460.0).contains(&km), "{km}");
    }

    #[test]
    fn the_mean_position_of_a_line_is_the_average_of_its_vertices() {
        let line = GeometryValue::new_line_string([[40.0, 40.0], [42.0, 41.0]]);
        assert_eq!(mean_position(&line), Some(Position::from([41.0, 40.5])));
    }

    #[test]
    fn points_have_no_length_but_a_degenerate_box() {
        let point = GeometryValue::new_point([49.0, 40.0]);
        assert_eq!(length_km(&point), 0.0);
        assert_eq!(bbox(&point), Some(Bbox::point(49.0, 40.0)));
    }

    #[test]
    fn a_line_has_the_box_of_its_coordinates() {
        let line = GeometryValue::new_line_string([[49.867, 40.409], [44.793, 41.715]]);
        assert_eq!(bbox(&line), Some(Bbox::new(44.793, 40.409, 49.867, 41.715)));
    }
}
