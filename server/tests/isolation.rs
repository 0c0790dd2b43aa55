//! Servers share nothing but their code: each has its own store, change
//! events, read model and caches, so several can run in one process.

mod common;

use common::TestServer;

const CITIES: &str = "/collections/cities/items?limit=3";
const RAIL: &str = "/collections/rail/items";
const REPORT: &str = "/api/reports/sample-report";

/// Fills the answer cache of `server` with a cities page, the rail layer and the report.
async fn warm(server: &TestServer) {
    for uri in [CITIES, RAIL, REPORT] {
        assert_eq!(server.get(uri).await.status, 200, "{uri}");
    }
    assert_eq!(server.state.cache.size().0, 3);
}

#[tokio::test]
async fn an_import_into_one_server_leaves_another_in_the_same_process_alone() {
    let data = tempfile::tempdir().expect("temp dir");
    common::copy_fixture("data", data.path());
    let changed = TestServer::with_data(data.path()).await;
    let other = TestServer::with_data(data.path()).await;
    warm(&changed).await;
    warm(&other).await;
    let other_tag = other.get(CITIES).await.header("etag").to_string();

    common::edit_file(
        &data.path().join("layers/cities.geojson"),
        "\"Baku\"",
        "\"Baky\"",
    );
    let summary = changed.import(data.path()).await;
    assert_eq!(
        summary.event.collections.iter().collect::<Vec<_>>(),
        ["cities"]
    );

    // The changed server drops the cities page and the report (whose mentions
    // name features), and keeps the rail layer, which did not change.
    assert_eq!(changed.state.cache.size().0, 1);
    assert!(changed.get(CITIES).await.text().contains("Baky"));
    // The other server's store did not change: its caches keep everything.
    assert_eq!(other.state.cache.size().0, 3);
    let answer = other.get(CITIES).await;
    assert!(answer.text().contains("\"Baku\""), "{}", answer.text());
    assert_eq!(answer.header("etag"), other_tag);
}
