//! `GET /sw.js`: the app's service worker, stamped with its build.
//!
//! Trunk copies `public/sw.js` into `dist/` as it is; this route fills in
//! `BUILD` (a hash of the reader's and the story page's `index.html`, which
//! name every fingerprinted file, and of the worker itself), `PRECACHE`
//! (the reader's files and the requests the start makes) and
//! `FOR_PRESENTERS` (the story page and its files, the detailed world). A new
//! build is thus a new worker, whose cache replaces the old one. Browsers
//! revalidate it on every visit.
//!
//! Every visitor keeps the stories and the reports (a few kilobytes). The
//! story page's build and the detailed world (some 500 kB) are kept when the
//! worker installs from a story or from the presenter's page: a presenter
//! who opened either once can play any story with the network cut, while a
//! reader's first visit on a phone downloads nothing it did not ask for. A
//! reader who zooms in or opens a story keeps what that fetched, as always.

use super::story_page::{STORY_DIR, STORY_PAGE};
use crate::AppState;
use crate::caching::app_files::is_fingerprinted;
use crate::http::error::AppError;
use atlas_model::api::app_items_pages;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/sw.js", get(service_worker))
}

/// The worker's line naming the suffix of API reads: none on the server.
pub const API_SUFFIX: &str = "const API_SUFFIX = '';";
/// That line in a static edition's worker, whose API reads are files (`atlas_model::static_edition`).
pub const EDITION_API_SUFFIX: &str = "const API_SUFFIX = '.json';";

/// The worker's scope may be the whole site (it is served from the root already).
const SERVICE_WORKER_ALLOWED: HeaderName = HeaderName::from_static("service-worker-allowed");

/// What the app asks for as it starts, besides the items pages: the light
/// world it opens on among them. The reader's page by its file name: `/`
/// answers JSON clients too, and varies by `Accept`.
const START_REQUESTS: [&str; 6] = [
    "/index.html",
    "/collections",
    "/api/config",
    "/api/basemap/countries-110m",
    "/api/basemap/seas",
    "/api/reports",
];

/// The world a zoomed-in map draws: kept for presenters, whose stories zoom in.
const DETAILED_WORLD: &str = "/api/basemap/countries";

/// What the worker keeps as it installs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Precache {
    /// What every page's start needs.
    pub always: Vec<String>,
    /// What a presenter needs besides, kept when a story or the presenter's page installs the worker.
    pub for_presenters: Vec<String>,
}

async fn service_worker(State(state): State<AppState>) -> Result<Response, AppError> {
    let Ok(template) = tokio::fs::read_to_string(state.dist.join("sw.js")).await else {
        return Err(AppError::not_found("service worker"));
    };
    let index = tokio::fs::read(state.dist.join("index.html"))
        .await
        .unwrap_or_default();
    let story_dir = state.dist.join(STORY_DIR);
    let story_index = tokio::fs::read(story_dir.join("index.html")).await.ok();
    let mut precache = Precache {
        always: START_REQUESTS.iter().map(|p| p.to_string()).collect(),
        for_presenters: vec![DETAILED_WORLD.to_string()],
    };
    precache.always.extend(app_files(&state.dist, "/").await);
    // A server without the story page's build keeps none of it.
    if story_index.is_some() {
        precache.for_presenters.push(STORY_PAGE.to_string());
        precache
            .for_presenters
            .extend(app_files(&story_dir, &format!("/{STORY_DIR}/")).await);
    }
    let collections = state.collections.all(&*state.store).await?;
    for collection in collections.iter().filter(|c| c.count > 0) {
        precache
            .always
            .extend(app_items_pages(&collection.id, collection.count));
    }
    let pages = [index.as_slice(), story_index.as_deref().unwrap_or_default()];
    let body = stamped(&template, &build_version(&pages, &template), &precache);
    let headers = [
        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
        (header::CACHE_CONTROL, "no-cache"),
        (SERVICE_WORKER_ALLOWED, "/"),
    ];
    Ok((headers, body).into_response())
}

/// The fingerprinted files of the build in `folder`, as paths under its
/// public URL `prefix` (`/`, `/story/`), in name order.
async fn app_files(folder: &Path, prefix: &str) -> Vec<String> {
    let mut names = Vec::new();
    if let Ok(mut entries) = tokio::fs::read_dir(folder).await {
        while let Ok(Some(entry)) = entries.next_entry().await {
            if let Some(name) = entry.file_name().to_str()
                && is_fingerprinted(name)
            {
                names.push(format!("{prefix}{name}"));
            }
        }
    }
    names.sort();
    names
}

/// The build's version: 16 hex digits of SHA-256 over its `pages` (the
/// reader's and the story page's, which name every file of the build) and its worker.
pub fn build_version(pages: &[&[u8]], worker: &str) -> String {
    let mut hash = Sha256::new();
    for page in pages {
        // Each page's length first: the same bytes split otherwise are another build.
        hash.update((page.len() as u64).to_le_bytes());
        hash.update(page);
    }
    hash.update(worker.as_bytes());
    hash.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The worker's text with its version and its lists of requests to keep filled in.
pub fn stamped(template: &str, version: &str, precache: &Precache) -> String {
    let list = |paths: &[String]| serde_json::to_string(paths).unwrap_or_else(|_| "[]".into());
    template
        .replacen(
            "const BUILD = 'dev';",
            &format!("const BUILD = '{version}';"),
            1,
        )
        .replacen(
            "const PRECACHE = [];",
            &format!("const PRECACHE = {};", list(&precache.always)),
            1,
        )
        .replacen(
            "const FOR_PRESENTERS = [];",
            &format!("const FOR_PRESENTERS = {};", list(&precache.for_presenters)),
            1,
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_is_stamped_with_its_version_and_lists() {
        let template = "const BUILD = 'dev';\nconst PRECACHE = [];\nconst FOR_PRESENTERS = [];\nconst CACHE = `atlas-${BUILD}`;\n";
        let precache = Precache {
            always: vec!["/index.html".into(), "/app-1.js".into()],
            for_presenters: vec!["/story/index.html".into()],
        };
        let out = stamped(template, "0123abcd", &precache);
        assert_eq!(
            out,
            "const BUILD = '0123abcd';\nconst PRECACHE = [\"/index.html\",\"/app-1.js\"];\nconst FOR_PRESENTERS = [\"/story/index.html\"];\nconst CACHE = `atlas-${BUILD}`;\n"
        );
    }

    #[test]
    fn a_new_build_is_a_new_version() {
        let story: &[u8] = b"<script src=story-1.js>";
        let one = build_version(&[b"<script src=app-1.js>", story], "w");
        assert_eq!(one.len(), 16);
        assert_eq!(one, build_version(&[b"<script src=app-1.js>", story], "w"));
        assert_ne!(one, build_version(&[b"<script src=app-2.js>", story], "w"));
        assert_ne!(one, build_version(&[b"<script src=app-1.js>", story], "w2"));
        // A new story page alone is a new build too.
        let story_2: &[u8] = b"<script src=story-2.js>";
        assert_ne!(
            one,
            build_version(&[b"<script src=app-1.js>", story_2], "w")
        );
    }
}
