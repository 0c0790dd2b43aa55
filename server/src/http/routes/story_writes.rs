//! Editing stories, as features are edited: `POST /api/stories` creates
//! (201 with `Location`), `PUT` and `DELETE` on `/api/stories/{storyId}`
//! replace and remove.
//!
//! Editors and admins only: without a session 401, without the role 403,
//! both before the body is read. A change names the version it was made
//! against in `If-Match`: the strong `ETag` `GET /api/stories/{storyId}`
//! sends (428 without it; 412 with the current story when it is stale). Each
//! write is one transaction with its history row, published to the answer
//! caches before the answer leaves, so the next read sees it.

use super::JSON;
use super::stories::story_tag;
use crate::AppState;
use crate::http::error::AppError;
use crate::http::signed_in::{Editors, RequireRole};
use crate::http::story_body::typed_story;
use crate::http::write_request::{if_match_names, read_json};
use crate::store::changes::Change;
use crate::store::{StoredStory, StoryEdit, StoryEditKind, StoryEditOutcome, StoryRefusal};
use atlas_model::slug::is_slug;
use axum::Router;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};

/// Routes of this resource; `stories.rs` serves the GETs of the same paths.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/stories", post(create))
        .route("/api/stories/{id}", put(replace).delete(remove))
}

/// The media types a story's body may have.
const STORY_TYPES: [&str; 1] = [JSON];

async fn create(
    State(state): State<AppState>,
    RequireRole { user, .. }: RequireRole<Editors>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let body = read_json(&headers, body, &STORY_TYPES, JSON).await?;
    let story = typed_story(&state, body, None).await?;
    let edit = StoryEdit {
        story_id: &story.id,
        expected: None,
        edit: StoryEditKind::Create(&story),
        who: &user.name,
    };
    let outcome = state.store.edit_story(&edit).await?;
    answer(&story.id, outcome)
}

async fn replace(
    State(state): State<AppState>,
    RequireRole { user, .. }: RequireRole<Editors>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let id = story_path(path)?;
    let lock = Lock::read(&state, &id, &headers).await?;
    let body = read_json(&headers, body, &STORY_TYPES, JSON).await?;
    let story = typed_story(&state, body, Some(&id)).await?;
    let edit = StoryEdit {
        story_id: &id,
        expected: lock.expected,
        edit: StoryEditKind::Replace(&story),
        who: &user.name,
    };
    let outcome = state.store.edit_story(&edit).await?;
    answer(&id, outcome)
}

async fn remove(
    State(state): State<AppState>,
    RequireRole { user, .. }: RequireRole<Editors>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let id = story_path(path)?;
    let lock = Lock::read(&state, &id, &headers).await?;
    let edit = StoryEdit {
        story_id: &id,
        expected: lock.expected,
        edit: StoryEditKind::Delete,
        who: &user.name,
    };
    let outcome = state.store.edit_story(&edit).await?;
    answer(&id, outcome)
}

/// The revision a change is made against, from `If-Match`.
struct Lock {
    /// The story's current revision when `If-Match` names its current tag;
    /// else a revision none has, which the store refuses as stale (`None`
    /// when there is no story, which the store refuses as missing).
    expected: Option<i64>,
}

impl Lock {
    /// Reads `If-Match` (428 without it) against the story as stored now;
    /// the store checks the revision again, atomically.
    async fn read(state: &AppState, id: &str, headers: &HeaderMap) -> Result<Lock, AppError> {
        let current = state.store.stored_story(id).await?;
        let tag = current
            .as_ref()
            .map(served)
            .transpose()?
            .map(|(_, tag)| tag);
        let named = if_match_names(headers, tag.as_ref())?;
        Ok(Lock {
            expected: current.map(|stored| if named { stored.revision } else { -1 }),
        })
    }
}

/// The story id of the path; 404 unless it is a slug.
pub fn story_path(path: Result<Path<String>, PathRejection>) -> Result<String, AppError> {
    match path {
        Ok(Path(id)) if is_slug(&id) => Ok(id),
        _ => Err(AppError::not_found("story")),
    }
}

/// A stored story as `GET /api/stories/{storyId}` serves it: its body and strong `ETag`.
pub fn served(stored: &StoredStory) -> Result<(Vec<u8>, HeaderValue), AppError> {
    let body = serde_json::to_vec(&stored.story)?;
    let tag = story_tag(&body);
    Ok((body, tag))
}

/// The answer to a story edit: 201 with `Location` for a creation, 200 with
/// the story for a change (or none), each with its `ETag`; 204 for a
/// deletion; or the refusal's status.
fn answer(id: &str, outcome: StoryEditOutcome) -> Result<Response, AppError> {
    match outcome {
        StoryEditOutcome::Done { change, story, .. } => {
            let Some(story) = story else {
                let mut gone = StatusCode::NO_CONTENT.into_response();
                gone.headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                return Ok(gone);
            };
            let (body, tag) = served(&story)?;
            let created = change == Some(Change::Create);
            let status = if created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            let mut response = (
                status,
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(JSON)),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                    (header::ETAG, tag),
                ],
                body,
            )
                .into_response();
            // Slugs only: always a valid header value.
            if let (true, Ok(location)) = (
                created,
                HeaderValue::from_str(&format!("/api/stories/{id}")),
            ) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            Ok(response)
        }
        StoryEditOutcome::Refused { refusal, current } => Err(match refusal {
            StoryRefusal::NoSuchStory => AppError::not_found(format!("story {id}")),
            StoryRefusal::Exists => AppError::Conflict(format!("a story {id} exists already")),
            StoryRefusal::Stale => AppError::Stale {
                current: current.as_ref().map(served).transpose()?,
                media_type: JSON,
            },
        }),
    }
}
