//! Stories through the real router: the list, one story with its strong ETag
//! and 304, a 404 problem for an unknown one, answers that follow an import,
//! and the story page at a story step's URL.

mod common;

use atlas_model::{Story, StoryList};
use axum::http::StatusCode;
use common::{TestServer, copy_fixture, edit_file, fixture, project_data};

#[tokio::test]
async fn the_list_names_each_story_with_its_step_count() {
    let server = TestServer::seeded().await;
    let answer = server.get("/api/stories").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.header("content-type"), "application/json");
    let list: StoryList = serde_json::from_slice(&answer.body).expect("a story list");
    assert_eq!(list.stories.len(), 1);
    assert_eq!(list.stories[0].id, "sample-story");
    assert_eq!(list.stories[0].title, "A sample story");
    assert_eq!(list.stories[0].steps, 2);
    assert_eq!(answer.json()["stories"][0].get("description"), None);
}

#[tokio::test]
async fn one_story_is_served_as_its_file_says_with_a_strong_etag_and_304() {
    let server = TestServer::seeded().await;
    let answer = server.get("/api/stories/sample-story").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let story: Story = serde_json::from_slice(&answer.body).expect("a story");
    let file = std::fs::read_to_string(fixture("data/stories/sample-story.json")).expect("file");
    assert_eq!(story.to_file_text(), file);
    let tag = answer.header("etag").to_string();
    assert!(
        tag.starts_with("\"s") && tag.ends_with('"'),
        "a strong tag: {tag}"
    );
    assert_eq!(
        answer.header("cache-control"),
        atlas_server::http::cache_policy::API_READ
    );

    // Cached or not, a revalidation with the tag gets a bodiless 304.
    for _ in 0..2 {
        let again = server
            .get_with("/api/stories/sample-story", &[("if-none-match", &tag)])
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), tag);
    }
    // A compressed answer names its coding, and its tag still revalidates.
    let gzip = server
        .get_with(
            "/api/stories/sample-story",
            &[("accept-encoding", "gzip"), ("if-none-match", "\"s0\"")],
        )
        .await;
    assert_eq!(gzip.status, StatusCode::OK);
    let list = server.get("/api/stories").await;
    let list_tag = list.header("etag").to_string();
    assert!(list_tag.starts_with("\"s"), "{list_tag}");
    let again = server
        .get_with("/api/stories", &[("if-none-match", &list_tag)])
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn an_unknown_story_is_a_404_problem() {
    let server = TestServer::seeded().await;
    for uri in [
        "/api/stories/no-such-story",
        "/api/stories/Not%20A%20Slug",
        "/api/stories/sample-story/steps",
    ] {
        let answer = server.get(uri).await;
        answer.problem(StatusCode::NOT_FOUND);
    }
    let problem = server.get("/api/stories/no-such-story").await.json();
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("story no-such-story")),
        "{problem}"
    );
}

#[tokio::test]
async fn an_import_counts_the_stories_it_creates_and_leaves_unchanged_ones_alone() {
    use atlas_server::store::changes::Change;
    let server = TestServer::empty().await;
    let first = server.import(&fixture("data")).await;
    assert_eq!(first.stories, 1);
    assert_eq!(first.stories_with(Change::Create), 1);
    assert_eq!(
        first.event.stories.iter().collect::<Vec<_>>(),
        ["sample-story"]
    );
    let (revision, text): (i64, String) = server
        .db()
        .one("SELECT revision, text FROM stories WHERE id = 'sample-story'")
        .await
        .expect("the stored story");
    assert_eq!(revision, 1);
    let file = std::fs::read_to_string(fixture("data/stories/sample-story.json")).expect("file");
    assert_eq!(text, file, "the store keeps the file's canonical text");

    let again = server.import(&fixture("data")).await;
    assert_eq!(again.stories, 1);
    assert!(again.story_changes.is_empty(), "{:?}", again.story_changes);
    assert!(again.event.stories.is_empty());
}

#[tokio::test]
async fn an_import_that_changes_a_story_changes_its_answers_and_tags() {
    let server = TestServer::seeded().await;
    let before = server.get("/api/stories/sample-story").await;
    let old_tag = before.header("etag").to_string();
    let list_before = server.get("/api/stories").await;

    let data = server.dir.path().join("data");
    copy_fixture("data", &data);
    edit_file(
        &data.join("stories/sample-story.json"),
        "\"A sample story\"",
        "\"A retitled story\"",
    );
    let summary = server.import(&data).await;
    assert_eq!(summary.stories, 1);
    assert_eq!(summary.story_changes.len(), 1);

    let after = server
        .get_with("/api/stories/sample-story", &[("if-none-match", &old_tag)])
        .await;
    assert_eq!(after.status, StatusCode::OK, "the old tag is stale");
    assert_eq!(after.json()["title"], "A retitled story");
    assert_ne!(after.header("etag"), old_tag);
    let list = server.get("/api/stories").await;
    assert_eq!(list.json()["stories"][0]["title"], "A retitled story");
    assert_ne!(list.header("etag"), list_before.header("etag"));

    std::fs::remove_file(data.join("stories/sample-story.json")).expect("remove");
    server.import(&data).await;
    server
        .get("/api/stories/sample-story")
        .await
        .problem(StatusCode::NOT_FOUND);
    assert_eq!(
        server.get("/api/stories").await.json()["stories"],
        serde_json::json!([])
    );
}

#[tokio::test]
async fn a_story_steps_url_serves_the_story_page_not_the_readers() {
    let server = TestServer::seeded().await;
    let root = server.get_with("/", &[("accept", "text/html")]).await;
    for uri in [
        "/story/sample-story/1",
        "/story/sample-story/2?speaker",
        "/story/middle-corridor-in-six-steps/6?speaker=1",
    ] {
        let answer = server.get_with(uri, &[("accept", "text/html")]).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_eq!(
            answer.header("content-type"),
            "text/html; charset=utf-8",
            "{uri}"
        );
        assert_eq!(answer.header("cache-control"), "no-cache", "{uri}");
        assert_eq!(answer.text(), common::STORY_PAGE_HTML, "{uri}");
        assert_ne!(answer.text(), root.text(), "{uri}");
    }
}

#[tokio::test]
async fn a_story_page_without_a_built_app_is_a_503_problem_as_documented() {
    let server = TestServer::with_data(&fixture("data")).await;
    server
        .get_with("/story/sample-story/1", &[("accept", "text/html")])
        .await
        .problem(StatusCode::SERVICE_UNAVAILABLE);
    let document = server.get("/api").await.json();
    let responses = &document["paths"]["/story/{storyId}/{step}"]["get"]["responses"];
    assert!(responses["503"].is_object(), "{responses}");
}

#[tokio::test]
async fn the_shipped_story_is_served_whole_from_the_projects_data() {
    let server = TestServer::with_data(&project_data()).await;
    let list = server.get("/api/stories").await.json();
    assert_eq!(list["stories"][0]["id"], "middle-corridor-in-six-steps");
    assert_eq!(
        list["stories"][0]["title"],
        "The Middle Corridor in six steps"
    );
    assert_eq!(list["stories"][0]["steps"], 6);
    let answer = server
        .get("/api/stories/middle-corridor-in-six-steps")
        .await;
    let story: Story = serde_json::from_slice(&answer.body).expect("a story");
    let file =
        std::fs::read_to_string(project_data().join("stories/middle-corridor-in-six-steps.json"))
            .expect("the file");
    assert_eq!(story.to_file_text(), file);
}
