//! `GET /api/reports` and `GET /api/reports/{id}`: the reports quoted on the map.

use super::{JSON, json_response};
use crate::AppState;
use crate::caching::answer_cache::Scope;
use crate::http::error::AppError;
use atlas_model::api::ReportList;
use atlas_model::slug::is_slug;
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/reports", get(list))
        .route("/api/reports/{id}", get(one))
}

async fn list(State(state): State<AppState>) -> Result<Response, AppError> {
    let reports = state.store.reports().await?;
    json_response(JSON, &ReportList { reports })
}

/// One report with its passages. The answer is kept in the answer cache until
/// the store changes: finding every feature's mentions in the passages reads
/// the whole store (a third of a second with ten thousand features), and the
/// app asks for the report on every load.
async fn one(
    State(state): State<AppState>,
    uri: Uri,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    let id = match path {
        Ok(Path(id)) if is_slug(&id) => id,
        _ => return Err(AppError::not_found("report")),
    };
    let key = crate::http::early_answers::cache_key(&uri);
    if let Some(cached) = state.cache.get(key) {
        return Ok(cached);
    }
    let epoch = state.cache.epoch();
    let detail = state
        .store
        .report(&id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("report {id}")))?;
    let body = serde_json::to_vec(&detail)?;
    // Weak: a report has no revision of its own, so its tag is its body's hash.
    let tag = crate::http::etag::weak_tag_of(&body);
    let response = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(JSON)),
            (header::ETAG, tag),
        ],
        body,
    )
        .into_response();
    Ok(state
        .cache
        .insert(key, Scope::Reports, epoch, response)
        .await)
}
