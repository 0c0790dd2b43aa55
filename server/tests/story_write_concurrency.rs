//! Editors replacing one story at once through the real router, on a
//! multi-threaded runtime: against one version exactly one write wins, the
//! others get 412, and the history holds the winner alone.

mod common;

use axum::http::{Method, StatusCode};
use common::editing::{editing_server, send_story};
use serde_json::json;

const SAMPLE: &str = "/api/stories/sample-story";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_several_editors_replacing_one_version_exactly_one_wins() {
    let (server, cookie) = editing_server().await;
    let server = std::sync::Arc::new(server);
    let read = server.get(SAMPLE).await;
    let tag = read.header("etag").to_string();
    let writers: Vec<_> = (0..6)
        .map(|writer| {
            let (server, cookie, tag) = (server.clone(), cookie.clone(), tag.clone());
            let mut story = read.json();
            story["title"] = json!(format!("Title {writer}"));
            tokio::spawn(async move {
                let answer = send_story(
                    &server,
                    Method::PUT,
                    SAMPLE,
                    Some(&cookie),
                    Some(&tag),
                    &story,
                )
                .await;
                (writer, answer)
            })
        })
        .collect();
    let mut winners = Vec::new();
    for writer in writers {
        let (writer, answer) = writer.await.expect("the writer finishes");
        match answer.status {
            StatusCode::OK => winners.push(format!("Title {writer}")),
            StatusCode::PRECONDITION_FAILED => {
                assert_ne!(answer.header("etag"), tag, "the loser sees a newer version");
            }
            other => panic!("{other}: {}", answer.text()),
        }
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    assert_eq!(
        server.get(SAMPLE).await.json()["title"],
        winners[0].as_str()
    );
    let history: Vec<(i64, String)> = server
        .db()
        .all(
            "SELECT revision, changed_by FROM story_history WHERE story_id = 'sample-story' \
         ORDER BY revision",
        )
        .await
        .expect("reads");
    assert_eq!(history, [(1, "import".to_string()), (2, "ed".to_string())]);
}
