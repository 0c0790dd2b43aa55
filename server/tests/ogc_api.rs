//! The OGC API - Features resources, driven through the real router.

mod common;

use axum::http::StatusCode;
use common::TestServer;

#[tokio::test]
async fn landing_page_as_json_links_conformance_collections_and_reports() {
    let server = TestServer::seeded().await;
    let answer = server.get("/?f=json").await;
    assert_eq!(answer.status, StatusCode::OK);
    let landing = answer.json();
    assert_eq!(landing["title"], "Corridor Atlas");
    let rels: Vec<(&str, &str)> = landing["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| {
            (
                l["rel"].as_str().unwrap_or(""),
                l["href"].as_str().unwrap_or(""),
            )
        })
        .collect();
    for expected in [
        ("conformance", "/conformance"),
        ("data", "/collections"),
        ("service-desc", "/api"),
        ("reports", "/api/reports"),
    ] {
        assert!(rels.contains(&expected), "{expected:?} in {rels:?}");
    }
    assert!(rels.iter().any(|(rel, _)| *rel == "self"));
}

#[tokio::test]
async fn landing_page_is_json_when_accept_asks_for_json_only() {
    let server = TestServer::seeded().await;
    let answer = server
        .get_with("/", &[("accept", "application/json")])
        .await;
    assert_eq!(answer.header("content-type"), "application/json");
    assert_eq!(answer.json()["title"], "Corridor Atlas");
}

/// Found by OWSLib, which sends `Accept: */*` and got the app's HTML page.
#[tokio::test]
async fn landing_page_is_json_for_clients_that_do_not_name_html() {
    let server = TestServer::seeded().await;
    for headers in [&[][..], &[("accept", "*/*")][..]] {
        let answer = server.get_with("/", headers).await;
        assert_eq!(answer.header("content-type"), "application/json");
        assert_eq!(answer.json()["title"], "Corridor Atlas");
    }
}

#[tokio::test]
async fn a_browser_asking_for_the_root_gets_the_app() {
    let server = TestServer::seeded().await;
    let answer = server
        .get_with(
            "/",
            &[("accept", "text/html,application/xhtml+xml,*/*;q=0.8")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.header("content-type").starts_with("text/html"));
    assert!(answer.text().contains("Corridor Atlas app"));
}

/// Whether `answer` says it varies by `Accept`.
fn varies_by_accept(answer: &common::Answer) -> bool {
    answer.headers.get_all("vary").iter().any(|line| {
        line.to_str()
            .unwrap_or("")
            .split(',')
            .any(|name| name.trim().eq_ignore_ascii_case("accept"))
    })
}

#[tokio::test]
async fn the_root_chosen_by_accept_says_so_to_caches() {
    let server = TestServer::seeded().await;
    for accept in ["text/html,application/xhtml+xml,*/*;q=0.8", "*/*"] {
        let answer = server.get_with("/", &[("accept", accept)]).await;
        assert!(varies_by_accept(&answer), "{accept}: {:?}", answer.headers);
    }
    // Named by ?f=, the answer is the same whatever the Accept.
    assert!(!varies_by_accept(&server.get("/?f=json").await));
}

#[tokio::test]
async fn conformance_lists_core_and_geojson() {
    let server = TestServer::seeded().await;
    let classes = server.get("/conformance").await.json()["conformsTo"].clone();
    let classes: Vec<&str> = classes
        .as_array()
        .expect("conformsTo is a list")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    assert!(classes.contains(&"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"));
    assert!(classes.contains(&"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"));
}

#[tokio::test]
async fn collections_lists_every_fixture_layer_with_counts_and_extents() {
    let server = TestServer::seeded().await;
    let answer = server.get("/collections").await;
    assert_eq!(answer.status, StatusCode::OK);
    let document = answer.json();
    let collections = document["collections"].as_array().expect("collections");
    let ids: Vec<&str> = collections
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids, ["cities", "rail"]);
    let cities = &collections[0];
    assert_eq!(cities["title"], "Cities");
    assert_eq!(cities["numberOfFeatures"], 4);
    assert_eq!(
        cities["extent"]["spatial"]["bbox"][0],
        serde_json::json!([44.793, 39.908, 116.397, 43.65])
    );
    assert_eq!(collections[1]["numberOfFeatures"], 1);
    let items = cities["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "items")
        .expect("an items link");
    assert_eq!(items["href"], "/collections/cities/items");
    assert_eq!(items["type"], "application/geo+json");
}

#[tokio::test]
async fn one_collection_describes_itself() {
    let server = TestServer::seeded().await;
    let answer = server.get("/collections/rail").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["title"], "Railways");
}

#[tokio::test]
async fn items_are_geojson_with_matched_and_returned_counts() {
    let server = TestServer::seeded().await;
    let answer = server.get("/collections/cities/items").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-type"), "application/geo+json");
    let page = answer.json();
    assert_eq!(page["type"], "FeatureCollection");
    assert_eq!(page["numberMatched"], 4);
    assert_eq!(page["numberReturned"], 4);
    assert!(page["timeStamp"].as_str().is_some_and(|t| t.ends_with('Z')));
    // Stable order: by id.
    assert_eq!(
        answer.feature_ids(),
        ["aktau", "baku", "beijing", "tbilisi"]
    );
    let baku = &page["features"][1];
    // Server-owned fields sit beside the curated properties, never inside.
    assert_eq!(baku["revision"], 1);
    assert!(baku["updated_at"].is_string());
    assert!(baku["properties"].get("revision").is_none());
}

#[tokio::test]
async fn a_bbox_around_baku_returns_baku_but_not_beijing() {
    let server = TestServer::seeded().await;
    let answer = server
        .get("/collections/cities/items?bbox=49,40,50.5,41")
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.feature_ids(), ["baku"]);
    assert_eq!(answer.json()["numberMatched"], 1);
}

/// Found by schemathesis: Part 1 (7.15.3) reads west above east as a box
/// across the antimeridian, which the server used to refuse.
#[tokio::test]
async fn a_bbox_with_west_above_east_crosses_the_antimeridian() {
    let server = TestServer::seeded().await;
    // 100°E eastwards over 180° to 50°E: Beijing, Baku and Tbilisi, not Aktau (51.2°E).
    let answer = server
        .get("/collections/cities/items?bbox=100,30,50,45")
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.feature_ids(), ["baku", "beijing", "tbilisi"]);
    assert_eq!(answer.json()["numberMatched"], 3);
    // Around the antimeridian itself, in the Pacific: nothing.
    let pacific = server
        .get("/collections/cities/items?bbox=170,-10,-170,10")
        .await;
    assert_eq!(pacific.status, StatusCode::OK);
    assert!(pacific.feature_ids().is_empty());
}

#[tokio::test]
async fn limit_and_offset_page_through_items_with_a_next_link() {
    let server = TestServer::seeded().await;
    let first = server.get("/collections/cities/items?limit=3").await;
    let page = first.json();
    assert_eq!(page["numberReturned"], 3);
    assert_eq!(page["numberMatched"], 4);
    let next = page["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "next")
        .and_then(|l| l["href"].as_str())
        .expect("a next link")
        .to_string();
    let second = server.get(&next).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.feature_ids(), ["tbilisi"]);
    let last = second.json();
    assert!(
        !last["links"]
            .as_array()
            .expect("links")
            .iter()
            .any(|l| l["rel"] == "next"),
        "the last page has no next link"
    );
    let mut all = first.feature_ids();
    all.extend(second.feature_ids());
    assert_eq!(all, ["aktau", "baku", "beijing", "tbilisi"]);
}

#[tokio::test]
async fn the_next_link_keeps_the_bbox() {
    let server = TestServer::seeded().await;
    let page = server
        .get("/collections/cities/items?bbox=40,35,60,45&limit=1")
        .await
        .json();
    let next = page["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "next")
        .and_then(|l| l["href"].as_str())
        .expect("a next link");
    assert!(next.contains("bbox=40,35,60,45"), "{next}");
    assert!(next.contains("limit=1"), "{next}");
}

#[tokio::test]
async fn one_feature_by_id_has_self_alternate_and_collection_links() {
    let server = TestServer::seeded().await;
    let answer = server
        .get("/collections/rail/items/baku-tbilisi-kars-railway")
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-type"), "application/geo+json");
    let feature = answer.json();
    assert_eq!(feature["type"], "Feature");
    assert_eq!(feature["id"], "baku-tbilisi-kars-railway");
    assert_eq!(feature["properties"]["facts"]["opened"], 2017);
    let rels: Vec<&str> = feature["links"]
        .as_array()
        .expect("links")
        .iter()
        .filter_map(|l| l["rel"].as_str())
        .collect();
    assert_eq!(rels, ["self", "alternate", "collection"]);
}

#[tokio::test]
async fn an_unknown_collection_is_a_404_problem() {
    let server = TestServer::seeded().await;
    for uri in ["/collections/nowhere", "/collections/nowhere/items"] {
        let problem = server.get(uri).await.problem(StatusCode::NOT_FOUND);
        assert_eq!(problem["title"], "Not Found");
    }
}

#[tokio::test]
async fn an_unknown_feature_is_a_404_problem() {
    let server = TestServer::seeded().await;
    server
        .get("/collections/cities/items/atlantis")
        .await
        .problem(StatusCode::NOT_FOUND);
    // A real feature asked for under the wrong collection is not found either.
    server
        .get("/collections/rail/items/baku")
        .await
        .problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_path_traversal_id_is_a_404_and_reads_no_file() {
    let server = TestServer::seeded().await;
    for uri in [
        "/collections/cities/items/..%2F..%2F..%2Fetc%2Fpasswd",
        "/collections/..%2F..%2Fetc%2Fpasswd",
        "/collections/..%2F..%2Fetc%2Fpasswd/items",
        "/api/reports/..%2F..%2Fetc%2Fpasswd",
        "/api/basemap/..%2F..%2F..%2Fetc%2Fpasswd",
    ] {
        let answer = server.get(uri).await;
        answer.problem(StatusCode::NOT_FOUND);
        assert!(!answer.text().contains("root:"), "{uri}: {}", answer.text());
    }
}

#[tokio::test]
async fn a_bbox_of_three_numbers_is_refused_naming_bbox() {
    let server = TestServer::seeded().await;
    server
        .get("/collections/cities/items?bbox=1,2,3")
        .await
        .assert_bad_param("bbox");
}

#[tokio::test]
async fn a_bbox_of_words_is_refused_naming_bbox() {
    let server = TestServer::seeded().await;
    server
        .get("/collections/cities/items?bbox=a,b,c,d")
        .await
        .assert_bad_param("bbox");
}

#[tokio::test]
async fn an_out_of_range_or_south_above_north_bbox_is_refused_naming_bbox() {
    let server = TestServer::seeded().await;
    for bbox in ["0,0,200,1", "0,-100,1,1", "0,5,1,1", "inf,0,1,1"] {
        server
            .get(&format!("/collections/cities/items?bbox={bbox}"))
            .await
            .assert_bad_param("bbox");
    }
}

#[tokio::test]
async fn limits_outside_one_to_ten_thousand_or_not_numbers_are_refused_naming_limit() {
    let server = TestServer::seeded().await;
    for limit in ["0", "100001", "10001", "-1", "abc", ""] {
        server
            .get(&format!("/collections/cities/items?limit={limit}"))
            .await
            .assert_bad_param("limit");
    }
}

#[tokio::test]
async fn a_negative_offset_is_refused_naming_offset() {
    let server = TestServer::seeded().await;
    server
        .get("/collections/cities/items?offset=-3")
        .await
        .assert_bad_param("offset");
}

#[tokio::test]
async fn unknown_query_parameters_are_refused_naming_them_and_never_cached() {
    let server = TestServer::seeded().await;
    for n in 0..3 {
        server
            .get(&format!("/collections/cities/items?colour=red{n}"))
            .await
            .assert_bad_param("colour");
        server
            .get(&format!("/collections/cities/items?limit=5&colour=red{n}"))
            .await
            .assert_bad_param("colour");
    }
    server
        .get("/collections/cities/items/baku?colour=red")
        .await
        .assert_bad_param("colour");
    assert_eq!(
        server.state.cache.size().0,
        0,
        "refusals fill no cache slot"
    );
    let answer = server.get("/collections/cities/items?limit=5").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(server.state.cache.size().0, 1);
}

#[tokio::test]
async fn a_bbox_of_six_numbers_selects_as_its_four_do() {
    let server = TestServer::seeded().await;
    let four = server
        .get("/collections/cities/items?bbox=40,35,55,45")
        .await;
    let six = server
        .get("/collections/cities/items?bbox=40,35,-50,55,45,9000")
        .await;
    assert_eq!(six.status, StatusCode::OK, "{}", six.text());
    assert!(!four.feature_ids().is_empty());
    assert_eq!(six.feature_ids(), four.feature_ids());
    server
        .get("/collections/cities/items?bbox=40,35,9000,55,45,-50")
        .await
        .assert_bad_param("bbox");
}

#[tokio::test]
async fn an_unsupported_format_is_refused_naming_f() {
    let server = TestServer::seeded().await;
    server
        .get("/collections/cities/items?f=xml")
        .await
        .assert_bad_param("f");
}

#[tokio::test]
async fn unknown_api_routes_are_404_problems() {
    let server = TestServer::seeded().await;
    for uri in [
        "/api/nothing",
        "/collections/cities/items/baku/more",
        "/conformance/x",
    ] {
        server.get(uri).await.problem(StatusCode::NOT_FOUND);
    }
}
