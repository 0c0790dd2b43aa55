//! Requests a careless or hostile client might send: each gets a clear 4xx
//! problem document, and the server and its store are unharmed afterwards.

mod common;

use axum::http::StatusCode;
use common::TestServer;

/// The fixtures' feature count: four cities and one railway.
const FEATURES: i64 = 5;

/// `/collections` still answers, and no feature was added or lost.
async fn assert_intact(server: &TestServer) {
    let answer = server.get("/collections").await;
    assert_eq!(answer.status, StatusCode::OK);
    let listed: u64 = answer.json()["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .filter_map(|c| c["numberOfFeatures"].as_u64())
        .sum();
    assert_eq!(listed, FEATURES as u64);
    let stored = server
        .state
        .store
        .feature_count()
        .await
        .expect("the store answers");
    assert_eq!(stored, FEATURES as u64);
}

#[tokio::test]
async fn a_negative_limit_is_refused_naming_limit() {
    let server = TestServer::seeded().await;
    server
        .get("/collections/cities/items?limit=-1")
        .await
        .assert_bad_param("limit");
    assert_intact(&server).await;
}

#[tokio::test]
async fn bboxes_of_five_and_seven_numbers_are_refused_naming_bbox() {
    let server = TestServer::seeded().await;
    for bbox in ["0,0,1,1,2", "0,0,1,1,2,3,4"] {
        server
            .get(&format!("/collections/cities/items?bbox={bbox}"))
            .await
            .assert_bad_param("bbox");
    }
    assert_intact(&server).await;
}

#[tokio::test]
async fn bboxes_with_nan_or_infinity_are_refused_naming_bbox() {
    let server = TestServer::seeded().await;
    for bbox in ["NaN,0,1,1", "0,0,inf,1", "0,0,1,-infinity", "1e999,0,1,1"] {
        server
            .get(&format!("/collections/cities/items?bbox={bbox}"))
            .await
            .assert_bad_param("bbox");
    }
    assert_intact(&server).await;
}

#[tokio::test]
async fn sql_in_a_collection_id_is_not_found() {
    let server = TestServer::seeded().await;
    for uri in [
        "/collections/'%20OR%201=1%20--",
        "/collections/'%20OR%201=1%20--/items",
        "/collections/cities'%3B%20DROP%20TABLE%20features%3B%20--/items",
    ] {
        server.get(uri).await.problem(StatusCode::NOT_FOUND);
    }
    assert_intact(&server).await;
}

#[tokio::test]
async fn sql_in_a_feature_id_is_not_found() {
    let server = TestServer::seeded().await;
    for uri in [
        "/collections/cities/items/'%20OR%201=1%20--",
        "/collections/cities/items/baku'%3B%20DELETE%20FROM%20features%3B%20--",
    ] {
        server.get(uri).await.problem(StatusCode::NOT_FOUND);
    }
    assert_intact(&server).await;
}

#[tokio::test]
async fn sql_in_a_report_id_is_not_found() {
    let server = TestServer::seeded().await;
    for uri in [
        "/api/reports/'%20OR%201=1%20--",
        "/api/reports/x'%20UNION%20SELECT%20properties%20FROM%20features%20--",
    ] {
        server.get(uri).await.problem(StatusCode::NOT_FOUND);
    }
    assert_intact(&server).await;
}

#[tokio::test]
async fn path_traversal_in_any_path_parameter_is_not_found_and_reads_no_file() {
    let server = TestServer::seeded().await;
    for traversal in [
        "..%2F..%2Fetc%2Fpasswd",
        "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "..",
    ] {
        for uri in [
            format!("/collections/{traversal}"),
            format!("/collections/{traversal}/items"),
            format!("/collections/cities/items/{traversal}"),
            format!("/api/reports/{traversal}"),
            format!("/api/basemap/{traversal}"),
        ] {
            let answer = server.get(&uri).await;
            answer.problem(StatusCode::NOT_FOUND);
            assert!(!answer.text().contains("root:"), "{uri}");
        }
    }
    assert_intact(&server).await;
}

#[tokio::test]
async fn path_traversal_outside_the_api_gets_the_app_not_the_file() {
    let server = TestServer::seeded().await;
    for uri in [
        "/..%2F..%2Fetc%2Fpasswd",
        "/../../etc/passwd",
        "/%2E%2E/Cargo.toml",
    ] {
        let answer = server.get(uri).await;
        assert!(
            answer.status == StatusCode::OK || answer.status.is_client_error(),
            "{uri}: {}",
            answer.status
        );
        assert!(!answer.text().contains("root:"), "{uri}");
        assert!(!answer.text().contains("[package]"), "{uri}");
    }
    assert_intact(&server).await;
}

#[tokio::test]
async fn a_query_string_over_8_kib_is_a_414_problem() {
    let server = TestServer::seeded().await;
    // 60 KB: under the 64 KiB that `http::Uri` can hold at all, so the router sees it.
    let long = "a".repeat(60 * 1024);
    for uri in [
        format!("/collections?x={long}"),
        format!("/collections/cities/items?bbox={long}"),
    ] {
        let problem = server.get(&uri).await.problem(StatusCode::URI_TOO_LONG);
        assert!(
            problem["detail"]
                .as_str()
                .is_some_and(|d| d.contains("8192 bytes")),
            "{problem}"
        );
    }
    assert_intact(&server).await;
}

#[tokio::test]
async fn a_100_kb_query_string_over_a_socket_is_refused_with_414() {
    let server = TestServer::seeded().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("its address");
    let serving = tokio::spawn(axum::serve(listener, server.router()).into_future());
    // 100 KB cannot even be an `http::Uri`, so hyper refuses it before the
    // router: the answer is hyper's bare 414, without a problem document.
    let long = "a".repeat(100 * 1024);
    let status = raw_get(addr, &format!("/collections?x={long}")).await;
    assert!(status.starts_with("HTTP/1.1 414"), "{status}");
    let status = raw_get(addr, "/collections").await;
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    serving.abort();
    assert_intact(&server).await;
}

/// Sends `GET target` over a fresh connection and returns the status line.
async fn raw_get(addr: std::net::SocketAddr, target: &str) -> String {
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    tokio::task::spawn_blocking(move || {
        use std::io::{BufRead, BufReader, Write};
        let mut stream = std::net::TcpStream::connect(addr).expect("connects");
        stream.write_all(request.as_bytes()).expect("writes");
        let mut status = String::new();
        BufReader::new(stream)
            .read_line(&mut status)
            .expect("reads the status line");
        status
    })
    .await
    .expect("the client thread finishes")
}

#[tokio::test]
async fn invalid_utf8_in_a_parameter_is_refused_naming_it() {
    let server = TestServer::seeded().await;
    for name in [
        "limit", "offset", "bbox", "datetime", "crs", "bbox-crs", "f",
    ] {
        server
            .get(&format!("/collections/cities/items?{name}=%FF%FE"))
            .await
            .assert_bad_param(name);
    }
    assert_intact(&server).await;
}

#[tokio::test]
async fn invalid_utf8_in_a_path_is_not_found() {
    let server = TestServer::seeded().await;
    for uri in [
        "/collections/%FF%FE",
        "/collections/%FF%FE/items",
        "/collections/cities/items/%FF%FE",
        "/api/reports/%FF%FE",
        "/api/basemap/%FF%FE",
    ] {
        server.get(uri).await.problem(StatusCode::NOT_FOUND);
    }
    assert_intact(&server).await;
}
