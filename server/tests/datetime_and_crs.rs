//! The `datetime`, `crs` and `bbox-crs` parameters of the items resources.
//!
//! In the fixtures the railway opened in 2017 and no city has an opening year.

mod common;

use axum::http::StatusCode;
use common::TestServer;

const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
const RAILWAY: &str = "baku-tbilisi-kars-railway";

async fn rail_ids(server: &TestServer, datetime: &str) -> Vec<String> {
    let answer = server
        .get(&format!("/collections/rail/items?datetime={datetime}"))
        .await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{datetime}: {}",
        answer.text()
    );
    answer.feature_ids()
}

#[tokio::test]
async fn a_year_matches_features_that_opened_that_year_only() {
    let server = TestServer::seeded().await;
    assert_eq!(rail_ids(&server, "2017").await, [RAILWAY]);
    assert!(rail_ids(&server, "2018").await.is_empty());
}

#[tokio::test]
async fn a_date_matches_features_that_opened_in_its_year() {
    let server = TestServer::seeded().await;
    assert_eq!(rail_ids(&server, "2017-01-01").await, [RAILWAY]);
    assert!(rail_ids(&server, "2016-12-31").await.is_empty());
}

#[tokio::test]
async fn an_rfc_3339_instant_matches_features_that_opened_in_its_year() {
    let server = TestServer::seeded().await;
    assert_eq!(rail_ids(&server, "2017-06-01T12:30:00Z").await, [RAILWAY]);
    // `+` must be encoded in a query; 01:00 at +03:00 is still 2016 in UTC.
    assert!(
        rail_ids(&server, "2017-01-01T01:00:00%2B03:00")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_closed_interval_matches_the_years_it_spans() {
    let server = TestServer::seeded().await;
    assert_eq!(rail_ids(&server, "2010/2020").await, [RAILWAY]);
    assert_eq!(rail_ids(&server, "2017/2017").await, [RAILWAY]);
    assert!(rail_ids(&server, "2018/2020").await.is_empty());
}

#[tokio::test]
async fn an_interval_open_at_the_start_matches_up_to_its_end() {
    let server = TestServer::seeded().await;
    assert_eq!(rail_ids(&server, "../2017").await, [RAILWAY]);
    assert!(rail_ids(&server, "../2016").await.is_empty());
}

#[tokio::test]
async fn an_interval_open_at_the_end_matches_from_its_start() {
    let server = TestServer::seeded().await;
    assert_eq!(rail_ids(&server, "2017/..").await, [RAILWAY]);
    assert!(rail_ids(&server, "2018/..").await.is_empty());
}

#[tokio::test]
async fn features_without_an_opening_year_match_only_the_fully_open_interval() {
    let server = TestServer::seeded().await;
    let open = server.get("/collections/cities/items?datetime=../..").await;
    assert_eq!(open.json()["numberMatched"], 4);
    for datetime in ["2017", "../2100", "1800/..", "1800/2100"] {
        let answer = server
            .get(&format!("/collections/cities/items?datetime={datetime}"))
            .await;
        assert_eq!(answer.json()["numberMatched"], 0, "{datetime}");
    }
}

#[tokio::test]
async fn malformed_datetimes_are_refused_naming_datetime() {
    let server = TestServer::seeded().await;
    for datetime in [
        "yesterday",
        "2017-13-01",
        "2017-02-30",
        "2017-01-01T12:00:00",
        "2020/2010",
        "..",
        "2017/2018/2019",
        "",
    ] {
        server
            .get(&format!("/collections/rail/items?datetime={datetime}"))
            .await
            .assert_bad_param("datetime");
    }
}

#[tokio::test]
async fn the_next_link_keeps_the_datetime_encoded() {
    let server = TestServer::seeded().await;
    let page = server
        .get("/collections/cities/items?datetime=../..&limit=1")
        .await
        .json();
    let next = page["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "next")
        .and_then(|l| l["href"].as_str())
        .expect("a next link")
        .to_string();
    assert!(next.contains("datetime=..%2F.."), "{next}");
    assert_eq!(server.get(&next).await.feature_ids(), ["baku"]);
}

#[tokio::test]
async fn items_say_their_crs_is_crs84() {
    let server = TestServer::seeded().await;
    for uri in [
        "/collections/rail/items",
        &format!("/collections/rail/items/{RAILWAY}"),
    ] {
        let answer = server.get(uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_eq!(answer.header("content-crs"), format!("<{CRS84}>"), "{uri}");
    }
}

#[tokio::test]
async fn crs84_is_accepted_as_crs_and_bbox_crs() {
    let server = TestServer::seeded().await;
    let answer = server
        .get(&format!(
            "/collections/cities/items?bbox=49,40,50.5,41&bbox-crs={CRS84}&crs={CRS84}"
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.feature_ids(), ["baku"]);
    let one = server
        .get(&format!("/collections/cities/items/baku?crs={CRS84}"))
        .await;
    assert_eq!(one.status, StatusCode::OK);
}

#[tokio::test]
async fn any_other_crs_is_refused_naming_crs() {
    let server = TestServer::seeded().await;
    let epsg = "http://www.opengis.net/def/crs/EPSG/0/3857";
    for uri in [
        format!("/collections/cities/items?crs={epsg}"),
        format!("/collections/cities/items/baku?crs={epsg}"),
        "/collections/cities/items?crs=CRS84".to_string(),
    ] {
        server.get(&uri).await.assert_bad_param("crs");
    }
}

#[tokio::test]
async fn any_other_bbox_crs_is_refused_naming_bbox_crs() {
    let server = TestServer::seeded().await;
    server
        .get("/collections/cities/items?bbox=49,40,50.5,41&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326")
        .await
        .assert_bad_param("bbox-crs");
}
