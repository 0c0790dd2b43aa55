//! A write's JSON body turned into a feature the model accepts, or a 422
//! listing every field at fault: the model's rules (`validate_feature_fully`),
//! passage links checked against the reports the store holds.

use crate::AppState;
use crate::http::error::AppError;
use atlas_model::api::FieldError;
use atlas_model::slug::slugify;
use atlas_model::{AtlasFeature, Report, validate_feature_fully};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Members the server owns: a body read from `GET` may carry them back, and
/// they are dropped rather than refused.
const SERVER_MEMBERS: [&str; 3] = ["revision", "updated_at", "links"];

/// The most reports one body's links are checked against; links to others fail.
const MAX_LINKED_REPORTS: usize = 64;

/// The feature a body describes, validated. `path_id` is the feature id of
/// the request's path (PUT, PATCH, restore); a body without ids takes it,
/// and a body naming another is refused. Without one (POST), a body without
/// ids takes the slug of its name.
pub async fn typed_feature(
    state: &AppState,
    mut body: Value,
    path_id: Option<&str>,
) -> Result<AtlasFeature, AppError> {
    let Some(members) = body.as_object_mut() else {
        return Err(invalid("body", "must be a GeoJSON Feature object"));
    };
    if members.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err(invalid("type", "must be \"Feature\""));
    }
    for member in SERVER_MEMBERS {
        members.remove(member);
    }
    fill_ids(members, path_id)?;
    let feature: geojson::Feature = serde_json::from_value(body.clone()).map_err(|e| {
        let field = if body.get("geometry").is_some_and(|g| {
            !g.is_null() && serde_json::from_value::<geojson::Geometry>(g.clone()).is_err()
        }) {
            "geometry"
        } else {
            "body"
        };
        invalid(field, &format!("is not GeoJSON: {e}"))
    })?;
    let reports = linked_reports(state, &body).await?;
    validate_feature_fully(&feature, &reports).map_err(|errors| AppError::Invalid {
        errors: errors
            .iter()
            .map(|e| FieldError {
                field: e.field(),
                reason: e.reason(),
            })
            .collect(),
    })
}

/// Gives the body the ids it lacks (from the path, or its name), and refuses
/// one that names another feature than the path.
fn fill_ids(members: &mut Map<String, Value>, path_id: Option<&str>) -> Result<(), AppError> {
    let top = members
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string);
    let Some(properties) = members.get_mut("properties").and_then(Value::as_object_mut) else {
        return Err(invalid("properties", "must be an object"));
    };
    let inner = properties
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string);
    let named = properties
        .get("name")
        .and_then(Value::as_str)
        .map(slugify)
        .filter(|slug| !slug.is_empty());
    let id = match path_id {
        Some(path_id) => {
            for given in [&top, &inner].into_iter().flatten() {
                if given != path_id {
                    return Err(invalid(
                        "id",
                        &format!("is {given:?}, but the path names {path_id:?}"),
                    ));
                }
            }
            Some(path_id.to_string())
        }
        None => inner.clone().or_else(|| top.clone()).or(named),
    };
    let Some(id) = id else {
        return Err(invalid(
            "properties.id",
            "is required (or a name to make it from)",
        ));
    };
    if inner.is_none() {
        properties.insert("id".into(), Value::String(id.clone()));
    }
    if top.is_none() {
        members.insert("id".into(), Value::String(id));
    }
    Ok(())
}

/// The reports the body's passage links name, as the store holds them.
async fn linked_reports(state: &AppState, body: &Value) -> Result<Vec<Report>, AppError> {
    let ids: BTreeSet<&str> = body
        .pointer("/properties/passages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|link| link.get("report").and_then(Value::as_str))
        .collect();
    let mut reports = Vec::new();
    // Far more than the atlas holds: a body cannot make the server read without end.
    for id in ids.into_iter().take(MAX_LINKED_REPORTS) {
        if let Some(report) = state.store.report_text(id).await? {
            reports.push(report);
        }
    }
    Ok(reports)
}

/// A 422 naming one field.
fn invalid(field: &str, reason: &str) -> AppError {
    AppError::Invalid {
        errors: vec![FieldError {
            field: field.into(),
            reason: reason.into(),
        }],
    }
}
