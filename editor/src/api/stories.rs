//! Stories on the server: read one with its `ETag`, create, replace, and
//! read a story's history.

use super::{Answer, Call, EditApiError, send};
use atlas_model::Story;
use atlas_model::history::StoryHistory;
use atlas_model::story::StoryList;

const JSON: &str = "application/json";

/// Every story the server has.
pub async fn stories() -> Result<StoryList, EditApiError> {
    send(Call {
        method: "GET",
        path: "/api/stories",
        ..Call::default()
    })
    .await?
    .json()
}

/// Story `id` and its `ETag`, or `None` when the server has no such story.
pub async fn story(id: &str) -> Result<Option<(Story, String)>, EditApiError> {
    let path = format!("/api/stories/{id}");
    match send(Call {
        method: "GET",
        path: &path,
        ..Call::default()
    })
    .await
    {
        Ok(answer) => {
            let etag = answer.etag.clone().unwrap_or_default();
            Ok(Some((answer.json()?, etag)))
        }
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

fn body(story: &Story) -> Result<String, EditApiError> {
    serde_json::to_string(story).map_err(|e| EditApiError::Decode(e.to_string()))
}

/// Creates `story` (409 when its id is taken).
pub async fn create(story: &Story) -> Result<Answer, EditApiError> {
    send(Call {
        method: "POST",
        path: "/api/stories",
        body: Some((JSON, body(story)?)),
        if_match: None,
    })
    .await
}

/// Replaces story `story.id`, made against the version `etag` names; a
/// newer version on the server is [`EditApiError::Stale`].
pub async fn replace(story: &Story, etag: &str) -> Result<Answer, EditApiError> {
    let path = format!("/api/stories/{}", story.id);
    send(Call {
        method: "PUT",
        path: &path,
        body: Some((JSON, body(story)?)),
        if_match: Some(etag),
    })
    .await
}

/// Every revision of story `id`, oldest first.
pub async fn history(id: &str) -> Result<StoryHistory, EditApiError> {
    let path = format!("/api/stories/{id}/history");
    send(Call {
        method: "GET",
        path: &path,
        ..Call::default()
    })
    .await?
    .json()
}
