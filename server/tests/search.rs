//! `GET /api/search`: full-text search over places and passages (FTS5).

mod common;

use axum::http::StatusCode;
use common::{TestServer, copy_fixture, project_data};

/// The ids of a group of results, best first.
fn ids(results: &serde_json::Value, group: &str, field: &str) -> Vec<String> {
    results[group]
        .as_array()
        .expect("a result group")
        .iter()
        .filter_map(|hit| hit[field].as_str().map(str::to_string))
        .collect()
}

/// The snippet's marked words.
fn hits(snippet: &serde_json::Value) -> Vec<String> {
    snippet
        .as_array()
        .expect("segments")
        .iter()
        .filter(|s| s["hit"] == true)
        .filter_map(|s| s["text"].as_str().map(str::to_lowercase))
        .collect()
}

#[tokio::test]
async fn offshore_wind_finds_the_report_passage_and_the_caspian_wind_site() {
    let server = TestServer::with_data(&project_data()).await;
    let answer = server.get("/api/search?q=offshore%20wind").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.header("content-type"), "application/json");
    let results = answer.json();
    assert_eq!(
        ids(&results, "places", "id").first().map(String::as_str),
        Some("caspian-offshore-wind-2gw")
    );
    assert_eq!(ids(&results, "passages", "passage"), ["background-3"]);
    let passage = &results["passages"][0];
    assert_eq!(passage["report"], "azerbaijan-china-partnership-2025");
    assert_eq!(passage["section"], "Background Information");
    assert_eq!(hits(&passage["snippet"]), ["offshore", "wind"]);
    let text: String = passage["snippet"]
        .as_array()
        .expect("segments")
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect();
    assert!(text.contains("2 GW offshore wind project"), "{text}");
    // A place's snippet is its name when the name matches.
    assert_eq!(hits(&results["places"][0]["snippet"]), ["offshore", "wind"]);
}

#[tokio::test]
async fn dashes_accents_and_case_do_not_stop_a_match() {
    let server = TestServer::with_data(&project_data()).await;
    for q in ["Baku-Tbilisi-Kars", "baku tbilisi kars", "BAKU–TBILISI"] {
        let results = server
            .get(&format!("/api/search?q={}", urlencode(q)))
            .await
            .json();
        assert!(
            ids(&results, "places", "id").contains(&"baku-tbilisi-kars-railway".to_string()),
            "{q}: {results}"
        );
        assert!(
            ids(&results, "passages", "passage").contains(&"background-4".to_string()),
            "{q}: {results}"
        );
    }
    let results = server.get("/api/search?q=Constanta").await.json();
    assert!(
        ids(&results, "places", "id").contains(&"port-of-constanta".to_string()),
        "{results}"
    );
}

#[tokio::test]
async fn the_passage_with_more_matches_ranks_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture("data", dir.path());
    common::edit_file(
        &dir.path().join("reports/sample-report.md"),
        "- Nobody cites this passage. {#background-5}",
        "- One ferry, and many other words about the weather, the harbour, the cranes and the trains. {#background-5}\n- Ferries cross the sea; the ferry from Aktau is the busiest ferry of all. {#background-6}",
    );
    let server = TestServer::with_data(dir.path()).await;
    // Reading order puts background-5 first; the ranking must not.
    let results = server.get("/api/search?q=ferry").await.json();
    assert_eq!(
        ids(&results, "passages", "passage"),
        ["background-6", "background-5"]
    );
}

#[tokio::test]
async fn the_last_word_matches_as_a_prefix_so_results_follow_typing() {
    let server = TestServer::seeded().await;
    let results = server.get("/api/search?q=Tbil").await.json();
    assert!(
        ids(&results, "places", "id").contains(&"tbilisi".to_string()),
        "{results}"
    );
}

#[tokio::test]
async fn limit_caps_each_group() {
    let server = TestServer::with_data(&project_data()).await;
    let results = server.get("/api/search?q=baku&limit=2").await.json();
    assert_eq!(ids(&results, "places", "id").len(), 2);
    assert_eq!(ids(&results, "passages", "passage").len(), 2);
}

#[tokio::test]
async fn hostile_queries_never_fail_the_server() {
    let server = TestServer::seeded().await;
    for q in [
        "a\" OR",
        "\"",
        "*",
        "NEAR(baku tbilisi, 2)",
        "baku NOT beijing",
        "text:baku",
        "^baku",
        "(((",
        "-",
        "' OR 1=1 --",
        "%00",
        "%E2%80%8B",
        "%F0%9F%9A%82",
        "",
        "+++",
    ] {
        let answer = server.get(&format!("/api/search?q={}", urlencode(q))).await;
        assert_eq!(answer.status, StatusCode::OK, "{q:?}: {}", answer.text());
        let results = answer.json();
        assert!(results["places"].is_array() && results["passages"].is_array());
    }
    let results = server.get("/api/search?q=%2A%2A%2A").await.json();
    assert_eq!(results, serde_json::json!({"places": [], "passages": []}));
}

#[tokio::test]
async fn a_missing_or_overlong_query_is_refused_naming_q() {
    let server = TestServer::seeded().await;
    server.get("/api/search").await.assert_bad_param("q");
    let long = "a".repeat(201);
    server
        .get(&format!("/api/search?q={long}"))
        .await
        .assert_bad_param("q");
    server
        .get("/api/search?q=a&q=b")
        .await
        .assert_bad_param("q");
}

#[tokio::test]
async fn a_limit_out_of_range_is_refused_naming_limit() {
    let server = TestServer::seeded().await;
    for limit in ["0", "51", "-1", "ten"] {
        server
            .get(&format!("/api/search?q=baku&limit={limit}"))
            .await
            .assert_bad_param("limit");
    }
}

#[tokio::test]
async fn search_results_stay_current_after_a_reimport() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture("data", dir.path());
    let server = TestServer::with_data(dir.path()).await;
    common::edit_file(
        &dir.path().join("reports/sample-report.md"),
        "Nobody cites this passage.",
        "Nobody cites this zeppelin.",
    );
    atlas_server::store::import_dir(&*server.store, dir.path(), false)
        .await
        .expect("reimport");
    let results = server.get("/api/search?q=zeppelin").await.json();
    assert_eq!(ids(&results, "passages", "passage"), ["background-5"]);
    let results = server.get("/api/search?q=nobody").await.json();
    assert_eq!(ids(&results, "passages", "passage"), ["background-5"]);
    // Each passage is indexed once, not once per import.
    // FTS5's table is SQLite's; PostgreSQL keeps the words in `passages`.
    let sql = if server.db().is_sqlite() {
        "SELECT COUNT(*) FROM passages_fts"
    } else {
        "SELECT COUNT(*) FROM passages WHERE search IS NOT NULL"
    };
    let count: i64 = server.db().scalar(sql).await.expect("count");
    assert_eq!(count, 3);
}

/// Percent-encodes a query value (already-encoded `%XX` sequences pass through).
fn urlencode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'%' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
