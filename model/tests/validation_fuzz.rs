//! Property tests over `validate_feature`: whatever a layer file holds, the
//! checker answers `Ok` or a typed `ValidationError`, and never panics.
//!
//! Features are drawn near the schema (known fields with odd values: NaN and
//! huge coordinates, empty and exotic strings, wrong JSON types) so that most
//! cases get deep into the checks rather than failing at the first field.

use atlas_model::{FeatureKind, Status, ValidationError, validate_feature};
use geojson::{Feature, Geometry, GeometryValue, JsonObject, Position, feature::Id};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Numbers a hostile or careless file may hold, NaN and infinities included.
fn coordinate() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -180.0..180.0f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(f64::MAX),
        1 => Just(-0.0),
        1 => any::<f64>(),
    ]
}

/// A position of 0 to 4 numbers (GeoJSON wants 2 or 3).
fn position() -> impl Strategy<Value = Position> {
    prop::collection::vec(coordinate(), 0..5).prop_map(Position::from)
}

fn line() -> impl Strategy<Value = Vec<Position>> {
    prop::collection::vec(position(), 0..6)
}

fn geometry_value() -> impl Strategy<Value = GeometryValue> {
    let leaf = prop_oneof![
        position().prop_map(|coordinates| GeometryValue::Point { coordinates }),
        prop::collection::vec(position(), 0..4)
            .prop_map(|coordinates| GeometryValue::MultiPoint { coordinates }),
        line().prop_map(|coordinates| GeometryValue::LineString { coordinates }),
        prop::collection::vec(line(), 0..3)
            .prop_map(|coordinates| GeometryValue::MultiLineString { coordinates }),
        prop::collection::vec(line(), 0..3)
            .prop_map(|coordinates| GeometryValue::Polygon { coordinates }),
        prop::collection::vec(prop::collection::vec(line(), 0..2), 0..2)
            .prop_map(|coordinates| GeometryValue::MultiPolygon { coordinates }),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop::collection::vec(inner, 0..3).prop_map(|values| GeometryValue::GeometryCollection {
            geometries: values.into_iter().map(Geometry::new).collect(),
        })
    })
}

/// Strings from plain slugs to control characters, RTL marks, emoji and NULs.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z0-9-]{0,12}",
        2 => ".{0,24}",
        1 => Just(String::new()),
        1 => Just("\u{202e}\u{200b}\u{0000}\u{fffd}😀ﬁ".to_string()),
        1 => "\\PC{200,210}",
    ]
}

/// Any JSON value, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A value for a known field: usually the right JSON type, sometimes any value.
fn field_value(good: BoxedStrategy<Value>) -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        6 => good.prop_map(Some),
        1 => json_value().prop_map(Some),
        1 => Just(None),
    ]
}

fn vocabulary(words: Vec<&'static str>) -> BoxedStrategy<Value> {
    prop_oneof![
        4 => prop::sample::select(words).prop_map(Value::from),
        1 => text().prop_map(Value::from),
    ]
    .boxed()
}

fn properties() -> impl Strategy<Value = JsonObject> {
    let kinds = FeatureKind::ALL.map(FeatureKind::as_str).to_vec();
    let statuses = Status::ALL.map(Status::as_str).to_vec();
    let facts = (
        prop::option::of(coordinate()),
        prop::option::of(coordinate()),
        prop::option::of(any::<i32>()),
        prop::option::of(prop::collection::vec(text(), 0..3)),
    )
        .prop_map(|(capacity, length, opened, partners)| {
            let mut facts = serde_json::Map::new();
            // serde_json turns NaN and infinities into null, as a file would have to.
            if let Some(v) = capacity {
                facts.insert("capacity_mw".into(), json!(v));
            }
            if let Some(v) = length {
                facts.insert("length_km".into(), json!(v));
            }
            if let Some(v) = opened {
                facts.insert("opened".into(), json!(v));
            }
            if let Some(v) = partners {
                facts.insert("partners".into(), json!(v));
            }
            Value::Object(facts)
        })
        .boxed();
    let sources = prop::collection::vec((text(), text()), 0..3)
        .prop_map(|pairs| {
            Value::Array(
                pairs
                    .into_iter()
                    .map(|(title, url)| json!({"title": title, "url": format!("https://{url}")}))
                    .collect(),
            )
        })
        .boxed();
    (
        field_value(text().prop_map(Value::from).boxed()),
        field_value(text().prop_map(Value::from).boxed()),
        field_value(vocabulary(kinds)),
        field_value(vocabulary(statuses)),
        field_value(facts),
        field_value(sources),
        prop::option::of((text(), json_value())),
    )
        .prop_map(|(id, name, kind, status, facts, sources, extra)| {
            let mut object = JsonObject::new();
            for (key, value) in [
                ("id", id),
                ("name", name),
                ("kind", kind),
                ("status", status),
                ("facts", facts),
                ("sources", sources),
            ] {
                if let Some(value) = value {
                    object.insert(key.into(), value);
                }
            }
            if let Some((key, value)) = extra {
                object.insert(key, value);
            }
            object
        })
}

fn feature() -> impl Strategy<Value = Feature> {
    (
        prop::option::of(properties()),
        prop::option::of(geometry_value()),
        prop_oneof![
            Just(None),
            text().prop_map(|t| Some(Id::String(t))),
            any::<i64>().prop_map(|n| Some(Id::Number(n.into()))),
        ],
    )
        .prop_map(|(properties, geometry, id)| Feature {
            bbox: None,
            geometry: geometry.map(Geometry::new),
            id,
            properties,
            foreign_members: None,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn validate_feature_never_panics_and_accepts_only_finite_in_range_coordinates(feature in feature()) {
        match validate_feature(&feature) {
            Ok(valid) => {
                // What passes has a slug id and positions a map can draw.
                prop_assert!(atlas_model::slug::is_slug(valid.id()));
                if let Some(bbox) = atlas_model::geodesy::bbox(&valid.geometry.value) {
                    prop_assert!(bbox.to_array().iter().all(|v| v.is_finite()), "{bbox:?}");
                    prop_assert!(bbox.west >= -180.0 && bbox.east <= 180.0, "{bbox:?}");
                    prop_assert!(bbox.south >= -90.0 && bbox.north <= 90.0, "{bbox:?}");
                }
            }
            // Every refusal names a feature and a field, and prints.
            Err(error) => {
                prop_assert!(error.field().starts_with("id") || error.field().starts_with("properties") || error.field() == "geometry");
                prop_assert!(!error.to_string().is_empty());
                let _: &ValidationError = &error;
            }
        }
    }

    #[test]
    fn features_read_from_arbitrary_json_never_panic_the_checker(value in json_value()) {
        // The path a layer file takes: JSON, then a GeoJSON Feature, then the schema.
        if let Ok(feature) = serde_json::from_value::<Feature>(value) {
            let _ = validate_feature(&feature);
        }
    }
}
