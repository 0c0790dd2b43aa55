//! The write API through the real router: who may write, the optimistic
//! lock, the body's refusals, and that the next read sees every write.

mod common;

use axum::http::{Method, StatusCode};
use common::TestServer;
use common::editing::{
    editing_server, etag, get_signed_in, new_city, send_feature, snapshot, write,
};
use serde_json::json;

const BAKU: &str = "/collections/cities/items/baku";

/// Every write, for the tests that try each one.
fn every_write() -> Vec<(Method, &'static str)> {
    vec![
        (Method::POST, "/collections/cities/items"),
        (Method::PUT, BAKU),
        (Method::PATCH, BAKU),
        (Method::DELETE, BAKU),
        (
            Method::POST,
            "/collections/cities/items/baku/history/1/restore",
        ),
    ]
}

#[tokio::test]
async fn no_write_is_answered_without_a_session_or_from_another_site_and_none_changes_anything() {
    let (server, cookie) = editing_server().await;
    let tag = etag(&server, BAKU).await;
    let before = snapshot(&server).await;
    let body = new_city("baku", "Baky").to_string();
    let forged = format!("atlas_session={}", "A".repeat(43));
    for (method, uri) in every_write() {
        let headers = [
            ("content-type", "application/geo+json"),
            ("if-match", tag.as_str()),
        ];
        for session in [None, Some(forged.as_str())] {
            write(
                &server,
                method.clone(),
                uri,
                session,
                &headers,
                body.clone(),
            )
            .await
            .problem(StatusCode::UNAUTHORIZED);
        }
        // A live session, but sent by another site's page.
        let mut request = axum::http::Request::builder()
            .method(method.clone())
            .uri(uri)
            .header("host", common::editing::HOST)
            .header("origin", "https://evil.example")
            .header("cookie", &cookie);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        server
            .request(
                request
                    .body(axum::body::Body::from(body.clone()))
                    .expect("builds"),
            )
            .await
            .problem(StatusCode::FORBIDDEN);
    }
    for uri in [
        "/collections/cities/items/baku/history",
        "/collections/cities/deleted",
    ] {
        server.get(uri).await.problem(StatusCode::UNAUTHORIZED);
    }
    assert_eq!(snapshot(&server).await, before, "nothing changed");
}

#[tokio::test]
async fn a_created_feature_answers_201_with_location_and_etag_and_is_read_at_once() {
    let (server, cookie) = editing_server().await;
    // Read first, so that the answer caches and the read model hold the old page.
    assert!(
        !server
            .get("/collections/cities/items")
            .await
            .feature_ids()
            .contains(&"ganja".to_string())
    );
    assert!(
        server.get("/api/search?q=ganja").await.json()["places"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );

    let created = send_feature(
        &server,
        Method::POST,
        "/collections/cities/items",
        &cookie,
        None,
        &new_city("ganja", "Ganja"),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(
        created.header("location"),
        "/collections/cities/items/ganja"
    );
    assert_eq!(created.header("content-type"), "application/geo+json");
    assert_eq!(created.json()["revision"], 1);
    let tag = created.header("etag").to_string();
    assert!(tag.starts_with("\"r"), "{tag}");

    let read = server.get("/collections/cities/items/ganja").await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.header("etag"), tag);
    assert_eq!(read.json()["properties"]["name"], "Ganja");
    let page = server.get("/collections/cities/items").await;
    assert!(page.feature_ids().contains(&"ganja".to_string()));
    let found = server.get("/api/search?q=ganja").await.json();
    assert_eq!(found["places"][0]["id"], "ganja", "{found}");

    // The same id again is a conflict, and the first stays.
    let again = send_feature(
        &server,
        Method::POST,
        "/collections/cities/items",
        &cookie,
        None,
        &new_city("ganja", "Gäncä"),
    )
    .await;
    again.problem(StatusCode::CONFLICT);
    // A body without ids takes the slug of its name.
    let mut unnamed = new_city("x", "Sumqayit City");
    unnamed.as_object_mut().expect("object").remove("id");
    unnamed["properties"]
        .as_object_mut()
        .expect("object")
        .remove("id");
    let slugged = send_feature(
        &server,
        Method::POST,
        "/collections/cities/items",
        &cookie,
        None,
        &unnamed,
    )
    .await;
    assert_eq!(slugged.status, StatusCode::CREATED, "{}", slugged.text());
    assert_eq!(
        slugged.header("location"),
        "/collections/cities/items/sumqayit-city"
    );
}

#[tokio::test]
async fn put_and_patch_need_if_match_and_a_stale_one_gets_the_current_version() {
    let (server, cookie) = editing_server().await;
    let first = etag(&server, BAKU).await;
    let mut renamed = server.get(BAKU).await.json();
    renamed["properties"]["name"] = json!("Baky");

    let before = snapshot(&server).await;
    for method in [Method::PUT, Method::PATCH, Method::DELETE] {
        send_feature(&server, method, BAKU, &cookie, None, &renamed)
            .await
            .problem(StatusCode::PRECONDITION_REQUIRED);
    }
    assert_eq!(snapshot(&server).await, before);

    // A GET's body, sent back changed: its server members are ignored.
    let put = send_feature(&server, Method::PUT, BAKU, &cookie, Some(&first), &renamed).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());
    assert_eq!(put.json()["properties"]["name"], "Baky");
    let second = put.header("etag").to_string();
    assert_ne!(second, first);
    assert_eq!(server.get(BAKU).await.json()["properties"]["name"], "Baky");

    // The first tag is stale now: 412, with the current version and its tag.
    let patch = json!({ "properties": { "name": "Bakou" } });
    let before = snapshot(&server).await;
    for method in [Method::PUT, Method::PATCH, Method::DELETE] {
        let body = if method == Method::PATCH {
            &patch
        } else {
            &renamed
        };
        let stale = send_feature(&server, method, BAKU, &cookie, Some(&first), body).await;
        assert_eq!(
            stale.status,
            StatusCode::PRECONDITION_FAILED,
            "{}",
            stale.text()
        );
        assert_eq!(stale.header("etag"), second);
        assert_eq!(stale.json()["properties"]["name"], "Baky");
    }
    assert_eq!(
        snapshot(&server).await,
        before,
        "a stale write changes nothing"
    );

    // A merge patch: status and its date set, the name left alone.
    let patch = json!({ "properties": { "status": "cancelled", "status_as_of": "2026-03" } });
    let patched = send_feature(&server, Method::PATCH, BAKU, &cookie, Some(&second), &patch).await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text());
    let read = server.get(BAKU).await.json();
    assert_eq!(read["properties"]["status_as_of"], "2026-03");
    assert_eq!(read["properties"]["name"], "Baky");
    assert_eq!(read["revision"], 3);
    // The tag a compressed answer carries names the same version.
    let coded = format!("{}-br\"", patched.header("etag").trim_end_matches('"'));
    let removed = send_feature(
        &server,
        Method::DELETE,
        BAKU,
        &cookie,
        Some(&coded),
        &json!({}),
    )
    .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text());
    server.get(BAKU).await.problem(StatusCode::NOT_FOUND);
    let page = server.get("/collections/cities/items").await;
    assert!(!page.feature_ids().contains(&"baku".to_string()));
}

#[tokio::test]
async fn an_admin_may_edit_and_the_history_names_who() {
    let (server, _ed) = editing_server().await;
    let ada = common::editing::sign_in(&server, "ada").await;
    let tag = etag(&server, BAKU).await;
    let patch = json!({ "properties": { "name": "Baky" } });
    let answer = send_feature(&server, Method::PATCH, BAKU, &ada, Some(&tag), &patch).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let history = get_signed_in(&server, "/collections/cities/items/baku/history", &ada).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text());
    assert_eq!(history.header("cache-control"), "no-store");
    let revisions = history.json()["revisions"].clone();
    assert_eq!(revisions[1]["changed_by"], "ada");
    assert_eq!(revisions[1]["change"], "update");
    assert_eq!(revisions[1]["before"]["properties"]["name"], "Baku");
    assert_eq!(revisions[1]["after"]["properties"]["name"], "Baky");
}

#[tokio::test]
async fn conformance_and_the_api_document_describe_the_writes() {
    let server = TestServer::seeded().await;
    let classes = server.get("/conformance").await.json()["conformsTo"].clone();
    for class in ["create-replace-delete", "update", "oas30"] {
        let uri = format!("http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/{class}");
        assert!(
            classes
                .as_array()
                .is_some_and(|c| c.iter().any(|v| v == uri.as_str())),
            "{uri} in {classes}"
        );
    }
    let document = server.get("/api").await.json();
    let items = &document["paths"]["/collections/{collectionId}/items"];
    assert!(items["get"].is_object() && items["post"].is_object());
    assert!(items["post"]["responses"]["201"]["headers"]["Location"].is_object());
    let item = &document["paths"]["/collections/{collectionId}/items/{featureId}"];
    for method in ["get", "put", "patch", "delete"] {
        assert!(item[method].is_object(), "{method}");
    }
    for status in ["412", "428", "413", "415", "422"] {
        assert!(item["put"]["responses"][status].is_object(), "{status}");
    }
    assert!(item["patch"]["requestBody"]["content"]["application/merge-patch+json"].is_object());
}

#[tokio::test]
async fn another_process_on_the_same_database_sees_a_write_at_its_next_look() {
    let (server, cookie) = editing_server().await;
    // A second open of the same database stands for a second `atlas serve`.
    let other = server.second_process().await;
    let names = |answer: common::Answer| -> Vec<String> {
        answer.json()["features"]
            .as_array()
            .expect("features")
            .iter()
            .filter_map(|f| f["properties"]["name"].as_str().map(str::to_string))
            .collect()
    };
    // Its read model and answer cache now hold the page as it was.
    assert!(names(other.get("/collections/cities/items").await).contains(&"Baku".to_string()));
    let tag = etag(&server, BAKU).await;
    let patch = json!({ "properties": { "name": "Baky" } });
    let answer = send_feature(&server, Method::PATCH, BAKU, &cookie, Some(&tag), &patch).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    // Its watch looks at least once a second.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    loop {
        let page = names(other.get("/collections/cities/items").await);
        if page.contains(&"Baky".to_string()) && !page.contains(&"Baku".to_string()) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{page:?} after a second"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(other.get(BAKU).await.json()["properties"]["name"], "Baky");
}
