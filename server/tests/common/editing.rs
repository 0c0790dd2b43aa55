//! Signing an editor in and sending writes as the site's own pages do.

use super::{Answer, TestServer};
use atlas_model::account::Role;
use atlas_server::accounts;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};

/// The site's host in these requests, and its own origin over http.
pub const HOST: &str = "atlas.test";
/// The site's own origin.
pub const OWN_ORIGIN: &str = "http://atlas.test";

/// A seeded server with an editor `ed` and an admin `ada`, and `ed`'s session cookie.
pub async fn editing_server() -> (TestServer, String) {
    let server = TestServer::seeded().await;
    for (name, role) in [("ada", Role::Admin), ("ed", Role::Editor)] {
        accounts::add_user(
            &*server.store,
            name,
            role,
            format!("{name}'s password"),
            "2026-12-01T00:00:00Z".into(),
        )
        .await
        .expect("adds the account");
    }
    let cookie = sign_in(&server, "ed").await;
    (server, cookie)
}

/// Signs `name` in (password `{name}'s password`) and returns the cookie to send back.
pub async fn sign_in(server: &TestServer, name: &str) -> String {
    let body = serde_json::json!({ "name": name, "password": format!("{name}'s password") });
    let answer = server
        .request(
            Request::builder()
                .method(Method::POST)
                .uri("/api/session")
                .header("host", HOST)
                .header("origin", OWN_ORIGIN)
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .expect("request builds"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer
        .header("set-cookie")
        .split(';')
        .next()
        .expect("a cookie")
        .to_string()
}

/// A write from the site's own pages: `cookie` (if any), extra headers, a body.
pub async fn write(
    server: &TestServer,
    method: Method,
    uri: &str,
    cookie: Option<&str>,
    headers: &[(&str, &str)],
    body: impl Into<Body>,
) -> Answer {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", HOST)
        .header("origin", OWN_ORIGIN);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    server
        .request(request.body(body.into()).expect("request builds"))
        .await
}

/// A GeoJSON body as the site sends it, with `If-Match` when given.
pub async fn send_feature(
    server: &TestServer,
    method: Method,
    uri: &str,
    cookie: &str,
    if_match: Option<&str>,
    body: &serde_json::Value,
) -> Answer {
    let content_type = if method == Method::PATCH {
        "application/merge-patch+json"
    } else {
        "application/geo+json"
    };
    let mut headers = vec![("content-type", content_type)];
    if let Some(tag) = if_match {
        headers.push(("if-match", tag));
    }
    write(
        server,
        method,
        uri,
        Some(cookie),
        &headers,
        body.to_string(),
    )
    .await
}

/// A GET with `cookie`.
pub async fn get_signed_in(server: &TestServer, uri: &str, cookie: &str) -> Answer {
    server
        .get_with(uri, &[("cookie", cookie), ("host", HOST)])
        .await
}

/// A new capital city, valid under every rule.
pub fn new_city(id: &str, name: &str) -> serde_json::Value {
    serde_json::json!({
        "type": "Feature",
        "id": id,
        "geometry": { "type": "Point", "coordinates": [49.1, 40.2] },
        "properties": {
            "id": id, "name": name, "kind": "city", "status": "operating",
            "sources": [{ "title": "A test", "url": "https://example.org/test" }],
        },
    })
}

/// The current `ETag` of a feature, from a GET.
pub async fn etag(server: &TestServer, uri: &str) -> String {
    let answer = server.get(uri).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.header("etag").to_string()
}

/// What the store holds, to show that a refused write changed nothing.
pub async fn snapshot(server: &TestServer) -> (Vec<(String, i64, String)>, i64) {
    let features = server
        .db()
        .all("SELECT id, revision, document FROM features ORDER BY id")
        .await
        .expect("reads");
    let history = server
        .db()
        .scalar("SELECT COUNT(*) FROM feature_history")
        .await
        .expect("counts");
    (features, history)
}

/// A story valid under every rule: Baku highlighted on the cities layer.
pub fn new_story(id: &str, title: &str) -> Value {
    json!({
        "id": id,
        "title": title,
        "author": "An editor",
        "steps": [{
            "title": "Baku",
            "camera": { "fit": [49.0, 40.0, 50.5, 41.0] },
            "layers": ["cities"],
            "highlight": ["baku"],
        }],
    })
}

/// A story body as the site sends it, with `If-Match` when given.
pub async fn send_story(
    server: &TestServer,
    method: Method,
    uri: &str,
    cookie: Option<&str>,
    if_match: Option<&str>,
    body: &Value,
) -> Answer {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(tag) = if_match {
        headers.push(("if-match", tag));
    }
    write(server, method, uri, cookie, &headers, body.to_string()).await
}
