//! A feature's history, restoring any revision of it, and the deleted
//! features of a collection:
//!
//! - `GET /collections/{id}/items/{featureId}/history`: every revision,
//!   oldest first, with who made it, when, and the feature before and after.
//! - `POST /collections/{id}/items/{featureId}/history/{revision}/restore`:
//!   brings that revision's content back as a new revision (a re-creation
//!   when the feature is deleted), with `If-Match` naming the current one.
//! - `GET /collections/{id}/deleted`: the features deleted from a collection,
//!   each with the tag and link its restore needs.
//!
//! Editors and admins only, like the writes: history names accounts.

use super::item_writes::{answer, feature_path};
use super::{JSON, json_response};
use crate::AppState;
use crate::http::error::AppError;
use crate::http::etag::revision_tag;
use crate::http::feature_body::typed_feature;
use crate::http::signed_in::{Editors, RequireRole};
use crate::http::write_request::IfMatch;
use crate::store::{Edit, FeatureEdit, HistoryRecord};
use atlas_model::api::Link;
use atlas_model::history::{
    DeletedFeature, DeletedFeatures, FeatureHistory, Revision, RevisionChange,
};
use atlas_model::slug::is_slug;
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::Value;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/collections/{id}/items/{feature_id}/history", get(history))
        .route(
            "/collections/{id}/items/{feature_id}/history/{revision}/restore",
            post(restore),
        )
        .route("/collections/{id}/deleted", get(deleted))
}

async fn history(
    State(state): State<AppState>,
    _editor: RequireRole<Editors>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, AppError> {
    let (id, feature_id) = feature_path(path)?;
    let rows = state.store.history(&feature_id).await?;
    if !rows
        .iter()
        .any(|row| row.collection_id.as_deref() == Some(&id))
    {
        return Err(AppError::not_found(format!(
            "history of feature {feature_id} in collection {id}"
        )));
    }
    let current = current_revision(&state, &id, &feature_id, &rows).await?;
    let base = format!("/collections/{id}/items/{feature_id}");
    let document = FeatureHistory {
        id: feature_id.clone(),
        collection: id.clone(),
        etag: tag_text(current),
        revisions: rows
            .into_iter()
            .map(|row| revision(&base, row))
            .collect::<Result<_, _>>()?,
        links: vec![
            Link::new(format!("{base}/history"), "self", JSON),
            Link::new(base.clone(), "item", super::GEO_JSON),
        ],
    };
    private(json_response(JSON, &document)?)
}

async fn restore(
    State(state): State<AppState>,
    RequireRole { user, .. }: RequireRole<Editors>,
    path: Result<Path<(String, String, String)>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (id, feature_id, revision) = match path {
        Ok(Path((id, feature_id, revision))) if is_slug(&id) && is_slug(&feature_id) => {
            match revision.parse::<i64>() {
                Ok(revision) if revision > 0 => (id, feature_id, revision),
                _ => return Err(AppError::not_found("revision")),
            }
        }
        _ => return Err(AppError::not_found("revision")),
    };
    let if_match = IfMatch::read(&headers)?;
    let rows = state.store.history(&feature_id).await?;
    let row = rows
        .iter()
        .find(|row| row.revision == revision && row.collection_id.as_deref() == Some(&id))
        .ok_or_else(|| {
            AppError::not_found(format!(
                "revision {revision} of feature {feature_id} in collection {id}"
            ))
        })?;
    let Some(after) = &row.after else {
        return Err(AppError::Conflict(format!(
            "revision {revision} deleted the feature; restore the revision before it"
        )));
    };
    let content: Value = serde_json::from_str(after)?;
    // The content is checked again: the reports its links name may have changed since.
    let feature = typed_feature(&state, content, Some(&feature_id)).await?;
    let current = current_revision(&state, &id, &feature_id, &rows).await?;
    let edit = FeatureEdit {
        collection_id: &id,
        feature_id: &feature_id,
        expected: if_match.expected(current),
        edit: Edit::Restore {
            content: &feature,
            from: revision,
        },
        who: &user.name,
    };
    let outcome = state.store.edit(&edit).await?;
    answer(&id, &feature_id, outcome)
}

async fn deleted(
    State(state): State<AppState>,
    _editor: RequireRole<Editors>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    let id = super::collections::collection_id(path)?;
    if !state.store.collections().await?.iter().any(|c| c.id == id) {
        return Err(AppError::not_found(format!("collection {id}")));
    }
    let features = state
        .store
        .deleted(&id)
        .await?
        .into_iter()
        .map(|row| {
            let base = format!("/collections/{id}/items/{}", row.feature_id);
            Ok::<_, AppError>(DeletedFeature {
                etag: tag_text(Some(row.revision)),
                feature: serde_json::from_str(row.before.as_deref().unwrap_or("null"))?,
                links: vec![
                    Link::new(
                        format!("{base}/history/{}/restore", row.revision - 1),
                        "restore",
                        super::GEO_JSON,
                    ),
                    Link::new(format!("{base}/history"), "history", JSON),
                ],
                id: row.feature_id,
                revision: row.revision,
                deleted_at: row.changed_at,
                deleted_by: row.changed_by,
            })
        })
        .collect::<Result<_, _>>()?;
    let document = DeletedFeatures {
        collection: id.clone(),
        features,
        links: vec![
            Link::new(format!("/collections/{id}/deleted"), "self", JSON),
            Link::new(format!("/collections/{id}"), "collection", JSON),
        ],
    };
    private(json_response(JSON, &document)?)
}

/// The revision an `If-Match` must name: the live feature's, or its deletion's.
async fn current_revision(
    state: &AppState,
    id: &str,
    feature_id: &str,
    rows: &[HistoryRecord],
) -> Result<Option<i64>, AppError> {
    Ok(match state.store.feature(id, feature_id).await? {
        Some(live) => Some(live.revision),
        None => rows.iter().map(|row| row.revision).max(),
    })
}

/// One history row as the API lists it.
fn revision(base: &str, row: HistoryRecord) -> Result<Revision, AppError> {
    let parse = |text: Option<String>| text.map(|t| serde_json::from_str::<Value>(&t)).transpose();
    let links = match row.after {
        Some(_) => vec![Link::new(
            format!("{base}/history/{}/restore", row.revision),
            "restore",
            super::GEO_JSON,
        )],
        None => Vec::new(),
    };
    Ok(Revision {
        change: RevisionChange::of(row.before.is_some(), row.after.is_some(), row.restored_from),
        revision: row.revision,
        changed_at: row.changed_at,
        changed_by: row.changed_by,
        restored_from: row.restored_from,
        before: parse(row.before)?,
        after: parse(row.after)?,
        links,
    })
}

/// A revision's `ETag` as text, for a document that lists it.
fn tag_text(revision: Option<i64>) -> String {
    revision
        .map(revision_tag)
        .and_then(|tag| tag.to_str().ok().map(str::to_string))
        .unwrap_or_default()
}

/// An answer for the signed-in account alone: never stored, never tagged.
fn private(mut response: Response) -> Result<Response, AppError> {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
