//! `GET /api/stories/{storyId}/history`: every change made to a story
//! (through the API or an import), oldest first, with who made it, when, and the story
//! before and after. Editors and admins only, like the writes: history names
//! accounts.

use super::story_writes::{served, story_path};
use super::{JSON, json_response};
use crate::AppState;
use crate::http::error::AppError;
use crate::http::signed_in::{Editors, RequireRole};
use crate::store::StoryHistoryRecord;
use atlas_model::api::Link;
use atlas_model::history::{Revision, RevisionChange, StoryHistory};
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::get;
use serde_json::Value;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/stories/{id}/history", get(history))
}

async fn history(
    State(state): State<AppState>,
    _editor: RequireRole<Editors>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    let id = story_path(path)?;
    let rows = state.store.story_history(&id).await?;
    let current = state.store.stored_story(&id).await?;
    if rows.is_empty() && current.is_none() {
        return Err(AppError::not_found(format!("history of story {id}")));
    }
    let etag = match &current {
        Some(stored) => served(stored)?.1.to_str().unwrap_or_default().to_string(),
        None => String::new(),
    };
    let base = format!("/api/stories/{id}");
    let document = StoryHistory {
        id: id.clone(),
        etag,
        revisions: rows.into_iter().map(revision).collect::<Result<_, _>>()?,
        links: vec![
            Link::new(format!("{base}/history"), "self", JSON),
            Link::new(base, "item", JSON),
        ],
    };
    let mut response = json_response(JSON, &document)?;
    // For the signed-in account alone: never stored, never tagged.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// One history row as the API lists it.
fn revision(row: StoryHistoryRecord) -> Result<Revision, AppError> {
    let parse = |text: Option<String>| text.map(|t| serde_json::from_str::<Value>(&t)).transpose();
    Ok(Revision {
        change: RevisionChange::of(row.before.is_some(), row.after.is_some(), None),
        revision: row.revision,
        changed_at: row.changed_at,
        changed_by: row.changed_by,
        restored_from: None,
        before: parse(row.before)?,
        after: parse(row.after)?,
        links: Vec::new(),
    })
}
