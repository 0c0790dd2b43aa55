//! What the builds served under a prefix of their own share (the editor's in
//! `dist/edit/`, the story page's in `dist/story/`): their page, and their
//! fingerprinted files, served like the reader's.

use crate::AppState;
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
