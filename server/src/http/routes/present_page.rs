//! The presenter's page, `/present`: its own Trunk build in `dist/present/`
//! (the reader with the story builder, Export and Embed), so that readers
//! never download the presenter's tools. Its fingerprinted files are served
//! like the reader's (immutable, compressed once); any other path under
//! `/present/` gets its page, whose `#…` view the app reads.

use super::app_builds;
use crate::AppState;
use crate::http::error::AppError;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::get;

/// The presenter's folder inside `dist/`, and its public URL prefix.
pub const PRESENT_DIR: &str = "present";

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/present", get(page_or_file))
        .route("/present/", get(page_or_file))
        .route("/present/{*rest}", get(page_or_file))
}

/// Serves `dist/present/index.html`: HTML with its charset, revalidated every
/// time, kept out of search engines (the reader is the page to find); 503
/// when the presenter's page has not been built.
pub async fn present_index(state: &AppState) -> Result<Response, AppError> {
    let index = state.dist.join(PRESENT_DIR).join("index.html");
    let Ok(html) = tokio::fs::read_to_string(&index).await else {
        return Err(AppError::AppNotBuilt);
    };
    let mut response = app_builds::page(html);
    response
        .headers_mut()
        .insert("x-robots-tag", HeaderValue::from_static("noindex"));
    Ok(response)
}

async fn page_or_file(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, AppError> {
    let rest = request
        .uri()
        .path()
        .strip_prefix("/present")
        .unwrap_or_default()
        .trim_start_matches('/');
    // The page by its file name is the page: charset, no-cache, noindex.
    if rest != "index.html"
        && let Some(answer) = app_builds::file(
            &state,
            PRESENT_DIR,
            rest,
            request.headers().get(header::ACCEPT_ENCODING),
        )
        .await
    {
        return Ok(answer);
    }
    present_index(&state).await
}
