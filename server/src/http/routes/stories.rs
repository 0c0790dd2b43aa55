//! `GET /api/stories` and `GET /api/stories/{id}`: the stories presenters
//! play (`/story/{id}/{step}`, the page that plays one, is [`super::story_page`]'s).

use super::JSON;
use crate::AppState;
use crate::caching::answer_cache::Scope;
use crate::http::error::AppError;
use atlas_model::StoryList;
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
        .route("/api/stories", get(list))
        .route("/api/stories/{id}", get(one))
}

/// Every story's summary, in data order.
async fn list(State(state): State<AppState>, uri: Uri) -> Result<Response, AppError> {
    let key = crate::http::early_answers::cache_key(&uri);
    if let Some(cached) = state.cache.get(key) {
        return Ok(cached);
    }
    let epoch = state.cache.epoch();
    let stories = state.store.stories().await?;
    let list = StoryList {
        stories: stories.iter().map(|story| story.summary()).collect(),
    };
    let response = tagged(serde_json::to_vec(&list)?);
    Ok(state
        .cache
        .insert(key, Scope::Stories, epoch, response)
        .await)
}

/// One story, whole: every step the player shows.
async fn one(
    State(state): State<AppState>,
    uri: Uri,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    let id = match path {
        Ok(Path(id)) if is_slug(&id) => id,
        _ => return Err(AppError::not_found("story")),
    };
    let key = crate::http::early_answers::cache_key(&uri);
    if let Some(cached) = state.cache.get(key) {
        return Ok(cached);
    }
    let epoch = state.cache.epoch();
    let story = state
        .store
        .story(&id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("story {id}")))?;
    let response = tagged(serde_json::to_vec(&story)?);
    Ok(state
        .cache
        .insert(key, Scope::Stories, epoch, response)
        .await)
}

/// A JSON answer with a strong `ETag`: a story answer is the same bytes for
/// the same content, so its body's hash names that one representation.
fn tagged(body: Vec<u8>) -> Response {
    let tag = story_tag(&body);
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(JSON)),
            (header::ETAG, tag),
        ],
        body,
    )
        .into_response()
}

/// The strong `ETag` of a story answer's body: what `GET` sends and a
/// story write's `If-Match` names.
pub fn story_tag(body: &[u8]) -> HeaderValue {
    let hash = crate::http::etag::body_hash(body);
    // Hex digits in quotes are always a valid header value.
    HeaderValue::from_str(&format!("\"s{hash:016x}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"s0\""))
}
