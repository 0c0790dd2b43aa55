//! The map before the wasm: the app's page carries the first view of the map,
//! drawn on the server, with every feature of that view and, for a
//! `?feature={id}` link, the feature's text; drawn again after the data changes.
//! The page most visits ask for is kept and sent compressed at the highest quality.

mod common;

use atlas_map_engine::viewport::Frame;
use axum::http::StatusCode;
use common::TestServer;

const BROWSER: [(&str, &str); 1] = [("accept", "text/html,application/xhtml+xml")];

/// The page as a browser gets it, checked to be the app's page.
async fn page(server: &TestServer, uri: &str) -> String {
    let answer = server.get_with(uri, &BROWSER).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let text = answer.text();
    assert!(text.contains("Corridor Atlas app"), "{text}");
    text
}

/// The server-drawn `<svg>` of a page.
fn first_map_svg(page: &str) -> &str {
    let start = page
        .find("<svg class=\"first-map-svg")
        .unwrap_or_else(|| panic!("no first map in {page}"));
    let end = page[start..].find("</svg>").expect("the svg ends") + start;
    &page[start..end]
}

/// Every feature of every layer, as (id, name), from the API.
async fn every_feature(server: &TestServer) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for id in ["cities", "rail"] {
        let items = server.get(&format!("/collections/{id}/items")).await.json();
        for f in items["features"].as_array().expect("features") {
            all.push((
                f["id"].as_str().expect("id").to_string(),
                f["properties"]["name"].as_str().expect("name").to_string(),
            ));
        }
    }
    all
}

#[tokio::test]
async fn the_page_carries_the_map_with_every_feature_of_the_first_view() {
    let server = TestServer::seeded().await;
    let html = page(&server, "/").await;
    // The drawing comes before the app mounts, at the start of the body.
    assert!(html.find("<body>").expect("body") < html.find("id=\"first-map\"").expect("block"));
    let svg = first_map_svg(&html);
    assert!(svg.contains("viewBox=\"0 0 1280 800\""), "{svg}");
    assert!(svg.contains("<path class=\"country\" d=\"M"), "{svg}");
    assert!(svg.contains("<title>Azerbaijan</title>"), "{svg}");
    // The frame the countries are drawn in, for the app's map that shows them until its own load.
    let frame = svg
        .split("data-frame=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the drawing names its frame");
    let frame = Frame::parse(frame).expect("a frame the app reads");
    assert!((1.0..8.0).contains(&frame.zoom), "{frame:?}");
    let features = every_feature(&server).await;
    assert_eq!(features.len(), 5);
    for (id, name) in &features {
        assert!(
            svg.contains(&format!("data-feature-id=\"{id}\"")),
            "{id} in {svg}"
        );
        assert!(
            svg.contains(&format!("<title>{name}</title>")),
            "{name} in {svg}"
        );
    }
    // A line is path data in the view; a site is placed by the app's own CSS.
    assert!(svg.contains("<path class=\"line\" d=\"M"), "{svg}");
    assert!(svg.contains("--wx:"), "{svg}");
    assert!(!svg.contains(" selected\""), "{svg}");
    assert!(!html.contains("first-map-feature"), "nothing selected");
}

#[tokio::test]
async fn a_feature_link_shows_the_feature_and_its_text() {
    let server = TestServer::seeded().await;
    let html = page(&server, "/?feature=baku").await;
    let svg = first_map_svg(&html);
    assert!(
        svg.contains("status-operating selected\" data-feature-id=\"baku\""),
        "{svg}"
    );
    let start = html
        .find("<article class=\"first-map-feature\"")
        .expect("the text");
    let text = &html[start..html[start..].find("</article>").expect("end") + start];
    for expected in [
        "<h2 id=\"first-map-feature-name\">Baku</h2>",
        "Capital · Operating",
        // The passage verbatim, with its attribution.
        "Baku and Beijing upgraded their partnership.",
        "Test Author, Test Publisher, <cite>A Sample Report on the Corridor</cite>",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    // The app's routes answer with the same page.
    let routed = page(&server, "/some/app/route?feature=baku").await;
    assert!(
        routed.contains("first-map-feature-name\">Baku<"),
        "{routed}"
    );
}

#[tokio::test]
async fn unknown_or_malformed_selections_select_nothing() {
    let server = TestServer::seeded().await;
    for uri in [
        "/?feature=atlantis",
        "/?feature=%3Cscript%3E",
        "/?feature=BAKU",
    ] {
        let html = page(&server, uri).await;
        assert!(!html.contains("first-map-feature"), "{uri}");
        assert!(!first_map_svg(&html).contains(" selected\""), "{uri}");
    }
}

#[tokio::test]
async fn an_embedded_page_has_the_map_without_the_page_header() {
    let server = TestServer::seeded().await;
    let whole = page(&server, "/").await;
    assert!(whole.contains("<header class=\"topbar\">"));
    for uri in ["/?embed=1", "/?feature=baku&embed=1"] {
        let embedded = page(&server, uri).await;
        assert!(!embedded.contains("<header"), "{uri}");
        assert!(
            first_map_svg(&embedded).contains("data-feature-id"),
            "{uri}"
        );
    }
}

/// Waits until the kept page's brotli and gzip are ready.
async fn page_compressed(server: &TestServer) {
    // Compressed at the highest quality: slow on a busy machine.
    for _ in 0..3000 {
        if server.state.app_page.compressed() == 2 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the page was never compressed");
}

fn unbrotli(body: &[u8]) -> String {
    let mut plain = String::new();
    std::io::Read::read_to_string(&mut brotli::Decompressor::new(body, 4096), &mut plain)
        .expect("brotli decodes to text");
    plain
}

#[tokio::test]
async fn the_plain_page_is_kept_and_sent_compressed_at_the_highest_quality() {
    let server = TestServer::seeded().await;
    let br = [("accept", "text/html"), ("accept-encoding", "br")];
    // The first request is compressed by the compression layer, as before.
    let first = server.get_with("/", &br).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.headers["content-encoding"], "br");
    page_compressed(&server).await;

    let plain = page(&server, "/").await;
    let kept = server.get_with("/", &br).await;
    assert_eq!(kept.headers["content-encoding"], "br");
    assert_eq!(kept.headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(kept.headers["cache-control"], "no-cache");
    assert_eq!(kept.headers["vary"], "accept-encoding");
    assert!(kept.headers.contains_key("content-security-policy"));
    assert_eq!(unbrotli(&kept.body), plain);
    assert!(
        kept.body.len() <= first.body.len(),
        "{} > {}",
        kept.body.len(),
        first.body.len()
    );
    // One tag for the page whatever its coding, so a revalidation is a 304
    // that still carries the page's policy.
    assert_eq!(kept.headers["etag"], first.headers["etag"]);
    let tag = kept.headers["etag"].to_str().expect("a tag").to_string();
    let again = server
        .get_with("/", &[br[0], br[1], ("if-none-match", tag.as_str())])
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.headers.contains_key("content-security-policy"));

    // A selected or embedded page is written for its own request.
    assert!(
        page(&server, "/?feature=baku")
            .await
            .contains("first-map-feature")
    );
    assert!(!page(&server, "/?embed=1").await.contains("<header"));
}

#[tokio::test]
async fn the_page_follows_the_data_and_the_build() {
    let data = tempfile::tempdir().expect("temp dir");
    common::copy_fixture("data", data.path());
    let server = TestServer::with_data(data.path()).await;
    std::fs::create_dir_all(&server.state.dist).expect("dist");
    let index = server.state.dist.join("index.html");
    std::fs::write(
        &index,
        "<!doctype html><html><head><title>Corridor Atlas app</title></head><body></body></html>",
    )
    .expect("index.html");
    assert!(page(&server, "/").await.contains("<title>Baku</title>"));

    common::edit_file(
        &data.path().join("layers/cities.geojson"),
        "\"Baku\"",
        "\"Baky\"",
    );
    server.import(data.path()).await;
    assert!(page(&server, "/").await.contains("<title>Baky</title>"));

    std::fs::write(
        &index,
        "<!doctype html><html><head><title>Corridor Atlas app, rebuilt</title></head><body></body></html>",
    )
    .expect("index.html");
    let html = page(&server, "/").await;
    assert!(html.contains("rebuilt"), "{html}");
    assert!(html.contains("<title>Baky</title>"), "{html}");
}
