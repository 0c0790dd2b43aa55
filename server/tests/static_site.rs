//! `atlas export-site`: the static edition's files, where the app looks for
//! them, each compressible one with a `.br` and a `.gz` that decompress to it.

mod common;

use atlas_model::api::SearchResults;
use atlas_model::passage_search;
use atlas_server::static_site::{ExportSiteError, export_site};
use common::TestServer;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A Trunk-shaped build: a page with a preload, fingerprinted files, the
/// worker, the editor's page, and the story page with its files.
fn write_build(dist: &Path) {
    std::fs::create_dir_all(dist.join("edit")).expect("dist/edit");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><html><head><title>Corridor Atlas app</title>\
         <link rel=\"preload\" href=\"/collections\" as=\"fetch\" crossorigin=\"anonymous\" />\
         <link rel=\"stylesheet\" href=\"/atlas-0123456789abcdef.css\">\
         </head><body></body></html>",
    )
    .expect("index.html");
    std::fs::write(
        dist.join("atlas-app-0123456789abcdef.js"),
        "import('x');".repeat(50),
    )
    .expect("js");
    std::fs::write(
        dist.join("atlas-app-0123456789abcdef_bg.wasm"),
        [0u8, 97, 115, 109],
    )
    .expect("wasm");
    std::fs::write(dist.join("atlas-0123456789abcdef.css"), "body{margin:0}").expect("css");
    std::fs::write(
        dist.join("favicon-0123456789abcdef.png"),
        [137u8, 80, 78, 71],
    )
    .expect("png");
    let worker =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/sw.js"))
            .expect("public/sw.js");
    std::fs::write(dist.join("sw.js"), worker).expect("sw.js");
    std::fs::write(dist.join("edit/index.html"), "<html>editor</html>").expect("editor");
    std::fs::create_dir_all(dist.join("story")).expect("dist/story");
    std::fs::write(dist.join("story/index.html"), STORY_PAGE).expect("story page");
    std::fs::write(
        dist.join("story/atlas-story-0123456789abcdef_bg.wasm"),
        [0u8, 97, 115, 109, 1],
    )
    .expect("story wasm");
    std::fs::write(
        dist.join("story/atlas-story-0123456789abcdef.js"),
        "import('story');".repeat(50),
    )
    .expect("story js");
}

/// The story page's build: a preload of an API read, and its own script.
const STORY_PAGE: &str = "<!doctype html><html><head><title>Corridor Atlas: story</title>\
    <link rel=\"preload\" href=\"/api/config\" as=\"fetch\" crossorigin=\"anonymous\" />\
    <script type=\"module\">import init from '/story/atlas-story-0123456789abcdef.js'; init();</script>\
    </head><body></body></html>";

/// A seeded server with a build, and a folder to export into.
async fn exported() -> (TestServer, PathBuf) {
    let server = TestServer::seeded().await;
    write_build(&server.state.dist);
    let site = server.dir.path().join("site");
    let summary = export_site(server.state.clone(), &site)
        .await
        .expect("the edition is written");
    assert_eq!((summary.layers, summary.features), (2, 5));
    assert_eq!((summary.reports, summary.stories), (1, 1));
    (server, site)
}

fn read(site: &Path, path: &str) -> Vec<u8> {
    std::fs::read(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json(site: &Path, path: &str) -> serde_json::Value {
    serde_json::from_slice(&read(site, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file under `dir`, as paths from it.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("reads") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path.to_string_lossy().into_owned());
        }
    }
    out
}

#[tokio::test]
async fn every_read_the_app_makes_is_a_file_holding_what_the_server_answers() {
    let (server, site) = exported().await;
    assert_eq!(
        json(&site, "collections.json"),
        server.get("/collections").await.json()
    );
    assert_eq!(
        json(&site, "collections/cities.json"),
        server.get("/collections/cities").await.json()
    );
    for layer in ["cities", "rail"] {
        let whole = json(&site, &format!("collections/{layer}/items.json"));
        let served = server
            .get(&format!("/collections/{layer}/items?limit=10000"))
            .await
            .json();
        assert_eq!(whole["features"], served["features"], "{layer}");
        assert_eq!(
            whole["links"],
            serde_json::json!([]),
            "no next link: {layer}"
        );
    }
    assert_eq!(
        json(&site, "api/reports.json"),
        server.get("/api/reports").await.json()
    );
    assert_eq!(
        json(&site, "api/reports/sample-report.json"),
        server.get("/api/reports/sample-report").await.json()
    );
    assert_eq!(
        json(&site, "api/stories.json"),
        server.get("/api/stories").await.json()
    );
    let story = server.get("/api/stories/sample-story").await.json();
    assert_eq!(json(&site, "api/stories/sample-story.json"), story);
    assert_eq!(
        json(&site, "api/config.json"),
        server.get("/api/config").await.json()
    );
    assert_eq!(
        json(&site, "api/basemap/seas.json"),
        server.get("/api/basemap/seas").await.json()
    );
    // The fixture has no 1:110m world; the server has none to answer either.
    assert!(!site.join("api/basemap/countries-110m.json").exists());
}

#[tokio::test]
async fn the_page_is_marked_and_drawn_and_every_story_step_has_the_story_page() {
    let (server, site) = exported().await;
    let page = String::from_utf8(read(&site, "index.html")).expect("utf-8");
    assert!(
        page.contains("<meta name=\"atlas-edition\" content=\"static\">"),
        "{page}"
    );
    assert!(
        page.contains("<svg class=\"first-map-svg"),
        "the first map is drawn in"
    );
    assert!(page.contains("href=\"/collections.json\""), "{page}");
    assert!(
        page.contains("href=\"/collections/cities/items.json\""),
        "{page}"
    );
    assert!(!page.contains("?limit="), "no query strings: {page}");
    assert!(
        !page.contains("atlas-story"),
        "the reader's page is the reader's"
    );
    // Story steps get the story page's build, marked as the edition's too.
    let story_page = String::from_utf8(read(&site, "story/index.html")).expect("utf-8");
    assert!(
        story_page.starts_with("<!doctype html><html><head><meta name=\"atlas-edition\" content=\"static\"><title>Corridor Atlas: story"),
        "{story_page}"
    );
    assert!(
        story_page.contains("href=\"/api/config.json\""),
        "{story_page}"
    );
    assert!(!story_page.contains("first-map"), "{story_page}");
    // What a static host sends for a path it lacks: a story's address not written (the draft's).
    assert_eq!(read(&site, "404.html"), story_page.as_bytes());
    let steps = server.get("/api/stories/sample-story").await.json()["steps"]
        .as_array()
        .expect("steps")
        .len();
    assert!(steps >= 2);
    for n in 1..=steps {
        assert_eq!(
            read(&site, &format!("story/sample-story/{n}/index.html")),
            story_page.as_bytes()
        );
    }
    assert!(site.join("story/sample-story/index.html").is_file());
    assert!(
        !site
            .join(format!("story/sample-story/{}", steps + 1))
            .exists()
    );
}

#[tokio::test]
async fn the_reader_and_the_story_page_are_copied_and_the_editor_left_out() {
    let (_server, site) = exported().await;
    for name in [
        "atlas-app-0123456789abcdef.js",
        "atlas-app-0123456789abcdef_bg.wasm",
        "atlas-0123456789abcdef.css",
        "favicon-0123456789abcdef.png",
    ] {
        assert!(site.join(name).is_file(), "{name}");
    }
    assert!(!site.join("edit").exists());
    for name in [
        "story/atlas-story-0123456789abcdef.js",
        "story/atlas-story-0123456789abcdef_bg.wasm",
    ] {
        assert!(site.join(name).is_file(), "{name}");
    }
    assert!(
        !site.join("favicon-0123456789abcdef.png.br").exists(),
        "pictures stay as they are"
    );
    let worker = String::from_utf8(read(&site, "sw.js")).expect("utf-8");
    assert!(worker.contains("const API_SUFFIX = '.json';"), "{worker}");
    assert!(!worker.contains("const BUILD = 'dev';"));
    assert!(
        worker.contains("\"/collections/rail/items.json\""),
        "{worker}"
    );
    assert!(
        worker.contains("\"/atlas-app-0123456789abcdef_bg.wasm\""),
        "{worker}"
    );
    // A presenter who opened the edition once plays its stories offline.
    for path in [
        "/story/index.html",
        "/story/atlas-story-0123456789abcdef_bg.wasm",
        "/story/atlas-story-0123456789abcdef.js",
    ] {
        assert!(worker.contains(&format!("\"{path}\"")), "{path}: {worker}");
    }
}

#[tokio::test]
async fn the_search_index_finds_passages_as_the_server_does() {
    let (server, site) = exported().await;
    let index: SearchResults =
        serde_json::from_slice(&read(&site, "api/search-index.json")).expect("an index");
    let report = server.get("/api/reports/sample-report").await.json();
    let passages = report["passages"].as_array().expect("passages");
    assert_eq!(index.passages.len(), passages.len());
    // A word of the first passage finds it, as the server's search does.
    let text = passages[0]["text"].as_str().expect("text");
    let word = text
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.len() > 6)
        .expect("a long word");
    let found: Vec<String> = passage_search::search(&index, word, 8)
        .into_iter()
        .map(|h| h.passage)
        .collect();
    let served: Vec<String> = server.get(&format!("/api/search?q={word}")).await.json()["passages"]
        .as_array()
        .expect("passages")
        .iter()
        .map(|h| h["passage"].as_str().expect("id").to_string())
        .collect();
    assert!(found.contains(&passages[0]["id"].as_str().expect("id").to_string()));
    let mut found_sorted = found.clone();
    found_sorted.sort();
    let mut served_sorted = served.clone();
    served_sorted.sort();
    assert_eq!(found_sorted, served_sorted, "{word}");
}

#[tokio::test]
async fn every_br_and_gz_decompresses_to_its_file() {
    let (_server, site) = exported().await;
    let all = files(&site);
    let mut checked = 0;
    for path in &all {
        let compressible = [".wasm", ".js", ".css", ".svg", ".html", ".json"]
            .iter()
            .any(|ext| path.ends_with(ext));
        if !compressible {
            continue;
        }
        let plain = std::fs::read(path).expect("plain");
        let mut from_br = Vec::new();
        brotli::Decompressor::new(&std::fs::read(format!("{path}.br")).expect(".br")[..], 4096)
            .read_to_end(&mut from_br)
            .expect("brotli decodes");
        assert_eq!(from_br, plain, "{path}.br");
        let mut from_gz = Vec::new();
        flate2::read::GzDecoder::new(&std::fs::read(format!("{path}.gz")).expect(".gz")[..])
            .read_to_end(&mut from_gz)
            .expect("gzip decodes");
        assert_eq!(from_gz, plain, "{path}.gz");
        checked += 1;
    }
    assert!(checked > 15, "{checked} files of {all:?}");
}

#[tokio::test]
async fn an_edition_goes_into_an_empty_folder_only_and_needs_a_built_app() {
    let server = TestServer::seeded().await;
    let site = server.dir.path().join("site");
    std::fs::create_dir_all(&site).expect("site");
    std::fs::write(site.join("keep.txt"), "mine").expect("a file");
    let refused = export_site(server.state.clone(), &site).await;
    assert!(
        matches!(refused, Err(ExportSiteError::NotEmpty(_))),
        "{refused:?}"
    );
    assert_eq!(
        std::fs::read_to_string(site.join("keep.txt")).expect("kept"),
        "mine"
    );
    let unbuilt = TestServer::empty().await;
    let refused = export_site(unbuilt.state.clone(), &unbuilt.dir.path().join("site")).await;
    assert!(
        matches!(refused, Err(ExportSiteError::AppNotBuilt(_))),
        "{refused:?}"
    );
}
