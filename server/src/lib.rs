//! Corridor Atlas server: OGC API - Features over a store (SQLite), the reports quoted on
//! the map, the basemap, and the built app with a client-side-routing fallback.
//!
//! `app()` builds the whole router so tests can drive it without a socket.

pub mod accounts;
pub mod caching;
pub mod clock;
pub mod data_dir;
pub mod file_import;
pub mod first_map;
pub mod http;
pub mod read_model;
pub mod remote;
pub mod static_site;
pub mod store;

pub use http::{app, app_parts};

use atlas_model::api::ClientConfig;
use std::path::PathBuf;
use std::sync::Arc;

/// What every handler may reach. Everything in it belongs to this one server:
/// tests build several in one process, each with its own store and caches.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<dyn store::Store>,
    /// The built app (Trunk's output), served as static files.
    pub dist: PathBuf,
    /// The data folder, for the basemap files that are not in the store.
    pub data: PathBuf,
    /// What the app is told at `/api/config` (the optional web tiles).
    pub config: ClientConfig,
    /// Finished answers of items and reports, until the store changes them.
    pub cache: caching::answer_cache::AnswerCache,
    /// Each collection's features in memory, for pages of items, until the store changes them.
    pub spatial: read_model::SpatialIndex,
    /// Reused buffers for page bodies that are sent once and dropped.
    pub page_buffers: read_model::page_buffers::PageBuffers,
    /// The map drawn into the app's page, drawn once per change.
    pub first_map: first_map::FirstMap,
    /// The app's page as most visits ask for it, written and compressed once per change.
    pub app_page: caching::app_page::AppPage,
    /// The collections, read once per change.
    pub collections: read_model::collections_memo::CollectionsMemo,
    /// The files served whole (the app's build, the basemap), compressed once.
    pub files: caching::compressed_files::CompressedFiles,
    /// The time sessions and sign-in throttling read; tests set it.
    pub clock: clock::Clock,
    /// Whether readers reach the site over https (through a proxy that ends
    /// TLS): session cookies are then `Secure`, and the origin check expects `https://`.
    pub https: bool,
    /// Failed sign-ins per account and per address, which slow the next ones.
    pub sign_in_throttle: accounts::throttle::SignInThrottle,
}

impl AppState {
    /// A server's state over `store`, with empty caches that follow its changes.
    pub fn new(
        store: Arc<dyn store::Store>,
        dist: PathBuf,
        data: PathBuf,
        config: ClientConfig,
    ) -> AppState {
        AppState {
            cache: caching::answer_cache::AnswerCache::new(store.subscribe()),
            spatial: read_model::SpatialIndex::new(store.subscribe()),
            collections: read_model::collections_memo::CollectionsMemo::new(store.subscribe()),
            first_map: first_map::FirstMap::new(store.subscribe()),
            app_page: caching::app_page::AppPage::default(),
            page_buffers: read_model::page_buffers::PageBuffers::default(),
            files: caching::compressed_files::CompressedFiles::default(),
            clock: clock::Clock::system(),
            https: false,
            sign_in_throttle: accounts::throttle::SignInThrottle::default(),
            store,
            dist,
            data,
            config,
        }
    }

    /// This state reading the time from `clock`.
    pub fn with_clock(self, clock: clock::Clock) -> AppState {
        AppState { clock, ..self }
    }

    /// This state for a site that readers reach over https (`true`) or http.
    pub fn with_https(self, https: bool) -> AppState {
        AppState { https, ..self }
    }

    /// This state with a store handle of its own for the runtime this is
    /// called on, one of `workers` (see [`store::Store::for_this_runtime`]).
    pub fn for_this_runtime(&self, workers: usize) -> AppState {
        AppState {
            store: self
                .store
                .for_this_runtime(u32::try_from(workers).unwrap_or(u32::MAX)),
            ..self.clone()
        }
    }

    /// The security headers of every answer, for the app built into `dist`.
    ///
    /// Reads the built pages (`dist/index.html`, `dist/edit/index.html`,
    /// `dist/story/index.html`), for the hashes its Content-Security-Policy allows.
    pub fn security_headers(&self) -> http::security::SecurityHeaders {
        let tile_origin = self
            .config
            .tiles
            .as_ref()
            .and_then(|t| http::security::origin_of(&t.url));
        http::security::SecurityHeaders::for_dist(&self.dist, tile_origin.as_deref())
    }
}
