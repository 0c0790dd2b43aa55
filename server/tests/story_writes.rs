//! Editing stories through the real router, as features are edited: who may
//! write, the optimistic lock on the story's strong `ETag`, the body's
//! refusals, a history row per change, and that the next read (and `atlas
//! export`) sees every write.

mod common;

use axum::http::{Method, StatusCode};
use common::TestServer;
use common::editing::{editing_server, get_signed_in, new_story, send_story, write};
use serde_json::json;

const SAMPLE: &str = "/api/stories/sample-story";

/// What the store holds of stories, to show that a refused write changed nothing.
async fn snapshot(server: &TestServer) -> (Vec<(String, i64, String)>, i64) {
    let stories = server
        .db()
        .all("SELECT id, revision, text FROM stories ORDER BY id")
        .await
        .expect("reads");
    let history = server
        .db()
        .scalar("SELECT COUNT(*) FROM story_history")
        .await
        .expect("counts");
    (stories, history)
}

/// The ids and titles `/api/stories` lists.
async fn listed(server: &TestServer) -> Vec<(String, String)> {
    let answer = server.get("/api/stories").await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.json()["stories"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap_or("").into(),
                s["title"].as_str().unwrap_or("").into(),
            )
        })
        .collect()
}

#[tokio::test]
async fn no_story_write_is_answered_without_a_session_and_none_changes_anything() {
    let (server, _cookie) = editing_server().await;
    let tag = server.get(SAMPLE).await.header("etag").to_string();
    let before = snapshot(&server).await;
    let forged = format!("atlas_session={}", "A".repeat(43));
    let body = new_story("sample-story", "Taken over");
    for (method, uri) in [
        (Method::POST, "/api/stories"),
        (Method::PUT, SAMPLE),
        (Method::DELETE, SAMPLE),
    ] {
        for session in [None, Some(forged.as_str())] {
            send_story(&server, method.clone(), uri, session, Some(&tag), &body)
                .await
                .problem(StatusCode::UNAUTHORIZED);
        }
    }
    server
        .get("/api/stories/sample-story/history")
        .await
        .problem(StatusCode::UNAUTHORIZED);
    assert_eq!(snapshot(&server).await, before, "nothing changed");
}

#[tokio::test]
async fn a_story_is_created_replaced_and_deleted_and_every_next_read_sees_it() {
    let (server, signed_in) = editing_server().await;
    let cookie = Some(signed_in.as_str());
    // Both answers are cached before the writes: the writes must refresh them.
    assert_eq!(listed(&server).await.len(), 1);
    let uri = "/api/stories/new-story";
    server.get(uri).await.problem(StatusCode::NOT_FOUND);

    let created = send_story(
        &server,
        Method::POST,
        "/api/stories",
        cookie,
        None,
        &new_story("new-story", "New"),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(created.header("location"), uri);
    let read = server.get(uri).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(
        read.header("etag"),
        created.header("etag"),
        "the tag GET sends"
    );
    assert_eq!(read.body, created.body);
    assert!(
        listed(&server)
            .await
            .contains(&("new-story".into(), "New".into()))
    );

    // The id is taken now.
    let again = send_story(
        &server,
        Method::POST,
        "/api/stories",
        cookie,
        None,
        &new_story("new-story", "Other"),
    )
    .await;
    again.problem(StatusCode::CONFLICT);

    let first_tag = read.header("etag").to_string();
    let changed = new_story("new-story", "Changed");
    send_story(&server, Method::PUT, uri, cookie, None, &changed)
        .await
        .problem(StatusCode::PRECONDITION_REQUIRED);
    let replaced = send_story(
        &server,
        Method::PUT,
        uri,
        cookie,
        Some(&first_tag),
        &changed,
    )
    .await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.text());
    assert_eq!(replaced.json()["title"], "Changed");
    let read = server.get(uri).await;
    assert_eq!(read.json()["title"], "Changed");
    assert_eq!(read.header("etag"), replaced.header("etag"));
    assert_ne!(read.header("etag"), first_tag);
    assert!(
        listed(&server)
            .await
            .contains(&("new-story".into(), "Changed".into()))
    );

    // A change made against the first version is stale: 412 with the current one.
    let before = snapshot(&server).await;
    let stale = send_story(
        &server,
        Method::PUT,
        uri,
        cookie,
        Some(&first_tag),
        &new_story("new-story", "Lost"),
    )
    .await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.text()
    );
    assert_eq!(stale.json()["title"], "Changed");
    assert_eq!(stale.header("etag"), read.header("etag"));
    assert_eq!(stale.header("content-type"), "application/json");
    let stale_delete = write(
        &server,
        Method::DELETE,
        uri,
        cookie,
        &[("if-match", first_tag.as_str())],
        "",
    )
    .await;
    assert_eq!(stale_delete.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        snapshot(&server).await,
        before,
        "stale writes changed nothing"
    );

    let current = read.header("etag").to_string();
    let gone = write(
        &server,
        Method::DELETE,
        uri,
        cookie,
        &[("if-match", current.as_str())],
        "",
    )
    .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text());
    server.get(uri).await.problem(StatusCode::NOT_FOUND);
    assert!(
        !listed(&server)
            .await
            .iter()
            .any(|(id, _)| id == "new-story")
    );

    // One history row per change, each naming who and holding before and after.
    let history = get_signed_in(&server, &format!("{uri}/history"), &signed_in).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text());
    assert_eq!(history.header("cache-control"), "no-store");
    let document = history.json();
    let revisions = document["revisions"].as_array().expect("revisions");
    let summary: Vec<(i64, &str, &str)> = revisions
        .iter()
        .map(|r| {
            (
                r["revision"].as_i64().unwrap_or(0),
                r["change"].as_str().unwrap_or(""),
                r["changed_by"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, "create", "ed"),
            (2, "update", "ed"),
            (3, "delete", "ed")
        ]
    );
    assert_eq!(revisions[1]["before"]["title"], "New");
    assert_eq!(revisions[1]["after"]["title"], "Changed");
    assert!(revisions[2]["after"].is_null());
    let rows: i64 = server
        .db()
        .scalar(
            "SELECT COUNT(*) FROM story_history WHERE story_id = 'new-story' AND changed_by = 'ed'",
        )
        .await
        .expect("counts");
    assert_eq!(rows, 3);

    // Created again, it continues its revisions.
    let back = send_story(
        &server,
        Method::POST,
        "/api/stories",
        cookie,
        None,
        &new_story("new-story", "Back"),
    )
    .await;
    assert_eq!(back.status, StatusCode::CREATED, "{}", back.text());
    let revision: i64 = server
        .db()
        .scalar("SELECT revision FROM stories WHERE id = 'new-story'")
        .await
        .expect("reads");
    assert_eq!(revision, 4);
}

#[tokio::test]
async fn a_bad_story_is_refused_with_every_field_at_fault_and_changes_nothing() {
    let (server, cookie) = editing_server().await;
    let cookie = Some(cookie.as_str());
    let tag = server.get(SAMPLE).await.header("etag").to_string();
    let before = snapshot(&server).await;

    let mut bad = new_story("sample-story", "");
    bad["steps"][0]["highlight"] = json!(["baku", "atlantis"]);
    let answer = send_story(&server, Method::PUT, SAMPLE, cookie, Some(&tag), &bad).await;
    let problem = answer.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["title", "steps[0].highlight"], "{problem}");
    assert!(
        problem["errors"][1]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("atlantis"))
    );

    let other = send_story(
        &server,
        Method::PUT,
        SAMPLE,
        cookie,
        Some(&tag),
        &new_story("other", "Other"),
    )
    .await;
    assert_eq!(
        other.problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"],
        "id"
    );
    let unknown = json!({ "id": "x", "title": "X", "author": "A", "steps": [], "colour": "red" });
    let answer = send_story(
        &server,
        Method::POST,
        "/api/stories",
        cookie,
        None,
        &unknown,
    )
    .await;
    assert_eq!(
        answer.problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"],
        "body"
    );

    let body = new_story("sample-story", "Fine").to_string();
    let wrong_type = [("content-type", "text/plain"), ("if-match", tag.as_str())];
    write(&server, Method::PUT, SAMPLE, cookie, &wrong_type, body)
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!(
        "{{\"id\": \"sample-story\", \"notes\": \"{}\"}}",
        "a".repeat(1 << 20)
    );
    let json_type = [
        ("content-type", "application/json"),
        ("if-match", tag.as_str()),
    ];
    write(&server, Method::PUT, SAMPLE, cookie, &json_type, huge)
        .await
        .problem(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(snapshot(&server).await, before, "nothing changed");
}

#[tokio::test]
async fn a_compressed_answers_tag_locks_too_and_export_and_import_see_the_changed_story() {
    let (server, signed_in) = editing_server().await;
    let cookie = Some(signed_in.as_str());
    let compressed = server.get_with(SAMPLE, &[("accept-encoding", "br")]).await;
    assert_eq!(compressed.status, StatusCode::OK);
    let tag = compressed.header("etag").to_string();
    assert!(tag.starts_with("\"s") && tag.ends_with("-br\""), "{tag}");
    let mut story = server.get(SAMPLE).await.json();
    story["title"] = json!("A changed story");
    let replaced = send_story(&server, Method::PUT, SAMPLE, cookie, Some(&tag), &story).await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.text());
    let weak = format!("W/{}", replaced.header("etag"));
    story["title"] = json!("Not with a weak tag");
    let refused = send_story(&server, Method::PUT, SAMPLE, cookie, Some(&weak), &story).await;
    assert_eq!(
        refused.status,
        StatusCode::PRECONDITION_FAILED,
        "a weak tag never matches"
    );

    let out = tempfile::tempdir().expect("temp dir");
    atlas_server::data_dir::export::export(&*server.store, out.path())
        .await
        .expect("exports");
    let text =
        std::fs::read_to_string(out.path().join("stories/sample-story.json")).expect("reads");
    assert!(text.contains("\"title\": \"A changed story\""), "{text}");
    let reloaded = atlas_server::data_dir::load(out.path()).expect("the export loads");
    assert_eq!(reloaded.stories.len(), 1);
    assert_eq!(reloaded.stories[0].title, "A changed story");

    // Importing the data folder again brings its story back, as one more revision.
    server.import(&common::fixture("data")).await;
    assert_eq!(server.get(SAMPLE).await.json()["title"], "A sample story");
    let history = get_signed_in(&server, &format!("{SAMPLE}/history"), &signed_in).await;
    let revisions: Vec<(i64, String, String)> = history.json()["revisions"]
        .as_array()
        .expect("revisions")
        .iter()
        .map(|r| {
            let text = |name: &str| r[name].as_str().unwrap_or("").to_string();
            (
                r["revision"].as_i64().unwrap_or(0),
                text("change"),
                text("changed_by"),
            )
        })
        .collect();
    let expected = [
        (1, "create", "import"),
        (2, "update", "ed"),
        (3, "update", "import"),
    ];
    let expected: Vec<(i64, String, String)> = expected
        .iter()
        .map(|(n, change, by)| (*n, change.to_string(), by.to_string()))
        .collect();
    assert_eq!(revisions, expected);
}
