//! `/story/…`: the story page (the player and the speaker view) and its
//! files, built apart from the reader's so that readers never download the
//! player's code.

mod common;

use axum::http::{Method, StatusCode};
use common::TestServer;
use std::io::Read;
use std::time::Duration;

const HTML: &str = "text/html; charset=utf-8";

/// A Trunk-shaped story page: an inline module script that loads its wasm.
const STORY_HTML: &str = "<!doctype html>\n<html><head><title>Corridor Atlas: story</title>\n\
<script type=\"module\">\nimport init from '/story/atlas-story-0123456789abcdef.js';\n\
await init({ module_or_path: '/story/atlas-story-0123456789abcdef_bg.wasm' });\n</script>\n\
</head><body></body></html>\n";

/// The CSP source of the inline body above: `'sha256-<base64>'`.
fn story_script_hash() -> String {
    use base64::Engine;
    use sha2::Digest;
    let body = "\nimport init from '/story/atlas-story-0123456789abcdef.js';\n\
await init({ module_or_path: '/story/atlas-story-0123456789abcdef_bg.wasm' });\n";
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body.as_bytes()))
    )
}

const WASM: &str = "atlas-story-0123456789abcdef_bg.wasm";

/// A seeded server whose `dist/story/` holds a Trunk-shaped page and a "wasm" file.
async fn server_with_story_page() -> (TestServer, Vec<u8>) {
    let server = TestServer::seeded().await;
    let folder = server.state.dist.join("story");
    std::fs::write(folder.join("index.html"), STORY_HTML).expect("story/index.html");
    let wasm: Vec<u8> = (0..100_000_u32)
        .map(|i| (i % 241) as u8 ^ (i / 991) as u8)
        .collect();
    std::fs::write(folder.join(WASM), &wasm).expect("wasm written");
    (server, wasm)
}

/// Every address the app reads as a story's: steps, a missing or odd step, the speaker view.
const STORY_ADDRESSES: [&str; 8] = [
    "/story/sample-story/1",
    "/story/sample-story/2?speaker",
    "/story/middle-corridor-in-six-steps/6?speaker=1",
    "/story/sample-story",
    "/story/sample-story/",
    "/story/sample-story/x",
    "/story/draft/3?embed=1",
    "/story/index.html",
];

#[tokio::test]
async fn every_story_address_is_the_story_page_as_html_revalidated() {
    let (server, _) = server_with_story_page().await;
    for uri in STORY_ADDRESSES {
        let answer = server.get_with(uri, &[("accept", "text/html")]).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
        assert_eq!(answer.header("content-type"), HTML, "{uri}");
        assert_eq!(answer.header("cache-control"), "no-cache", "{uri}");
        // Stories are for everyone: nothing keeps them out of search results.
        assert_eq!(answer.header("x-robots-tag"), "", "{uri}");
        assert_eq!(answer.text(), STORY_HTML, "{uri}");
    }
}

#[tokio::test]
async fn paths_under_story_that_are_no_story_get_the_readers_page() {
    let (server, _) = server_with_story_page().await;
    let reader = server.get_with("/", &[("accept", "text/html")]).await;
    assert!(
        reader.text().contains("Corridor Atlas app"),
        "{}",
        reader.text()
    );
    for uri in ["/story/", "/story/Bad%20Id/1", "/story/UPPER/2"] {
        let answer = server.get_with(uri, &[("accept", "text/html")]).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_eq!(answer.text(), reader.text(), "{uri}");
    }
}

#[tokio::test]
async fn the_readers_page_stays_the_readers() {
    let (server, _) = server_with_story_page().await;
    for uri in ["/", "/index.html", "/?feature=baku"] {
        let answer = server.get_with(uri, &[("accept", "text/html")]).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert!(answer.text().contains("Corridor Atlas app"), "{uri}");
        assert!(!answer.text().contains("atlas-story"), "{uri}");
    }
}

#[tokio::test]
async fn without_a_story_build_a_story_address_is_a_503_problem() {
    let server = TestServer::seeded().await;
    std::fs::remove_dir_all(server.state.dist.join("story")).expect("no story build");
    for uri in ["/story/sample-story/1", "/story/sample-story/2?speaker"] {
        let problem = server
            .get_with(uri, &[("accept", "text/html")])
            .await
            .problem(StatusCode::SERVICE_UNAVAILABLE);
        let words = format!("{} {}", problem["title"], problem["detail"]);
        assert!(words.contains("built"), "{uri}: {problem}");
    }
    // The reader's page does not need the story page.
    assert_eq!(server.get("/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_story_pages_fingerprinted_files_are_immutable_and_compressed() {
    let (server, wasm) = server_with_story_page().await;
    let path = format!("/story/{WASM}");
    let answer = server.get(&path).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, wasm);
    assert_eq!(answer.header("content-type"), "application/wasm");
    assert_eq!(
        answer.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let file = server.state.dist.join("story").join(WASM);
    for _ in 0..500 {
        if server.state.files.compressed(&file) == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let br = server.get_with(&path, &[("accept-encoding", "br")]).await;
    assert_eq!(br.header("content-encoding"), "br");
    assert!(br.body.len() < wasm.len() / 2, "{} bytes", br.body.len());
    let mut plain = Vec::new();
    brotli::Decompressor::new(br.body.as_slice(), 4096)
        .read_to_end(&mut plain)
        .expect("brotli decodes");
    assert_eq!(plain, wasm);
}

#[tokio::test]
async fn the_reader_does_not_serve_the_story_pages_files_at_its_root() {
    let (server, _) = server_with_story_page().await;
    let answer = server.get(&format!("/{WASM}")).await;
    // Not the wasm: an unknown name at the root is a reader's client-side route.
    assert_ne!(answer.header("content-type"), "application/wasm");
}

#[tokio::test]
async fn the_csp_allows_the_story_pages_inline_script_by_hash() {
    let (server, _) = server_with_story_page().await;
    let csp = server
        .get("/story/sample-story/1")
        .await
        .header("content-security-policy")
        .to_string();
    assert!(csp.contains(&story_script_hash()), "{csp}");
}

#[tokio::test]
async fn only_reads_reach_the_story_page() {
    let (server, _) = server_with_story_page().await;
    let answer = server
        .send(Method::POST, "/story/sample-story/1", &[])
        .await;
    answer.problem(StatusCode::METHOD_NOT_ALLOWED);
    let head = server
        .send(Method::HEAD, "/story/sample-story/1", &[])
        .await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
}

#[tokio::test]
async fn the_worker_keeps_the_story_page_and_its_files_for_presenters_and_is_versioned_by_it() {
    let (server, _) = server_with_story_page().await;
    std::fs::write(
        server.state.dist.join("sw.js"),
        "const BUILD = 'dev';\nconst PRECACHE = [];\nconst FOR_PRESENTERS = [];\n",
    )
    .expect("sw.js");
    let worker = server.get("/sw.js").await.text();
    // The story page and its files are a presenter's (FOR_PRESENTERS, the third line).
    let for_presenters = worker.lines().nth(2).unwrap_or_default();
    assert!(
        for_presenters.starts_with("const FOR_PRESENTERS = ["),
        "{worker}"
    );
    assert!(for_presenters.contains("\"/story/index.html\""), "{worker}");
    assert!(
        for_presenters.contains(&format!("\"/story/{WASM}\"")),
        "{worker}"
    );
    assert!(worker.contains("\"/index.html\""), "{worker}");
    // A new story build alone is a new worker version.
    std::fs::write(
        server.state.dist.join("story/index.html"),
        STORY_HTML.replace("0123456789abcdef", "fedcba9876543210"),
    )
    .expect("a new story page");
    let again = server.get("/sw.js").await.text();
    let version = |w: &str| w.lines().next().unwrap_or_default().to_string();
    assert_ne!(version(&worker), version(&again));
}
