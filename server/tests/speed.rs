//! What makes the items resource fast must not change what it answers: the
//! R-tree behind bbox queries, the cache of finished answers, and compression.

mod common;

use atlas_server::store::import_dir;
use axum::http::StatusCode;
use common::{Prng, TestServer, write_grid};
use serde_json::Value;
use std::io::Read;

/// The ids whose box meets `[w, s, e, n]`, by the OGC rule, checked one by one.
fn brute_force(boxes: &[(String, [f64; 4])], [w, s, e, n]: [f64; 4]) -> Vec<String> {
    let mut ids: Vec<String> = boxes
        .iter()
        .filter(|(_, [min_lon, min_lat, max_lon, max_lat])| {
            let lat_ok = *max_lat >= s && *min_lat <= n;
            let lon_ok = if w <= e {
                *max_lon >= w && *min_lon <= e
            } else {
                *max_lon >= w || *min_lon <= e
            };
            lat_ok && lon_ok
        })
        .map(|(id, _)| id.clone())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn bbox_queries_through_the_read_model_return_exactly_what_a_brute_force_check_returns() {
    let data = tempfile::tempdir().expect("temp dir");
    let boxes = write_grid(data.path(), 3000);
    let server = TestServer::with_data(data.path()).await;

    assert_eq!(
        server.get("/collections/grid").await.json()["numberOfFeatures"],
        3000
    );

    let mut random = Prng(42);
    let mut queries: Vec<[f64; 4]> = (0..40)
        .map(|_| {
            let w = random.between(-180.0, 170.0);
            let s = random.between(-85.0, 70.0);
            [
                w,
                s,
                (w + random.between(0.0, 40.0)).min(180.0),
                (s + random.between(0.0, 30.0)).min(90.0),
            ]
        })
        .collect();
    // Across the antimeridian, the whole world, a line's exact corner, and a box
    // between float32 steps (an R-tree may round boxes outwards; the answer must not).
    queries.extend([
        [170.0, -30.0, -170.0, 30.0],
        [100.0, -85.0, -100.0, 85.0],
        [-180.0, -90.0, 180.0, 90.0],
        boxes[0].1,
        [
            boxes[1].1[0] + 1e-9,
            boxes[1].1[1],
            boxes[1].1[0] + 2e-9,
            boxes[1].1[1],
        ],
    ]);
    for bbox @ [w, s, e, n] in queries {
        let answer = server
            .get(&format!(
                "/collections/grid/items?bbox={w},{s},{e},{n}&limit=10000"
            ))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        let expected = brute_force(&boxes, bbox);
        assert_eq!(
            answer.json()["numberMatched"],
            expected.len(),
            "bbox {bbox:?}"
        );
        assert_eq!(answer.feature_ids(), expected, "bbox {bbox:?}");
    }

    // Paging through a box keeps id order across pages.
    let bbox = [-60.0, -40.0, 60.0, 40.0];
    let expected = brute_force(&boxes, bbox);
    let page = server
        .get("/collections/grid/items?bbox=-60,-40,60,40&limit=100&offset=200")
        .await;
    assert_eq!(page.feature_ids(), expected[200..300].to_vec());
}

#[tokio::test]
async fn a_cached_page_keeps_its_etag_answers_304_and_is_dropped_by_an_import() {
    let data = tempfile::tempdir().expect("temp dir");
    common::copy_fixture("data", data.path());
    let server = TestServer::with_data(data.path()).await;
    let uri = "/collections/cities/items?limit=2";

    let first = server.get(uri).await;
    let second = server.get(uri).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(
        first.body, second.body,
        "the second answer comes from the cache"
    );
    let tag = first.header("etag").to_string();
    // Strong, from the collection's revisions.
    assert!(tag.starts_with("\"c"), "{tag}");
    assert_eq!(second.header("etag"), tag);
    assert_eq!(
        second.header("cache-control"),
        atlas_server::http::cache_policy::API_READ
    );
    assert!(second.header("content-crs").contains("CRS84"));
    assert_eq!(server.state.cache.size().0, 1);

    let revalidated = server.get_with(uri, &[("if-none-match", &tag)]).await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    assert!(revalidated.body.is_empty());
    assert_eq!(revalidated.header("etag"), tag);

    // Derived from the revisions, so an uncached page of the same collection
    // (a box) carries the same one.
    assert_eq!(
        server
            .get("/collections/cities/items?bbox=-180,-90,180,90")
            .await
            .header("etag"),
        tag
    );

    common::edit_file(
        &data.path().join("layers/cities.geojson"),
        "\"Baku\"",
        "\"Baky\"",
    );
    import_dir(&*server.store, data.path(), false)
        .await
        .expect("re-import");
    let after = server.get(uri).await;
    assert!(after.text().contains("Baky"), "{}", after.text());
    assert_ne!(after.header("etag"), tag);
    let stale = server.get_with(uri, &[("if-none-match", &tag)]).await;
    assert_eq!(stale.status, StatusCode::OK);
}

#[tokio::test]
async fn bbox_and_html_answers_are_not_cached_and_errors_never_are() {
    let server = TestServer::seeded().await;
    server
        .get("/collections/cities/items?bbox=40,35,60,45")
        .await;
    server.get("/collections/cities/items?f=html").await;
    let bad = server.get("/collections/cities/items?limit=0").await;
    bad.assert_bad_param("limit");
    assert_eq!(server.state.cache.size().0, 0);
    // A bbox answer still gets its ETag and 304 from the middleware.
    let boxed = server
        .get("/collections/cities/items?bbox=40,35,60,45")
        .await;
    let tag = boxed.header("etag").to_string();
    let again = server
        .get_with(
            "/collections/cities/items?bbox=40,35,60,45",
            &[("if-none-match", &tag)],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
}

fn decoded(encoding: &str, body: &[u8]) -> Value {
    let mut text = Vec::new();
    match encoding {
        "gzip" => flate2::read::GzDecoder::new(body)
            .read_to_end(&mut text)
            .expect("gunzip"),
        "br" => brotli::Decompressor::new(body, 4096)
            .read_to_end(&mut text)
            .expect("brotli decode"),
        other => panic!("unexpected encoding {other}"),
    };
    serde_json::from_slice(&text).expect("decoded body is JSON")
}

#[tokio::test]
async fn items_come_in_gzip_or_brotli_as_the_client_asks_from_the_cache_too() {
    let server = TestServer::seeded().await;
    let uri = "/collections/cities/items";
    let plain = server.get(uri).await.json();
    for encoding in ["gzip", "br"] {
        // Twice: the first answer fills the cache, the second comes from it.
        for _ in 0..2 {
            let answer = server.get_with(uri, &[("accept-encoding", encoding)]).await;
            assert_eq!(answer.status, StatusCode::OK);
            assert_eq!(answer.header("content-encoding"), encoding);
            assert_eq!(decoded(encoding, &answer.body), plain);
        }
    }
    // Brotli wins when both are acceptable and the client prefers it.
    let both = server
        .get_with(uri, &[("accept-encoding", "gzip;q=0.5, br")])
        .await;
    assert_eq!(both.header("content-encoding"), "br");
}
