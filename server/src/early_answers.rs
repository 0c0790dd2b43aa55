//! Conditional GETs of cached item pages, answered before any other middleware.
//!
//! A client revalidating a page it holds (`If-None-Match` with the page's
//! ETag) gets a bodiless 304. When the page is in the [`AnswerCache`], that
//! answer is known before routing, compression, CORS or the security headers
//! run; each of those costs a boxed future and header work per request, which
//! halved the rate of 304s. This layer answers them at once with headers built
//! at startup: the same ones the whole stack would have added.

use crate::cache::AnswerCache;
use crate::security::SecurityHeaders;
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

/// The headers of every 304, but for the `ETag`: what the ETag middleware,
/// the compression and CORS layers and the security headers add to one.
pub fn not_modified_headers(security: &SecurityHeaders) -> HeaderMap {
    let mut headers = HeaderMap::new();
    crate::etag::add_revalidation_headers(&mut headers);
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
    [header::ETAG, crate::routes::items::CONTENT_CRS]
}

/// Answers conditional GETs of cached pages with a 304; passes everything else on.
#[derive(Debug, Clone)]
pub struct NotModifiedLayer {
    cache: AnswerCache,
    headers: Arc<HeaderMap>,
}

impl NotModifiedLayer {
    /// The layer over `cache`, answering with `headers` (see [`not_modified_headers`]) and the tag.
    pub fn new(cache: AnswerCache, headers: HeaderMap) -> NotModifiedLayer {
        NotModifiedLayer {
            cache,
            headers: Arc::new(headers),
        }
    }
}

impl<S> Layer<S> for NotModifiedLayer {
    type Service = NotModified<S>;

    fn layer(&self, inner: S) -> NotModified<S> {
        NotModified {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service [`NotModifiedLayer`] wraps around the rest of the app.
#[derive(Debug, Clone)]
pub struct NotModified<S> {
    inner: S,
    layer: NotModifiedLayer,
}

impl<S> NotModified<S> {
    /// The 304 for `request`, if it revalidates a cached page with its current tag.
    fn answer(&self, request: &Request) -> Option<Response> {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return None;
        }
        let if_none_match = request.headers().get(header::IF_NONE_MATCH)?;
        let tag = self
            .layer
            .cache
            .matching_tag(cache_key(request.uri()), if_none_match)?;
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        let headers = response.headers_mut();
        headers.reserve(self.layer.headers.len() + 1);
        headers.insert(header::ETAG, tag);
        for (name, value) in self.layer.headers.iter() {
            headers.append(name, value.clone());
        }
        Some(response)
    }
}

impl<S> Service<Request> for NotModified<S>
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
        match self.answer(&request) {
            Some(response) => Either::Left(ready(Ok(response))),
            None => Either::Right(self.inner.call(request)),
        }
    }
}
