//! `POST /collections/{id}/import` through the real router: editors only, a
//! dry run that writes nothing, an apply with a history row per change that
//! the very next read sees, all or nothing when a row is rejected, CSV, and
//! files fetched from a URL (a local server) within a size limit.

mod common;

use atlas_model::account::Role;
use atlas_server::accounts;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{Answer, TestServer, web};
use serde_json::{Value, json};

const HOST: &str = "atlas.test";
const OWN_ORIGIN: &str = "http://atlas.test";

/// A seeded server with an editor `ed`, and `ed`'s session cookie.
async fn signed_in_server() -> (TestServer, String) {
    let server = TestServer::seeded().await;
    accounts::add_user(
        &*server.store,
        "ed",
        Role::Editor,
        "ed's password".into(),
        "2026-12-01T00:00:00Z".into(),
    )
    .await
    .expect("adds the account");
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/session")
        .header("host", HOST)
        .header("origin", OWN_ORIGIN)
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"name": "ed", "password": "ed's password"}).to_string(),
        ))
        .expect("request builds");
    let answer = server.request(request).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let cookie = answer
        .header("set-cookie")
        .split(';')
        .next()
        .expect("a cookie")
        .to_string();
    (server, cookie)
}

/// POSTs `body` of `content_type` to `uri` from the site's own page, with `cookie` if any.
async fn post(
    server: &TestServer,
    uri: &str,
    cookie: Option<&str>,
    content_type: &str,
    body: impl Into<Body>,
) -> Answer {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header("host", HOST)
        .header("origin", OWN_ORIGIN)
        .header("content-type", content_type);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    server
        .request(request.body(body.into()).expect("request builds"))
        .await
}

fn feature(id: &str, name: &str, kind: &str, lon: f64, lat: f64) -> Value {
    json!({
        "type": "Feature", "id": id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "id": id, "name": name, "kind": kind, "status": "operating",
            "sources": [{"title": "Fixture source", "url": "https://example.org/fixture"}],
        },
    })
}

/// Baku as the fixture has it but renamed, a new city, and Aktau unchanged,
/// with `extra` features after them.
fn collection(extra: &[Value]) -> String {
    let mut baku = feature("baku", "Baku (Bakı)", "capital", 49.867, 40.409);
    baku["properties"]["passages"] = json!([{"report": "sample-report", "passage": "summary-1"}]);
    let mut features = vec![
        baku,
        feature("ganja", "Ganja", "city", 46.36, 40.68),
        feature("aktau", "Aktau", "city", 51.2, 43.65),
    ];
    features.extend(extra.iter().cloned());
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

/// What the store holds that an import could change: features, history rows, Baku's name.
async fn state_of(server: &TestServer) -> (i64, i64, String) {
    let features = server
        .db()
        .scalar("SELECT COUNT(*) FROM features")
        .await
        .expect("counts");
    let history = server
        .db()
        .scalar("SELECT COUNT(*) FROM feature_history")
        .await
        .expect("counts");
    let name = server
        .db()
        .scalar("SELECT name FROM features WHERE id = 'baku'")
        .await
        .expect("baku");
    (features, history, name)
}

fn actions(report: &Value) -> Vec<(String, String)> {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or("").to_string(),
                r["action"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_dry_run_says_row_by_row_what_would_happen_and_writes_nothing() {
    let (server, cookie) = signed_in_server().await;
    let before = state_of(&server).await;
    let answer = post(
        &server,
        "/collections/cities/import?dry_run=true",
        Some(&cookie),
        "application/geo+json",
        collection(&[]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let report = answer.json();
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["applied"], false);
    assert_eq!(
        actions(&report),
        [
            ("baku".into(), "update".into()),
            ("ganja".into(), "create".into()),
            ("aktau".into(), "unchanged".into())
        ]
    );
    assert_eq!(state_of(&server).await, before);
}

#[tokio::test]
async fn applying_writes_every_change_with_a_history_row_seen_by_the_next_read() {
    let (server, cookie) = signed_in_server().await;
    // A cached page, which the import must make stale.
    assert_eq!(
        server
            .get("/collections/cities/items")
            .await
            .feature_ids()
            .len(),
        4
    );
    let (features, history, _) = state_of(&server).await;
    let answer = post(
        &server,
        "/collections/cities/import",
        Some(&cookie),
        "application/geo+json",
        collection(&[]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let report = answer.json();
    assert_eq!(
        (report["applied"].clone(), report["created"].clone()),
        (json!(true), json!(1))
    );
    assert_eq!(
        state_of(&server).await,
        (features + 1, history + 2, "Baku (Bakı)".into())
    );
    let rows: Vec<(String, i64, String)> = server
        .db()
        .all(
            "SELECT feature_id, revision, changed_by FROM feature_history \
         WHERE changed_by = 'ed' ORDER BY feature_id",
        )
        .await
        .expect("history");
    assert_eq!(
        rows,
        [
            ("baku".into(), 2, "ed".into()),
            ("ganja".into(), 1, "ed".into())
        ]
    );
    let page = server.get("/collections/cities/items").await;
    assert!(page.feature_ids().contains(&"ganja".to_string()));
    let baku = server.get("/collections/cities/items/baku").await.json();
    assert_eq!(baku["properties"]["name"], "Baku (Bakı)");
    assert_eq!(baku["revision"], 2);
    // The same file again changes nothing.
    let again = post(
        &server,
        "/collections/cities/import",
        Some(&cookie),
        "application/geo+json",
        collection(&[]),
    )
    .await
    .json();
    assert_eq!(
        (again["applied"].clone(), again["unchanged"].clone()),
        (json!(false), json!(3))
    );
}

#[tokio::test]
async fn a_rejected_row_leaves_nothing_half_applied_and_is_named_in_a_422() {
    let (server, cookie) = signed_in_server().await;
    let before = state_of(&server).await;
    let bad_kind = feature("nowhere", "Nowhere", "spaceport", 10.0, 10.0);
    let line_as_city = json!({
        "type": "Feature", "id": "bad-line",
        "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 200]]},
        "properties": {"id": "bad-line", "name": "Bad", "kind": "city", "status": "planned",
            "sources": [{"title": "T", "url": "https://example.org/"}]},
    });
    let taken = feature("baku-tbilisi-kars-railway", "BTK", "city", 44.0, 41.0);
    let body = collection(&[bad_kind, line_as_city, taken]);
    let answer = post(
        &server,
        "/collections/cities/import",
        Some(&cookie),
        "application/geo+json",
        body.clone(),
    )
    .await;
    let problem = answer.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let names: Vec<&str> = problem["invalid-params"]
        .as_array()
        .expect("invalid-params")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["rows[4].properties.kind", "rows[5].geometry", "rows[6].id"],
        "{problem}"
    );
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("3 of 6")),
        "{problem}"
    );
    assert_eq!(state_of(&server).await, before, "nothing written");

    // The dry run of the same file lists every row, the rejected with reasons.
    let report = post(
        &server,
        "/collections/cities/import?dry_run=true",
        Some(&cookie),
        "application/geo+json",
        body,
    )
    .await
    .json();
    assert_eq!(report["rejected"], 3);
    assert_eq!(report["rows"][3]["action"], "reject");
    assert_eq!(report["rows"][3]["reasons"][0]["field"], "properties.kind");
    let reason = report["rows"][3]["reasons"][0]["reason"]
        .as_str()
        .unwrap_or("");
    assert!(
        reason.starts_with("unknown value \"spaceport\""),
        "{reason}"
    );
    assert_eq!(report["rows"][0]["action"], "update");
}

#[tokio::test]
async fn a_csv_of_points_imports_and_a_repeated_id_is_rejected() {
    let (server, cookie) = signed_in_server().await;
    let answer = post(
        &server,
        "/collections/cities/import",
        Some(&cookie),
        "text/csv; charset=utf-8",
        web::POINTS_CSV,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["created"], 2);
    let alat = server.get("/collections/cities/items/alat").await.json();
    assert_eq!(alat["geometry"]["coordinates"], json!([49.41, 39.95]));
    assert_eq!(alat["properties"]["kind"], "port");

    let twice = format!(
        "{}alat,Alat again,port,planned,49.4,39.9,T,https://example.org/\r\n",
        web::POINTS_CSV
    );
    let problem = post(
        &server,
        "/collections/cities/import",
        Some(&cookie),
        "text/csv",
        twice,
    )
    .await
    .problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem["invalid-params"][0]["name"], "rows[4].id",
        "{problem}"
    );
}

#[tokio::test]
async fn without_an_editors_session_or_with_a_wrong_body_nothing_changes() {
    let (server, cookie) = signed_in_server().await;
    let before = state_of(&server).await;
    let body = collection(&[]);
    post(
        &server,
        "/collections/cities/import",
        None,
        "application/geo+json",
        body.clone(),
    )
    .await
    .problem(StatusCode::UNAUTHORIZED);
    post(
        &server,
        "/collections/cities/import",
        Some(&cookie),
        "text/plain",
        body.clone(),
    )
    .await
    .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    post(
        &server,
        "/collections/nowhere/import",
        Some(&cookie),
        "application/geo+json",
        body,
    )
    .await
    .problem(StatusCode::NOT_FOUND);
    let not_geojson = post(
        &server,
        "/collections/cities/import",
        Some(&cookie),
        "application/geo+json",
        "{\"type\": \"Point\"}",
    )
    .await
    .problem(StatusCode::BAD_REQUEST);
    assert_eq!(not_geojson["invalid-params"][0]["name"], "type");
    let over = vec![b' '; atlas_server::file_import::MAX_FILE_BYTES + 1];
    post(
        &server,
        "/collections/cities/import",
        Some(&cookie),
        "text/csv",
        over,
    )
    .await
    .problem(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(state_of(&server).await, before);
}

#[tokio::test]
async fn a_file_at_a_url_is_fetched_and_imported_and_one_too_large_is_refused() {
    let (server, cookie) = signed_in_server().await;
    let web = web::start().await;
    let before = state_of(&server).await;
    let from = |path: &str| json!({ "url": format!("http://{web}{path}") }).to_string();

    let too_large = post(
        &server,
        "/collections/cities/import",
        Some(&cookie),
        "application/json",
        from("/huge.csv"),
    )
    .await
    .problem(StatusCode::BAD_REQUEST);
    assert_eq!(too_large["invalid-params"][0]["name"], "url");
    assert!(
        too_large["invalid-params"][0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("larger than")),
        "{too_large}"
    );
    let missing = post(
        &server,
        "/collections/cities/import",
        Some(&cookie),
        "application/json",
        from("/missing"),
    )
    .await
    .problem(StatusCode::BAD_REQUEST);
    assert!(
        missing["detail"]
            .as_str()
            .is_some_and(|d| d.contains("404")),
        "{missing}"
    );
    assert_eq!(state_of(&server).await, before);

    let answer = post(
        &server,
        "/collections/cities/import?dry_run=false",
        Some(&cookie),
        "application/json",
        from("/points.csv"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(
        actions(&answer.json()),
        [
            ("alat".into(), "create".into()),
            ("kuryk".into(), "create".into())
        ]
    );
    assert_eq!(state_of(&server).await.0, before.0 + 2);
}
