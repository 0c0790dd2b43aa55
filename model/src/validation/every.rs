//! Every reason a feature is refused, not just the first: what an editing
//! form shows beside each field, and what the write API lists in its 422.

use super::{
    ValidationError, check_geometry, collect_typed, link_errors, missing_geometry, serde_field,
};
use crate::feature::AtlasFeature;
use crate::kind::{FeatureKind, Status};
use crate::properties::FeatureProperties;
use crate::report::Report;
use geojson::{Feature, feature::Id};

/// Checks one GeoJSON feature against every rule, its passage links against
/// `reports` included, and returns it typed, or every error found.
///
/// The first error is the one [`super::validate_feature`] gives; the rest
/// follow in the order of the fields. A property that does not type (a
/// missing `name`, a number where text belongs) hides the checks of the
/// typed properties, but not those of the vocabularies or the geometry.
pub fn validate_feature_fully(
    feature: &Feature,
    reports: &[Report],
) -> Result<AtlasFeature, Vec<ValidationError>> {
    let empty = geojson::JsonObject::new();
    let raw = feature.properties.as_ref().unwrap_or(&empty);
    let name_hint = raw
        .get("id")
        .and_then(|v| v.as_str())
        .or_else(|| raw.get("name").and_then(|v| v.as_str()))
        .unwrap_or("(unnamed)")
        .to_string();
    let property = |field: &str, reason: String| ValidationError::Property {
        feature: name_hint.clone(),
        field: field.to_string(),
        reason,
    };
    let mut errors = Vec::new();
    let kind_text = raw.get("kind").and_then(|v| v.as_str());
    for (field, known) in [
        ("kind", FeatureKind::ALL.map(FeatureKind::as_str).to_vec()),
        ("status", Status::ALL.map(Status::as_str).to_vec()),
    ] {
        match raw.get(field) {
            None => errors.push(property(field, "is required".into())),
            Some(v) => match v.as_str() {
                Some(s) if known.contains(&s) => {}
                _ => errors.push(property(
                    field,
                    format!("unknown value {v}; expected one of {}", known.join(", ")),
                )),
            },
        }
    }
    let typed = if errors.is_empty() {
        match serde_json::from_value::<FeatureProperties>(serde_json::Value::Object(raw.clone())) {
            Ok(properties) => Some(properties),
            Err(e) => {
                errors.push(property(&serde_field(&e), e.to_string()));
                None
            }
        }
    } else {
        None
    };
    let top = match &feature.id {
        Some(Id::String(top)) => Some(top.as_str()),
        Some(Id::Number(n)) => {
            errors.push(ValidationError::IdMismatch {
                feature: name_hint.clone(),
                top: n.to_string(),
            });
            None
        }
        None => None,
    };
    let Some(properties) = typed else {
        // The properties did not type: the geometry can still be checked.
        match &feature.geometry {
            None => errors.push(missing_geometry(&name_hint)),
            Some(geometry) => check_geometry(
                &name_hint,
                kind_text.and_then(FeatureKind::parse),
                &geometry.value,
                &mut errors,
            ),
        }
        return Err(errors);
    };
    let geometry = collect_typed(top, &properties, feature.geometry.as_ref(), &mut errors);
    link_errors(&properties, reports, &mut errors);
    match geometry {
        Some(geometry) if errors.is_empty() => Ok(AtlasFeature {
            properties,
            geometry: geometry.clone(),
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::validate_feature;
    use serde_json::json;

    fn feature(value: serde_json::Value) -> Feature {
        serde_json::from_value(value).expect("test fixture is GeoJSON")
    }

    fn wind_farm() -> serde_json::Value {
        json!({
            "type": "Feature",
            "id": "khizi-absheron-wind",
            "geometry": {"type": "Point", "coordinates": [49.42, 40.72]},
            "properties": {
                "id": "khizi-absheron-wind",
                "name": "Khizi-Absheron Wind Power Plant",
                "kind": "wind",
                "status": "operating",
                "status_as_of": "2026-01",
                "sources": [{"title": "ACWA Power", "url": "https://www.acwapower.com/"}]
            }
        })
    }

    fn fields(errors: &[ValidationError]) -> Vec<String> {
        errors.iter().map(ValidationError::field).collect()
    }

    #[test]
    fn a_valid_feature_types_with_its_status_date() {
        let typed = validate_feature_fully(&feature(wind_farm()), &[]).expect("valid");
        assert_eq!(typed.properties.status_as_of.as_deref(), Some("2026-01"));
    }

    #[test]
    fn every_error_is_listed_by_field_and_the_first_is_the_first_error() {
        let mut f = wind_farm();
        f["properties"]["name"] = json!(" ");
        f["properties"]["status_as_of"] = json!("2026-13");
        f["properties"]["sources"] = json!([{"title": "", "url": "https://exa mple.org/"}]);
        f["properties"]["facts"] = json!({"capacity_mw": -1});
        f["properties"]["passages"] = json!([{"report": "nowhere", "passage": "p-1"}]);
        f["geometry"]["coordinates"] = json!([200.0, 40.0]);
        let errors = validate_feature_fully(&feature(f.clone()), &[]).expect_err("invalid");
        assert_eq!(
            fields(&errors),
            [
                "properties.name",
                "properties.status_as_of",
                "properties.facts.capacity_mw",
                "properties.sources[0].title",
                "properties.sources[0].url",
                "geometry",
                "properties.passages",
            ]
        );
        assert_eq!(Err(errors[0].clone()), validate_feature(&feature(f)));
    }

    #[test]
    fn unknown_vocabulary_still_lets_the_geometry_be_checked() {
        let mut f = wind_farm();
        f["properties"]["kind"] = json!("spaceport");
        f["properties"]["status"] = json!(3);
        f["geometry"] = json!({"type": "Polygon", "coordinates": [[[49.0, 40.0], [49.1, 40.0], [49.1, 40.1], [49.0, 40.1]]]});
        let errors = validate_feature_fully(&feature(f), &[]).expect_err("invalid");
        assert_eq!(
            fields(&errors),
            ["properties.kind", "properties.status", "geometry"]
        );
        assert!(errors[2].to_string().contains("must end where it starts"));
    }
}
