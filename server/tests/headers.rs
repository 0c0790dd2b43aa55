//! Headers every answer carries: CORS, HEAD, and the security headers with a
//! Content-Security-Policy that allows the built app's inline scripts by hash.

mod common;

use axum::http::{Method, StatusCode};
use common::TestServer;

/// What a browser asks for when it opens a page.
const BROWSER: [(&str, &str); 1] = [("accept", "text/html,application/xhtml+xml")];

/// A Trunk-shaped `index.html`: an inline module script that loads the wasm,
/// a script with `src` (never hashed), and Trunk's SRI and modulepreload links.
const INDEX_HTML: &str = "<!doctype html>\n<html><head>\n<script type=\"module\">\n\
import init from '/atlas-app.js';\nawait init({ module_or_path: '/atlas-app_bg.wasm' });\n\
</script>\n<script src=\"/other.js\"></script>\n<script>window.second = 2;</script>\n\
<link rel=\"modulepreload\" href=\"/atlas-app.js\" crossorigin=\"anonymous\" \
integrity=\"sha384-AAAA\">\n</head><body></body></html>\n";

/// The two inline bodies above, hashed outside Rust:
/// `printf '...' | openssl dgst -sha256 -binary | base64`.
const FIRST_SCRIPT_HASH: &str = "'sha256-DX3Vnr5nXA+a0ag6p0mGXVLKEGC18xVhgx5Fzm8GOB4='";
const SECOND_SCRIPT_HASH: &str = "'sha256-8QJ2SmskTw0nGavvP8lhC99qQR0kOI+14lpNKs7L/qc='";

#[tokio::test]
async fn any_origin_may_read_the_api() {
    let server = TestServer::seeded().await;
    let answer = server
        .get_with("/collections", &[("origin", "https://elsewhere.example")])
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("access-control-allow-origin"), "*");
    let exposed = answer
        .header("access-control-expose-headers")
        .to_lowercase();
    assert!(exposed.contains("etag"), "{exposed}");
}

#[tokio::test]
async fn pages_and_the_apps_files_are_for_this_origin_only() {
    let server = TestServer::seeded().await;
    let origin = ("origin", "https://elsewhere.example");
    for (uri, accept) in [
        ("/", "text/html"),
        ("/index.html", "text/html"),
        ("/some/deep/link", "text/html"),
        ("/app.js", "*/*"),
        ("/collections?f=html", "text/html"),
    ] {
        let answer = server.get_with(uri, &[origin, ("accept", accept)]).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_eq!(answer.header("access-control-allow-origin"), "", "{uri}");
        assert_eq!(answer.header("access-control-expose-headers"), "", "{uri}");
    }
    // The landing page's JSON is an API read.
    let landing = server.get_with("/?f=json", &[origin]).await;
    assert_eq!(landing.header("access-control-allow-origin"), "*");
    // A write is no read, even where the API lives; from another origin it
    // is refused before routing.
    let post = server.send(Method::POST, "/collections", &[origin]).await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    assert_eq!(post.header("access-control-allow-origin"), "");
    let own = server.send(Method::POST, "/collections", &[]).await;
    assert_eq!(own.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(own.header("access-control-allow-origin"), "");
}

#[tokio::test]
async fn the_page_by_its_file_name_is_answered_as_the_page() {
    let server = TestServer::seeded().await;
    let root = server.get_with("/", &[("accept", "text/html")]).await;
    let named = server
        .get_with(
            "/index.html",
            &[("accept", "text/html"), ("range", "bytes=0-9")],
        )
        .await;
    assert_eq!(named.status, StatusCode::OK, "no partial content");
    assert_eq!(named.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(named.header("cache-control"), "no-cache");
    assert_eq!(named.header("accept-ranges"), "");
    assert_eq!(named.text(), root.text());
}

#[tokio::test]
async fn a_cors_preflight_allows_get_and_head_only() {
    let server = TestServer::seeded().await;
    let answer = server
        .send(
            Method::OPTIONS,
            "/collections/cities/items",
            &[
                ("origin", "https://elsewhere.example"),
                ("access-control-request-method", "GET"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("access-control-allow-origin"), "*");
    let methods = answer.header("access-control-allow-methods");
    assert!(
        methods.contains("GET") && methods.contains("HEAD"),
        "{methods}"
    );
    assert!(!methods.contains("POST"), "{methods}");
}

#[tokio::test]
async fn head_on_collections_answers_like_get_without_a_body() {
    let server = TestServer::seeded().await;
    let get = server.get("/collections").await;
    let head = server.send(Method::HEAD, "/collections", &[]).await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.header("content-type"), get.header("content-type"));
    assert!(!get.header("etag").is_empty());
    assert_eq!(head.header("etag"), get.header("etag"));
    assert!(head.body.is_empty());
}

#[tokio::test]
async fn head_with_a_matching_etag_answers_304() {
    let server = TestServer::seeded().await;
    let etag = server
        .get("/collections/rail")
        .await
        .header("etag")
        .to_string();
    let head = server
        .send(
            Method::HEAD,
            "/collections/rail",
            &[("if-none-match", &etag)],
        )
        .await;
    assert_eq!(head.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn every_answer_carries_nosniff_and_a_referrer_policy() {
    let server = TestServer::seeded().await;
    for uri in [
        "/collections",
        "/app.js",
        "/collections/nowhere",
        "/deep/link",
    ] {
        let answer = server.get(uri).await;
        assert_eq!(answer.header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(
            answer.header("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{uri}"
        );
        assert!(
            !answer.header("content-security-policy").is_empty(),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn pages_and_scripts_carry_the_apps_policy_and_data_a_policy_that_allows_nothing() {
    let server = TestServer::seeded().await;
    let page = server.get_with("/", &BROWSER).await;
    assert!(page.header("content-type").starts_with("text/html"));
    let page_policy = page.header("content-security-policy").to_string();
    assert!(page_policy.contains("script-src 'self'"), "{page_policy}");
    // The offline worker runs under its script's policy: it fetches from this origin.
    std::fs::write(server.state.dist.join("sw.js"), "// __BUILD__ __PRECACHE__").expect("sw.js");
    let worker = server.get("/sw.js").await;
    assert_eq!(worker.status, StatusCode::OK);
    assert_eq!(worker.header("content-security-policy"), page_policy);
    let items = "/collections/cities/items";
    // Routed, then answered from the cache, then revalidated: the same short policy.
    for uri in ["/collections", "/api/config", items, items] {
        let answer = server.get(uri).await;
        assert_eq!(
            answer.header("content-security-policy"),
            "default-src 'none'; frame-ancestors 'none'",
            "{uri}"
        );
    }
    let tag = server.get(items).await.header("etag").to_string();
    let revalidated = server
        .get_with(items, &[("if-none-match", tag.as_str())])
        .await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    assert_eq!(
        revalidated.header("content-security-policy"),
        "default-src 'none'; frame-ancestors 'none'"
    );
}

#[tokio::test]
async fn a_revalidated_page_or_script_keeps_the_apps_policy() {
    // A browser replaces the policy it stored with a page by its 304's: a
    // short policy there would stop the page's scripts on its next visit.
    let server = TestServer::seeded().await;
    std::fs::write(server.state.dist.join("index.html"), INDEX_HTML).expect("index.html");
    std::fs::write(server.state.dist.join("sw.js"), "// __BUILD__ __PRECACHE__").expect("sw.js");
    for uri in ["/", "/sw.js"] {
        let first = server.get_with(uri, &BROWSER).await;
        let policy = first.header("content-security-policy").to_string();
        assert!(policy.contains("script-src 'self'"), "{uri}: {policy}");
        let tag = first.header("etag").to_string();
        assert!(!tag.is_empty(), "{uri} has a tag");
        let revalidated = server
            .get_with(uri, &[BROWSER[0], ("if-none-match", tag.as_str())])
            .await;
        assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert_eq!(
            revalidated.header("content-security-policy"),
            policy,
            "{uri}"
        );
    }
}

#[tokio::test]
async fn the_csp_allows_self_and_wasm_and_nothing_from_elsewhere() {
    let server = TestServer::seeded().await;
    let csp = server
        .get_with("/", &BROWSER)
        .await
        .header("content-security-policy")
        .to_string();
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors *",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(!csp.contains("http"), "{csp}");
}

#[tokio::test]
async fn the_csp_lists_the_sha256_of_each_inline_script_of_the_built_app() {
    let server = TestServer::seeded().await;
    std::fs::write(server.state.dist.join("index.html"), INDEX_HTML).expect("index.html");
    let csp = server
        .get_with("/", &BROWSER)
        .await
        .header("content-security-policy")
        .to_string();
    let script_src = csp
        .split("; ")
        .find(|d| d.starts_with("script-src "))
        .expect("a script-src directive");
    assert_eq!(
        script_src,
        format!("script-src 'self' 'wasm-unsafe-eval' {FIRST_SCRIPT_HASH} {SECOND_SCRIPT_HASH}")
    );
}

#[tokio::test]
async fn without_a_built_app_the_csp_allows_no_inline_script() {
    let server = TestServer::empty().await;
    // A page the server writes itself, whatever the app.
    let csp = server
        .get("/collections?f=html")
        .await
        .header("content-security-policy")
        .to_string();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{csp}"
    );
    assert!(!csp.contains("sha256"), "{csp}");
}

#[tokio::test]
async fn a_configured_tile_server_may_serve_images_and_nothing_else() {
    let policy = atlas_server::http::security::content_security_policy(
        &[],
        Some("https://tile.example.org"),
    );
    assert!(
        policy.contains("img-src 'self' data: https://tile.example.org;"),
        "{policy}"
    );
    assert!(policy.contains("connect-src 'self';"), "{policy}");
    assert_eq!(
        atlas_server::http::security::origin_of("https://tile.example.org/{z}/{x}/{y}.png")
            .as_deref(),
        Some("https://tile.example.org")
    );
    assert_eq!(
        atlas_server::http::security::origin_of("javascript:alert(1)"),
        None
    );
    assert_eq!(
        atlas_server::http::security::origin_of("https://a.org'; script-src *"),
        None
    );
}
