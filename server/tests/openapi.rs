//! `GET /api`: the OpenAPI document, checked against the router it describes.

mod common;

use axum::http::StatusCode;
use common::TestServer;
use std::collections::BTreeSet;

/// Every path the router serves, as OpenAPI writes path templates. A new
/// route must be added here and to `routes/openapi.rs`.
const ROUTER_PATHS: [&str; 25] = [
    "/",
    "/api",
    "/conformance",
    "/collections",
    "/collections/{collectionId}",
    "/collections/{collectionId}/items",
    "/collections/{collectionId}/items/{featureId}",
    "/collections/{collectionId}/import",
    "/collections/{collectionId}/items/{featureId}/history",
    "/collections/{collectionId}/items/{featureId}/history/{revision}/restore",
    "/collections/{collectionId}/deleted",
    "/api/reports",
    "/api/reports/{reportId}",
    "/api/stories",
    "/api/stories/{storyId}",
    "/api/stories/{storyId}/history",
    "/story/{storyId}/{step}",
    "/present",
    "/api/search",
    "/api/config",
    "/api/basemap/{name}",
    "/api/session",
    "/api/me",
    "/api/users",
    "/edit",
];

/// The paths whose GET needs a session: without one they answer 401.
const SIGNED_IN_PATHS: [&str; 5] = [
    "/api/me",
    "/api/stories/{storyId}/history",
    "/api/users",
    "/collections/{collectionId}/items/{featureId}/history",
    "/collections/{collectionId}/deleted",
];

/// A path template filled with ids the fixture data has.
fn example_uri(template: &str) -> String {
    if template == "/api/search" {
        return "/api/search?q=baku".into();
    }
    template
        .replace("{collectionId}", "rail")
        .replace("{featureId}", "baku-tbilisi-kars-railway")
        .replace("{reportId}", "sample-report")
        .replace("{storyId}", "sample-story")
        .replace("{step}", "2")
        .replace("{name}", "countries")
}

#[tokio::test]
async fn the_api_document_is_openapi_3_0_json() {
    let server = TestServer::seeded().await;
    let answer = server.get("/api").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.header("content-type"),
        "application/vnd.oai.openapi+json;version=3.0"
    );
    let document = answer.json();
    let version = document["openapi"].as_str().expect("an openapi version");
    assert!(version.starts_with("3.0."), "{version}");
    assert_eq!(document["info"]["title"], "Corridor Atlas");
    assert!(!answer.header("etag").is_empty());
}

#[tokio::test]
async fn the_api_document_lists_exactly_the_paths_the_router_serves() {
    let server = TestServer::seeded().await;
    let document = server.get("/api").await.json();
    let documented: BTreeSet<&str> = document["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(documented, ROUTER_PATHS.into_iter().collect());
}

#[tokio::test]
async fn every_documented_path_answers_200_with_a_documented_media_type() {
    let server = TestServer::seeded().await;
    let document = server.get("/api").await.json();
    for (template, item) in document["paths"].as_object().expect("paths") {
        if item.get("get").is_none() {
            continue;
        }
        let uri = example_uri(template);
        if SIGNED_IN_PATHS.contains(&template.as_str()) {
            server.get(&uri).await.problem(StatusCode::UNAUTHORIZED);
            assert!(item["get"]["responses"]["401"].is_object(), "{template}");
            continue;
        }
        // `/` answers HTML unless asked for JSON; ask for JSON like an API client.
        let answer = server
            .get_with(&uri, &[("accept", "application/json")])
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
        let media_types = item["get"]["responses"]["200"]["content"]
            .as_object()
            .expect("200 content");
        // A page's `text/html; charset=utf-8` is the documented `text/html`.
        let content_type = answer.header("content-type");
        let essence = content_type.split(';').next().unwrap_or("").trim();
        assert!(
            media_types.contains_key(content_type) || media_types.contains_key(essence),
            "{uri}: {} not in {:?}",
            answer.header("content-type"),
            media_types.keys()
        );
    }
}

#[tokio::test]
async fn every_reference_in_the_api_document_resolves() {
    let server = TestServer::seeded().await;
    let document = server.get("/api").await.json();
    let mut references = Vec::new();
    collect_references(&document, &mut references);
    assert!(references.len() > 20, "{references:?}");
    for reference in references {
        let pointer = reference.strip_prefix('#').expect("a local reference");
        assert!(document.pointer(pointer).is_some(), "{reference} resolves");
    }
}

#[tokio::test]
async fn the_items_parameters_carry_the_bounds_the_server_enforces() {
    let server = TestServer::seeded().await;
    let document = server.get("/api").await.json();
    let parameters = &document["components"]["parameters"];
    assert_eq!(parameters["limit"]["schema"]["minimum"], 1);
    assert_eq!(parameters["limit"]["schema"]["maximum"], 10_000);
    assert_eq!(parameters["limit"]["schema"]["default"], 1000);
    assert_eq!(parameters["offset"]["schema"]["minimum"], 0);
    assert_eq!(parameters["bbox"]["schema"]["minItems"], 4);
    assert_eq!(parameters["bbox"]["schema"]["maxItems"], 6);
    let items = &document["paths"]["/collections/{collectionId}/items"]["get"];
    let names: Vec<&str> = items["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| p["$ref"].as_str())
        .filter_map(|r| r.rsplit('/').next())
        .collect();
    for name in [
        "bbox", "datetime", "limit", "offset", "fItems", "crs", "bbox-crs",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    assert_eq!(
        items["responses"]["400"]["$ref"],
        "#/components/responses/BadRequest"
    );
    let formats = &parameters["fItems"]["schema"]["enum"];
    for format in ["json", "html", "csv", "kml"] {
        assert!(
            formats
                .as_array()
                .is_some_and(|f| f.contains(&format.into())),
            "{format} in {formats}"
        );
    }
    let content = &items["responses"]["200"]["content"];
    assert!(
        content["text/csv"].is_object() && content[atlas_server::read_model::kml::KML].is_object()
    );
}

#[tokio::test]
async fn the_landing_pages_service_desc_points_at_the_api_document() {
    let server = TestServer::seeded().await;
    let landing = server.get("/?f=json").await.json();
    let service_desc = landing["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "service-desc")
        .expect("a service-desc link")
        .clone();
    let target = server
        .get(service_desc["href"].as_str().expect("href"))
        .await;
    assert_eq!(target.status, StatusCode::OK);
    assert_eq!(service_desc["type"], target.header("content-type"));
}

fn collect_references(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match value.as_str() {
                    Some(reference) if key == "$ref" => out.push(reference.to_string()),
                    _ => collect_references(value, out),
                }
            }
        }
        serde_json::Value::Array(values) => {
            for value in values {
                collect_references(value, out);
            }
        }
        _ => {}
    }
}
