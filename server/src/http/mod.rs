//! The HTTP layer: routes (one file per resource), problem documents,
//! validators, security headers, the early answers of cached pages, and the
//! workers that serve them.

pub mod cache_policy;
pub mod checked_heads;
pub mod chunked_framing;
pub mod connections;
pub mod datetime;
pub mod early_answers;
pub mod error;
pub mod etag;
pub mod feature_body;
pub mod request_heads;
pub mod routes;
pub mod same_origin;
pub mod security;
pub mod signed_in;
pub mod story_body;
pub mod workers;
pub mod write_request;

use crate::AppState;
use axum::Router;
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower::Layer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{Any, CorsLayer};
use tower_http::trace::TraceLayer;

/// The whole HTTP application as one router, for callers that drive it as a
/// tower service (tests, the static edition's export).
///
/// Reads the built pages once, for the hashes their Content-Security-Policy allows.
pub fn app(state: AppState) -> Router {
    let App { early, routes } = app_parts(state);
    // In front of routing: `Router::layer` would wrap each route, and a call
    // clones the route's whole stack of layers before this one could answer.
    Router::new().fallback_service(early.layer(routes))
}

/// The application in the two parts the connection loop calls separately:
/// the answers known before routing, and the routes with their layers.
#[derive(Debug, Clone)]
pub struct App {
    /// Cached pages and their 304s, answered before any layer of `routes`.
    pub early: early_answers::EarlyAnswersLayer,
    /// Everything else.
    pub routes: Router,
}

/// The parts of [`app`]: reads `dist/index.html` once, as it does.
pub fn app_parts(state: AppState) -> App {
    let security_headers = state.security_headers();
    let early_answers = early_answers::EarlyAnswersLayer::new(
        state.cache.clone(),
        early_answers::outer_headers(&security_headers),
    );
    let https = state.https;
    let routes = Router::new()
        .merge(routes::landing::router())
        .merge(routes::openapi::router())
        .merge(routes::conformance::router())
        .merge(routes::collections::router())
        .merge(routes::items::router())
        .merge(routes::import::router())
        .merge(routes::item_writes::router())
        .merge(routes::history::router())
        .merge(routes::reports::router())
        .merge(routes::stories::router())
        .merge(routes::story_writes::router())
        .merge(routes::story_history::router())
        .merge(routes::search::router())
        .merge(routes::basemap::router())
        .merge(routes::config::router())
        .merge(routes::session::router())
        .merge(routes::users::router())
        .merge(routes::service_worker::router())
        .merge(routes::editor_page::router())
        .merge(routes::story_page::router())
        .merge(routes::present_page::router())
        .merge(routes::static_files::router())
        .method_not_allowed_fallback(|| async { error::AppError::MethodNotAllowed })
        // Layers wrap outwards: the answer's `Cache-Control` by its kind, then
        // the ETag hashes the plain body (its 304 keeps that `Cache-Control`),
        // then it is compressed.
        .layer(middleware::from_fn(cache_policy::cache_policy))
        .layer(middleware::from_fn(etag::etag))
        // Brotli's own default (quality 11) takes about a second for the 1 MB
        // wasm app; quality 4 compresses nearly as well at a hundredth of the cost.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        // Outside compression: a strong tag names the coding it was sent in.
        .layer(middleware::from_fn(etag::tag_codings))
        .layer(cors())
        .layer(middleware::from_fn(cors_for_api_reads_only))
        .layer(middleware::from_fn(security::refuse_long_uris))
        .layer(middleware::from_fn_with_state(
            https,
            same_origin::refuse_cross_origin_writes,
        ))
        // Outermost but for tracing, so that every answer carries the headers.
        .layer(middleware::from_fn_with_state(
            security_headers,
            security::security_headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state);
    App {
        early: early_answers,
        routes,
    }
}

/// Any origin may read the API: it is public, and reading needs no credentials.
/// Credentials are never allowed across origins: a session works only on the site's own pages.
/// [`cors_for_api_reads_only`] keeps what this adds to API reads.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        // Revalidation from another origin sends `If-None-Match`, which needs a preflight.
        .allow_headers([header::IF_NONE_MATCH])
        .expose_headers(early_answers::exposed_headers())
}

/// Drops the CORS headers from every answer but an API read: pages, the app's
/// files and answers to other methods are for this origin only.
async fn cors_for_api_reads_only(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let api = path == "/" || routes::is_api_path(path);
    let read = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let mut response = next.run(request).await;
    let page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if !api || !read || page {
        let headers = response.headers_mut();
        for name in [
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            header::ACCESS_CONTROL_ALLOW_METHODS,
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            header::ACCESS_CONTROL_MAX_AGE,
        ] {
            headers.remove(name);
        }
    }
    response
}
