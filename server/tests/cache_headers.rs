//! `Cache-Control` and validators per kind of answer, so a CDN in front can
//! carry the reads (`http::cache_policy`): API reads shared for a minute and
//! served stale while revalidated, the app's fingerprinted files for good, the
//! page revalidated, anything signed-in private, writes and errors never kept.

mod common;

use atlas_server::http::cache_policy::{API_READ, SIGNED_IN};
use axum::http::{Method, StatusCode};
use common::editing::{HOST, OWN_ORIGIN, editing_server, get_signed_in, write};
use common::{Answer, TestServer};

const BR: (&str, &str) = ("accept-encoding", "br, gzip");

fn vary(answer: &Answer) -> String {
    answer
        .headers
        .get_all("vary")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(", ")
        .to_lowercase()
}

/// Asserts `answer` is a 200 with an ETag and `cache_control`, and that its
/// revalidation is a 304 with the same `Cache-Control`.
async fn assert_cached_as(
    server: &TestServer,
    uri: &str,
    extra: &[(&str, &str)],
    cache_control: &str,
) {
    let answer = server.get_with(uri, extra).await;
    assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
    assert_eq!(answer.header("cache-control"), cache_control, "{uri}");
    let tag = answer.header("etag").to_string();
    assert!(!tag.is_empty(), "{uri} has a validator");
    let mut again = extra.to_vec();
    again.push(("if-none-match", &tag));
    let revalidated = server.get_with(uri, &again).await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED, "{uri}");
    assert_eq!(
        revalidated.header("cache-control"),
        cache_control,
        "{uri} 304"
    );
    assert!(
        vary(&revalidated).contains("accept-encoding"),
        "{uri} 304: {}",
        vary(&revalidated)
    );
}

#[tokio::test]
async fn api_reads_are_shared_for_a_minute_and_served_stale_while_revalidated() {
    let server = TestServer::seeded().await;
    assert!(API_READ.contains("s-maxage=") && API_READ.contains("stale-while-revalidate="));
    for uri in [
        "/?f=json",
        "/conformance",
        "/collections",
        "/collections/cities",
        "/collections/cities/items",
        "/collections/cities/items?limit=2",
        "/collections/cities/items/baku",
        "/collections/cities/items?f=csv",
        "/collections?f=html",
        "/api/reports",
        "/api/reports/sample-report",
        "/api/stories",
        "/api/stories/sample-story",
        "/api/search?q=baku",
        "/api/config",
        "/api/basemap/seas",
        "/api",
    ] {
        assert_cached_as(&server, uri, &[BR], API_READ).await;
    }
}

/// The headers a 304 repeats from its 200, each name's values sorted: what
/// a cache updates its stored answer with (RFC 9110, 15.4.5) and the CRS.
fn repeated(answer: &Answer) -> Vec<(&'static str, Vec<String>)> {
    ["vary", "content-crs", "etag", "cache-control"]
        .into_iter()
        .map(|name| {
            let mut values: Vec<String> = answer
                .headers
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(|v| v.trim().to_lowercase())
                .collect();
            values.sort();
            (name, values)
        })
        .collect()
}

/// Asserts that `uri`'s 200 and its 304 say the same [`repeated`] headers, sent with `extra`.
async fn assert_304_repeats_200(server: &TestServer, uri: &str, extra: &[(&str, &str)]) {
    let whole = server.get_with(uri, extra).await;
    assert_eq!(whole.status, StatusCode::OK, "{uri}: {}", whole.text());
    let tag = whole.header("etag").to_string();
    let mut again = extra.to_vec();
    again.push(("if-none-match", &tag));
    let revalidated = server.get_with(uri, &again).await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED, "{uri}");
    let said = repeated(&whole);
    assert_eq!(repeated(&revalidated), said, "{uri} {extra:?}");
    assert!(
        said.iter().all(|(_, values)| !values.is_empty()),
        "{uri} {extra:?}: {said:?}"
    );
}

#[tokio::test]
async fn a_304_repeats_the_vary_crs_tag_and_cache_control_of_its_200() {
    let server = TestServer::seeded().await;
    let page = "/collections/cities/items";
    let feature = "/collections/cities/items/baku";
    // The first answer of the page comes through the routes and is kept; the
    // next ones, 200 and 304, come from the answer cache before routing.
    for _ in 0..2 {
        assert_304_repeats_200(&server, page, &[]).await;
    }
    assert_eq!(server.state.cache.size().0, 1, "the page is kept");
    let vary = repeated(&server.get(page).await)[0].1.clone();
    assert!(vary.contains(&"accept".to_string()), "{vary:?}");
    // Compressed: by the compression layer until the cache's own gzip body is ready, then from it.
    assert_304_repeats_200(&server, page, &[("accept-encoding", "gzip")]).await;
    for _ in 0..100 {
        if server.state.cache.compressed(page) == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        server.state.cache.compressed(page),
        2,
        "compressed in the background"
    );
    assert_304_repeats_200(&server, page, &[("accept-encoding", "gzip")]).await;
    // A single feature is never kept: its 304 comes from the ETag middleware.
    assert_304_repeats_200(&server, feature, &[]).await;
    assert_304_repeats_200(&server, feature, &[("accept-encoding", "br")]).await;
}

#[tokio::test]
async fn a_page_answered_from_the_answer_cache_says_the_same() {
    let server = TestServer::seeded().await;
    let first = server.get_with("/collections/rail/items", &[BR]).await;
    // The second comes from the answer cache, before routing.
    let second = server.get_with("/collections/rail/items", &[BR]).await;
    for answer in [&first, &second] {
        assert_eq!(answer.header("cache-control"), API_READ);
        assert!(vary(answer).contains("accept-encoding"), "{}", vary(answer));
    }
    assert_eq!(first.header("etag"), second.header("etag"));
}

#[tokio::test]
async fn fingerprinted_files_are_immutable_and_the_page_and_worker_revalidated() {
    let server = TestServer::seeded().await;
    let name = "atlas-app-0123456789abcdef.js";
    std::fs::write(server.state.dist.join(name), "console.log('app')").expect("app file");
    std::fs::write(
        server.state.dist.join("sw.js"),
        "const BUILD = 'dev';\nconst PRECACHE = [];\n",
    )
    .expect("sw.js");
    let file = server.get_with(&format!("/{name}"), &[BR]).await;
    assert_eq!(
        file.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(!file.header("etag").is_empty());
    assert!(vary(&file).contains("accept-encoding"));
    let html = ("accept", "text/html");
    for uri in ["/", "/index.html", "/story/sample-story/2", "/sw.js"] {
        assert_cached_as(&server, uri, &[html, BR], "no-cache").await;
    }
}

#[tokio::test]
async fn what_a_signed_in_reader_gets_is_private_and_sessions_are_never_kept() {
    let (server, cookie) = editing_server().await;
    for uri in [
        "/collections/cities/items",
        "/api/reports",
        "/collections/cities/items/baku",
    ] {
        // Twice: the second would come from the answer cache if it served signed-in readers.
        for _ in 0..2 {
            let answer = get_signed_in(&server, uri, &cookie).await;
            assert_eq!(answer.status, StatusCode::OK, "{uri}");
            assert_eq!(answer.header("cache-control"), SIGNED_IN, "{uri}");
        }
    }
    let me = get_signed_in(&server, "/api/me", &cookie).await;
    assert_eq!(me.header("cache-control"), "no-store");
    assert_eq!(
        server.get("/api/me").await.header("cache-control"),
        "no-store"
    );
}

#[tokio::test]
async fn writes_and_errors_are_never_kept() {
    let (server, cookie) = editing_server().await;
    let tag = server
        .get("/collections/cities/items/baku")
        .await
        .header("etag")
        .to_string();
    let patched = write(
        &server,
        Method::PATCH,
        "/collections/cities/items/baku",
        Some(&cookie),
        &[
            ("if-match", &tag),
            ("content-type", "application/merge-patch+json"),
        ],
        serde_json::json!({"properties": {"name": "Baku"}}).to_string(),
    )
    .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text());
    assert_eq!(patched.header("cache-control"), "no-store");
    let session = server
        .send(
            Method::POST,
            "/api/session",
            &[("host", HOST), ("origin", OWN_ORIGIN)],
        )
        .await;
    assert_eq!(session.header("cache-control"), "no-store");
    for uri in [
        "/collections/nowhere/items",
        "/collections/cities/items?limit=0",
        "/api/reports/nothing",
    ] {
        let answer = server.get(uri).await;
        assert!(answer.status.is_client_error(), "{uri}");
        assert_eq!(answer.header("cache-control"), "no-store", "{uri}");
    }
}
