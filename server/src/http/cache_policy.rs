//! `Cache-Control` by kind of answer, so a CDN in front can carry the reads
//! and never keeps what it must not.
//!
//! | answer | `Cache-Control` |
//! |---|---|
//! | an API read (`/`, `/collections…`, `/api/…`, `/conformance`) | [`API_READ`]: browsers revalidate each time, shared caches keep it a minute and serve a stale copy while they revalidate |
//! | the app's fingerprinted files | `public, max-age=31536000, immutable` (set by `caching::app_files`) |
//! | the page and the service worker | `no-cache`, set by their routes: they name the build's files, so every cache revalidates them |
//! | any answer to a request that carries the session cookie | [`SIGNED_IN`], unless its route said `no-store` |
//! | any answer to a write (POST, PUT, PATCH, DELETE) | `no-store` |
//! | an error | `no-store` |
//!
//! A route's own `no-store` (sessions, `/api/me`, history, accounts) always
//! stands. The ETag middleware, outside this one, gives every answer a
//! validator and copies this header onto its 304s.

use crate::http::routes::is_api_path;
use crate::http::signed_in::SESSION_COOKIE;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;

/// API reads: fresh for a minute in a shared cache (`s-maxage`), which may
/// serve a stale copy for ten more while it revalidates; browsers revalidate
/// at once (`max-age=0`), cheaply, with the ETag.
pub const API_READ: &str = "public, max-age=0, s-maxage=60, stale-while-revalidate=600";

/// Answers to a signed-in reader: for that browser alone, revalidated each time.
pub const SIGNED_IN: &str = "private, no-cache";

/// Writes and errors: kept by no cache.
pub const NO_STORE: &str = "no-store";

/// What everything else gets: any cache may keep it but must revalidate it first.
pub const REVALIDATE: &str = "no-cache";

/// Whether a request carries the session cookie.
pub fn has_session_cookie(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .any(names_session_cookie)
}

/// Whether one `Cookie` header's value holds the session cookie.
pub fn names_session_cookie(value: &HeaderValue) -> bool {
    value.to_str().is_ok_and(|cookies| {
        cookies.split(';').any(|pair| {
            pair.trim_start()
                .strip_prefix(SESSION_COOKIE)
                .is_some_and(|rest| rest.starts_with('='))
        })
    })
}

/// Sets each answer's `Cache-Control` by the table above.
pub async fn cache_policy(request: Request, next: Next) -> Response {
    let read = matches!(*request.method(), Method::GET | Method::HEAD);
    let options = request.method() == Method::OPTIONS;
    let api = {
        let path = request.uri().path();
        path == "/" || is_api_path(path)
    };
    let signed_in = has_session_cookie(request.headers());
    let mut response = next.run(request).await;
    let status = response.status();
    let headers = response.headers_mut();
    let said = headers
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let stored = !said.as_deref().is_some_and(|s| s.contains(NO_STORE));
    let policy =
        if !stored || (!read && !options) || !(status.is_success() || status.as_u16() == 304) {
            Some(NO_STORE)
        } else if said.as_deref().is_some_and(|s| s.contains("immutable")) {
            // The same bytes for everyone, whoever asks.
            None
        } else if signed_in {
            Some(SIGNED_IN)
        } else if said.is_some() {
            None
        } else if api && read {
            Some(API_READ)
        } else {
            Some(REVALIDATE)
        };
    if let Some(policy) = policy {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        assert!(!has_session_cookie(&headers));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; atlas_session=abc"),
        );
        assert!(has_session_cookie(&headers));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("not_atlas_session=abc"),
        );
        assert!(!has_session_cookie(&headers));
    }
}
