//! The story page, `/story/{id}/{step}` (with `?speaker` for the speaker
//! view): its own Trunk build in `dist/story/`, so that readers never
//! download the player's code and presenters get only what a story needs.
//! Its fingerprinted files are served like the reader's (immutable,
//! compressed once). Every address the app reads as a story's
//! ([`StoryRoute::parse`]) gets its page; any other path under `/story/` is
//! no story's and gets the reader's page, as it always has.

use super::{app_builds, static_files};
use crate::AppState;
use crate::http::error::AppError;
use atlas_model::story_route::StoryRoute;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::header;
use axum::response::Response;
use axum::routing::get;

/// The story page's folder inside `dist/`, and its public URL prefix.
pub const STORY_DIR: &str = "story";

/// The story page by its file name: what the service worker keeps and falls back to offline.
pub const STORY_PAGE: &str = "/story/index.html";

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    // `/story` and `/story/` are no story's: without their own routes the
    // fallback would find the build's folder there.
    Router::new()
        .route("/story", get(page_or_file))
        .route("/story/", get(page_or_file))
        .route("/story/{*rest}", get(page_or_file))
}

/// Reads `dist/story/index.html`; [`AppError::AppNotBuilt`] when the story page has not been built.
pub async fn story_html(state: &AppState) -> Result<String, AppError> {
    let index = state.dist.join(STORY_DIR).join("index.html");
    tokio::fs::read_to_string(&index)
        .await
        .map_err(|_| AppError::AppNotBuilt)
}

/// Serves `dist/story/index.html`: HTML with its charset, revalidated every
/// time; 503 when the story page has not been built.
pub async fn story_index(state: &AppState) -> Result<Response, AppError> {
    Ok(app_builds::page(story_html(state).await?))
}

async fn page_or_file(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, AppError> {
    let path = request.uri().path();
    let rest = path.strip_prefix("/story/").unwrap_or_default();
    // The page by its file name is the page: charset, no-cache.
    if rest == "index.html" {
        return story_index(&state).await;
    }
    // A story id has no dots: a name with one is one of the build's files.
    if let Some(answer) = app_builds::file(
        &state,
        STORY_DIR,
        rest,
        request.headers().get(header::ACCEPT_ENCODING),
    )
    .await
    {
        return Ok(answer);
    }
    if StoryRoute::parse(path, request.uri().query().unwrap_or_default()).is_some() {
        return story_index(&state).await;
    }
    static_files::index_selecting(
        &state,
        request.uri().query(),
        request.headers().get(header::ACCEPT_ENCODING),
    )
    .await
}
