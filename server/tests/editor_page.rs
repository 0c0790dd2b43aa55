//! `/edit`: the editor's page and its files, built apart from the reader's so
//! that readers never download the editing code.

mod common;

use axum::http::{Method, StatusCode};
use common::TestServer;
use std::io::Read;
use std::time::Duration;

const HTML: &str = "text/html; charset=utf-8";

/// A Trunk-shaped editor page: an inline module script that loads its wasm.
const EDITOR_HTML: &str = "<!doctype html>\n<html><head><title>Corridor Atlas: editor</title>\n\
<script type=\"module\">\nimport init from '/edit/atlas-editor-0123456789abcdef.js';\n\
await init({ module_or_path: '/edit/atlas-editor-0123456789abcdef_bg.wasm' });\n</script>\n\
</head><body></body></html>\n";

/// The CSP source of the inline body above: `'sha256-<base64>'`.
fn editor_script_hash() -> String {
    use base64::Engine;
    use sha2::Digest;
    let body = "\nimport init from '/edit/atlas-editor-0123456789abcdef.js';\n\
await init({ module_or_path: '/edit/atlas-editor-0123456789abcdef_bg.wasm' });\n";
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body.as_bytes()))
    )
}

const WASM: &str = "atlas-editor-0123456789abcdef_bg.wasm";

/// A seeded server whose `dist/edit/` holds a Trunk-shaped page and a "wasm" file.
async fn server_with_editor() -> (TestServer, Vec<u8>) {
    let server = TestServer::seeded().await;
    let folder = server.state.dist.join("edit");
    std::fs::write(folder.join("index.html"), EDITOR_HTML).expect("edit/index.html");
    let wasm: Vec<u8> = (0..100_000_u32)
        .map(|i| (i % 251) as u8 ^ (i / 997) as u8)
        .collect();
    std::fs::write(folder.join(WASM), &wasm).expect("wasm written");
    (server, wasm)
}

#[tokio::test]
async fn the_editor_page_is_html_revalidated_and_kept_out_of_search_engines() {
    let (server, _) = server_with_editor().await;
    for uri in ["/edit", "/edit/", "/edit/index.html", "/edit/feature/baku"] {
        let answer = server.get(uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
        assert_eq!(answer.header("content-type"), HTML, "{uri}");
        assert_eq!(answer.header("cache-control"), "no-cache", "{uri}");
        assert_eq!(answer.header("x-robots-tag"), "noindex", "{uri}");
        assert_eq!(answer.text(), EDITOR_HTML, "{uri}");
    }
}

#[tokio::test]
async fn the_readers_page_stays_the_readers() {
    let (server, _) = server_with_editor().await;
    let answer = server.get_with("/", &[("accept", "text/html")]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer.text().contains("Corridor Atlas app"),
        "{}",
        answer.text()
    );
    assert!(!answer.text().contains("atlas-editor"));
    assert_eq!(answer.header("x-robots-tag"), "");
}

#[tokio::test]
async fn without_an_editor_build_the_page_is_a_503_problem() {
    let server = TestServer::seeded().await;
    std::fs::remove_dir_all(server.state.dist.join("edit")).expect("no editor build");
    let problem = server
        .get("/edit")
        .await
        .problem(StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        problem["title"]
            .as_str()
            .unwrap_or_default()
            .contains("built")
            || problem["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("built"),
        "{problem}"
    );
}

#[tokio::test]
async fn the_editors_fingerprinted_files_are_immutable_and_compressed() {
    let (server, wasm) = server_with_editor().await;
    let path = format!("/edit/{WASM}");
    let answer = server.get(&path).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, wasm);
    assert_eq!(answer.header("content-type"), "application/wasm");
    assert_eq!(
        answer.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let file = server.state.dist.join("edit").join(WASM);
    // Files are compressed at the highest quality: slow on a busy machine.
    for _ in 0..3000 {
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
async fn a_file_whose_hash_lost_its_leading_zeros_is_still_a_fingerprinted_file() {
    let (server, _) = server_with_editor().await;
    let css = "editor-487ea98ef7e86c.css";
    std::fs::write(
        server.state.dist.join("edit").join(css),
        ".sketch { fill: none; }",
    )
    .expect("css written");
    let answer = server.get(&format!("/edit/{css}")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.header("content-type").starts_with("text/css"));
    assert!(answer.header("cache-control").contains("immutable"));
    assert_eq!(answer.text(), ".sketch { fill: none; }");
}

#[tokio::test]
async fn the_reader_does_not_serve_the_editors_files_at_its_root() {
    let (server, _) = server_with_editor().await;
    let answer = server.get(&format!("/{WASM}")).await;
    // Not the wasm: an unknown name at the root is a reader's client-side route.
    assert_ne!(answer.header("content-type"), "application/wasm");
}

#[tokio::test]
async fn the_csp_allows_the_editors_inline_script_by_hash() {
    let (server, _) = server_with_editor().await;
    let csp = server
        .get("/edit")
        .await
        .header("content-security-policy")
        .to_string();
    assert!(csp.contains(&editor_script_hash()), "{csp}");
}

#[tokio::test]
async fn only_reads_reach_the_editor_page() {
    let (server, _) = server_with_editor().await;
    let answer = server.send(Method::POST, "/edit", &[]).await;
    answer.problem(StatusCode::METHOD_NOT_ALLOWED);
    let head = server.send(Method::HEAD, "/edit", &[]).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
}
