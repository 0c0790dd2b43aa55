//! `f=html`: the OGC API resources as plain, escaped HTML pages (the HTML
//! conformance class), and the landing page while the app is not built.

mod common;

use axum::http::StatusCode;
use common::{TestServer, copy_fixture, edit_file};

const HTML: &str = "text/html; charset=utf-8";

#[tokio::test]
async fn every_ogc_resource_answers_f_html_with_an_html_page() {
    let server = TestServer::seeded().await;
    for uri in [
        "/api?f=html",
        "/conformance?f=html",
        "/collections?f=html",
        "/collections/cities?f=html",
        "/collections/cities/items?f=html",
        "/collections/cities/items/baku?f=html",
    ] {
        let answer = server.get(uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
        assert_eq!(answer.header("content-type"), HTML, "{uri}");
        assert!(answer.text().starts_with("<!doctype html>"), "{uri}");
    }
}

#[tokio::test]
async fn the_html_conformance_class_is_declared() {
    let server = TestServer::seeded().await;
    let classes = server.get("/conformance").await.json()["conformsTo"].clone();
    assert!(
        classes
            .as_array()
            .expect("conformsTo")
            .iter()
            .any(|c| c == "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html"),
        "{classes}"
    );
}

#[tokio::test]
async fn html_pages_show_the_same_content_as_json_and_link_onwards_in_html() {
    let server = TestServer::seeded().await;
    let collections = server.get("/collections?f=html").await.text();
    assert!(collections.contains("<a href=\"/collections/cities/items?f=html\">4</a>"));
    let items = server
        .get("/collections/cities/items?f=html&limit=2")
        .await
        .text();
    assert!(items.contains("2 of 4 matching features."), "{items}");
    assert!(items.contains("<a href=\"/collections/cities/items/baku?f=html\">Baku</a>"));
    // The next page stays HTML and keeps the page size; `self` offers the JSON.
    assert!(
        items.contains("href=\"/collections/cities/items?limit=2&amp;offset=2&amp;f=html\""),
        "{items}"
    );
    assert!(items.contains("href=\"/collections/cities/items?limit=2&amp;offset=0\""));
    let item = server
        .get("/collections/cities/items/baku?f=html")
        .await
        .text();
    assert!(item.contains("<dt>kind</dt><dd>capital</dd>"), "{item}");
}

#[tokio::test]
async fn json_answers_link_their_html_alternate() {
    let server = TestServer::seeded().await;
    for (uri, alternate) in [
        ("/?f=json", "/?f=html"),
        ("/collections", "/collections?f=html"),
        ("/collections/cities", "/collections/cities?f=html"),
        (
            "/collections/cities/items?limit=2",
            "/collections/cities/items?limit=2&offset=0&f=html",
        ),
        (
            "/collections/cities/items/baku",
            "/collections/cities/items/baku?f=html",
        ),
    ] {
        let links = server.get(uri).await.json()["links"].clone();
        let found = links
            .as_array()
            .expect("links")
            .iter()
            .find(|l| l["rel"] == "alternate")
            .unwrap_or_else(|| panic!("{uri}: no alternate in {links}"))
            .clone();
        assert_eq!(found["href"], alternate, "{uri}");
        assert_eq!(found["type"], HTML, "{uri}");
        let page = server.get(alternate).await;
        assert_eq!(page.status, StatusCode::OK, "{alternate}");
        // The root's HTML is the built app, served as a file.
        assert!(
            page.header("content-type").starts_with("text/html"),
            "{alternate}"
        );
    }
}

#[tokio::test]
async fn names_and_properties_from_the_data_are_escaped_in_html() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture("data", dir.path());
    let hostile = "<img src=x onerror=alert(1)> & \\\"quoted\\\"";
    edit_file(
        &dir.path().join("layers/cities.geojson"),
        "\"name\": \"Baku\"",
        &format!("\"name\": \"{hostile}\""),
    );
    let server = TestServer::with_data(dir.path()).await;
    for uri in [
        "/collections/cities/items?f=html",
        "/collections/cities/items/baku?f=html",
    ] {
        let page = server.get(uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.text());
        let text = page.text();
        assert!(!text.contains("<img"), "{uri}: {text}");
        assert!(
            text.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;"),
            "{uri}: {text}"
        );
    }
}

/// Found by schemathesis: `/?f=html` answered 503 while the app was not built.
#[tokio::test]
async fn without_a_built_app_the_landing_page_is_plain_html_not_503() {
    let server = TestServer::seeded().await;
    std::fs::remove_file(server.state.dist.join("index.html")).expect("remove index.html");
    for (uri, headers) in [
        ("/?f=html", &[][..]),
        ("/", &[("accept", "text/html,*/*;q=0.8")][..]),
    ] {
        let answer = server.get_with(uri, headers).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
        assert_eq!(answer.header("content-type"), HTML);
        let page = answer.text();
        assert!(page.contains("<h1>Corridor Atlas</h1>"), "{page}");
        assert!(page.contains("href=\"/collections?f=html\""), "{page}");
    }
}

#[tokio::test]
async fn with_a_built_app_browsers_still_get_the_app_at_the_root() {
    let server = TestServer::seeded().await;
    for uri in ["/", "/?f=html"] {
        let answer = server.get_with(uri, &[("accept", "text/html")]).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(answer.text().contains("Corridor Atlas app"), "{uri}");
    }
}

#[tokio::test]
async fn every_operation_offering_f_html_documents_its_html_answer() {
    let server = TestServer::seeded().await;
    let document = server.get("/api").await.json();
    for name in ["f", "fItems"] {
        let f = &document["components"]["parameters"][name]["schema"]["enum"];
        assert!(f.as_array().expect("enum").iter().any(|v| v == "html"));
    }
    let mut offering = 0;
    for (path, item) in document["paths"].as_object().expect("paths") {
        let operation = &item["get"];
        let takes_f = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| {
                p["$ref"] == "#/components/parameters/f"
                    || p["$ref"] == "#/components/parameters/fItems"
            });
        if takes_f {
            offering += 1;
            assert!(
                operation["responses"]["200"]["content"]["text/html"].is_object(),
                "{path} takes f=html but does not document text/html"
            );
        }
    }
    assert_eq!(
        offering, 6,
        "api, conformance, collections, collection, items, item"
    );
    // Search offers JSON only, and says so.
    let search_f = &document["components"]["parameters"]["fJson"]["schema"]["enum"];
    assert!(
        !search_f
            .as_array()
            .expect("enum")
            .iter()
            .any(|v| v == "html")
    );
}
