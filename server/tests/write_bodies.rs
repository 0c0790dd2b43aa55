//! Bodies the write API refuses, through the real router: every field that
//! breaks the model's rules (422), wrong media types (415), long bodies
//! (413) and broken JSON (400); none changes anything, and the server stays up.

mod common;

use axum::http::{Method, StatusCode};
use common::editing::{editing_server, etag, new_city, send_feature, snapshot, write};
use serde_json::json;

const BAKU: &str = "/collections/cities/items/baku";

#[tokio::test]
async fn a_body_breaking_the_rules_gets_422_listing_every_field() {
    let (server, cookie) = editing_server().await;
    let tag = etag(&server, BAKU).await;
    let before = snapshot(&server).await;
    let mut bad = new_city("baku", " ");
    bad["properties"]["status"] = json!("finished");
    bad["properties"]["sources"] = json!([{ "title": "x", "url": "not a url" }]);
    bad["properties"]["passages"] = json!([{ "report": "sample-report", "passage": "nowhere-9" }]);
    bad["geometry"] = json!({ "type": "Polygon", "coordinates": [[[49.0, 40.0], [49.1, 40.0], [49.1, 95.0], [49.0, 40.1]]] });
    let answer = send_feature(&server, Method::PUT, BAKU, &cookie, Some(&tag), &bad).await;
    let problem = answer.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        ["properties.status", "geometry", "geometry"],
        "{problem}"
    );

    bad["properties"]["status"] = json!("operating");
    let answer = send_feature(&server, Method::PUT, BAKU, &cookie, Some(&tag), &bad).await;
    let problem = answer.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "properties.name",
            "properties.sources[0].url",
            "geometry",
            "geometry",
            "properties.passages"
        ],
        "{problem}"
    );
    assert!(
        problem["errors"][2]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("must end where it starts"))
    );

    // An id that is not the path's, and a body that is no Feature.
    let other = send_feature(
        &server,
        Method::PUT,
        BAKU,
        &cookie,
        Some(&tag),
        &new_city("aktau", "Aktau"),
    )
    .await;
    assert_eq!(
        other.problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"],
        "id"
    );
    let list = send_feature(
        &server,
        Method::PUT,
        BAKU,
        &cookie,
        Some(&tag),
        &json!([1, 2]),
    )
    .await;
    list.problem(StatusCode::UNPROCESSABLE_ENTITY);
    // A patch that removes what is required.
    let patch = json!({ "properties": { "kind": null } });
    let patched = send_feature(&server, Method::PATCH, BAKU, &cookie, Some(&tag), &patch).await;
    assert_eq!(
        patched.problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"],
        "properties.kind"
    );
    assert_eq!(snapshot(&server).await, before);
}

#[tokio::test]
async fn wrong_media_types_long_bodies_and_broken_json_are_refused_and_the_server_stays_up() {
    let (server, cookie) = editing_server().await;
    let tag = etag(&server, BAKU).await;
    let before = snapshot(&server).await;
    let body = new_city("baku", "Baky").to_string();
    let put = |headers: Vec<(&'static str, String)>, body: Vec<u8>| {
        let server = &server;
        let cookie = cookie.clone();
        async move {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            write(server, Method::PUT, BAKU, Some(&cookie), &headers, body).await
        }
    };
    for content_type in [
        "text/plain",
        "application/xml",
        "application/merge-patch+json",
    ] {
        put(
            vec![
                ("content-type", content_type.into()),
                ("if-match", tag.clone()),
            ],
            body.clone().into_bytes(),
        )
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    put(vec![("if-match", tag.clone())], body.clone().into_bytes())
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Over a mebibyte: a valid feature with a very long alias list.
    let mut long = new_city("baku", "Baky");
    long["properties"]["aliases"] = json!(vec!["x".repeat(1000); 1100]);
    put(
        vec![
            ("content-type", "application/geo+json".into()),
            ("if-match", tag.clone()),
        ],
        long.to_string().into_bytes(),
    )
    .await
    .problem(StatusCode::PAYLOAD_TOO_LARGE);
    for broken in ["{", "{\"type\": \"Feature\",}", "", "\u{0}"] {
        put(
            vec![
                ("content-type", "application/json".into()),
                ("if-match", tag.clone()),
            ],
            broken.as_bytes().to_vec(),
        )
        .await
        .problem(StatusCode::BAD_REQUEST);
    }
    // PATCH reads a merge patch.
    let patch = write(
        &server,
        Method::PATCH,
        BAKU,
        Some(&cookie),
        &[("content-type", "text/csv"), ("if-match", &tag)],
        "name,Baky",
    )
    .await;
    patch.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(snapshot(&server).await, before);
    assert_eq!(
        server.get(BAKU).await.status,
        StatusCode::OK,
        "still serving"
    );
}
