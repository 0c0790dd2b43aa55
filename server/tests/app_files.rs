//! The app's fingerprinted files: cached by browsers for good, compressed once.

mod common;

use common::TestServer;
use std::io::Read;
use std::time::Duration;

const WASM: &str = "atlas-app-0123456789abcdef_bg.wasm";

/// A seeded server whose `dist/` also holds a fingerprinted "wasm" file.
async fn server_with_wasm() -> (TestServer, Vec<u8>) {
    let server = TestServer::seeded().await;
    // Compressible, like real wasm, and big enough to tell compressed from not.
    let wasm: Vec<u8> = (0..200_000_u32)
        .map(|i| (i % 251) as u8 ^ (i / 997) as u8)
        .collect();
    std::fs::write(server.state.dist.join(WASM), &wasm).expect("wasm written");
    (server, wasm)
}

/// Waits until both compressed copies of `name` are ready.
async fn compressed(server: &TestServer, name: &str) {
    for _ in 0..500 {
        if server.state.app_files.compressed(name) == 2 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{name} was never compressed");
}

#[tokio::test]
async fn a_fingerprinted_file_is_immutable_and_typed() {
    let (server, wasm) = server_with_wasm().await;
    let answer = server.get(&format!("/{WASM}")).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, wasm);
    assert_eq!(answer.headers["content-type"], "application/wasm");
    assert_eq!(
        answer.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(answer.headers["vary"], "accept-encoding");
}

#[tokio::test]
async fn later_requests_get_the_body_compressed_once_in_the_coding_asked_for() {
    let (server, wasm) = server_with_wasm().await;
    let path = format!("/{WASM}");
    // The first request is compressed on the fly, as before.
    let first = server.get_with(&path, &[("accept-encoding", "br")]).await;
    assert_eq!(first.headers["content-encoding"], "br");
    compressed(&server, WASM).await;

    let br = server
        .get_with(&path, &[("accept-encoding", "gzip, br")])
        .await;
    assert_eq!(br.headers["content-encoding"], "br");
    assert!(br.body.len() < wasm.len() / 2, "{} bytes", br.body.len());
    let mut plain = Vec::new();
    brotli::Decompressor::new(&br.body[..], 4096)
        .read_to_end(&mut plain)
        .expect("brotli decodes");
    assert_eq!(plain, wasm);

    let gzip = server
        .get_with(&path, &[("accept-encoding", "gzip;q=1, br;q=0.5")])
        .await;
    assert_eq!(gzip.headers["content-encoding"], "gzip");
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(&gzip.body[..])
        .read_to_end(&mut plain)
        .expect("gzip decodes");
    assert_eq!(plain, wasm);

    let identity = server
        .get_with(&path, &[("accept-encoding", "identity")])
        .await;
    assert!(!identity.headers.contains_key("content-encoding"));
    assert_eq!(identity.body, wasm);
}

#[tokio::test]
async fn other_files_are_served_as_before_and_missing_ones_are_app_routes() {
    let (server, _) = server_with_wasm().await;
    // Not fingerprinted: revalidated as usual, not cached for good.
    let js = server.get("/app.js").await;
    assert_eq!(js.status, 200);
    assert!(
        js.headers
            .get("cache-control")
            .is_none_or(|v| !v.to_str().unwrap_or("").contains("immutable"))
    );
    // A fingerprinted name that is not in dist/ is a client route: the app's page.
    let missing = server.get("/atlas-app-fedcba9876543210_bg.wasm").await;
    assert_eq!(missing.status, 200);
    assert!(String::from_utf8_lossy(&missing.body).contains("Corridor Atlas app"));
    assert_eq!(server.state.app_files.compressed(WASM), 0);
}
