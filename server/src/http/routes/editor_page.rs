//! The editor's page, `/edit`: its own Trunk build in `dist/edit/`, so that
//! readers never download the editing code. Its fingerprinted files are
//! served like the reader's (immutable, compressed once); any other path
//! under `/edit/` is one of its client-side routes and gets its page.

use super::app_builds;
use crate::AppState;
use crate::http::error::AppError;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::header;
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

/// One of the build's files, else its page (`dist/edit/index.html`:
/// `no-cache`, `noindex`; 503 when the editor has not been built).
async fn page_or_file(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, AppError> {
    let accept_encoding = request.headers().get(header::ACCEPT_ENCODING);
    app_builds::tool_page_or_file(&state, EDITOR_DIR, request.uri().path(), accept_encoding).await
}
