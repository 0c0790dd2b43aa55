//! What the builds served under a prefix of their own share (the editor's in
//! `dist/edit/`, the story page's in `dist/story/`, the presenter's in
//! `dist/present/`): their page, and their fingerprinted files, served like
//! the reader's.

use crate::AppState;
use crate::http::error::AppError;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// A build's page: HTML with its charset, revalidated every time, since a
/// new build names new files.
pub fn page(html: String) -> Response {
    let mut response = html.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The file `name` (a bare file name) of the build in `dist/{dir}/`, if the
/// build has it, for a client that sent `accept_encoding`: immutable when
/// fingerprinted, compressed once.
pub async fn file(
    state: &AppState,
    dir: &str,
    name: &str,
    accept_encoding: Option<&HeaderValue>,
) -> Option<Response> {
    if name.is_empty() || name.contains('/') {
        return None;
    }
    let folder = state.dist.join(dir);
    crate::caching::app_files::serve(&state.files, &folder, &format!("/{name}"), accept_encoding)
        .await
}

/// A tool's page (the editor's, the presenter's), `dist/{dir}/index.html`:
/// a build's page kept out of search engines, whose tools are for the site's
/// editors and presenters; 503 when it has not been built.
pub async fn tool_page(state: &AppState, dir: &str) -> Result<Response, AppError> {
    let index = state.dist.join(dir).join("index.html");
    let Ok(html) = tokio::fs::read_to_string(&index).await else {
        return Err(AppError::AppNotBuilt);
    };
    let mut response = page(html);
    response
        .headers_mut()
        .insert("x-robots-tag", HeaderValue::from_static("noindex"));
    Ok(response)
}

/// What a tool's build answers at `path` under `/{dir}`: one of its files,
/// else its page (every other path is one of its client-side routes). The
/// page by its file name is the page: charset, no-cache, noindex.
pub async fn tool_page_or_file(
    state: &AppState,
    dir: &str,
    path: &str,
    accept_encoding: Option<&HeaderValue>,
) -> Result<Response, AppError> {
    let rest = path
        .strip_prefix('/')
        .and_then(|path| path.strip_prefix(dir))
        .unwrap_or_default()
        .trim_start_matches('/');
    if rest != "index.html"
        && let Some(answer) = file(state, dir, rest, accept_encoding).await
    {
        return Ok(answer);
    }
    tool_page(state, dir).await
}
