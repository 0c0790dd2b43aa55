//! The form's contents as the editor typed them: text for every field, so a
//! half-typed number or date stays on screen, and the GeoJSON feature built
//! from them for the model's rules and the server.

use atlas_model::api::FieldError;
use atlas_model::slug::slugify;
use atlas_model::{FeatureProperties, PassageRef};
use geojson::{Feature, Geometry, JsonObject, feature::Id};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// One source row: where the facts come from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRow {
    /// The page's or document's title.
    pub title: String,
    /// Its web address.
    pub url: String,
    /// When it was read (`YYYY-MM-DD`), or empty.
    pub accessed: String,
}

impl SourceRow {
    /// Whether every box of the row is empty: such a row is not a source.
    pub fn is_blank(&self) -> bool {
        self.title.trim().is_empty()
            && self.url.trim().is_empty()
            && self.accessed.trim().is_empty()
    }
}

/// Every field of the feature form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormState {
    /// The layer (collection) the feature goes to.
    pub collection: String,
    /// The slug; follows the name until the editor types one of their own.
    pub id: String,
    /// Whether the editor has typed the slug (then the name no longer sets it).
    pub id_typed: bool,
    /// The display name.
    pub name: String,
    /// Other spellings, one per row.
    pub aliases: Vec<String>,
    /// `FeatureKind`'s wire name, or empty.
    pub kind: String,
    /// `Status`'s wire name, or empty.
    pub status: String,
    /// A month or a day, or empty.
    pub status_as_of: String,
    /// `Precision`'s wire name.
    pub precision: String,
    /// Megawatts, as typed.
    pub capacity_mw: String,
    /// Kilometres, as typed.
    pub length_km: String,
    /// The opening year, as typed.
    pub opened: String,
    /// Partner codes, one per row.
    pub partners: Vec<String>,
    /// Who runs it.
    pub operator: String,
    /// `gas`, `oil` or empty.
    pub commodity: String,
    /// Capacity in its own unit, as text.
    pub throughput: String,
    /// The route slug this feature is a leg of.
    pub route: String,
    /// Its leg number along the route, as typed.
    pub leg: String,
    /// The sources, one row each.
    pub sources: Vec<SourceRow>,
    /// Report passages linked to the feature, kept as they are.
    pub passages: Vec<PassageRef>,
}

/// Text for an optional number: empty when absent.
fn number_text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl FormState {
    /// A blank form for a new feature in `collection`, exact by default.
    pub fn blank(collection: &str) -> FormState {
        FormState {
            collection: collection.to_string(),
            precision: "exact".into(),
            ..FormState::default()
        }
    }

    /// The form of a stored feature of `collection`.
    pub fn of_properties(collection: &str, p: &FeatureProperties) -> FormState {
        FormState {
            collection: collection.to_string(),
            id: p.id.clone(),
            id_typed: true,
            name: p.name.clone(),
            aliases: p.aliases.clone(),
            kind: p.kind.as_str().to_string(),
            status: p.status.as_str().to_string(),
            status_as_of: p.status_as_of.clone().unwrap_or_default(),
            precision: p.precision.as_str().to_string(),
            capacity_mw: number_text(p.facts.capacity_mw),
            length_km: number_text(p.facts.length_km),
            opened: number_text(p.facts.opened),
            partners: p.facts.partners.clone(),
            operator: p.facts.operator.clone().unwrap_or_default(),
            commodity: p.facts.commodity.clone().unwrap_or_default(),
            throughput: p.facts.throughput.clone().unwrap_or_default(),
            route: p.route.clone().unwrap_or_default(),
            leg: number_text(p.leg),
            sources: p
                .sources
                .iter()
                .map(|s| SourceRow {
                    title: s.title.clone(),
                    url: s.url.clone(),
                    accessed: s.accessed.clone().unwrap_or_default(),
                })
                .collect(),
            passages: p.passages.clone(),
        }
    }

    /// Whether anything has been typed or chosen about the feature itself
    /// (the layer and the default precision alone are not work to keep).
    pub fn has_content(&self) -> bool {
        let texts = [
            &self.name,
            &self.kind,
            &self.status,
            &self.status_as_of,
            &self.capacity_mw,
            &self.length_km,
            &self.opened,
            &self.operator,
            &self.commodity,
            &self.throughput,
            &self.route,
            &self.leg,
        ];
        texts.iter().any(|t| !t.trim().is_empty())
            || self
                .aliases
                .iter()
                .chain(&self.partners)
                .any(|t| !t.trim().is_empty())
            || self.sources.iter().any(|row| !row.is_blank())
            || !self.passages.is_empty()
    }

    /// Sets the name, and the slug with it unless the editor typed one.
    pub fn set_name(&mut self, name: &str) {
        self.name = name.to_string();
        if !self.id_typed {
            self.id = slugify(name);
        }
    }

    /// The feature these fields describe around `geometry`, and the fields
    /// that could not be read at all (a number that is not one). The model's
    /// rules judge the rest (see `form::check`).
    pub fn to_feature(&self, geometry: Option<Geometry>) -> (Feature, Vec<FieldError>) {
        let mut unreadable = Vec::new();
        let mut properties = JsonObject::new();
        let put = |map: &mut JsonObject, key: &str, value: Value| {
            map.insert(key.to_string(), value);
        };
        put(&mut properties, "id", json!(self.id.trim()));
        put(&mut properties, "name", json!(self.name.trim()));
        for (key, text) in [("kind", &self.kind), ("status", &self.status)] {
            if !text.is_empty() {
                put(&mut properties, key, json!(text));
            }
        }
        let aliases = trimmed_rows(&self.aliases);
        if !aliases.is_empty() {
            put(&mut properties, "aliases", json!(aliases));
        }
        if !self.status_as_of.trim().is_empty() {
            put(
                &mut properties,
                "status_as_of",
                json!(self.status_as_of.trim()),
            );
        }
        if !self.precision.is_empty() {
            put(&mut properties, "precision", json!(self.precision));
        }
        let mut facts = JsonObject::new();
        for (key, text) in [
            ("capacity_mw", &self.capacity_mw),
            ("length_km", &self.length_km),
        ] {
            match read_number::<f64>(text) {
                Ok(Some(v)) => put(&mut facts, key, json!(v)),
                Ok(None) => {}
                Err(()) => unreadable.push(field_error(
                    &format!("properties.facts.{key}"),
                    "must be a number",
                )),
            }
        }
        match read_number::<i32>(&self.opened) {
            Ok(Some(v)) => put(&mut facts, "opened", json!(v)),
            Ok(None) => {}
            Err(()) => unreadable.push(field_error(
                "properties.facts.opened",
                "must be a year such as 2027",
            )),
        }
        let partners: Vec<String> = trimmed_rows(&self.partners)
            .into_iter()
            .map(|code| code.to_ascii_uppercase())
            .collect();
        if !partners.is_empty() {
            put(&mut facts, "partners", json!(partners));
        }
        for (key, text) in [
            ("operator", &self.operator),
            ("commodity", &self.commodity),
            ("throughput", &self.throughput),
        ] {
            if !text.trim().is_empty() {
                put(&mut facts, key, json!(text.trim()));
            }
        }
        if !facts.is_empty() {
            put(&mut properties, "facts", Value::Object(facts));
        }
        let sources: Vec<Value> = self
            .sources
            .iter()
            .filter(|row| !row.is_blank())
            .map(|row| {
                let mut source = json!({"title": row.title.trim(), "url": row.url.trim()});
                if !row.accessed.trim().is_empty() {
                    source["accessed"] = json!(row.accessed.trim());
                }
                source
            })
            .collect();
        put(&mut properties, "sources", json!(sources));
        if !self.passages.is_empty() {
            put(&mut properties, "passages", json!(self.passages));
        }
        if !self.route.trim().is_empty() {
            put(&mut properties, "route", json!(self.route.trim()));
        }
        match read_number::<u32>(&self.leg) {
            Ok(Some(v)) => put(&mut properties, "leg", json!(v)),
            Ok(None) => {}
            Err(()) => unreadable.push(field_error(
                "properties.leg",
                "must be a whole number from 1",
            )),
        }
        let id = self.id.trim();
        let feature = Feature {
            bbox: None,
            geometry,
            id: (!id.is_empty()).then(|| Id::String(id.to_string())),
            properties: Some(properties),
            foreign_members: None,
        };
        (feature, unreadable)
    }
}

/// The non-empty rows, trimmed.
fn trimmed_rows(rows: &[String]) -> Vec<String> {
    rows.iter()
        .map(|row| row.trim().to_string())
        .filter(|row| !row.is_empty())
        .collect()
}

/// An optional number from text: `Ok(None)` when empty, `Err` when not a number.
fn read_number<T: std::str::FromStr>(text: &str) -> Result<Option<T>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    // Analysts paste "1,200": a thousands separator is not a decimal point here.
    text.replace(',', "").parse().map(Some).map_err(|_| ())
}

fn field_error(field: &str, reason: &str) -> FieldError {
    FieldError {
        field: field.to_string(),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_model::validate_feature;

    fn solar() -> FormState {
        let mut form = FormState::blank("energy");
        form.set_name("Bilasuvar Solar Plant");
        form.kind = "solar".into();
        form.status = "under_construction".into();
        form.capacity_mw = "445".into();
        form.opened = "2027".into();
        form.partners = vec!["az".into(), " ".into(), "AE".into()];
        form.sources = vec![
            SourceRow {
                title: "Masdar".into(),
                url: "https://masdar.ae/".into(),
                accessed: "2026-11-30".into(),
            },
            SourceRow::default(),
        ];
        form
    }

    #[test]
    fn a_form_with_only_its_layer_has_nothing_to_keep() {
        let mut form = FormState::blank("energy");
        form.sources.push(SourceRow::default());
        assert!(!form.has_content());
        form.sources[0].url = "https://".into();
        assert!(form.has_content());
    }

    #[test]
    fn the_slug_follows_the_name_until_typed() {
        let mut form = solar();
        assert_eq!(form.id, "bilasuvar-solar-plant");
        form.id = "bilasuvar-solar".into();
        form.id_typed = true;
        form.set_name("Bilasuvar Solar Power Plant");
        assert_eq!(form.id, "bilasuvar-solar");
    }

    #[test]
    fn a_filled_form_is_a_valid_feature_without_blank_rows() {
        let point = Geometry::new(geojson::GeometryValue::new_point(vec![48.8, 39.4]));
        let (feature, unreadable) = solar().to_feature(Some(point));
        assert!(unreadable.is_empty());
        let typed = validate_feature(&feature).expect("valid");
        assert_eq!(typed.properties.facts.capacity_mw, Some(445.0));
        assert_eq!(typed.properties.facts.partners, ["AZ", "AE"]);
        assert_eq!(typed.properties.sources.len(), 1);
        assert_eq!(
            typed.properties.sources[0].accessed.as_deref(),
            Some("2026-11-30")
        );
    }

    #[test]
    fn numbers_that_are_not_numbers_are_named() {
        let mut form = solar();
        form.capacity_mw = "about 400".into();
        form.opened = "2027?".into();
        form.length_km = "1,200".into();
        let (feature, unreadable) = form.to_feature(None);
        let fields: Vec<&str> = unreadable.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["properties.facts.capacity_mw", "properties.facts.opened"]
        );
        let facts = &feature.properties.expect("properties")["facts"];
        assert_eq!(facts["length_km"], json!(1200.0));
    }

    #[test]
    fn a_stored_feature_comes_back_as_the_same_properties() {
        let point = Geometry::new(geojson::GeometryValue::new_point(vec![48.8, 39.4]));
        let (feature, _) = solar().to_feature(Some(point.clone()));
        let typed = validate_feature(&feature).expect("valid");
        let form = FormState::of_properties("energy", &typed.properties);
        let (again, _) = form.to_feature(Some(point));
        assert_eq!(validate_feature(&again).expect("valid"), typed);
    }
}
