//! Corridor Atlas server: OGC API - Features over SQLite, the reports quoted on
//! the map, the basemap, and the built app with a client-side-routing fallback.
//!
//! `app()` builds the whole router so tests can drive it without a socket.

pub mod clock;
pub mod data_dir;
pub mod error;
pub mod etag;
pub mod routes;
pub mod store;

use axum::Router;
use axum::middleware;
use sqlx::SqlitePool;
use std::path::PathBuf;
use tower_http::compression::CompressionLayer;
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
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(routes::landing::router())
        .merge(routes::conformance::router())
        .merge(routes::collections::router())
        .merge(routes::items::router())
        .merge(routes::reports::router())
        .merge(routes::basemap::router())
        .merge(routes::static_files::router())
        .method_not_allowed_fallback(|| async { error::AppError::MethodNotAllowed })
        // Layers wrap outwards: the ETag hashes the plain body, then it is compressed.
        .layer(middleware::from_fn(etag::etag))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
