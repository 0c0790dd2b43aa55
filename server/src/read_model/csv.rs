//! A layer as CSV (RFC 4180): one row per feature with its properties as
//! columns, a point's position as `lon` and `lat`, any other geometry as WKT.
//!
//! The columns are the ones `atlas import-file` and the import API read, so
//! a layer of points exported as CSV imports again; what CSV cannot carry
//! (passage links, sources past the first) is left out.

use super::served::{ServedFeature, number};
use geojson::{GeometryValue, Position};

/// The media type of CSV answers; the first line is the header.
pub const CSV: &str = "text/csv; charset=utf-8; header=present";

/// The columns, in order: the curated properties, the position, the server's fields.
pub const COLUMNS: [&str; 23] = [
    "id",
    "name",
    "kind",
    "status",
    "precision",
    "aliases",
    "capacity_mw",
    "length_km",
    "opened",
    "partners",
    "operator",
    "commodity",
    "throughput",
    "route",
    "leg",
    "source_title",
    "source_url",
    "source_accessed",
    "lon",
    "lat",
    "wkt",
    "revision",
    "updated_at",
];

/// What joins the items of a list column (`aliases`, `partners`).
pub const LIST_SEPARATOR: &str = "; ";

/// The CSV text of `features`: a header line, then one line per feature, each ending in CRLF.
pub fn write(features: &[ServedFeature]) -> String {
    let mut out = String::new();
    line(&mut out, COLUMNS.iter().map(|c| (*c).to_string()));
    for feature in features {
        line(&mut out, row(feature).into_iter());
    }
    out
}

/// One feature's fields, in the order of [`COLUMNS`].
fn row(feature: &ServedFeature) -> Vec<String> {
    let p = &feature.properties;
    let f = &p.facts;
    let source = p.sources.first();
    let optional = |value: Option<f64>| value.map(number).unwrap_or_default();
    let (lon, lat, wkt) = match &feature.geometry.value {
        GeometryValue::Point { coordinates } => (
            coordinates.as_slice().first().copied().map(number),
            coordinates.as_slice().get(1).copied().map(number),
            String::new(),
        ),
        other => (None, None, wkt(other)),
    };
    vec![
        p.id.clone(),
        p.name.clone(),
        p.kind.as_str().to_string(),
        p.status.as_str().to_string(),
        p.precision.as_str().to_string(),
        p.aliases.join(LIST_SEPARATOR),
        optional(f.capacity_mw),
        optional(f.length_km),
        f.opened.map(|y| y.to_string()).unwrap_or_default(),
        f.partners.join(LIST_SEPARATOR),
        f.operator.clone().unwrap_or_default(),
        f.commodity.clone().unwrap_or_default(),
        f.throughput.clone().unwrap_or_default(),
        p.route.clone().unwrap_or_default(),
        p.leg.map(|l| l.to_string()).unwrap_or_default(),
        source.map(|s| s.title.clone()).unwrap_or_default(),
        source.map(|s| s.url.clone()).unwrap_or_default(),
        source.and_then(|s| s.accessed.clone()).unwrap_or_default(),
        lon.unwrap_or_default(),
        lat.unwrap_or_default(),
        wkt,
        feature.revision.to_string(),
        feature.updated_at.clone(),
    ]
}

/// Writes one record: fields quoted where RFC 4180 asks, ended by CRLF.
fn line(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

/// A geometry as Well-Known Text (`LINESTRING (49.8 40.4, 45 41.7)`).
pub fn wkt(value: &GeometryValue) -> String {
    fn position(p: &Position) -> String {
        p.as_slice()
            .iter()
            .map(|v| number(*v))
            .collect::<Vec<_>>()
            .join(" ")
    }
    fn list(positions: &[Position]) -> String {
        let inner: Vec<String> = positions.iter().map(position).collect();
        format!("({})", inner.join(", "))
    }
    fn lists(lines: &[Vec<Position>]) -> String {
        let inner: Vec<String> = lines.iter().map(|l| list(l)).collect();
        format!("({})", inner.join(", "))
    }
    match value {
        GeometryValue::Point { coordinates } => format!("POINT ({})", position(coordinates)),
        GeometryValue::MultiPoint { coordinates } => format!("MULTIPOINT {}", list(coordinates)),
        GeometryValue::LineString { coordinates } => format!("LINESTRING {}", list(coordinates)),
        GeometryValue::MultiLineString { coordinates } => {
            format!("MULTILINESTRING {}", lists(coordinates))
        }
        GeometryValue::Polygon { coordinates } => format!("POLYGON {}", lists(coordinates)),
        GeometryValue::MultiPolygon { coordinates } => {
            let inner: Vec<String> = coordinates.iter().map(|p| lists(p)).collect();
            format!("MULTIPOLYGON ({})", inner.join(", "))
        }
        GeometryValue::GeometryCollection { geometries } => {
            let inner: Vec<String> = geometries.iter().map(|g| wkt(&g.value)).collect();
            format!("GEOMETRYCOLLECTION ({})", inner.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_quotes_or_line_breaks_are_quoted_and_quotes_doubled() {
        let mut out = String::new();
        line(
            &mut out,
            ["plain", "a, b", "say \"hi\"", "two\nlines"]
                .iter()
                .map(|s| s.to_string()),
        );
        assert_eq!(out, "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    }

    #[test]
    fn lines_and_polygons_are_wkt() {
        let line = GeometryValue::LineString {
            coordinates: vec![vec![49.8, 40.4].into(), vec![45.0, 41.7].into()],
        };
        assert_eq!(wkt(&line), "LINESTRING (49.8 40.4, 45 41.7)");
        let square = GeometryValue::Polygon {
            coordinates: vec![vec![
                vec![0.0, 0.0].into(),
                vec![1.0, 0.0].into(),
                vec![1.0, 1.0].into(),
                vec![0.0, 0.0].into(),
            ]],
        };
        assert_eq!(wkt(&square), "POLYGON ((0 0, 1 0, 1 1, 0 0))");
    }
}
