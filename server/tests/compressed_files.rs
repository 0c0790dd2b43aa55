//! Files served whole, compressed once: the app's fingerprinted files (also
//! cached by browsers for good) and the basemap (also re-read when it changes).

mod common;

use common::TestServer;
use std::io::Read;
use std::path::Path;
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

/// Waits until both compressed copies of the file at `path` are ready.
async fn compressed_at(server: &TestServer, path: &Path) {
    // Files are compressed at the highest quality: slow on a busy machine.
    for _ in 0..3000 {
        if server.state.files.compressed(path) == 2 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{} was never compressed", path.display());
}

/// Waits until both compressed copies of the app file `name` are ready.
async fn compressed(server: &TestServer, name: &str) {
    compressed_at(server, &server.state.dist.join(name)).await;
}

fn unbrotli(body: &[u8]) -> Vec<u8> {
    let mut plain = Vec::new();
    brotli::Decompressor::new(body, 4096)
        .read_to_end(&mut plain)
        .expect("brotli decodes");
    plain
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
    assert_eq!(unbrotli(&br.body), wasm);

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
async fn files_compressed_at_build_time_are_sent_as_they_are() {
    let (server, wasm) = server_with_wasm().await;
    let dist = server.state.dist.clone();
    // Written after the plain file, as the app's build does.
    std::thread::sleep(Duration::from_millis(20));
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 24);
        std::io::Write::write_all(&mut writer, &wasm).expect("compresses");
    }
    std::fs::write(dist.join(format!("{WASM}.br")), &br).expect("br written");

    let path = format!("/{WASM}");
    // Ready at once, and byte for byte the file beside it.
    let first = server.get_with(&path, &[("accept-encoding", "br")]).await;
    assert_eq!(first.headers["content-encoding"], "br");
    assert_eq!(first.body, br);
    assert_eq!(unbrotli(&first.body), wasm);
    // The coding with no file beside it is compressed by the server, as before.
    compressed(&server, WASM).await;
    let gzip = server.get_with(&path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.headers["content-encoding"], "gzip");
}

#[tokio::test]
async fn a_compressed_file_older_than_its_plain_file_is_ignored() {
    let (server, wasm) = server_with_wasm().await;
    let dist = server.state.dist.clone();
    std::fs::write(dist.join(format!("{WASM}.br")), b"stale").expect("br written");
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(dist.join(WASM), &wasm).expect("wasm rewritten");
    server.get(&format!("/{WASM}")).await;
    compressed(&server, WASM).await;
    let br = server
        .get_with(&format!("/{WASM}"), &[("accept-encoding", "br")])
        .await;
    assert_eq!(unbrotli(&br.body), wasm);
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
    let other = server.state.dist.join("atlas-app-fedcba9876543210_bg.wasm");
    assert_eq!(server.state.files.compressed(&other), 0);
}

/// A seeded server whose data folder is a copy, so a test may edit its basemap.
async fn server_with_own_basemap() -> TestServer {
    let mut server = TestServer::seeded().await;
    let data = server.dir.path().join("data");
    std::fs::create_dir_all(data.join("basemap")).expect("basemap folder");
    for name in ["countries", "seas"] {
        let file = format!("basemap/{name}.geojson");
        std::fs::copy(common::fixture("data").join(&file), data.join(&file)).expect("copied");
    }
    server.state.data = data;
    server
}

#[tokio::test]
async fn the_basemap_is_compressed_once_under_one_tag_and_edits_show_at_once() {
    let server = server_with_own_basemap().await;
    let file = server.state.data.join("basemap/countries.geojson");
    let url = "/api/basemap/countries";
    let plain = server.get(url).await;
    assert_eq!(plain.status, 200);
    compressed_at(&server, &file).await;

    let br = server.get_with(url, &[("accept-encoding", "br")]).await;
    assert_eq!(br.headers["content-encoding"], "br");
    assert_eq!(unbrotli(&br.body), plain.body);
    // One tag for every coding, so a revalidation matches whichever was cached.
    assert_eq!(br.headers["etag"], plain.headers["etag"]);
    assert_eq!(br.headers["content-type"], "application/geo+json");
    let tag = plain.headers["etag"].to_str().expect("ascii tag");
    let again = server
        .get_with(url, &[("if-none-match", tag), ("accept-encoding", "br")])
        .await;
    assert_eq!(again.status, 304);

    // `npm run basemap` rewrites the file: the next request has the new layer.
    let edited = r#"{"type":"FeatureCollection","features":[]}"#;
    std::fs::write(&file, edited).expect("basemap rewritten");
    let fresh = server.get_with(url, &[("if-none-match", tag)]).await;
    assert_eq!(fresh.status, 200);
    assert_eq!(fresh.body, edited.as_bytes());
    assert_ne!(fresh.headers["etag"], plain.headers["etag"]);
}
