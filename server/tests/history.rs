//! History through the real router: a row per change with who, when and
//! the feature before and after; restoring a revision; listing and
//! restoring deleted features.

mod common;

use axum::http::{Method, StatusCode};
use common::TestServer;
use common::editing::{editing_server, get_signed_in, new_city, send_feature, write};
use serde_json::json;

const BAKU: &str = "/collections/cities/items/baku";

async fn history(server: &TestServer, cookie: &str, uri: &str) -> serde_json::Value {
    let answer = get_signed_in(server, uri, cookie).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()
}

async fn rename(server: &TestServer, cookie: &str, tag: &str, name: &str) -> String {
    let patch = json!({ "properties": { "name": name } });
    let answer = send_feature(server, Method::PATCH, BAKU, cookie, Some(tag), &patch).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.header("etag").to_string()
}

async fn restore(
    server: &TestServer,
    cookie: &str,
    uri: &str,
    tag: Option<&str>,
) -> common::Answer {
    let headers: Vec<(&str, &str)> = tag.map(|t| ("if-match", t)).into_iter().collect();
    write(server, Method::POST, uri, Some(cookie), &headers, "").await
}

#[tokio::test]
async fn every_change_writes_one_history_row_with_who_when_before_and_after() {
    let (server, cookie) = editing_server().await;
    let tag = server.get(BAKU).await.header("etag").to_string();
    let second = rename(&server, &cookie, &tag, "Baky").await;
    let third = rename(&server, &cookie, &second, "Bakou").await;
    let document = history(&server, &cookie, &format!("{BAKU}/history")).await;
    let revisions = document["revisions"].as_array().expect("revisions");
    assert_eq!(revisions.len(), 3, "{document}");
    assert_eq!(
        revisions
            .iter()
            .map(|r| r["revision"].as_i64().unwrap_or(0))
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(revisions[0]["change"], "create");
    assert_eq!(revisions[0]["changed_by"], "import");
    assert!(revisions[0]["before"].is_null());
    for (row, (before, after)) in revisions[1..]
        .iter()
        .zip([("Baku", "Baky"), ("Baky", "Bakou")])
    {
        assert_eq!(row["change"], "update");
        assert_eq!(row["changed_by"], "ed");
        assert!(row["changed_at"].as_str().is_some_and(|t| t.ends_with('Z')));
        assert_eq!(row["before"]["properties"]["name"], before);
        assert_eq!(row["after"]["properties"]["name"], after);
    }
    assert_eq!(document["etag"], third.as_str());
    // An unchanged PUT is no change: no new revision, no row.
    let same = server.get(BAKU).await.json();
    let put = send_feature(&server, Method::PUT, BAKU, &cookie, Some(&third), &same).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());
    assert_eq!(put.header("etag"), third);
    let rows: i64 = server
        .db()
        .scalar("SELECT COUNT(*) FROM feature_history WHERE feature_id = 'baku'")
        .await
        .expect("counts");
    assert_eq!(rows, 3);
}

#[tokio::test]
async fn restoring_a_revision_makes_a_new_one_with_its_content() {
    let (server, cookie) = editing_server().await;
    let tag = server.get(BAKU).await.header("etag").to_string();
    let second = rename(&server, &cookie, &tag, "Baky").await;
    let uri = format!("{BAKU}/history/1/restore");
    restore(&server, &cookie, &uri, None)
        .await
        .problem(StatusCode::PRECONDITION_REQUIRED);
    let stale = restore(&server, &cookie, &uri, Some(&tag)).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.json()["properties"]["name"], "Baky");
    let restored = restore(&server, &cookie, &uri, Some(&second)).await;
    assert_eq!(restored.status, StatusCode::OK, "{}", restored.text());
    assert_eq!(restored.json()["revision"], 3);
    assert_eq!(server.get(BAKU).await.json()["properties"]["name"], "Baku");
    let document = history(&server, &cookie, &format!("{BAKU}/history")).await;
    assert_eq!(document["revisions"][2]["change"], "restore");
    assert_eq!(document["revisions"][2]["restored_from"], 1);
    let missing = restore(
        &server,
        &cookie,
        &format!("{BAKU}/history/9/restore"),
        Some(&second),
    )
    .await;
    missing.problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_deleted_feature_is_listed_and_restored_where_it_was() {
    let (server, cookie) = editing_server().await;
    // Created through the API, renamed, then deleted.
    let created = send_feature(
        &server,
        Method::POST,
        "/collections/cities/items",
        &cookie,
        None,
        &new_city("ganja", "Ganja"),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let tag = created.header("etag").to_string();
    let deleted = write(
        &server,
        Method::DELETE,
        "/collections/cities/items/ganja",
        Some(&cookie),
        &[("if-match", &tag)],
        "",
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text());
    let deletion = deleted.header("etag").to_string();

    let listed = history(&server, &cookie, "/collections/cities/deleted").await;
    let features = listed["features"].as_array().expect("features");
    assert_eq!(features.len(), 1, "{listed}");
    assert_eq!(features[0]["id"], "ganja");
    assert_eq!(features[0]["deleted_by"], "ed");
    assert_eq!(features[0]["etag"], deletion.as_str());
    assert_eq!(features[0]["feature"]["properties"]["name"], "Ganja");
    let link = features[0]["links"][0]["href"]
        .as_str()
        .expect("a restore link")
        .to_string();
    assert_eq!(link, "/collections/cities/items/ganja/history/1/restore");
    assert!(
        history(&server, &cookie, "/collections/rail/deleted").await["features"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );

    // A restore of a deletion is refused; a stale one too.
    restore(
        &server,
        &cookie,
        "/collections/cities/items/ganja/history/2/restore",
        Some(&deletion),
    )
    .await
    .problem(StatusCode::CONFLICT);
    restore(&server, &cookie, &link, Some(&tag))
        .await
        .problem(StatusCode::PRECONDITION_FAILED);
    let restored = restore(&server, &cookie, &link, Some(&deletion)).await;
    assert_eq!(restored.status, StatusCode::CREATED, "{}", restored.text());
    assert_eq!(
        restored.header("location"),
        "/collections/cities/items/ganja"
    );
    assert_eq!(restored.json()["revision"], 3);
    assert_eq!(
        server.get("/collections/cities/items/ganja").await.status,
        StatusCode::OK
    );
    assert!(
        server
            .get("/collections/cities/items")
            .await
            .feature_ids()
            .contains(&"ganja".to_string())
    );
    let listed = history(&server, &cookie, "/collections/cities/deleted").await;
    assert!(
        listed["features"].as_array().is_some_and(Vec::is_empty),
        "{listed}"
    );
    let document = history(&server, &cookie, "/collections/cities/items/ganja/history").await;
    let changes: Vec<&str> = document["revisions"]
        .as_array()
        .expect("revisions")
        .iter()
        .filter_map(|r| r["change"].as_str())
        .collect();
    assert_eq!(changes, ["create", "delete", "restore"]);
}

#[tokio::test]
async fn an_imported_feature_deleted_by_an_editor_is_restorable_after_a_restart() {
    let (server, cookie) = editing_server().await;
    let tag = server
        .get("/collections/cities/items/aktau")
        .await
        .header("etag")
        .to_string();
    let deleted = write(
        &server,
        Method::DELETE,
        "/collections/cities/items/aktau",
        Some(&cookie),
        &[("if-match", &tag)],
        "",
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    // Another process opening the same file sees the deletion and its history.
    let other = server.reopen().await;
    let rows = other.deleted("cities").await.expect("lists");
    assert_eq!(
        rows.iter()
            .map(|r| r.feature_id.as_str())
            .collect::<Vec<_>>(),
        ["aktau"]
    );
    assert_eq!(rows[0].changed_by, "ed");
}
