//! Corridor Atlas server: OGC API - Features over SQLite, the reports quoted on
//! the map, the basemap, and the built app with a client-side-routing fallback.
//!
//! `app()` builds the whole router so tests can drive it without a socket.

pub mod caching;
pub mod clock;
pub mod data_dir;
pub mod http;
pub mod read_model;
pub mod store;

pub use http::app;

use atlas_model::api::ClientConfig;
use sqlx::SqlitePool;
use std::path::PathBuf;

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
    pub cache: caching::answer_cache::AnswerCache,
    /// Each collection's features in memory, for pages of items, until the next import.
    pub spatial: read_model::SpatialIndex,
    /// Reused buffers for page bodies that are sent once and dropped.
    pub page_buffers: read_model::page_buffers::PageBuffers,
    /// The collections, read once per import.
    pub collections: read_model::collections_memo::CollectionsMemo,
    /// The files served whole (the app's build, the basemap), compressed once.
    pub files: caching::compressed_files::CompressedFiles,
}
