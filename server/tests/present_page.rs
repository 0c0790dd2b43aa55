//! `/present`: the presenter's page (the reader with the story builder,
//! Export and Embed) and its files, built apart from the reader's so that
//! readers never download the presenter's tools.

mod common;

use axum::http::{Method, StatusCode};
use common::TestServer;

const HTML: &str = "text/html; charset=utf-8";

/// A Trunk-shaped presenter's page.
const PRESENT_HTML: &str = "<!doctype html>\n<html><head><title>Corridor Atlas: present</title>\n\
<script type=\"module\">\nimport init from '/present/atlas-present-0123456789abcdef.js';\n\
await init({ module_or_path: '/present/atlas-present-0123456789abcdef_bg.wasm' });\n</script>\n\
</head><body></body></html>\n";

const WASM: &str = "atlas-present-0123456789abcdef_bg.wasm";

/// A seeded server whose `dist/present/` holds a Trunk-shaped page and a "wasm" file.
async fn server_with_present_page() -> (TestServer, Vec<u8>) {
    let server = TestServer::seeded().await;
    let folder = server.state.dist.join("present");
    std::fs::create_dir_all(&folder).expect("dist/present folder");
    std::fs::write(folder.join("index.html"), PRESENT_HTML).expect("present/index.html");
    let wasm: Vec<u8> = (0..50_000_u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(folder.join(WASM), &wasm).expect("wasm written");
    (server, wasm)
}

#[tokio::test]
async fn the_presenters_page_is_html_revalidated_and_kept_out_of_search_engines() {
    let (server, _) = server_with_present_page().await;
    for uri in [
        "/present",
        "/present/",
        "/present/index.html",
        "/present/anything",
    ] {
        let answer = server.get(uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
        assert_eq!(answer.header("content-type"), HTML, "{uri}");
        assert_eq!(answer.header("cache-control"), "no-cache", "{uri}");
        assert_eq!(answer.header("x-robots-tag"), "noindex", "{uri}");
        assert_eq!(answer.text(), PRESENT_HTML, "{uri}");
    }
}

#[tokio::test]
async fn the_presenters_fingerprinted_files_are_immutable_and_not_the_readers() {
    let (server, wasm) = server_with_present_page().await;
    let answer = server.get(&format!("/present/{WASM}")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, wasm);
    assert_eq!(answer.header("content-type"), "application/wasm");
    assert_eq!(
        answer.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    // At the reader's root the name is no file of the reader's.
    let root = server.get(&format!("/{WASM}")).await;
    assert_ne!(root.header("content-type"), "application/wasm");
}

#[tokio::test]
async fn without_a_presenters_build_the_page_is_a_503_problem() {
    let server = TestServer::seeded().await;
    std::fs::remove_dir_all(server.state.dist.join("present")).expect("no presenter's build");
    let problem = server
        .get("/present")
        .await
        .problem(StatusCode::SERVICE_UNAVAILABLE);
    assert!(problem["detail"].as_str().is_some(), "{problem}");
}

#[tokio::test]
async fn only_reads_reach_the_presenters_page() {
    let (server, _) = server_with_present_page().await;
    let answer = server.send(Method::POST, "/present", &[]).await;
    answer.problem(StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn the_csp_allows_the_presenters_inline_script_by_hash() {
    use base64::Engine;
    use sha2::Digest;
    let (server, _) = server_with_present_page().await;
    let body = "\nimport init from '/present/atlas-present-0123456789abcdef.js';\n\
await init({ module_or_path: '/present/atlas-present-0123456789abcdef_bg.wasm' });\n";
    let hash = format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body.as_bytes()))
    );
    let csp = server
        .get("/present")
        .await
        .header("content-security-policy")
        .to_string();
    assert!(csp.contains(&hash), "{csp}");
}
