//! The fast paths of the items resource answer what the slow ones did: pages
//! joined from documents stored at import, revalidations answered before
//! routing, and an import written in multi-row statements.

mod common;

use atlas_server::store::import_dir;
use axum::http::StatusCode;
use common::{TestServer, write_grid};

#[tokio::test]
async fn a_304_from_the_cache_carries_the_same_headers_as_one_from_the_middleware() {
    let server = TestServer::seeded().await;
    // A whole page is cached, so its revalidation is answered before routing;
    // a box is never cached, so its revalidation runs through every layer.
    let cached = "/collections/cities/items";
    let boxed = "/collections/cities/items?bbox=40,35,60,45";
    let mut answers = Vec::new();
    for uri in [cached, boxed] {
        let first = server.get(uri).await;
        let tag = first.header("etag").to_string();
        let revalidated = server.get_with(uri, &[("if-none-match", &tag)]).await;
        assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert_eq!(revalidated.header("etag"), tag, "{uri}");
        assert!(revalidated.body.is_empty(), "{uri}");
        answers.push(revalidated.headers);
    }
    assert_eq!(
        server.state.cache.size().0,
        1,
        "only the whole page is cached"
    );
    // axum sizes a routed answer, hyper drops that from a 304 on the wire.
    let without_tag =
        |headers: &axum::http::HeaderMap| header_pairs(headers, &["etag", "content-length"]);
    let early = without_tag(&answers[0]);
    assert_eq!(early, without_tag(&answers[1]));
    let names: Vec<&str> = early.iter().map(|(name, _)| name.as_str()).collect();
    for required in [
        "cache-control",
        "vary",
        "access-control-allow-origin",
        "access-control-expose-headers",
        "x-content-type-options",
        "referrer-policy",
        "content-security-policy",
    ] {
        assert!(names.contains(&required), "{required} in {names:?}");
    }
    // A tag the cache does not hold falls through to a full answer.
    let stale = server
        .get_with(cached, &[("if-none-match", "W/\"0000000000000000\"")])
        .await;
    assert_eq!(stale.status, StatusCode::OK);
    // Neither does a conditional request with another method.
    let tag = answers[0]
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let options = server
        .send(
            axum::http::Method::OPTIONS,
            cached,
            &[
                ("if-none-match", tag.as_str()),
                ("origin", "https://elsewhere.example"),
                ("access-control-request-method", "GET"),
            ],
        )
        .await;
    assert_eq!(options.status, StatusCode::OK);
}

#[tokio::test]
async fn a_square_of_the_tile_grid_is_kept_like_a_whole_page_and_any_other_box_is_not() {
    use atlas_map_engine::tile_grid::Tile;
    let server = TestServer::seeded().await;
    // The square the app asks for the corridor's opening view, as it writes it.
    let square = format!(
        "/collections/cities/items?bbox={}&limit=1000",
        Tile { z: 2, x: 2, y: 1 }.bbox_param()
    );
    let other = "/collections/cities/items?bbox=0,0,90,66.5&limit=1000";
    for uri in [square.as_str(), other] {
        let answer = server.get(uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        let page: serde_json::Value = serde_json::from_slice(&answer.body).expect("JSON");
        assert!(
            page["numberReturned"].as_u64() > Some(0),
            "{uri}: cities lie there"
        );
    }
    assert_eq!(server.state.cache.size().0, 1, "only the square is kept");
    // Kept, it is answered from the cache: the same bytes again.
    let first = server.get(&square).await;
    let again = server.get(&square).await;
    assert_eq!(again.header("etag"), first.header("etag"));
    let tag = first.header("etag").to_string();
    let revalidated = server.get_with(&square, &[("if-none-match", &tag)]).await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn a_feature_in_a_page_and_alone_is_the_same_document() {
    let data = tempfile::tempdir().expect("temp dir");
    write_grid(data.path(), 600);
    let server = TestServer::with_data(data.path()).await;
    for uri in [
        "/collections/grid/items?limit=10000",
        "/collections/grid/items?bbox=-60,-40,60,40&limit=50&offset=20",
    ] {
        let page = server.get(uri).await.json();
        let features = page["features"].as_array().expect("a features array");
        assert!(!features.is_empty(), "{uri}");
        assert_eq!(page["numberReturned"], features.len(), "{uri}");
        for served in features {
            let id = served["id"].as_str().expect("an id");
            // The one serializer: the feature alone is the same document, with its links.
            let mut alone = server
                .get(&format!("/collections/grid/items/{id}"))
                .await
                .json();
            let links = alone
                .as_object_mut()
                .and_then(|f| f.remove("links"))
                .expect("the feature alone has links");
            assert_eq!(links[0]["rel"], "self");
            assert_eq!(*served, alone, "{id}");
        }
        let members: Vec<&str> = page
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        for member in [
            "type",
            "features",
            "numberMatched",
            "numberReturned",
            "timeStamp",
            "links",
        ] {
            assert!(members.contains(&member), "{member} in {uri}");
        }
    }
}

#[tokio::test]
async fn a_big_import_fills_every_table_and_importing_it_again_changes_nothing() {
    let data = tempfile::tempdir().expect("temp dir");
    // Several multi-row statements and a partial last one.
    let count = 3 * atlas_server::store::sqlite::batch::ROWS_PER_STATEMENT + 17;
    write_grid(data.path(), count);
    let server = TestServer::with_data(data.path()).await;
    let counts = |sql: &'static str| {
        let db = server.db().clone();
        async move { db.scalar::<i64>(sql).await.expect("count") }
    };
    // FTS5's table is SQLite's; PostgreSQL keeps the words in `features`.
    let search_entries = if server.db().is_sqlite() {
        "SELECT COUNT(*) FROM features_fts"
    } else {
        "SELECT COUNT(*) FROM features WHERE search IS NOT NULL"
    };
    let tables = [
        "SELECT COUNT(*) FROM features",
        search_entries,
        "SELECT COUNT(*) FROM feature_history",
        "SELECT COUNT(*) FROM features WHERE document IS NOT NULL",
    ];
    for sql in tables {
        assert_eq!(counts(sql).await, count as i64, "{sql}");
    }
    let before = server.get("/collections/grid/items?limit=10000").await;

    let again = import_dir(&*server.store, data.path(), false)
        .await
        .expect("re-import");
    assert_eq!(again.features, count);
    assert_eq!((again.created, again.updated, again.deleted), (0, 0, 0));
    for sql in tables {
        assert_eq!(counts(sql).await, count as i64, "{sql} after re-import");
    }
    let after = server.get("/collections/grid/items?limit=10000").await;
    assert_eq!(after.feature_ids(), before.feature_ids());
    assert_eq!(after.json()["features"], before.json()["features"]);
}

#[tokio::test]
async fn a_page_from_the_cache_carries_the_same_headers_and_body_as_the_first_answer() {
    let server = TestServer::seeded().await;
    let uri = "/collections/cities/items?limit=3";
    // The first answer runs through every layer and fills the cache; the
    // second is answered from the cache before routing.
    let first = server.get(uri).await;
    assert_eq!(server.state.cache.size().0, 1);
    let second = server.get(uri).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.body, first.body);
    assert_eq!(
        headers_but_length(&second.headers),
        headers_but_length(&first.headers)
    );
    // A client that accepts gzip still gets it (from the compression layer, or
    // from the cache once it has compressed the page).
    let gzip = server.get_with(uri, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.header("content-encoding"), "gzip");
    // Another representation of the same revisions: the strong tag names its coding.
    assert_eq!(
        gzip.header("etag"),
        format!("{}-gzip\"", first.header("etag").trim_end_matches('"'))
    );
}

#[tokio::test]
async fn a_cached_page_is_compressed_once_and_served_with_the_headers_of_the_compression_layer() {
    use std::io::Read;
    let server = TestServer::seeded().await;
    let uri = "/collections/cities/items?limit=3";
    // Compressed by the compression layer on the way out; kept, and compressed
    // once more in the background for the requests to come.
    let on_the_fly = server.get_with(uri, &[("accept-encoding", "br")]).await;
    assert_eq!(on_the_fly.header("content-encoding"), "br");
    // Other tests' answers may be compressing (one at a time): each request
    // that wants a coding not ready yet asks for it again.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while server.state.cache.compressed(uri) < 2 {
        assert!(std::time::Instant::now() < deadline, "never compressed");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        server.get_with(uri, &[("accept-encoding", "br")]).await;
    }
    let plain = server.get(uri).await.body;
    let stored = server
        .get_with(uri, &[("accept-encoding", "gzip, deflate, br")])
        .await;
    assert_eq!(stored.status, StatusCode::OK);
    assert_eq!(
        headers_but_length(&stored.headers),
        headers_but_length(&on_the_fly.headers)
    );
    // The stored body, not the compression layer's (which compresses at another quality).
    let once = atlas_server::caching::content_coding::Coding::Brotli
        .compress(
            &plain,
            atlas_server::caching::content_coding::Effort::Answer,
        )
        .expect("compresses");
    assert_eq!(stored.body, once.to_vec());
    let mut decoded = Vec::new();
    brotli::Decompressor::new(&stored.body[..], 4096)
        .read_to_end(&mut decoded)
        .expect("brotli decodes");
    assert_eq!(decoded, plain);
    let gzip = server.get_with(uri, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.header("content-encoding"), "gzip");
    decoded.clear();
    flate2::read::GzDecoder::new(&gzip.body[..])
        .read_to_end(&mut decoded)
        .expect("gzip decodes");
    assert_eq!(decoded, plain);
    // Neither coding acceptable: the plain body, as the compression layer would send.
    let identity = server
        .get_with(uri, &[("accept-encoding", "identity")])
        .await;
    assert_eq!(identity.header("content-encoding"), "");
    assert_eq!(identity.body, plain);
}

#[tokio::test]
async fn a_report_is_answered_from_the_cache_with_the_headers_of_the_first_answer() {
    let server = TestServer::seeded().await;
    let uri = "/api/reports/sample-report";
    let first = server.get(uri).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(server.state.cache.size().0, 1);
    let second = server.get(uri).await;
    assert_eq!(second.body, first.body);
    let names = |headers: &axum::http::HeaderMap| {
        let mut names: Vec<String> = headers
            .keys()
            .filter(|name| *name != "content-length")
            .map(|name| name.to_string())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(&second.headers), names(&first.headers));
    assert_eq!(second.header("etag"), first.header("etag"));
    let revalidated = server
        .get_with(uri, &[("if-none-match", first.header("etag"))])
        .await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    // An unknown report is a 404 and is never kept.
    assert_eq!(
        server.get("/api/reports/no-such-report").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(server.state.cache.size().0, 1);
}

/// An answer's headers, sorted, but for its length: axum sizes a routed
/// answer, hyper sizes every answer on the wire, the compression layer streams.
fn headers_but_length(headers: &axum::http::HeaderMap) -> Vec<(String, String)> {
    header_pairs(headers, &["content-length"])
}

/// The headers but those named in `skip`, as sorted name and value pairs;
/// `Vary` as one line or several is the same field, so one pair per member.
fn header_pairs(headers: &axum::http::HeaderMap, skip: &[&str]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = headers
        .iter()
        .filter(|(name, _)| !skip.contains(&name.as_str()))
        .flat_map(|(name, value)| {
            let value = value.to_str().unwrap_or("");
            let values: Vec<&str> = if name == "vary" {
                value.split(',').map(str::trim).collect()
            } else {
                vec![value]
            };
            values
                .into_iter()
                .map(|value| (name.to_string(), value.to_string()))
        })
        .collect();
    pairs.sort();
    pairs
}
