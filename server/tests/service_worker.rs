//! `/sw.js`: the offline service worker, stamped with its build and served so
//! that browsers revalidate it and may let it serve the whole site.

mod common;

use axum::http::StatusCode;
use common::TestServer;

const TEMPLATE: &str = "const BUILD = 'dev';\nconst PRECACHE = [];\nconst FOR_PRESENTERS = [];\n";

/// The JSON list the worker's line `const {name} = [...];` holds.
fn list_in(worker: &str, name: &str) -> Vec<String> {
    let head = format!("const {name} = ");
    let start = worker.find(&head).expect("the list's line") + head.len();
    let text = &worker[start..];
    serde_json::from_str(&text[..text.find(";\n").expect("end of list")]).expect("a JSON list")
}

fn version_in(worker: &str) -> String {
    let start = worker.find("const BUILD = '").expect("a BUILD line") + "const BUILD = '".len();
    worker[start..start + 16].to_string()
}

#[tokio::test]
async fn the_worker_is_served_fresh_with_its_scope_and_its_build() {
    let server = TestServer::seeded().await;
    std::fs::write(server.state.dist.join("sw.js"), TEMPLATE).expect("sw.js");
    std::fs::write(server.state.dist.join("atlas-app-0123456789abcdef.js"), "x").expect("app file");
    let answer = server.get("/sw.js").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.header("content-type").starts_with("text/javascript"));
    assert_eq!(answer.header("cache-control"), "no-cache");
    assert_eq!(answer.header("service-worker-allowed"), "/");
    let worker = answer.text();
    let version = version_in(&worker);
    assert!(version.bytes().all(|b| b.is_ascii_hexdigit()), "{worker}");
    let list = list_in(&worker, "PRECACHE");
    assert!(list.contains(&"/index.html".to_string()), "{list:?}");
    assert!(
        list.contains(&"/atlas-app-0123456789abcdef.js".to_string()),
        "{list:?}"
    );
    // Not fingerprinted: never kept for good.
    assert!(!list.contains(&"/app.js".to_string()), "{list:?}");
    assert!(
        list.iter()
            .any(|p| p.starts_with("/collections/") && p.contains("/items?")),
        "{list:?}"
    );
    // Every visitor keeps the light world; a presenter keeps the detailed one and the story page.
    assert!(
        list.contains(&"/api/basemap/countries-110m".to_string()),
        "{list:?}"
    );
    assert!(
        !list.contains(&"/api/basemap/countries".to_string()),
        "{list:?}"
    );
    let for_presenters = list_in(&worker, "FOR_PRESENTERS");
    assert!(
        for_presenters.contains(&"/api/basemap/countries".to_string()),
        "{for_presenters:?}"
    );
}

#[tokio::test]
async fn the_story_page_and_its_files_are_kept_for_presenters_only() {
    let server = TestServer::seeded().await;
    std::fs::write(server.state.dist.join("sw.js"), TEMPLATE).expect("sw.js");
    let story = server.state.dist.join("story");
    std::fs::create_dir_all(&story).expect("story folder");
    std::fs::write(story.join("index.html"), "<!doctype html>").expect("story page");
    std::fs::write(story.join("atlas-story-0123456789abcdef.js"), "x").expect("story file");
    let worker = server.get("/sw.js").await.text();
    let always = list_in(&worker, "PRECACHE");
    let for_presenters = list_in(&worker, "FOR_PRESENTERS");
    for path in [
        "/story/index.html",
        "/story/atlas-story-0123456789abcdef.js",
    ] {
        assert!(
            for_presenters.contains(&path.to_string()),
            "{path} in {for_presenters:?}"
        );
        assert!(
            !always.contains(&path.to_string()),
            "{path} not in {always:?}"
        );
    }
}

#[tokio::test]
async fn a_new_build_serves_a_new_version() {
    let server = TestServer::seeded().await;
    std::fs::write(server.state.dist.join("sw.js"), TEMPLATE).expect("sw.js");
    let before = version_in(&server.get("/sw.js").await.text());
    std::fs::write(
        server.state.dist.join("index.html"),
        "<!doctype html><script type=module src=/atlas-app-fedcba9876543210.js></script>",
    )
    .expect("a new build");
    let after = version_in(&server.get("/sw.js").await.text());
    assert_ne!(before, after);
}

#[tokio::test]
async fn without_a_worker_in_the_build_there_is_none() {
    let server = TestServer::seeded().await;
    assert_eq!(server.get("/sw.js").await.status, StatusCode::NOT_FOUND);
}
