//! The text of a layer file: JSON written the way the curated files are.
//!
//! Keys sorted, a 2-space indent, UTF-8 not escaped to ASCII, each position
//! (an array of two numbers) on one line, a newline at the end: what
//! `json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)` writes
//! with positions joined (`scripts/add-quotes.py`), so a file read and written
//! again is the same bytes.

use serde_json::{Map, Number, Value};

/// `value` as the curated files write JSON, ending with a newline.
pub fn pretty(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out.push('\n');
    out
}

/// A layer file's JSON: the collection's title, description (left out when
/// empty) and features, each feature built from its stored texts.
pub fn layer_value(title: &str, description: &str, features: Vec<Value>) -> Value {
    let mut layer = Map::new();
    layer.insert("type".into(), "FeatureCollection".into());
    layer.insert("title".into(), title.into());
    if !description.is_empty() {
        layer.insert("description".into(), description.into());
    }
    layer.insert("features".into(), Value::Array(features));
    Value::Object(layer)
}

/// A feature's JSON as its layer file holds it, from the stored properties
/// and geometry texts. Whole numbers among the properties are written as
/// integers (`"capacity_mw": 100`), as curators write them; coordinates keep
/// the decimal point they were stored with.
pub fn feature_value(id: &str, properties: &str, geometry: &str) -> serde_json::Result<Value> {
    let mut properties: Value = serde_json::from_str(properties)?;
    whole_numbers_as_integers(&mut properties);
    let geometry: Value = serde_json::from_str(geometry)?;
    let mut feature = Map::new();
    feature.insert("type".into(), "Feature".into());
    feature.insert("id".into(), id.into());
    feature.insert("geometry".into(), geometry);
    feature.insert("properties".into(), properties);
    Ok(Value::Object(feature))
}

/// Turns every float that is a whole number (and exactly an `i64`) into an integer.
fn whole_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(number) => {
            if let Some(float) = number.as_f64().filter(|_| number.is_f64())
                && float.fract() == 0.0
                && float.abs() < 9.0e15
            {
                // Checked whole and well inside i64 just above.
                #[allow(clippy::cast_possible_truncation)]
                let whole = float as i64;
                *number = Number::from(whole);
            }
        }
        Value::Array(values) => values.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

fn write_value(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Array(values) if values.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(values) if is_position(values) => {
            out.push('[');
            write_value(out, &values[0], depth);
            out.push_str(", ");
            write_value(out, &values[1], depth);
            out.push(']');
        }
        Value::Array(values) => {
            out.push('[');
            for (i, item) in values.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(map) => {
            // Sorted by code point, whatever order the map keeps.
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                out.push_str(&Value::String(key.clone()).to_string());
                out.push_str(": ");
                write_value(out, &map[key], depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
        // Strings escape `"`, `\` and control characters only, as `ensure_ascii=False` does.
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Whether `values` is one position: exactly two numbers.
fn is_position(values: &[Value]) -> bool {
    values.len() == 2 && values.iter().all(Value::is_number)
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_text_is_sorted_indented_with_positions_on_one_line() {
        let value = json!({
            "type": "Point",
            "coordinates": [49.0, 40.5],
            "empty": [],
            "none": {},
            "names": ["Bakı", "a \"quoted\" one"],
        });
        assert_eq!(
            pretty(&value),
            "{\n  \"coordinates\": [49.0, 40.5],\n  \"empty\": [],\n  \"names\": [\n    \"Bakı\",\n    \"a \\\"quoted\\\" one\"\n  ],\n  \"none\": {},\n  \"type\": \"Point\"\n}\n"
        );
    }

    #[test]
    fn whole_properties_become_integers_and_coordinates_keep_their_point() {
        let feature = feature_value(
            "x",
            r#"{"facts":{"capacity_mw":100.0,"length_km":12.5}}"#,
            r#"{"type":"Point","coordinates":[42.0,40.5]}"#,
        )
        .expect("JSON");
        let text = pretty(&feature);
        assert!(text.contains("\"capacity_mw\": 100,"), "{text}");
        assert!(text.contains("\"length_km\": 12.5"), "{text}");
        assert!(text.contains("[42.0, 40.5]"), "{text}");
    }
}
