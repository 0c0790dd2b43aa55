//! A GeoJSON geometry read in one pass into geojson's types, for clients
//! reading geometries a server wrote (the app's features and basemap).
//!
//! geojson's own `Deserialize` keeps a geometry's foreign members, so it
//! buffers every geometry object whole (serde's `flatten`) and reparses it:
//! in the wasm that is a second JSON parser and a JSON tree's code for what a
//! map never reads. This reader takes `type`, `coordinates` and `geometries`
//! and skips any other member (`bbox`, foreign members); the rules the
//! geometry must meet are geojson's (a position has two or more numbers, the
//! nesting fits the type).

use geojson::{Geometry, GeometryValue, Position};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// `deserialize_with` for an optional geometry: `null` or absent is `None`.
pub fn optional_geometry<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Geometry>, D::Error> {
    Option::<Wire>::deserialize(deserializer).map(|wire| wire.map(|Wire(geometry)| geometry))
}

/// A geometry as read from the wire.
struct Wire(Geometry);

impl<'de> Deserialize<'de> for Wire {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(GeometryVisitor)
    }
}

/// Reads a geometry object's members in any order.
struct GeometryVisitor;

impl<'de> Visitor<'de> for GeometryVisitor {
    type Value = Wire;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON geometry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Wire, A::Error> {
        let mut kind: Option<Kind> = None;
        let mut coordinates: Option<Nested> = None;
        let mut geometries: Option<Vec<Wire>> = None;
        while let Some(key) = map.next_key::<Member>()? {
            match key {
                Member::Type => kind = Some(map.next_value()?),
                Member::Coordinates => coordinates = Some(map.next_value()?),
                Member::Geometries => geometries = Some(map.next_value()?),
                Member::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let kind = kind.ok_or_else(|| de::Error::missing_field("type"))?;
        let value = match (kind, coordinates, geometries) {
            (Kind::GeometryCollection, _, Some(list)) => GeometryValue::GeometryCollection {
                geometries: list.into_iter().map(|Wire(g)| g).collect(),
            },
            (Kind::GeometryCollection, _, None) => {
                return Err(de::Error::missing_field("geometries"));
            }
            (_, None, _) => return Err(de::Error::missing_field("coordinates")),
            (kind, Some(nested), _) => shape(kind, nested)
                .ok_or_else(|| de::Error::custom("coordinates do not fit the geometry's type"))?,
        };
        Ok(Wire(Geometry::new(value)))
    }
}

/// The geometry of `kind` from coordinates nested as deep as it needs, if they are.
fn shape(kind: Kind, nested: Nested) -> Option<GeometryValue> {
    Some(match (kind, nested) {
        (Kind::Point, Nested::Position(coordinates)) => GeometryValue::Point { coordinates },
        (Kind::MultiPoint, Nested::Line(coordinates)) => GeometryValue::MultiPoint { coordinates },
        (Kind::LineString, Nested::Line(coordinates)) => GeometryValue::LineString { coordinates },
        (Kind::MultiLineString, Nested::Rings(coordinates)) => {
            GeometryValue::MultiLineString { coordinates }
        }
        (Kind::Polygon, Nested::Rings(coordinates)) => GeometryValue::Polygon { coordinates },
        (Kind::MultiPolygon, Nested::Polygons(coordinates)) => {
            GeometryValue::MultiPolygon { coordinates }
        }
        // `[]`: an empty list of anything but a position.
        (Kind::MultiPoint, Nested::Empty) => GeometryValue::MultiPoint {
            coordinates: vec![],
        },
        (Kind::LineString, Nested::Empty) => GeometryValue::LineString {
            coordinates: vec![],
        },
        (Kind::MultiLineString, Nested::Empty) => GeometryValue::MultiLineString {
            coordinates: vec![],
        },
        (Kind::Polygon, Nested::Empty) => GeometryValue::Polygon {
            coordinates: vec![],
        },
        (Kind::MultiPolygon, Nested::Empty) => GeometryValue::MultiPolygon {
            coordinates: vec![],
        },
        _ => return None,
    })
}

/// A geometry object's member names that matter here.
enum Member {
    Type,
    Coordinates,
    Geometries,
    Other,
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(MemberVisitor)
    }
}

/// Names a member from its key.
struct MemberVisitor;

impl Visitor<'_> for MemberVisitor {
    type Value = Member;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Member, E> {
        Ok(match key {
            "type" => Member::Type,
            "coordinates" => Member::Coordinates,
            "geometries" => Member::Geometries,
            _ => Member::Other,
        })
    }
}

/// The seven GeoJSON geometry types.
#[derive(Clone, Copy)]
enum Kind {
    Point,
    MultiPoint,
    LineString,
    MultiLineString,
    Polygon,
    MultiPolygon,
    GeometryCollection,
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KindVisitor)
    }
}

/// Reads a geometry type's name.
struct KindVisitor;

impl Visitor<'_> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON geometry type")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Kind, E> {
        Ok(match name {
            "Point" => Kind::Point,
            "MultiPoint" => Kind::MultiPoint,
            "LineString" => Kind::LineString,
            "MultiLineString" => Kind::MultiLineString,
            "Polygon" => Kind::Polygon,
            "MultiPolygon" => Kind::MultiPolygon,
            "GeometryCollection" => Kind::GeometryCollection,
            _ => return Err(de::Error::invalid_value(de::Unexpected::Str(name), &self)),
        })
    }
}

/// Coordinates by how deeply they nest: the type says which depth it needs.
enum Nested {
    /// `[]`, whose depth cannot be told.
    Empty,
    /// A number, inside a position only.
    Number(f64),
    /// `[x, y, …]`.
    Position(Position),
    /// A list of positions (a line, a ring, points).
    Line(Vec<Position>),
    /// A list of lines (a polygon's rings, lines).
    Rings(Vec<Vec<Position>>),
    /// A list of polygons.
    Polygons(Vec<Vec<Vec<Position>>>),
}

impl<'de> Deserialize<'de> for Nested {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NestedVisitor)
    }
}

/// Reads a number or an array, telling the depth from the first element.
struct NestedVisitor;

impl<'de> Visitor<'de> for NestedVisitor {
    type Value = Nested;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or an array of coordinates")
    }

    fn visit_f64<E>(self, v: f64) -> Result<Nested, E> {
        Ok(Nested::Number(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Nested, E> {
        Ok(Nested::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Nested, E> {
        Ok(Nested::Number(v as f64))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Nested, A::Error> {
        Ok(match seq.next_element::<Nested>()? {
            None => Nested::Empty,
            Some(Nested::Number(first)) => {
                let mut numbers = vec![first];
                while let Some(next) = seq.next_element::<f64>()? {
                    numbers.push(next);
                }
                if numbers.len() < 2 {
                    return Err(de::Error::invalid_length(
                        1,
                        &"a position of two or more numbers",
                    ));
                }
                Nested::Position(Position::from(numbers))
            }
            Some(Nested::Position(first)) => Nested::Line(rest(first, &mut seq)?),
            Some(Nested::Line(first)) => Nested::Rings(rest(first, &mut seq)?),
            Some(Nested::Rings(first)) => Nested::Polygons(rest(first, &mut seq)?),
            Some(Nested::Empty | Nested::Polygons(_)) => {
                return Err(de::Error::custom(
                    "coordinates nest too deep or hold an empty array",
                ));
            }
        })
    }
}

/// `first` and the rest of the array's elements, each of `first`'s depth.
fn rest<'de, T, A>(first: T, seq: &mut A) -> Result<Vec<T>, A::Error>
where
    T: Deserialize<'de>,
    A: SeqAccess<'de>,
{
    let mut all = vec![first];
    while let Some(next) = seq.next_element::<T>()? {
        all.push(next);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::optional_geometry;
    use geojson::{Geometry, GeometryValue};

    /// Reads `text` as the lean reader does and as geojson does.
    fn both(text: &str) -> (Result<Option<Geometry>, String>, Option<Geometry>) {
        let mut de = serde_json::Deserializer::from_str(text);
        let lean = optional_geometry(&mut de).map_err(|e| e.to_string());
        (
            lean,
            serde_json::from_str::<Option<Geometry>>(text)
                .ok()
                .flatten(),
        )
    }

    #[test]
    fn reads_every_type_as_geojson_does() {
        for text in [
            r#"{"type":"Point","coordinates":[49.8,40.4]}"#,
            r#"{"coordinates":[49.8,40.4,12],"type":"Point"}"#,
            r#"{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}"#,
            r#"{"type":"LineString","coordinates":[[1,2],[3.5,4.25]]}"#,
            r#"{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6],[7,8]]]}"#,
            r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#,
            r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}"#,
            r#"{"type":"LineString","coordinates":[]}"#,
            r#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}"#,
        ] {
            let (lean, geojson) = both(text);
            assert_eq!(lean.expect(text), geojson, "{text}");
        }
    }

    #[test]
    fn skips_members_a_map_does_not_read() {
        let (lean, _) =
            both(r#"{"bbox":[1,2,3,4],"type":"Point","title":{"a":[1]},"coordinates":[1,2]}"#);
        let geometry = lean.expect("reads").expect("a geometry");
        assert_eq!(
            geometry.value,
            GeometryValue::Point {
                coordinates: vec![1.0, 2.0].into()
            }
        );
    }

    #[test]
    fn null_is_no_geometry() {
        assert_eq!(both("null").0, Ok(None));
    }

    #[test]
    fn refuses_what_geojson_refuses() {
        for text in [
            r#"{"type":"Point","coordinates":[1]}"#,
            r#"{"type":"Point","coordinates":[[1,2]]}"#,
            r#"{"type":"Polygon","coordinates":[[1,2],[3,4]]}"#,
            r#"{"type":"Point"}"#,
            r#"{"coordinates":[1,2]}"#,
            r#"{"type":"Circle","coordinates":[1,2]}"#,
            r#"{"type":"GeometryCollection"}"#,
            r#"{"type":"Point","coordinates":[1,"2"]}"#,
            r#"{"type":"MultiPolygon","coordinates":[[[[[0,0]]]]]}"#,
            r#"[1,2]"#,
        ] {
            let (lean, geojson) = both(text);
            assert!(lean.is_err(), "{text} read as {lean:?}");
            assert_eq!(geojson, None, "{text}");
        }
    }
}
