//! Editing features, in the shape of OGC API - Features Part 4:
//! `POST /collections/{id}/items` creates (201 with `Location`), and `PUT`,
//! `PATCH` (JSON Merge Patch) and `DELETE` on `/collections/{id}/items/{featureId}`
//! replace, change and remove.
//!
//! Editors and admins only: without a session 401, without the role 403,
//! both before the body is read. Every change but a creation names the
//! version it was made against in `If-Match` (428 without it; 412 with the
//! current version when it is stale). Each write is one transaction with
//! its history row, published to the read model and caches before the
//! answer leaves, so the next read sees it.

use super::GEO_JSON;
use super::items::item_body;
use crate::AppState;
use crate::http::error::AppError;
use crate::http::etag::revision_tag;
use crate::http::feature_body::typed_feature;
use crate::http::signed_in::{Editors, RequireRole};
use crate::http::write_request::{FEATURE_TYPES, IfMatch, PATCH_TYPES, read_json};
use crate::store::changes::Change;
use crate::store::{Edit, EditOutcome, FeatureEdit, Refusal};
use atlas_model::merge_patch::merge_patch;
use atlas_model::slug::is_slug;
use axum::Router;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use serde_json::Value;

/// Routes of this resource; `items.rs` serves the GETs of the same paths.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/collections/{id}/items", post(create))
        .route(
            "/collections/{id}/items/{feature_id}",
            put(replace).patch(update).delete(remove),
        )
}

/// What a feature's body may be, for a 415's detail.
const FEATURE_BODY: &str = "application/geo+json or application/json";
/// What a merge patch's body may be, for a 415's detail.
const PATCH_BODY: &str = "application/merge-patch+json, application/geo+json or application/json";

async fn create(
    State(state): State<AppState>,
    RequireRole { user, .. }: RequireRole<Editors>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let id = super::collections::collection_id(path)?;
    let body = read_json(&headers, body, &FEATURE_TYPES, FEATURE_BODY).await?;
    let feature = typed_feature(&state, body, None).await?;
    let edit = FeatureEdit {
        collection_id: &id,
        feature_id: feature.id(),
        expected: None,
        edit: Edit::Create(&feature),
        who: &user.name,
    };
    let outcome = state.store.edit(&edit).await?;
    answer(&id, feature.id(), outcome)
}

async fn replace(
    State(state): State<AppState>,
    RequireRole { user, .. }: RequireRole<Editors>,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let (id, feature_id) = feature_path(path)?;
    let if_match = IfMatch::read(&headers)?;
    let body = read_json(&headers, body, &FEATURE_TYPES, FEATURE_BODY).await?;
    let feature = typed_feature(&state, body, Some(&feature_id)).await?;
    let current = state.store.feature(&id, &feature_id).await?;
    let edit = FeatureEdit {
        collection_id: &id,
        feature_id: &feature_id,
        expected: if_match.expected(current.map(|f| f.revision)),
        edit: Edit::Replace(&feature),
        who: &user.name,
    };
    let outcome = state.store.edit(&edit).await?;
    answer(&id, &feature_id, outcome)
}

async fn update(
    State(state): State<AppState>,
    RequireRole { user, .. }: RequireRole<Editors>,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let (id, feature_id) = feature_path(path)?;
    let if_match = IfMatch::read(&headers)?;
    let patch = read_json(&headers, body, &PATCH_TYPES, PATCH_BODY).await?;
    let current = state
        .store
        .feature(&id, &feature_id)
        .await?
        .ok_or_else(|| not_found(&id, &feature_id))?;
    let expected = if_match.expected(Some(current.revision));
    // Stale before merging: the patch was written against another version.
    if expected != Some(current.revision) {
        return Err(stale(&id, &feature_id, Some(&current))?);
    }
    let mut document: Value = serde_json::from_str(&current.document)?;
    if let Some(members) = document.as_object_mut() {
        members.remove("revision");
        members.remove("updated_at");
    }
    merge_patch(&mut document, &patch);
    let feature = typed_feature(&state, document, Some(&feature_id)).await?;
    let edit = FeatureEdit {
        collection_id: &id,
        feature_id: &feature_id,
        expected,
        edit: Edit::Replace(&feature),
        who: &user.name,
    };
    let outcome = state.store.edit(&edit).await?;
    answer(&id, &feature_id, outcome)
}

async fn remove(
    State(state): State<AppState>,
    RequireRole { user, .. }: RequireRole<Editors>,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (id, feature_id) = feature_path(path)?;
    let if_match = IfMatch::read(&headers)?;
    let current = state.store.feature(&id, &feature_id).await?;
    let edit = FeatureEdit {
        collection_id: &id,
        feature_id: &feature_id,
        expected: if_match.expected(current.map(|f| f.revision)),
        edit: Edit::Delete,
        who: &user.name,
    };
    let outcome = state.store.edit(&edit).await?;
    answer(&id, &feature_id, outcome)
}

/// The collection and feature ids of a feature's path; 404 unless both are slugs.
pub fn feature_path(
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<(String, String), AppError> {
    match path {
        Ok(Path((id, feature_id))) if is_slug(&id) && is_slug(&feature_id) => Ok((id, feature_id)),
        _ => Err(AppError::not_found("feature")),
    }
}

/// The answer to an edit: 201 with `Location` for a creation, 200 with the
/// feature for a change (or none), 204 for a deletion, each with the new
/// `ETag`; or the refusal's status.
pub fn answer(id: &str, feature_id: &str, outcome: EditOutcome) -> Result<Response, AppError> {
    match outcome {
        EditOutcome::Done {
            change,
            feature,
            revision,
        } => {
            let Some(feature) = feature else {
                let mut gone = StatusCode::NO_CONTENT.into_response();
                gone.headers_mut()
                    .insert(header::ETAG, revision_tag(revision));
                gone.headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                return Ok(gone);
            };
            let status = if change == Some(Change::Create) {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            let body = item_body(id, feature_id, &feature.document)?;
            let mut response = (
                status,
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(GEO_JSON)),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                    (header::ETAG, revision_tag(feature.revision)),
                ],
                body,
            )
                .into_response();
            if status == StatusCode::CREATED {
                let location = format!("/collections/{id}/items/{feature_id}");
                // Slugs only: always a valid header value.
                if let Ok(location) = HeaderValue::from_str(&location) {
                    response.headers_mut().insert(header::LOCATION, location);
                }
            }
            Ok(response)
        }
        EditOutcome::Refused { refusal, current } => Err(match refusal {
            Refusal::NoSuchCollection => AppError::not_found(format!("collection {id}")),
            Refusal::NoSuchFeature => not_found(id, feature_id),
            Refusal::Exists { collection_id } => AppError::Conflict(format!(
                "a feature {feature_id} exists already, in collection {collection_id}"
            )),
            Refusal::Stale { .. } => stale(id, feature_id, current.as_ref())?,
        }),
    }
}

/// A 412 carrying the feature's current version, when it has one.
fn stale(
    id: &str,
    feature_id: &str,
    current: Option<&crate::store::StoredFeature>,
) -> Result<AppError, AppError> {
    let current = match current {
        Some(feature) => Some((
            item_body(id, feature_id, &feature.document)?,
            revision_tag(feature.revision),
        )),
        None => None,
    };
    Ok(AppError::Stale {
        current,
        media_type: GEO_JSON,
    })
}

fn not_found(id: &str, feature_id: &str) -> AppError {
    AppError::not_found(format!("feature {feature_id} in collection {id}"))
}
