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
use axum::http::header;
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

/// One of the build's files, else its page (`no-cache`, `noindex`; 503 when not built).
async fn page_or_file(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, AppError> {
    let accept_encoding = request.headers().get(header::ACCEPT_ENCODING);
    app_builds::tool_page_or_file(&state, PRESENT_DIR, request.uri().path(), accept_encoding).await
}
