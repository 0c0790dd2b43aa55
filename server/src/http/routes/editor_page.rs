//! The editor's page, `/edit`: its own Trunk build in `dist/edit/`, so that
//! readers never download the editing code. Its fingerprinted files are
//! served like the reader's (immutable, compressed once); any other path
//! under `/edit/` is one of its client-side routes and gets its page.

use super::app_builds;
use crate::AppState;
use crate::http::error::AppError;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::get;

/// The editor's folder inside `dist/`, and its public URL prefix.
pub const EDITOR_DIR: &str = "edit";

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/edit", get(page_or_file))
        .route("/edit/", get(page_or_file))
        .route("/edit/{*rest}", get(page_or_file))
}

/// Serves `dist/edit/index.html`: HTML with its charset, revalidated every
/// time, kept out of search engines; 503 when the editor has not been built.
pub async fn editor_index(state: &AppState) -> Result<Response, AppError> {
    let index = state.dist.join(EDITOR_DIR).join("index.html");
    let Ok(html) = tokio::fs::read_to_string(&index).await else {
        return Err(AppError::AppNotBuilt);
    };
    let mut response = app_builds::page(html);
    // Editing is for the site's editors, not for search results.
    response
        .headers_mut()
        .insert("x-robots-tag", HeaderValue::from_static("noindex"));
    Ok(response)
}

async fn page_or_file(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, AppError> {
    let path = request.uri().path();
    let rest = path
        .strip_prefix("/edit")
        .unwrap_or_default()
        .trim_start_matches('/');
    // The page by its file name is the page: charset, no-cache, noindex.
    if rest != "index.html"
        && let Some(answer) = app_builds::file(
            &state,
            EDITOR_DIR,
            rest,
            request.headers().get(header::ACCEPT_ENCODING),
        )
        .await
    {
        return Ok(answer);
    }
    editor_index(&state).await
}
