//! `atlas export-site DIR`: the atlas as a static edition, files any static
//! host serves with no server and no database behind it.
//!
//! Every read is taken from the real router over the store (so the files hold
//! exactly what the server would answer) and written where
//! `atlas_model::static_edition` says the app will look for it: the layers
//! (each whole, in one file), the reports, the stories, the basemap, the
//! settings, and a passage index that stands in for `/api/search`. Beside them
//! the reader's build and the story page's (not the editor's), the reader's
//! page with the first map drawn in and marked as an edition's, the story
//! page marked so too at each story step's path (a plain server has no
//! fallback), and the service worker stamped for the edition. Each
//! compressible file gets its `.br` and `.gz`.

pub mod pages;
pub mod precompress;

use crate::AppState;
use crate::http::routes::present_page::PRESENT_DIR;
use crate::http::routes::story_page::{STORY_DIR, STORY_PAGE, story_html};
use crate::http::routes::{basemap, service_worker, static_files};
use atlas_model::Story;
use atlas_model::api::{Collections, ReportDetail, ReportList, app_items_pages};
use atlas_model::passage_search;
use atlas_model::static_edition::{SEARCH_INDEX, file_of};
use atlas_model::story::StoryList;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use tower::ServiceExt;

/// Why an edition could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportSiteError {
    /// There is no built app (the reader's page and the story page) to put in it.
    #[error("{0}: no built app there (run scripts/build-app.sh)")]
    AppNotBuilt(PathBuf),
    /// The folder holds files already; an edition is written into a new or empty one.
    #[error("{0}: the folder is not empty; write the edition into a new or empty folder")]
    NotEmpty(PathBuf),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The server would not answer a read the edition needs.
    #[error("reading {target}: {reason}")]
    Read {
        /// The request target.
        target: String,
        /// The status or the decoding error.
        reason: String,
    },
}

/// What an edition holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteSummary {
    /// Files written, not counting their `.br` and `.gz`.
    pub files: usize,
    /// Bytes written, compressed copies included.
    pub bytes: u64,
    /// Layers, each one file.
    pub layers: usize,
    /// Features in them.
    pub features: u64,
    /// Reports.
    pub reports: usize,
    /// Stories.
    pub stories: usize,
}

/// The folder being written and what has gone into it.
struct Site<'a> {
    dir: &'a Path,
    summary: SiteSummary,
    /// Paths (from the site's root) the service worker keeps on install.
    precache: Vec<String>,
}

impl Site<'_> {
    /// Writes `body` at the site path `path` (`/api/reports.json`), compressed beside it.
    fn write(
        &mut self,
        path: &str,
        body: &[u8],
        compressed: Option<(Vec<u8>, Vec<u8>)>,
    ) -> Result<(), ExportSiteError> {
        let file = self.dir.join(path.trim_start_matches('/'));
        self.summary.bytes += precompress::write(&file, body, compressed)?;
        self.summary.files += 1;
        Ok(())
    }
}

/// Writes the static edition of the atlas `state` serves into `dir`, which
/// must be new or empty.
pub async fn export_site(state: AppState, dir: &Path) -> Result<SiteSummary, ExportSiteError> {
    let built = |page: &Path| state.dist.join(page).join("index.html").is_file();
    if !built(Path::new("")) || !built(Path::new(STORY_DIR)) {
        return Err(ExportSiteError::AppNotBuilt(state.dist.clone()));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExportSiteError::Io { path, source }
    };
    if dir.exists() && std::fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
        return Err(ExportSiteError::NotEmpty(dir.to_path_buf()));
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let router = crate::app(state.clone());
    let mut site = Site {
        dir,
        summary: SiteSummary::default(),
        precache: vec!["/index.html".into(), STORY_PAGE.into()],
    };
    copy_app_files(&state.dist, &state.dist, &mut site)?;

    let collections: Collections = read_and_write(&router, &mut site, "/collections").await?;
    for collection in &collections.collections {
        read_and_write::<serde_json::Value>(
            &router,
            &mut site,
            &format!("/collections/{}", collection.id),
        )
        .await?;
        let pages = app_items_pages(&collection.id, collection.number_of_features);
        let layer = whole_layer(&router, &pages).await?;
        let file = file_of(&atlas_model::api::app_items_path(&collection.id));
        site.write(&file, &layer, None)?;
        site.precache.push(file);
        site.summary.layers += 1;
        site.summary.features += collection.number_of_features;
    }
    read_and_write::<serde_json::Value>(&router, &mut site, "/api/config").await?;
    for layer in basemap::LAYERS {
        let target = format!("/api/basemap/{layer}");
        // A data folder without this layer: the server would not answer it either.
        match read(&router, &target).await {
            Err(ExportSiteError::Read { reason, .. }) if reason.starts_with("404") => {}
            body => {
                let file = file_of(&target);
                site.write(&file, &body?, None)?;
                site.precache.push(file);
            }
        }
    }

    let reports: ReportList = read_and_write(&router, &mut site, "/api/reports").await?;
    let mut details = Vec::new();
    for report in &reports.reports {
        let target = format!("/api/reports/{}", report.meta.id);
        details.push(read_and_write::<ReportDetail>(&router, &mut site, &target).await?);
    }
    let index = passage_search::index_of(&details);
    let index = serde_json::to_vec(&index).map_err(|e| read_error(SEARCH_INDEX, e))?;
    site.write(SEARCH_INDEX, &index, None)?;
    site.summary.reports = details.len();

    let page = static_files::page_html(&state, None)
        .await
        .map_err(|e| read_error("/index.html", e))?;
    let page = pages::edition_page(&page);
    // Compressed once for its every copy.
    let coded = |e| ExportSiteError::Io {
        path: dir.join("index.html"),
        source: e,
    };
    let page_coded = (
        precompress::brotli(page.as_bytes()).map_err(coded)?,
        precompress::gzip(page.as_bytes()).map_err(coded)?,
    );
    site.write("/index.html", page.as_bytes(), Some(page_coded.clone()))?;

    let story_page = story_html(&state)
        .await
        .map_err(|e| read_error(STORY_PAGE, e))?;
    let story_page = pages::edition_page(&story_page);
    let story_coded = (
        precompress::brotli(story_page.as_bytes()).map_err(coded)?,
        precompress::gzip(story_page.as_bytes()).map_err(coded)?,
    );
    let write_story_page = |site: &mut Site<'_>, path: &str| {
        site.write(path, story_page.as_bytes(), Some(story_coded.clone()))
    };
    write_story_page(&mut site, STORY_PAGE)?;
    // The page many static hosts send for a path they do not have: a story's
    // address not written here (the draft's, a step added since). At any
    // other address the story page opens the map.
    write_story_page(&mut site, "/404.html")?;

    let stories: StoryList = read_and_write(&router, &mut site, "/api/stories").await?;
    for summary in &stories.stories {
        let target = format!("/api/stories/{}", summary.id);
        let story: Story = read_and_write(&router, &mut site, &target).await?;
        for path in pages::story_pages(&story.id, story.steps.len()) {
            write_story_page(&mut site, &path)?;
        }
    }
    site.summary.stories = stories.stories.len();

    let pages = [page.as_bytes(), story_page.as_bytes()];
    write_service_worker(&state.dist, &pages, &mut site)?;
    Ok(site.summary)
}

fn read_error(target: &str, reason: impl std::fmt::Display) -> ExportSiteError {
    ExportSiteError::Read {
        target: target.to_string(),
        reason: reason.to_string(),
    }
}

/// The body of a GET of `target` through the router; anything but 200 is an error.
async fn read(router: &axum::Router, target: &str) -> Result<Vec<u8>, ExportSiteError> {
    let request = Request::get(target)
        .body(Body::empty())
        .map_err(|e| read_error(target, e))?;
    let response = match router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if response.status() != StatusCode::OK {
        return Err(read_error(target, response.status()));
    }
    let body = to_bytes(response.into_body(), usize::MAX)
        .await
        .map_err(|e| read_error(target, e))?;
    Ok(body.to_vec())
}

/// Reads `target`, writes its body as the edition's file for it, and returns it typed.
async fn read_and_write<T: DeserializeOwned>(
    router: &axum::Router,
    site: &mut Site<'_>,
    target: &str,
) -> Result<T, ExportSiteError> {
    let body = read(router, target).await?;
    let value = serde_json::from_slice(&body).map_err(|e| read_error(target, e))?;
    let file = file_of(target);
    site.write(&file, &body, None)?;
    site.precache.push(file);
    Ok(value)
}

/// A layer's pages (as the app asks for them) as one items document with
/// every feature and no `next` link.
async fn whole_layer(router: &axum::Router, pages: &[String]) -> Result<Vec<u8>, ExportSiteError> {
    let mut features = Vec::new();
    for target in pages {
        let body = read(router, target).await?;
        let mut page: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&body).map_err(|e| read_error(target, e))?;
        if let Some(serde_json::Value::Array(some)) = page.remove("features") {
            features.extend(some);
        }
    }
    let count = features.len();
    let layer = serde_json::json!({
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": count,
        "numberReturned": count,
        "links": [],
    });
    serde_json::to_vec(&layer).map_err(|e| read_error("a layer", e))
}

/// Copies the app's builds from `dist` (the reader's and the story page's
/// `story/`: not the editor's `edit/` nor the presenter's `present/`, whose
/// tools need the server, and not the pages or the worker, which
/// the edition writes itself), with the `.br` and `.gz` the build made where
/// they are current.
fn copy_app_files(dist: &Path, folder: &Path, site: &mut Site<'_>) -> Result<(), ExportSiteError> {
    let io = |source| ExportSiteError::Io {
        path: folder.to_path_buf(),
        source,
    };
    let mut entries: Vec<_> = std::fs::read_dir(folder)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for path in entries {
        let Ok(relative) = path.strip_prefix(dist) else {
            continue;
        };
        let name = relative.to_string_lossy().replace('\\', "/");
        if path.is_dir() {
            if name != "edit" && name != PRESENT_DIR {
                copy_app_files(dist, &path, site)?;
            }
            continue;
        }
        let file_name = name.rsplit('/').next().unwrap_or_default();
        let skipped = ["index.html", "sw.js"].contains(&file_name)
            || name.ends_with(".br")
            || name.ends_with(".gz");
        if skipped {
            continue;
        }
        let body = std::fs::read(&path).map_err(|source| ExportSiteError::Io {
            path: path.clone(),
            source,
        })?;
        site.write(&format!("/{name}"), &body, precompress::made_beside(&path))?;
        if crate::caching::app_files::is_fingerprinted(file_name) {
            site.precache.push(format!("/{name}"));
        }
    }
    Ok(())
}

/// `sw.js`, stamped as the server stamps it (versioned by the edition's
/// `pages`), asking for the edition's files.
fn write_service_worker(
    dist: &Path,
    pages: &[&[u8]],
    site: &mut Site<'_>,
) -> Result<(), ExportSiteError> {
    let path = dist.join("sw.js");
    let Ok(template) = std::fs::read_to_string(&path) else {
        // A build without a worker makes an edition without one, as the server would serve none.
        return Ok(());
    };
    let version = service_worker::build_version(pages, &template);
    // An edition is made to be carried and opened offline: it keeps all of itself at once.
    let precache = service_worker::Precache {
        always: site.precache.clone(),
        for_presenters: Vec::new(),
    };
    let worker = service_worker::stamped(&template, &version, &precache).replacen(
        service_worker::API_SUFFIX,
        service_worker::EDITION_API_SUFFIX,
        1,
    );
    site.write("/sw.js", worker.as_bytes(), None)
}
