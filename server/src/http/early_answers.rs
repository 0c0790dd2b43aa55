//! Cached item pages and their 304s, answered before any other middleware.
//!
//! When a page is in the [`AnswerCache`], its answer is known before routing,
//! compression, CORS or the security headers run; each of those costs a
//! boxed future and header work per request, which halved the rate of 304s
//! and of whole cached pages. This layer answers them at once, adding headers
//! built at startup: the same ones the whole stack would have added. A client
//! that accepts br or gzip gets the body the cache compressed once; until that
//! is ready, its request goes through the compression layer.

use crate::caching::answer_cache::{AnswerCache, Early};
use crate::http::security::SecurityHeaders;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use futures_util::future::{Either, Ready, ready};
use std::sync::Arc;
use std::task::{Context, Poll};
use tower::{Layer, Service};

/// The key an items answer is cached under: its request target as sent.
pub fn cache_key(uri: &Uri) -> &str {
    uri.path_and_query()
        .map_or(uri.path(), |target| target.as_str())
}

/// What the ETag middleware, the compression and CORS layers and the security
/// headers add to a cached page's answer, 200 or 304.
pub fn outer_headers(security: &SecurityHeaders) -> HeaderMap {
    let mut headers = HeaderMap::new();
    crate::http::etag::add_revalidation_headers(&mut headers);
    // As `lib::cors` sends them on every answer to a GET.
    headers.append(
        header::VARY,
        HeaderValue::from_static(
            "origin, access-control-request-method, access-control-request-headers",
        ),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSED_HEADERS),
    );
    security.add_to(&mut headers);
    headers
}

/// The headers a cross-origin reader may see, as `lib::cors` lists them.
pub const EXPOSED_HEADERS: &str = "etag,content-crs";

/// The names in [`EXPOSED_HEADERS`], for the CORS layer.
pub fn exposed_headers() -> [HeaderName; 2] {
    [header::ETAG, crate::http::routes::items::CONTENT_CRS]
}

/// Answers GETs of cached pages, and their revalidations; passes everything else on.
#[derive(Debug, Clone)]
pub struct EarlyAnswersLayer {
    cache: AnswerCache,
    /// What every early answer adds to the cached answer's own headers; the
    /// cache keeps each answer's whole headers, so that an answer costs one
    /// copy of a map.
    headers: Arc<HeaderMap>,
}

impl EarlyAnswersLayer {
    /// The layer over `cache`, adding `headers` (see [`outer_headers`]) to what it holds.
    pub fn new(cache: AnswerCache, headers: HeaderMap) -> EarlyAnswersLayer {
        EarlyAnswersLayer {
            cache,
            headers: Arc::new(headers),
        }
    }
}

impl<S> Layer<S> for EarlyAnswersLayer {
    type Service = EarlyAnswers<S>;

    fn layer(&self, inner: S) -> EarlyAnswers<S> {
        EarlyAnswers {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service [`EarlyAnswersLayer`] wraps around the rest of the app.
#[derive(Debug, Clone)]
pub struct EarlyAnswers<S> {
    inner: S,
    layer: EarlyAnswersLayer,
}

impl EarlyAnswersLayer {
    /// The answer to `request` from the cache alone, if it has one.
    pub fn answer<B>(&self, request: &axum::http::Request<B>) -> Option<Response> {
        let whole = match *request.method() {
            Method::GET => true,
            Method::HEAD => false,
            _ => return None,
        };
        // One pass over the request's few headers, where each lookup by name would hash it.
        let mut if_none_match = None;
        let mut accept_encoding = None;
        let mut accept = None;
        for (name, value) in request.headers() {
            if *name == header::IF_NONE_MATCH {
                if_none_match.get_or_insert(value);
            } else if *name == header::ACCEPT_ENCODING {
                accept_encoding.get_or_insert(value);
            } else if *name == header::ACCEPT {
                accept.get_or_insert(value);
            } else if *name == header::COOKIE
                && crate::http::cache_policy::names_session_cookie(value)
            {
                // A signed-in reader's answers are private (`cache_policy`): the router sets them.
                return None;
            }
        }
        if !whole && if_none_match.is_none() {
            return None;
        }
        // The cache holds GeoJSON pages; a request that may prefer CSV or KML goes to the router.
        if accept.is_some_and(crate::http::routes::item_formats::may_prefer_download) {
            return None;
        }
        let early = self.cache.early(
            cache_key(request.uri()),
            if_none_match,
            accept_encoding,
            whole,
            &self.headers,
        )?;
        let (status, headers, body) = match early {
            Early::NotModified(headers) => (StatusCode::NOT_MODIFIED, headers, Body::empty()),
            Early::Answer(headers, body) => (StatusCode::OK, headers, Body::from(body)),
        };
        let mut response = Response::new(body);
        *response.status_mut() = status;
        *response.headers_mut() = headers;
        Some(response)
    }
}

impl<S> Service<Request> for EarlyAnswers<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Either<Ready<Result<Response, S::Error>>, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match self.layer.answer(&request) {
            Some(response) => Either::Left(ready(Ok(response))),
            None => Either::Right(self.inner.call(request)),
        }
    }
}
