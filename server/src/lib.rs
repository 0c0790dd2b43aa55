//! Corridor Atlas server: OGC API - Features over SQLite, the reports quoted on
//! the map, the basemap, and the built app with a client-side-routing fallback.
//!
//! `app()` builds the whole router so tests can drive it without a socket.

pub mod app_files;
pub mod cache;
pub mod checked_heads;
pub mod clock;
pub mod collections_memo;
pub mod compressed_files;
pub mod connections;
pub mod content_coding;
pub mod data_dir;
pub mod datetime;
pub mod early_answers;
pub mod error;
pub mod etag;
pub mod page_buffers;
pub mod request_heads;
pub mod routes;
pub mod security;
pub mod spatial;
pub mod store;
pub mod suggest;
pub mod workers;

use atlas_model::api::ClientConfig;
use axum::Router;
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use sqlx::SqlitePool;
use std::path::PathBuf;
use tower::Layer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{Any, CorsLayer};
use tower_http::trace::TraceLayer;

/// What every handler may reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The store.
    pub db: SqlitePool,
    /// The built app (Trunk's output), served as static files.
    pub dist: PathBuf,
    /// The data folder, for the basemap files that are not in the store.
    pub data: PathBuf,
    /// What the app is told at `/api/config` (the optional web tiles).
    pub config: ClientConfig,
    /// Finished answers of the items resource, until the next import.
    pub cache: cache::AnswerCache,
    /// Each collection's features in memory, for pages of items, until the next import.
    pub spatial: spatial::SpatialIndex,
    /// Reused buffers for page bodies that are sent once and dropped.
    pub page_buffers: page_buffers::PageBuffers,
    /// The collections, read once per import.
    pub collections: collections_memo::CollectionsMemo,
    /// The files served whole (the app's build, the basemap), compressed once.
    pub files: compressed_files::CompressedFiles,
}

impl AppState {
    /// This state with a pool of its own for the runtime this is called on,
    /// one of `workers` (see `store::pool_for_this_runtime`).
    pub fn for_this_runtime(&self, workers: usize) -> AppState {
        AppState {
            db: store::pool_for_this_runtime(&self.db, u32::try_from(workers).unwrap_or(u32::MAX)),
            ..self.clone()
        }
    }

    /// The security headers of every answer, for the app built into `dist`.
    ///
    /// Reads `dist/index.html`, for the hashes its Content-Security-Policy allows.
    pub fn security_headers(&self) -> security::SecurityHeaders {
        let tile_origin = self
            .config
            .tiles
            .as_ref()
            .and_then(|t| security::origin_of(&t.url));
        security::SecurityHeaders::for_dist(&self.dist, tile_origin.as_deref())
    }
}

/// The whole HTTP application.
///
/// Reads `dist/index.html` once, for the hashes its Content-Security-Policy allows.
pub fn app(state: AppState) -> Router {
    let security_headers = state.security_headers();
    let early_answers = early_answers::EarlyAnswersLayer::new(
        state.cache.clone(),
        early_answers::outer_headers(&security_headers),
    );
    let routes = Router::new()
        .merge(routes::landing::router())
        .merge(routes::openapi::router())
        .merge(routes::conformance::router())
        .merge(routes::collections::router())
        .merge(routes::items::router())
        .merge(routes::reports::router())
        .merge(routes::search::router())
        .merge(routes::basemap::router())
        .merge(routes::config::router())
        .merge(routes::static_files::router())
        .method_not_allowed_fallback(|| async { error::AppError::MethodNotAllowed })
        // Layers wrap outwards: the ETag hashes the plain body, then it is compressed.
        .layer(middleware::from_fn(etag::etag))
        // Brotli's own default (quality 11) takes about a second for the 1 MB
        // wasm app; quality 4 compresses nearly as well at a hundredth of the cost.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(cors())
        .layer(middleware::from_fn(cors_for_api_reads_only))
        .layer(middleware::from_fn(security::refuse_long_uris))
        // Outermost but for tracing, so that every answer carries the headers.
        .layer(middleware::from_fn_with_state(
            security_headers,
            security::security_headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state);
    // In front of routing: `Router::layer` would wrap each route, and a call
    // clones the route's whole stack of layers before this one could answer.
    Router::new().fallback_service(early_answers.layer(routes))
}

/// Any origin may read the API: it is public, read-only and needs no credentials.
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
