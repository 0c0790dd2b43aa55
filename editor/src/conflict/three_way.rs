//! A three-way merge of a feature, field by field: the version an editor
//! started from (the base), the editor's own (mine) and the one saved
//! meanwhile (theirs). Each property is a field (`facts` one field per fact)
//! and so is the geometry. A field only one side changed takes that side; a
//! field both changed differently waits for the editor's choice. The merged
//! feature holds exactly the chosen values: nothing is lost or invented.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The properties in the order the form shows them; others follow by name.
const ORDER: [&str; 11] = [
    "name",
    "aliases",
    "kind",
    "status",
    "status_as_of",
    "facts",
    "precision",
    "sources",
    "passages",
    "route",
    "leg",
];

/// The field that holds the geometry.
pub const GEOMETRY: &str = "geometry";

/// Which version a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The editor's own.
    Mine,
    /// The version saved meanwhile.
    Theirs,
}

/// Who changed a field since the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    /// Both sides hold the same value (changed or not).
    Neither,
    /// Only the editor changed it.
    Mine,
    /// Only the other save changed it.
    Theirs,
    /// Both changed it, to different values: the editor chooses.
    Both,
}

/// One field of the three versions.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    /// `name`, `facts.operator`, `geometry`…
    pub field: String,
    /// Its value in the version the editor started from (`None`: absent).
    pub base: Option<Value>,
    /// Its value in the editor's version.
    pub mine: Option<Value>,
    /// Its value in the version saved meanwhile.
    pub theirs: Option<Value>,
    /// Who changed it.
    pub changed: Changed,
}

impl FieldRow {
    /// Whether mine and theirs differ, so the row asks for a choice.
    pub fn differs(&self) -> bool {
        self.mine != self.theirs
    }

    /// The side taken without a choice: the side that changed it alone, or
    /// none when both changed it differently.
    pub fn default_side(&self) -> Option<Side> {
        match self.changed {
            Changed::Neither | Changed::Theirs => Some(Side::Theirs),
            Changed::Mine => Some(Side::Mine),
            Changed::Both => None,
        }
    }

    /// The value of `side`.
    pub fn value(&self, side: Side) -> Option<&Value> {
        match side {
            Side::Mine => self.mine.as_ref(),
            Side::Theirs => self.theirs.as_ref(),
        }
    }
}

/// A merge that cannot be made yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// Fields both sides changed differently, with no choice made.
    #[error("choose mine or theirs for {}", .0.join(", "))]
    Unchosen(Vec<String>),
}

/// A feature's fields: each property (each fact of `facts`) and the geometry.
pub fn fields(feature: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    if let Some(Value::Object(properties)) = feature.get("properties") {
        for (key, value) in properties {
            match (key.as_str(), value) {
                ("id", _) => {}
                ("facts", Value::Object(facts)) => {
                    for (fact, value) in facts {
                        out.insert(format!("facts.{fact}"), value.clone());
                    }
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
    }
    if let Some(geometry) = feature.get(GEOMETRY).filter(|g| !g.is_null()) {
        out.insert(GEOMETRY.to_string(), geometry.clone());
    }
    out
}

/// Where a field stands in the form's order.
fn rank(field: &str) -> (usize, &str) {
    let head = field.split('.').next().unwrap_or(field);
    let at = ORDER.iter().position(|k| *k == head);
    match (field, at) {
        (GEOMETRY, _) => (ORDER.len() + 1, field),
        (_, Some(at)) => (at, field),
        (_, None) => (ORDER.len(), field),
    }
}

/// Every field any of the three versions has, in the form's order.
pub fn rows(base: &Value, mine: &Value, theirs: &Value) -> Vec<FieldRow> {
    let (base, mine, theirs) = (fields(base), fields(mine), fields(theirs));
    let mut names: Vec<&String> = base
        .keys()
        .chain(mine.keys())
        .chain(theirs.keys())
        .collect();
    names.sort_by(|a, b| rank(a).cmp(&rank(b)));
    names.dedup();
    names
        .into_iter()
        .map(|field| {
            let (b, m, t) = (base.get(field), mine.get(field), theirs.get(field));
            let changed = if m == t {
                Changed::Neither
            } else if m == b {
                Changed::Theirs
            } else if t == b {
                Changed::Mine
            } else {
                Changed::Both
            };
            FieldRow {
                field: field.clone(),
                base: b.cloned(),
                mine: m.cloned(),
                theirs: t.cloned(),
                changed,
            }
        })
        .collect()
}

/// The merged feature: theirs (the current version, with its id and links)
/// with every field set to the chosen side, or its default side where no
/// choice was made.
pub fn merge(
    theirs: &Value,
    rows: &[FieldRow],
    choices: &BTreeMap<String, Side>,
) -> Result<Value, MergeError> {
    let unchosen: Vec<String> = rows
        .iter()
        .filter(|r| !choices.contains_key(&r.field) && r.default_side().is_none())
        .map(|r| r.field.clone())
        .collect();
    if !unchosen.is_empty() {
        return Err(MergeError::Unchosen(unchosen));
    }
    let mut merged = theirs.clone();
    let Some(document) = merged.as_object_mut() else {
        return Ok(merged);
    };
    let mut properties = match document.get("properties") {
        Some(Value::Object(p)) => p.clone(),
        _ => Map::new(),
    };
    let mut facts = match properties.get("facts") {
        Some(Value::Object(f)) => f.clone(),
        _ => Map::new(),
    };
    let mut had_facts = properties.contains_key("facts");
    for row in rows {
        let side = choices
            .get(&row.field)
            .copied()
            .or_else(|| row.default_side())
            .unwrap_or(Side::Theirs);
        let value = row.value(side).cloned();
        if row.field == GEOMETRY {
            document.insert(GEOMETRY.into(), value.unwrap_or(Value::Null));
        } else if let Some(fact) = row.field.strip_prefix("facts.") {
            had_facts = true;
            set(&mut facts, fact, value);
        } else {
            set(&mut properties, &row.field, value);
        }
    }
    if had_facts {
        properties.insert("facts".into(), Value::Object(facts));
    }
    document.insert("properties".into(), Value::Object(properties));
    Ok(merged)
}

fn set(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    match value {
        Some(value) => map.insert(key.to_string(), value),
        None => map.remove(key),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn feature(name: &str, status: &str, operator: Option<&str>, lon: f64) -> Value {
        let mut facts = json!({"opened": 2017});
        if let Some(op) = operator {
            facts["operator"] = json!(op);
        }
        json!({
            "type": "Feature", "id": "alat-port",
            "properties": {"id": "alat-port", "name": name, "kind": "port",
                "status": status, "facts": facts},
            "geometry": {"type": "Point", "coordinates": [lon, 40.0]},
        })
    }

    #[test]
    fn a_field_only_one_side_changed_takes_that_side() {
        let base = feature("Alat", "planned", None, 49.0);
        let mine = feature("Alat Port", "planned", None, 49.0);
        let theirs = feature("Alat", "operating", Some("ADY"), 49.0);
        let rows = rows(&base, &mine, &theirs);
        let by = |f: &str| rows.iter().find(|r| r.field == f).expect("row").clone();
        assert_eq!(by("name").changed, Changed::Mine);
        assert_eq!(by("status").changed, Changed::Theirs);
        assert_eq!(by("facts.operator").changed, Changed::Theirs);
        assert_eq!(by("geometry").changed, Changed::Neither);
        let merged = merge(&theirs, &rows, &BTreeMap::new()).expect("no conflict");
        assert_eq!(merged["properties"]["name"], "Alat Port");
        assert_eq!(merged["properties"]["status"], "operating");
        assert_eq!(merged["properties"]["facts"]["operator"], "ADY");
        assert_eq!(merged["properties"]["facts"]["opened"], 2017);
    }

    #[test]
    fn a_field_both_changed_waits_for_a_choice_and_takes_it() {
        let base = feature("Alat", "planned", None, 49.0);
        let mine = feature("Alat Port", "planned", None, 49.5);
        let theirs = feature("Alat New Port", "planned", None, 49.0);
        let rows = rows(&base, &mine, &theirs);
        assert_eq!(
            merge(&theirs, &rows, &BTreeMap::new()),
            Err(MergeError::Unchosen(vec!["name".into()]))
        );
        let choices = BTreeMap::from([("name".to_string(), Side::Theirs)]);
        let merged = merge(&theirs, &rows, &choices).expect("chosen");
        assert_eq!(merged["properties"]["name"], "Alat New Port");
        assert_eq!(merged["geometry"]["coordinates"], json!([49.5, 40.0]));
    }

    #[test]
    fn the_merge_holds_exactly_the_values_chosen_for_every_field() {
        let base = feature("Alat", "planned", Some("ADY"), 49.0);
        let mine = feature("Alat Port", "construction", None, 49.5);
        let theirs = feature("Alat New Port", "operating", Some("AZCON"), 49.2);
        let rows = rows(&base, &mine, &theirs);
        for pick in [Side::Mine, Side::Theirs] {
            let choices: BTreeMap<String, Side> =
                rows.iter().map(|r| (r.field.clone(), pick)).collect();
            let merged = merge(&theirs, &rows, &choices).expect("all chosen");
            let got = fields(&merged);
            for row in &rows {
                assert_eq!(got.get(&row.field), row.value(pick), "{}", row.field);
            }
            assert_eq!(
                got.len(),
                rows.iter().filter(|r| r.value(pick).is_some()).count()
            );
            assert_eq!(merged["id"], "alat-port", "the id stays");
        }
    }

    #[test]
    fn fields_come_in_the_form_order_with_the_geometry_last() {
        let base = feature("Alat", "planned", Some("ADY"), 49.0);
        let names: Vec<String> = rows(&base, &base, &base)
            .into_iter()
            .map(|r| r.field)
            .collect();
        assert_eq!(
            names,
            [
                "name",
                "kind",
                "status",
                "facts.opened",
                "facts.operator",
                "geometry"
            ]
        );
    }
}
