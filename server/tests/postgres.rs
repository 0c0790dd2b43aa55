//! The second store: a SQLite atlas moved into PostgreSQL by `atlas migrate`
//! answers byte for byte as it did, and two `atlas serve` processes on one
//! PostgreSQL database serve each other's writes and sessions.
//!
//! These need a PostgreSQL server with PostGIS (`ATLAS_TEST_POSTGRES`, which
//! `scripts/with-postgres.sh` sets; `make test` runs them so); without one
//! they say so and pass without running.

mod common;

use atlas_server::store::ChangeEvent;
use axum::http::{Method, StatusCode};
use common::editing::{HOST, get_signed_in, send_feature};
use common::{TestServer, postgres, project_data};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What a reader or an editor asks for, answered from every part of the store.
const READS: &[&str] = &[
    "/collections",
    "/collections/places",
    "/collections/places/items",
    "/collections/places/items?limit=3&offset=2",
    "/collections/places/items?bbox=40,38,50,43",
    "/collections/corridors/items",
    "/collections/energy/items?f=kml",
    "/collections/places/items/baku",
    "/collections/places/items?f=csv",
    "/api/reports",
    "/api/stories",
];

/// Searches: the same hits on both stores, though bm25 and `ts_rank` may
/// order them differently.
const SEARCHES: &[&str] = &["baku", "Constanta", "offshore wind", "Tbil", "ferry"];

/// The place and passage ids a search finds, sorted.
async fn hits(server: &TestServer, q: &str) -> (Vec<String>, Vec<String>) {
    let uri = format!("/api/search?q={}&limit=50", q.replace(' ', "%20"));
    let results = server.get(&uri).await.json();
    let ids = |group: &str, field: &str| {
        let mut ids: Vec<String> = results[group]
            .as_array()
            .expect("a result group")
            .iter()
            .filter_map(|hit| hit[field].as_str().map(str::to_string))
            .collect();
        ids.sort();
        ids
    };
    (ids("places", "id"), ids("passages", "passage"))
}

/// The answers `server` gives to `uris`: status, ETag and body of each.
async fn answers(server: &TestServer, uris: &[String]) -> Vec<(String, u16, String, String)> {
    let mut out = Vec::new();
    for uri in uris {
        let answer = server.get_with(uri, &[("host", HOST)]).await;
        out.push((
            uri.clone(),
            answer.status.as_u16(),
            answer.header("etag").to_string(),
            without_time_stamp(&answer.text()),
        ));
    }
    out
}

/// `body` with the value of its `timeStamp` (when a page was made) blanked.
fn without_time_stamp(body: &str) -> String {
    const KEY: &str = "\"timeStamp\":\"";
    let Some(start) = body.find(KEY).map(|at| at + KEY.len()) else {
        return body.to_string();
    };
    let end = body[start..]
        .find('"')
        .map_or(body.len(), |len| start + len);
    format!("{}…{}", &body[..start], &body[end..])
}

#[tokio::test]
async fn a_migrated_atlas_answers_byte_for_byte_as_it_did_on_sqlite() {
    let Some(url) = postgres::fresh_database().await else {
        return postgres::skipped("a_migrated_atlas_answers_byte_for_byte_as_it_did_on_sqlite");
    };
    let sqlite = TestServer::on_sqlite().await;
    sqlite.import(&project_data()).await;
    // An editor, a session and an edit: history and accounts move too.
    atlas_server::accounts::add_user(
        &*sqlite.store,
        "ed",
        atlas_model::account::Role::Editor,
        "ed's password".into(),
        "2026-12-01T00:00:00Z".into(),
    )
    .await
    .expect("adds the account");
    let cookie = common::editing::sign_in(&sqlite, "ed").await;
    let tag = sqlite
        .get("/collections/places/items/baku")
        .await
        .header("etag")
        .to_string();
    let patch = json!({ "properties": { "name": "Baky" } });
    let uri = "/collections/places/items/baku";
    let patched = send_feature(&sqlite, Method::PATCH, uri, &cookie, Some(&tag), &patch).await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text());

    let migrated = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["migrate", "--from"])
        .arg(format!("sqlite:{}", sqlite.location()))
        .args(["--to", &url])
        .output()
        .expect("atlas runs");
    assert!(migrated.status.success(), "{migrated:?}");
    let said = String::from_utf8_lossy(&migrated.stdout);
    assert!(
        said.contains("1 users") && said.contains("1 sessions"),
        "{said}"
    );
    let moved = TestServer::on_postgres(&url).await;

    let mut uris: Vec<String> = READS.iter().map(|uri| (*uri).to_string()).collect();
    let reports = sqlite.get("/api/reports").await.json();
    for report in reports["reports"].as_array().expect("reports") {
        uris.push(format!(
            "/api/reports/{}",
            report["id"].as_str().expect("id")
        ));
    }
    let before = answers(&sqlite, &uris).await;
    let after = answers(&moved, &uris).await;
    for (was, is) in before.iter().zip(&after) {
        assert_eq!(was.1, 200, "{}: {}", was.0, was.3);
        assert_eq!(was, is, "{} differs", was.0);
    }
    for q in SEARCHES {
        let found = hits(&sqlite, q).await;
        assert!(
            !found.0.is_empty() || !found.1.is_empty(),
            "{q} finds something"
        );
        assert_eq!(found, hits(&moved, q).await, "{q}");
    }
    // The session started on SQLite is good on PostgreSQL; the history moved whole.
    let me = get_signed_in(&moved, "/api/me", &cookie).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text());
    let history = format!("{uri}/history");
    let was = get_signed_in(&sqlite, &history, &cookie).await;
    let is = get_signed_in(&moved, &history, &cookie).await;
    assert_eq!((is.status, is.text()), (was.status, was.text()));
    // And an edit goes on from the revision it had.
    let tag = moved.get(uri).await.header("etag").to_string();
    let patch = json!({ "properties": { "name": "Baku" } });
    let back = send_feature(&moved, Method::PATCH, uri, &cookie, Some(&tag), &patch).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text());
    assert_eq!(back.json()["revision"], 3);

    // A second migrate into a database that holds an atlas is refused.
    let again = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["migrate", "--from"])
        .arg(sqlite.location())
        .args(["--to", &url])
        .output()
        .expect("atlas runs");
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("not empty"),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_change_through_one_postgres_store_reaches_a_second_open_by_notification() {
    let Some(url) = postgres::fresh_database().await else {
        return postgres::skipped("a_change_through_one_postgres_store_reaches_a_second_open");
    };
    let first = TestServer::on_postgres(&url).await;
    let second = first.second_process().await;
    let mut events = second.store.subscribe();
    // The second's watch is listening before the change.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    first.import(&common::fixture("data")).await;
    let seen = loop {
        if let atlas_server::store::events::Seen::Changed(event) = events.catch_up() {
            break event;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "no event within a second"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    let expected = ChangeEvent {
        collections: ["cities", "rail"].map(String::from).into(),
        ..seen.clone()
    };
    assert_eq!(seen, expected);
    assert!(seen.features.contains("baku") && seen.reports);
    assert_eq!(
        second.get("/collections/cities/items/baku").await.status,
        StatusCode::OK
    );
}

/// An `atlas serve` process on the database at `url`, on a free port.
struct Serve {
    child: Child,
    base: String,
}

impl Serve {
    fn start(url: &str, dist: &std::path::Path) -> Serve {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db", url])
            .arg("--data")
            .arg(common::fixture("data"))
            .arg("--dist")
            .arg(dist)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("atlas serve starts");
        Serve {
            child,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Waits until it answers (a first start seeds the database first).
    async fn ready(&self, client: &reqwest::Client) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let answer = client
                .get(format!("{}/collections", self.base))
                .send()
                .await;
            if answer.is_ok_and(|a| a.status().is_success()) {
                return;
            }
            assert!(Instant::now() < deadline, "{} never answered", self.base);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn two_servers_on_one_database_serve_each_others_writes_and_sessions() {
    let Some(url) = postgres::fresh_database().await else {
        return postgres::skipped("two_servers_on_one_database_serve_each_others_writes");
    };
    let dist = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>x</title>",
    )
    .expect("index.html");
    let client = reqwest::Client::new();
    let first = Serve::start(&url, dist.path());
    first.ready(&client).await;
    let second = Serve::start(&url, dist.path());
    second.ready(&client).await;

    let mut add = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["user", "add", "ed", "--role", "editor", "--db", &url])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("atlas user runs");
    {
        use std::io::Write;
        let mut input = add.stdin.take().expect("stdin");
        input.write_all(b"ed's password\n").expect("writes");
    }
    assert!(add.wait().expect("finishes").success());

    // Signed in through the first; the second knows the session.
    let signed = client
        .post(format!("{}/api/session", first.base))
        .header("origin", &first.base)
        .header("content-type", "application/json")
        .body(json!({ "name": "ed", "password": "ed's password" }).to_string())
        .send()
        .await
        .expect("signs in");
    assert_eq!(signed.status(), 200);
    let cookie = signed
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string();
    let me = client
        .get(format!("{}/api/me", second.base))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("answers");
    assert_eq!(me.status(), 200);
    let me: serde_json::Value =
        serde_json::from_str(&me.text().await.expect("text")).expect("JSON");
    assert_eq!(me["name"], "ed", "{me}");

    // The second has read, and keeps, the page and the feature before the write.
    let page = format!("{}/collections/cities/items", second.base);
    let baku = "/collections/cities/items/baku";
    let text = client
        .get(&page)
        .send()
        .await
        .expect("reads")
        .text()
        .await
        .expect("text");
    assert!(text.contains("\"Baku\""));
    let tag = client
        .get(format!("{}{baku}", second.base))
        .send()
        .await
        .expect("reads")
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_string();
    // A feature written through the first...
    let written = client
        .patch(format!("{}{baku}", first.base))
        .header("origin", &first.base)
        .header("cookie", &cookie)
        .header("if-match", &tag)
        .header("content-type", "application/merge-patch+json")
        .body(json!({ "properties": { "name": "Baky" } }).to_string())
        .send()
        .await
        .expect("writes");
    assert_eq!(written.status(), 200, "{:?}", written.text().await);
    // ...is served by the second within a second.
    let started = Instant::now();
    loop {
        let page = client
            .get(&page)
            .send()
            .await
            .expect("reads")
            .text()
            .await
            .expect("text");
        let one = client
            .get(format!("{}{baku}", second.base))
            .send()
            .await
            .expect("reads")
            .text()
            .await
            .expect("text");
        if page.contains("\"Baky\"") && one.contains("\"Baky\"") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the second server still serves the old Baku after {:?}",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // An edit through the second, with the session from the first, is seen by the first.
    let tag = client
        .get(format!("{}{baku}", second.base))
        .send()
        .await
        .expect("reads")
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_string();
    let back = client
        .patch(format!("{}{baku}", second.base))
        .header("origin", &second.base)
        .header("cookie", &cookie)
        .header("if-match", &tag)
        .header("content-type", "application/merge-patch+json")
        .body(json!({ "properties": { "name": "Baku" } }).to_string())
        .send()
        .await
        .expect("writes");
    assert_eq!(back.status(), 200, "{:?}", back.text().await);
    let started = Instant::now();
    while !client
        .get(format!("{}{baku}", first.base))
        .send()
        .await
        .expect("reads")
        .text()
        .await
        .expect("text")
        .contains("\"Baku\"")
    {
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the first never saw it"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn every_subcommand_takes_a_postgres_url_as_its_database() {
    let Some(url) = postgres::fresh_database().await else {
        return postgres::skipped("every_subcommand_takes_a_postgres_url_as_its_database");
    };
    let atlas = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(args)
            .env("ATLAS_DB", &url)
            .output()
            .expect("atlas runs")
    };
    let data = common::fixture("data");
    let data = data.to_str().expect("a UTF-8 path");
    let dry = atlas(&["import", "--data", data, "--dry-run"]);
    assert!(dry.status.success(), "{dry:?}");
    assert!(String::from_utf8_lossy(&dry.stdout).contains("create cities/baku"));
    let imported = atlas(&["import", "--db", &url, "--data", data]);
    assert!(imported.status.success(), "{imported:?}");
    // Exported, it is the same folder as the same data exported from SQLite.
    let out = tempfile::tempdir().expect("temp dir");
    let exported = atlas(&["export", out.path().to_str().expect("UTF-8")]);
    assert!(exported.status.success(), "{exported:?}");
    let sqlite = out.path().join("atlas.sqlite");
    let sqlite = format!("sqlite:{}", sqlite.display());
    let from_sqlite = out.path().join("from-sqlite");
    for args in [
        vec!["import", "--db", &sqlite, "--data", data],
        vec![
            "export",
            "--db",
            &sqlite,
            from_sqlite.to_str().expect("UTF-8"),
        ],
    ] {
        let run = atlas(&args);
        assert!(run.status.success(), "{run:?}");
    }
    for path in [
        "layers/cities.geojson",
        "layers/rail.geojson",
        "stories/sample-story.json",
    ] {
        assert_eq!(
            std::fs::read_to_string(out.path().join(path)).expect("exported"),
            std::fs::read_to_string(from_sqlite.join(path)).expect("exported from SQLite"),
            "{path}"
        );
    }
    // The password of a URL in ATLAS_DB is not shown by --help.
    let help = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["serve", "--help"])
        .env("ATLAS_DB", "postgres://atlas:s3cret@db/atlas")
        .output()
        .expect("atlas runs");
    assert!(!String::from_utf8_lossy(&help.stdout).contains("s3cret"));
}

#[tokio::test]
async fn postgis_answers_a_box_from_its_gist_index_with_the_features_the_api_serves() {
    let Some(url) = postgres::fresh_database().await else {
        return postgres::skipped("postgis_answers_a_box_from_its_gist_index");
    };
    let data = tempfile::tempdir().expect("temp dir");
    common::write_grid(data.path(), 5_000);
    let server = TestServer::on_postgres(&url).await;
    server.import(data.path()).await;
    let common::db::Db::Postgres(pool) = server.db() else {
        panic!("a PostgreSQL store");
    };
    sqlx::query("ANALYZE features")
        .execute(pool)
        .await
        .expect("analyzes");
    let by_shape = "SELECT id FROM features \
                    WHERE shape && ST_MakeEnvelope(10, 20, 30, 30, 4326) ORDER BY id";
    let plan: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("EXPLAIN {by_shape}")))
        .fetch_all(pool)
        .await
        .expect("explains");
    assert!(
        plan.iter().any(|line| line.contains("features_by_shape")),
        "{plan:#?}"
    );
    let ids: Vec<String> = sqlx::query_scalar(by_shape)
        .fetch_all(pool)
        .await
        .expect("queries");
    assert!(ids.len() > 10, "{}", ids.len());
    let page = server
        .get("/collections/grid/items?bbox=10,20,30,30&limit=10000")
        .await;
    let mut served = page.feature_ids();
    served.sort();
    assert_eq!(ids, served);
}
