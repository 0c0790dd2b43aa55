//! Lengths and extents on the WGS 84 ellipsoid, for popups and for fitting views.

use crate::bbox::Bbox;
use geo::{Geodesic, Length, LineString};
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
