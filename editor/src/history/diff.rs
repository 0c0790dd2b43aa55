//! A revision as a reader reads it: which fields changed, from what to what
//! (`status: planned → operating`), and how the geometry changed ("moved
//! 2.3 km", "2 vertices added"), measured on the ellipsoid by the model's
//! geodesy.

use crate::conflict::three_way::{GEOMETRY, fields};
use atlas_model::geodesy::{distance_km, length_km, mean_position, positions};
use geojson::{Geometry, GeometryValue};
use serde_json::Value;

/// One property that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// `status`, `facts.operator`…
    pub field: String,
    /// Its value before, as text (`None`: it was not set).
    pub old: Option<String>,
    /// Its value after, as text (`None`: it was removed).
    pub new: Option<String>,
}

/// What changed between two versions of a feature.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RevisionDiff {
    /// The properties that changed, in the form's order.
    pub fields: Vec<FieldChange>,
    /// The geometry's changes in words; empty when it is the same.
    pub geometry: Vec<String>,
}

/// The changes from `before` to `after` (GeoJSON Features; `None` for the
/// side of a creation or a deletion).
pub fn diff(before: Option<&Value>, after: Option<&Value>) -> RevisionDiff {
    let empty = Value::Null;
    let (old, new) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
    let rows = crate::conflict::three_way::rows(old, new, old);
    let changed = rows.iter().filter(|r| r.field != GEOMETRY && r.differs());
    let fields = changed
        .map(|r| FieldChange {
            field: r.field.clone(),
            old: r.base.as_ref().map(text),
            new: r.mine.as_ref().map(text),
        })
        .collect();
    let geometry = geometry_changes(
        fields_geometry(old).as_ref().map(|g| &g.value),
        fields_geometry(new).as_ref().map(|g| &g.value),
    );
    RevisionDiff { fields, geometry }
}

fn fields_geometry(feature: &Value) -> Option<Geometry> {
    fields(feature)
        .remove(GEOMETRY)
        .and_then(|g| serde_json::from_value(g).ok())
}

/// A value as the history shows it: text bare, lists joined, links by their
/// passage, sources by their title, anything else as compact JSON.
pub fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(item_text).collect::<Vec<_>>().join(", "),
        // A whole number reads as one, however it was written (`120.0` is 120).
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

fn item_text(item: &Value) -> String {
    match item {
        Value::Object(o) => match (o.get("report"), o.get("passage"), o.get("title")) {
            (Some(Value::String(r)), Some(Value::String(p)), _) => format!("{r}#{p}"),
            (_, _, Some(Value::String(title))) => title.clone(),
            _ => item.to_string(),
        },
        other => text(other),
    }
}

/// A distance in words: metres under a kilometre, else kilometres to one decimal.
pub fn distance_words(km: f64) -> String {
    if km < 1.0 {
        format!("{} m", (km * 1000.0).round())
    } else {
        format!("{km:.1} km")
    }
}

/// The name of a geometry's type, as a reader says it.
fn type_name(value: &GeometryValue) -> &'static str {
    match value {
        GeometryValue::Point { .. } => "point",
        GeometryValue::MultiPoint { .. } => "points",
        GeometryValue::LineString { .. } => "line",
        GeometryValue::MultiLineString { .. } => "lines",
        GeometryValue::Polygon { .. } => "area",
        GeometryValue::MultiPolygon { .. } => "areas",
        GeometryValue::GeometryCollection { .. } => "collection",
    }
}

/// How the geometry changed, in words.
pub fn geometry_changes(old: Option<&GeometryValue>, new: Option<&GeometryValue>) -> Vec<String> {
    let (old, new) = match (old, new) {
        (None, None) => return Vec::new(),
        (None, Some(g)) => return vec![format!("{} drawn", type_name(g))],
        (Some(g), None) => return vec![format!("{} removed", type_name(g))],
        (Some(o), Some(n)) if o == n => return Vec::new(),
        (Some(o), Some(n)) => (o, n),
    };
    let mut out = Vec::new();
    if type_name(old) != type_name(new) {
        out.push(format!("{} became a {}", type_name(old), type_name(new)));
    }
    let (before, after) = (positions(old).len(), positions(new).len());
    let plural = |n: usize| if n == 1 { "vertex" } else { "vertices" };
    if after > before {
        out.push(format!(
            "{} {} added",
            after - before,
            plural(after - before)
        ));
    } else if before > after {
        out.push(format!(
            "{} {} removed",
            before - after,
            plural(before - after)
        ));
    }
    if let (Some(a), Some(b)) = (mean_position(old), mean_position(new)) {
        let km = distance_km(&a, &b);
        if km >= 0.001 {
            out.push(format!("moved {}", distance_words(km)));
        }
    }
    let (l0, l1) = (length_km(old), length_km(new));
    if (l0 - l1).abs() >= 0.05 {
        out.push(format!("length {l0:.1} → {l1:.1} km"));
    }
    if out.is_empty() {
        out.push("reshaped".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn whole_numbers_read_without_a_decimal_point() {
        assert_eq!(text(&json!(120.0)), "120");
        assert_eq!(text(&json!(120)), "120");
        assert_eq!(text(&json!(12.5)), "12.5");
    }

    fn port(status: &str, coordinates: Value, partners: &[&str]) -> Value {
        json!({
            "type": "Feature", "id": "alat",
            "properties": {"id": "alat", "name": "Alat", "kind": "port", "status": status,
                "facts": {"partners": partners}},
            "geometry": {"type": if coordinates[0].is_array() { "LineString" } else { "Point" },
                "coordinates": coordinates},
        })
    }

    #[test]
    fn a_changed_property_reads_old_to_new() {
        let d = diff(
            Some(&port("planned", json!([49.0, 40.0]), &["AZ"])),
            Some(&port("operating", json!([49.0, 40.0]), &["AZ", "CN"])),
        );
        assert_eq!(
            d.fields,
            vec![
                FieldChange {
                    field: "status".into(),
                    old: Some("planned".into()),
                    new: Some("operating".into())
                },
                FieldChange {
                    field: "facts.partners".into(),
                    old: Some("AZ".into()),
                    new: Some("AZ, CN".into())
                },
            ]
        );
        assert!(d.geometry.is_empty());
    }

    #[test]
    fn a_moved_point_says_how_far() {
        // 0.03° of longitude at 40° N is about 2.6 km.
        let d = diff(
            Some(&port("planned", json!([49.0, 40.0]), &[])),
            Some(&port("planned", json!([49.03, 40.0]), &[])),
        );
        assert_eq!(d.geometry, vec!["moved 2.6 km".to_string()]);
        assert!(d.fields.is_empty());
    }

    #[test]
    fn a_vertex_added_to_a_line_is_named_with_the_new_length() {
        let d = diff(
            Some(&port("planned", json!([[49.0, 40.0], [50.0, 40.0]]), &[])),
            Some(&port(
                "planned",
                json!([[49.0, 40.0], [50.0, 40.0], [50.0, 41.0]]),
                &[],
            )),
        );
        assert_eq!(d.geometry[0], "1 vertex added");
        assert!(d.geometry.iter().any(|g| g.starts_with("moved ")));
        assert!(
            d.geometry.iter().any(|g| g.starts_with("length 85.")),
            "{:?}",
            d.geometry
        );
    }

    #[test]
    fn a_creation_lists_every_field_as_new_and_the_geometry_drawn() {
        let d = diff(None, Some(&port("planned", json!([49.0, 40.0]), &["AZ"])));
        assert!(d.fields.iter().all(|f| f.old.is_none()));
        assert!(d.fields.iter().any(|f| f.field == "name"));
        assert_eq!(d.geometry, vec!["point drawn".to_string()]);
    }

    #[test]
    fn short_distances_are_in_metres() {
        assert_eq!(distance_words(0.35), "350 m");
        assert_eq!(distance_words(2.345), "2.3 km");
    }
}
