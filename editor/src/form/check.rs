//! The form judged by the server's own rules (`validate_feature_fully` from
//! the model), as the editor types: every error with the field it belongs to,
//! named by the same path the server's 422 uses, so both show the same way.

use super::fields::FormState;
use atlas_model::api::FieldError;
use atlas_model::{ValidationError, validate_feature_fully};
use geojson::Geometry;

/// The field of the layer select (not part of the feature itself).
pub const COLLECTION_FIELD: &str = "collection";

/// Every reason the form cannot be saved yet, by field; empty when it can.
///
/// Passage links are left to the server, which holds the reports they point
/// into; the editor keeps a feature's links as they are.
pub fn check(form: &FormState, geometry: Option<Geometry>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if form.collection.trim().is_empty() {
        errors.push(FieldError {
            field: COLLECTION_FIELD.into(),
            reason: "choose the layer it belongs to".into(),
        });
    }
    let (feature, unreadable) = form.to_feature(geometry);
    let unreadable_fields: Vec<String> = unreadable.iter().map(|e| e.field.clone()).collect();
    errors.extend(unreadable);
    if let Err(found) = validate_feature_fully(&feature, &[]) {
        errors.extend(
            found
                .iter()
                .filter(|e| !matches!(e, ValidationError::DanglingPassage { .. }))
                .map(|e| FieldError {
                    field: form_field(form, &e.field()),
                    reason: e.reason(),
                })
                // A field already named as unreadable is not judged again.
                .filter(|e| !unreadable_fields.contains(&e.field)),
        );
    }
    errors
}

/// The form's name for a field path of the built feature: `properties.sources[i]`
/// counts the non-blank rows, while the form counts every row it shows.
pub fn form_field(form: &FormState, field: &str) -> String {
    let Some(rest) = field.strip_prefix("properties.sources[") else {
        return field.to_string();
    };
    let Some((index, tail)) = rest.split_once(']') else {
        return field.to_string();
    };
    let Ok(index) = index.parse::<usize>() else {
        return field.to_string();
    };
    let row = form
        .sources
        .iter()
        .enumerate()
        .filter(|(_, row)| !row.is_blank())
        .nth(index)
        .map_or(index, |(row, _)| row);
    format!("properties.sources[{row}]{tail}")
}

/// The reasons for `field`, joined for the line under its input.
pub fn reasons_for(errors: &[FieldError], field: &str) -> Option<String> {
    let reasons: Vec<&str> = errors
        .iter()
        .filter(|e| e.field == field)
        .map(|e| e.reason.as_str())
        .collect();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::fields::SourceRow;
    use geojson::GeometryValue;

    fn point() -> Option<Geometry> {
        Some(Geometry::new(GeometryValue::new_point(vec![48.8, 39.4])))
    }

    fn plant() -> FormState {
        let mut form = FormState::blank("energy");
        form.set_name("Bilasuvar Solar Plant");
        form.kind = "solar".into();
        form.status = "planned".into();
        form
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_plant_without_a_source_is_refused_by_its_sources_field() {
        let errors = check(&plant(), point());
        assert_eq!(fields(&errors), ["properties.sources"]);
        assert_eq!(errors[0].reason, "must list at least one source");
    }

    #[test]
    fn a_plant_with_a_source_passes() {
        let mut form = plant();
        form.sources.push(SourceRow {
            title: "Masdar".into(),
            url: "https://masdar.ae/".into(),
            accessed: String::new(),
        });
        assert_eq!(check(&form, point()), []);
    }

    #[test]
    fn a_blank_form_names_every_missing_field() {
        let errors = check(&FormState::default(), None);
        assert_eq!(
            fields(&errors),
            [
                "collection",
                "properties.kind",
                "properties.status",
                "geometry"
            ]
        );
    }

    #[test]
    fn a_railway_drawn_as_a_site_is_refused_on_its_geometry() {
        let mut form = plant();
        form.kind = "rail".into();
        form.sources.push(SourceRow {
            title: "ADY".into(),
            url: "https://ady.az/".into(),
            accessed: String::new(),
        });
        let errors = check(&form, point());
        assert_eq!(fields(&errors), ["geometry"]);
        assert!(
            errors[0].reason.contains("must be a LineString"),
            "{}",
            errors[0].reason
        );
    }

    #[test]
    fn source_errors_name_the_row_the_editor_sees() {
        let mut form = plant();
        form.sources = vec![
            SourceRow::default(),
            SourceRow {
                title: "Masdar".into(),
                url: "masdar.ae".into(),
                accessed: String::new(),
            },
        ];
        let errors = check(&form, point());
        assert_eq!(fields(&errors), ["properties.sources[1].url"]);
    }

    #[test]
    fn an_unreadable_number_is_named_once() {
        let mut form = plant();
        form.capacity_mw = "lots".into();
        let errors = check(&form, point());
        assert_eq!(
            reasons_for(&errors, "properties.facts.capacity_mw").as_deref(),
            Some("must be a number")
        );
    }
}
