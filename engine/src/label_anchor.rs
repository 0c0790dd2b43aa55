//! Where a country's name goes: inside its largest part, on the widest stretch
//! of the horizontal line through that part's middle.
//!
//! This is the rule of geo's `InteriorPoint`, written against GeoJSON rings
//! directly: geo's version checks each candidate with its general `relate`
//! machinery (a geometry graph with an R-tree), which cost the download about
//! 64 kB before wasm-opt for a question an even-odd scan line answers alone.

use crate::projection::{LonLat, World, project};
use geojson::{GeometryValue, Position};

/// A polygon as GeoJSON writes it: the outer ring, then its holes.
type Rings = [Vec<Position>];

/// A point inside a country's largest part, and that part's width, for its label.
pub fn label_point(value: &GeometryValue) -> Option<(World, f64)> {
    let polygons: &[Vec<Vec<Position>>] = match value {
        GeometryValue::Polygon { coordinates } => std::slice::from_ref(coordinates),
        GeometryValue::MultiPolygon { coordinates } => coordinates,
        _ => return None,
    };
    let largest = polygons.iter().max_by(|a, b| area(a).total_cmp(&area(b)))?;
    let [west, _, east, _] = bounds(largest)?;
    let (lon, lat) = interior_point(largest)?;
    Some((project(LonLat { lon, lat }), (east - west) / 360.0))
}

/// The outer ring's area less its holes', in square degrees (only compared, never shown).
fn area(rings: &Rings) -> f64 {
    let mut rings = rings.iter().map(|ring| ring_area(ring).abs());
    let outer = rings.next().unwrap_or(0.0);
    outer - rings.sum::<f64>()
}

/// The signed area of one ring, by the shoelace formula.
fn ring_area(ring: &[Position]) -> f64 {
    let doubled: f64 = edges(ring).map(|(a, b)| a[0] * b[1] - b[0] * a[1]).sum();
    doubled / 2.0
}

/// Every edge of a ring, closing it if the file left it open.
fn edges(ring: &[Position]) -> impl Iterator<Item = (&Position, &Position)> {
    let closing = match (ring.first(), ring.last()) {
        (Some(first), Some(last)) if first != last => Some((last, first)),
        _ => None,
    };
    ring.windows(2).map(|w| (&w[0], &w[1])).chain(closing)
}

/// `[west, south, east, north]` of the outer ring.
fn bounds(rings: &Rings) -> Option<[f64; 4]> {
    rings.first()?.iter().fold(None, |acc, p| {
        let (x, y) = (p[0], p[1]);
        Some(match acc {
            None => [x, y, x, y],
            Some([w, s, e, n]) => [w.min(x), s.min(y), e.max(x), n.max(y)],
        })
    })
}

/// The middle of the widest inside stretch of the line across the polygon's
/// middle latitude; the first vertex if the polygon has no inside (zero area).
fn interior_point(rings: &Rings) -> Option<(f64, f64)> {
    let first = rings.first()?.first()?;
    let [_, south, _, north] = bounds(rings)?;
    let vertices = || rings.iter().flatten().map(|p| p[1]);
    // A line through a vertex makes crossings ambiguous, so nudge it halfway
    // towards the nearest other vertex latitude, as geo does.
    let mut y = (south + north) / 2.0;
    if vertices().any(|v| v == y) {
        let nearest = vertices()
            .filter(|&v| v != y)
            .min_by(|a, b| (a - y).abs().total_cmp(&(b - y).abs()));
        if let Some(v) = nearest {
            y = (y + v) / 2.0;
        }
    }
    let mut crossings: Vec<f64> = rings
        .iter()
        .flat_map(|ring| edges(ring))
        .filter(|(a, b)| (a[1] > y) != (b[1] > y))
        .map(|(a, b)| a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]))
        .collect();
    crate::sort::sort_by(&mut crossings, f64::total_cmp);
    // Even-odd: crossings pair up into the stretches that lie inside.
    let widest = crossings
        .chunks_exact(2)
        .filter(|pair| pair[1] > pair[0])
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])));
    Some(match widest {
        Some(pair) => ((pair[0] + pair[1]) / 2.0, y),
        None => (first[0], first[1]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(points: &[[f64; 2]]) -> Vec<Position> {
        points.iter().map(|p| Position::from(p.to_vec())).collect()
    }

    #[test]
    fn a_square_is_labelled_at_its_centre() {
        let square = ring(&[
            [0.0, 0.0],
            [10.0, 0.0],
            [10.0, 10.0],
            [0.0, 10.0],
            [0.0, 0.0],
        ]);
        let (at, width) = label_point(&GeometryValue::new_polygon(vec![square]))
            .expect("a square has a label point");
        let centre = project(LonLat { lon: 5.0, lat: 5.0 });
        assert!((at.x - centre.x).abs() < 1e-12 && (at.y - centre.y).abs() < 1e-12);
        assert!((width - 10.0 / 360.0).abs() < 1e-12);
    }

    #[test]
    fn a_c_shape_is_labelled_inside_not_in_its_gap() {
        // A "C" opening east: the middle line crosses only its western bar.
        let c = ring(&[
            [0.0, 0.0],
            [10.0, 0.0],
            [10.0, 3.0],
            [3.0, 3.0],
            [3.0, 7.5],
            [10.0, 7.5],
            [10.0, 10.0],
            [0.0, 10.0],
            [0.0, 0.0],
        ]);
        let (lon, lat) = interior_point(&[c]).expect("a point");
        assert!((lon - 1.5).abs() < 1e-12, "lon {lon}");
        assert!((lat - 5.0).abs() < 1e-12, "lat {lat}");
    }

    #[test]
    fn the_largest_part_wins_and_holes_count_against_it() {
        let small = ring(&[
            [20.0, 0.0],
            [26.0, 0.0],
            [26.0, 6.0],
            [20.0, 6.0],
            [20.0, 0.0],
        ]);
        let big = ring(&[
            [0.0, 0.0],
            [10.0, 0.0],
            [10.0, 10.0],
            [0.0, 10.0],
            [0.0, 0.0],
        ]);
        let hole = ring(&[[1.0, 1.0], [9.0, 1.0], [9.0, 9.0], [1.0, 9.0], [1.0, 1.0]]);
        let value = GeometryValue::new_multi_polygon(vec![vec![big, hole], vec![small]]);
        let (at, _) = label_point(&value).expect("a label point");
        assert_eq!(
            at,
            project(LonLat {
                lon: 23.0,
                lat: 3.0
            })
        );
    }

    #[test]
    fn lines_have_no_label_point() {
        let line = GeometryValue::new_line_string(vec![vec![0.0, 0.0], vec![1.0, 1.0]]);
        assert_eq!(label_point(&line), None);
    }

    #[test]
    fn every_basemap_country_gets_the_point_geo_would_give() {
        use geo::{Area, BoundingRect, InteriorPoint, MultiPolygon, Polygon};
        let text = include_str!("../../data/basemap/countries.geojson");
        let countries: geojson::FeatureCollection = text.parse().expect("countries parse");
        for country in countries.features {
            let value = country.geometry.expect("a geometry").value;
            let geometry = geo::Geometry::<f64>::try_from(&value).expect("converts");
            let polygons: Vec<Polygon<f64>> = match geometry {
                geo::Geometry::Polygon(p) => vec![p],
                geo::Geometry::MultiPolygon(MultiPolygon(ps)) => ps,
                _ => continue,
            };
            let largest = polygons
                .into_iter()
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
                .expect("a part");
            let inside = largest.interior_point().expect("a point");
            let rect = largest.bounding_rect().expect("a box");
            let expected = (
                project(LonLat {
                    lon: inside.x(),
                    lat: inside.y(),
                }),
                (rect.max().x - rect.min().x) / 360.0,
            );
            let (at, width) = label_point(&value).expect("a label point");
            let name = country.properties.and_then(|p| p.get("name").cloned());
            assert!(
                (at.x - expected.0.x).abs() < 1e-9 && (at.y - expected.0.y).abs() < 1e-9,
                "{name:?}: {at:?} vs {:?}",
                expected.0
            );
            assert!((width - expected.1).abs() < 1e-12, "{name:?}");
        }
    }
}
