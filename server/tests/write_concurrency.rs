//! Editors writing at once through the real router, on a multi-threaded
//! runtime: against one revision exactly one write wins and the others get
//! 412; no acknowledged write is lost; writes to different features all pass.

mod common;

use axum::http::{Method, StatusCode};
use common::TestServer;
use common::editing::{editing_server, new_city, send_feature};
use serde_json::json;
use std::sync::Arc;

const WRITERS: usize = 8;
const ROUNDS: usize = 6;
const BAKU: &str = "/collections/cities/items/baku";

/// The name each history row of Baku gives it, by revision.
async fn names_by_revision(server: &TestServer) -> Vec<(i64, Option<String>)> {
    let rows: Vec<(i64, Option<String>)> = server
        .db()
        .all("SELECT revision, after FROM feature_history WHERE feature_id = 'baku' ORDER BY revision")
        .await
        .expect("reads the history");
    rows.into_iter()
        .map(|(revision, after)| {
            let name = after.and_then(|after| {
                let after: serde_json::Value = serde_json::from_str(&after).expect("JSON");
                after["properties"]["name"].as_str().map(str::to_string)
            });
            (revision, name)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_writers_on_one_revision_have_exactly_one_winner_and_nothing_is_lost() {
    let (server, cookie) = editing_server().await;
    let server = Arc::new(server);
    let mut acknowledged = Vec::new();
    for round in 0..ROUNDS {
        let read = server.get(BAKU).await;
        let tag = read.header("etag").to_string();
        let revision = read.json()["revision"].as_i64().expect("a revision");
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                let (server, cookie, tag) = (server.clone(), cookie.clone(), tag.clone());
                tokio::spawn(async move {
                    let name = format!("Baku {round}-{writer}");
                    let patch = json!({ "properties": { "name": name } });
                    let answer =
                        send_feature(&server, Method::PATCH, BAKU, &cookie, Some(&tag), &patch)
                            .await;
                    (name, answer)
                })
            })
            .collect();
        let mut winners = Vec::new();
        for writer in writers {
            let (name, answer) = writer.await.expect("the writer finishes");
            match answer.status {
                StatusCode::OK => {
                    assert_eq!(answer.json()["revision"], revision + 1);
                    winners.push((revision + 1, name));
                }
                StatusCode::PRECONDITION_FAILED => {
                    // The loser is shown a version past the one it wrote against.
                    assert!(answer.json()["revision"].as_i64() > Some(revision));
                }
                other => panic!("round {round}: {other}: {}", answer.text()),
            }
        }
        assert_eq!(winners.len(), 1, "round {round}: {winners:?}");
        let read = server.get(BAKU).await.json();
        assert_eq!(read["properties"]["name"], winners[0].1.as_str());
        acknowledged.extend(winners);
    }
    let history = names_by_revision(&server).await;
    assert_eq!(
        history.len(),
        ROUNDS + 1,
        "one row per revision: {history:?}"
    );
    for (revision, name) in &acknowledged {
        assert!(
            history.contains(&(*revision, Some(name.clone()))),
            "{name} at {revision} in {history:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writers_on_different_features_all_succeed() {
    let (server, cookie) = editing_server().await;
    let server = Arc::new(server);
    let created: Vec<_> = (0..WRITERS)
        .map(|i| {
            let (server, cookie) = (server.clone(), cookie.clone());
            tokio::spawn(async move {
                let id = format!("town-{i}");
                let answer = send_feature(
                    &server,
                    Method::POST,
                    "/collections/cities/items",
                    &cookie,
                    None,
                    &new_city(&id, &format!("Town {i}")),
                )
                .await;
                (id, answer)
            })
        })
        .collect();
    let mut tags = Vec::new();
    for writer in created {
        let (id, answer) = writer.await.expect("the writer finishes");
        assert_eq!(
            answer.status,
            StatusCode::CREATED,
            "{id}: {}",
            answer.text()
        );
        tags.push((id, answer.header("etag").to_string()));
    }
    let changed: Vec<_> = tags
        .into_iter()
        .map(|(id, tag)| {
            let (server, cookie) = (server.clone(), cookie.clone());
            tokio::spawn(async move {
                let patch =
                    json!({ "properties": { "status": "planned", "status_as_of": "2026-12" } });
                let uri = format!("/collections/cities/items/{id}");
                send_feature(&server, Method::PATCH, &uri, &cookie, Some(&tag), &patch).await
            })
        })
        .collect();
    for writer in changed {
        let answer = writer.await.expect("the writer finishes");
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        assert_eq!(answer.json()["revision"], 2);
    }
    let page = server.get("/collections/cities/items").await;
    let towns = page.json()["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter(|f| f["properties"]["status"] == "planned")
        .count();
    assert_eq!(towns, WRITERS);
}
