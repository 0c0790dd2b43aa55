//! Caching, compression, reports, the basemap and the app's static files.

mod common;

use axum::http::StatusCode;
use common::TestServer;

#[tokio::test]
async fn json_answers_carry_an_etag_and_ask_clients_to_revalidate() {
    let server = TestServer::seeded().await;
    let answer = server.get("/collections").await;
    let etag = answer.header("etag");
    assert!(
        etag.starts_with("W/\"") && etag.ends_with('"') && etag.len() == 20,
        "{etag}"
    );
    assert_eq!(answer.header("cache-control"), "no-cache");
}

#[tokio::test]
async fn if_none_match_with_the_etag_answers_304_without_a_body() {
    let server = TestServer::seeded().await;
    let first = server.get("/collections/cities/items/baku").await;
    let etag = first.header("etag").to_string();
    let second = server
        .get_with(
            "/collections/cities/items/baku",
            &[("if-none-match", &etag)],
        )
        .await;
    assert_eq!(second.status, StatusCode::NOT_MODIFIED);
    assert!(second.body.is_empty());
    assert_eq!(second.header("etag"), etag);
}

#[tokio::test]
async fn a_stale_etag_gets_the_full_answer() {
    let server = TestServer::seeded().await;
    let answer = server
        .get_with("/collections", &[("if-none-match", "\"0000000000000000\"")])
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(!answer.body.is_empty());
}

#[tokio::test]
async fn answers_are_gzipped_when_the_client_accepts_gzip() {
    let server = TestServer::seeded().await;
    let answer = server
        .get_with("/collections/cities/items", &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-encoding"), "gzip");
    // The gzip magic number.
    assert_eq!(answer.body.get(..2), Some(&[0x1f, 0x8b][..]));
}

#[tokio::test]
async fn the_report_list_has_each_report_with_its_passage_count() {
    let server = TestServer::seeded().await;
    let answer = server.get("/api/reports").await;
    assert_eq!(answer.status, StatusCode::OK);
    let list = answer.json();
    let reports = list["reports"].as_array().expect("reports");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["id"], "sample-report");
    assert_eq!(reports[0]["title"], "A Sample Report on the Corridor");
    assert_eq!(reports[0]["passage_count"], 3);
}

#[tokio::test]
async fn a_report_lists_its_passages_with_the_features_citing_each_by_name() {
    let server = TestServer::seeded().await;
    let answer = server.get("/api/reports/sample-report").await;
    assert_eq!(answer.status, StatusCode::OK);
    let report = answer.json();
    assert_eq!(report["author"], "Test Author");
    let passages = report["passages"].as_array().expect("passages");
    let ids: Vec<&str> = passages.iter().filter_map(|p| p["id"].as_str()).collect();
    assert_eq!(ids, ["summary-1", "background-4", "background-5"]);
    assert_eq!(passages[0]["section"], "Executive Summary");
    assert_eq!(
        passages[0]["features"],
        serde_json::json!([
            {"id": "baku", "name": "Baku", "kind": "capital", "collection": "cities"},
            {"id": "beijing", "name": "Beijing", "kind": "capital", "collection": "cities"},
        ])
    );
    assert_eq!(passages[1]["kind"], "list_item");
    assert_eq!(
        passages[1]["features"][0]["id"],
        "baku-tbilisi-kars-railway"
    );
    assert_eq!(passages[2]["features"], serde_json::json!([]));
}

#[tokio::test]
async fn an_unknown_report_is_a_404_problem() {
    let server = TestServer::seeded().await;
    server
        .get("/api/reports/no-such-report")
        .await
        .problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_basemap_layers_are_served_as_geojson_with_an_etag() {
    let server = TestServer::seeded().await;
    for name in ["countries", "seas"] {
        let answer = server.get(&format!("/api/basemap/{name}")).await;
        assert_eq!(answer.status, StatusCode::OK, "{name}");
        assert_eq!(answer.header("content-type"), "application/geo+json");
        assert!(!answer.header("etag").is_empty());
        assert_eq!(answer.json()["type"], "FeatureCollection");
    }
}

#[tokio::test]
async fn only_the_named_basemap_layers_are_served() {
    let server = TestServer::seeded().await;
    server
        .get("/api/basemap/README")
        .await
        .problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deep_links_get_the_apps_index_while_the_api_still_answers_json() {
    let server = TestServer::seeded().await;
    let page = server.get("/some/deep/link").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(page.text().contains("Corridor Atlas app"));
    let api = server.get("/collections").await;
    assert_eq!(api.header("content-type"), "application/json");
}

#[tokio::test]
async fn the_apps_page_preloads_the_first_page_of_every_layer() {
    let server = TestServer::seeded().await;
    let collections = server.get("/collections").await.json();
    let ids: Vec<&str> = collections["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(!ids.is_empty());
    for uri in ["/", "/some/deep/link"] {
        let page = server.get_with(uri, &[("accept", "text/html")]).await;
        let html = page.text();
        for id in &ids {
            let link = format!(
                "<link rel=\"preload\" href=\"/collections/{id}/items?limit=10000\" as=\"fetch\" crossorigin=\"anonymous\">"
            );
            assert!(html.contains(&link), "{uri} lacks {link}: {html}");
        }
        assert!(html.find("preload") < html.find("</head>"), "{html}");
    }
}

#[tokio::test]
async fn a_layer_loaded_by_viewport_is_neither_preloaded_nor_kept_for_offline_whole() {
    let data = tempfile::tempdir().expect("temp dir");
    common::write_grid(data.path(), 5_001);
    let server = TestServer::with_data(data.path()).await;
    let html = server.get_with("/", &[("accept", "text/html")]).await.text();
    assert!(!html.contains("/collections/grid/items"), "{html}");
    let worker = server.get("/sw.js").await.text();
    assert!(!worker.contains("/collections/grid/items"), "{worker}");
}

#[tokio::test]
async fn the_apps_own_files_are_served_as_they_are() {
    let server = TestServer::seeded().await;
    let answer = server.get("/app.js").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.text(), "console.log('atlas')");
}

#[tokio::test]
async fn without_a_built_app_pages_answer_503_saying_how_to_build_it() {
    let server = TestServer::seeded().await;
    std::fs::remove_file(server.state.dist.join("index.html")).expect("remove index.html");
    let problem = server
        .get("/some/deep/link")
        .await
        .problem(StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("make run")),
        "{problem}"
    );
}

#[tokio::test]
async fn a_wrong_method_on_an_api_route_is_a_405_problem() {
    let server = TestServer::seeded().await;
    let request = axum::http::Request::post("/collections")
        .body(axum::body::Body::empty())
        .expect("request builds");
    let response = tower::ServiceExt::oneshot(server.router(), request)
        .await
        .expect("router answers");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        response.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/problem+json"[..])
    );
}

#[tokio::test]
async fn the_app_config_offers_no_tiles_unless_the_operator_set_them() {
    let server = TestServer::seeded().await;
    let answer = server.get("/api/config").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["tiles"], serde_json::Value::Null);
}

#[tokio::test]
async fn a_feature_has_a_strong_tag_from_its_revision_that_names_the_coding() {
    let server = TestServer::seeded().await;
    let uri = "/collections/cities/items/baku";
    let plain = server.get(uri).await;
    assert_eq!(plain.header("etag"), "\"r0000000000000001\"");
    let gzip = server.get_with(uri, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.header("content-encoding"), "gzip");
    assert_eq!(gzip.header("etag"), "\"r0000000000000001-gzip\"");
    // Revalidating either representation gets a 304 naming the one the client holds.
    for tag in ["\"r0000000000000001-gzip\"", "\"r0000000000000001\""] {
        let again = server
            .get_with(uri, &[("if-none-match", tag), ("accept-encoding", "gzip")])
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{tag}");
        assert_eq!(again.header("etag"), tag);
    }
    let other = server
        .get_with(uri, &[("if-none-match", "\"r0000000000000002\"")])
        .await;
    assert_eq!(other.status, StatusCode::OK);
}
