//! Shared set-up for the server tests: a temporary store seeded from fixtures,
//! and a one-call way to send a request through the real router.

#![allow(dead_code)] // Each test crate uses a different part of this module.

pub mod db;
pub mod editing;
mod grid;
pub mod postgres;
pub mod web;

use atlas_server::store::postgres::PgStore;
use atlas_server::store::sqlite::SqliteStore;
use atlas_server::store::{Store, import_dir};
use atlas_server::{AppState, app, app_parts};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;
use tower::ServiceExt;

#[allow(unused_imports)] // Each test crate uses a different part of this module.
pub use grid::{Prng, write_grid};

/// The copy-shaped mini data folder the tests import.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A temporary folder holding the database and a fake built app.
pub struct TestServer {
    /// Keeps the folder alive for the test's duration.
    pub dir: TempDir,
    /// The state the router was built with.
    pub state: AppState,
    /// The same store as `state.store`.
    pub store: Arc<dyn Store>,
    /// Its database, for tests that look at the tables.
    db: db::Db,
    /// Its database as `--db` names it: a file's path or a URL.
    location: String,
}

/// The story page's `index.html` in a seeded server's `dist/story/`.
pub const STORY_PAGE_HTML: &str =
    "<!doctype html><html><head><title>Corridor Atlas: story</title></head><body></body></html>";

impl TestServer {
    /// A store seeded from `fixtures/data`, and a `dist/` with an `index.html`
    /// (and the editor's `edit/index.html`, the story page's `story/index.html`,
    /// the presenter's `present/index.html`).
    pub async fn seeded() -> TestServer {
        let server = TestServer::empty().await;
        import_dir(&*server.store, &fixture("data"), false)
            .await
            .expect("fixture data imports");
        std::fs::create_dir_all(&server.state.dist).expect("dist folder");
        std::fs::write(
            server.state.dist.join("index.html"),
            "<!doctype html><html><head><title>Corridor Atlas app</title></head><body></body></html>",
        )
        .expect("index.html");
        std::fs::write(server.state.dist.join("app.js"), "console.log('atlas')").expect("app.js");
        std::fs::create_dir_all(server.state.dist.join("edit")).expect("dist/edit folder");
        std::fs::write(
            server.state.dist.join("edit/index.html"),
            "<!doctype html><html><head><title>Corridor Atlas: editor</title></head><body></body></html>",
        )
        .expect("edit/index.html");
        std::fs::create_dir_all(server.state.dist.join("story")).expect("dist/story folder");
        std::fs::write(server.state.dist.join("story/index.html"), STORY_PAGE_HTML)
            .expect("story/index.html");
        std::fs::create_dir_all(server.state.dist.join("present")).expect("dist/present folder");
        std::fs::write(
            server.state.dist.join("present/index.html"),
            "<!doctype html><html><head><title>Corridor Atlas: present</title></head><body></body></html>",
        )
        .expect("present/index.html");
        server
    }

    /// A store seeded from the data folder at `data` (no `dist/`).
    pub async fn with_data(data: &Path) -> TestServer {
        let server = TestServer::empty().await;
        import_dir(&*server.store, data, false)
            .await
            .expect("the data folder imports");
        server
    }

    /// A migrated but empty store and no `dist/`: a SQLite file, or with
    /// `ATLAS_TEST_STORE=postgres` a fresh PostgreSQL database ([`postgres`]).
    pub async fn empty() -> TestServer {
        if postgres::suite_on_postgres() {
            let url = postgres::fresh_database()
                .await
                .expect("ATLAS_TEST_STORE=postgres needs ATLAS_TEST_POSTGRES");
            return TestServer::on_postgres(&url).await;
        }
        TestServer::on_sqlite().await
    }

    /// A migrated but empty store in a temporary SQLite file, and no `dist/`.
    pub async fn on_sqlite() -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open(&dir.path().join("var/atlas.sqlite"))
            .await
            .expect("store opens");
        let db = db::Db::Sqlite(store.pool().clone());
        let location = dir.path().join("var/atlas.sqlite").display().to_string();
        TestServer::over(dir, Arc::new(store), db, location)
    }

    /// A migrated but empty store in the PostgreSQL database at `url`, and no `dist/`.
    pub async fn on_postgres(url: &str) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = PgStore::open(url).await.expect("store opens");
        let db = db::Db::Postgres(store.pool().clone());
        TestServer::over(dir, Arc::new(store), db, url.to_string())
    }

    /// A server over `store`, whose database is `db` at `location`.
    pub fn over(dir: TempDir, store: Arc<dyn Store>, db: db::Db, location: String) -> TestServer {
        let state = AppState::new(
            store.clone(),
            dir.path().join("dist"),
            fixture("data"),
            atlas_model::api::ClientConfig::default(),
        );
        TestServer {
            dir,
            state,
            store,
            db,
            location,
        }
    }

    /// Its database as `--db` names it: a SQLite file's path or a PostgreSQL URL.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// A second open of the same database, as another process would open it.
    pub async fn reopen(&self) -> Arc<dyn Store> {
        let location: atlas_server::store::open::Location =
            self.location.parse().expect("a database location");
        location.open().await.expect("opens again")
    }

    /// Another server over a second open of the same database, sharing
    /// nothing with this one but it, watching it as a second `atlas serve`
    /// does (on the runtime this is called on).
    pub async fn second_process(&self) -> TestServer {
        let store = self.reopen().await;
        store.watch_other_processes();
        let dir = tempfile::tempdir().expect("temp dir");
        let mut other = TestServer::over(dir, store, self.db.clone(), self.location.clone());
        other.state.dist = self.state.dist.clone();
        other
    }

    /// The database, for tests that look at its tables.
    pub fn db(&self) -> &db::Db {
        &self.db
    }

    /// Imports the data folder at `data` into this server's store.
    pub async fn import(&self, data: &Path) -> atlas_server::store::ImportSummary {
        import_dir(&*self.store, data, false)
            .await
            .expect("the data folder imports")
    }

    /// The router over this state.
    pub fn router(&self) -> Router {
        app(self.state.clone())
    }

    /// Sends a GET for `uri` with extra headers.
    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Answer {
        self.send(Method::GET, uri, headers).await
    }

    /// Sends a request with no body.
    pub async fn send(&self, method: Method, uri: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Body::empty()).expect("request builds");
        self.request(request).await
    }

    /// Sends `request` through the router and reads the whole answer.
    pub async fn request(&self, request: Request<Body>) -> Answer {
        let response = self
            .router()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body reads")
            .to_bytes()
            .to_vec();
        Answer {
            status,
            headers,
            body,
        }
    }

    /// Sends a plain GET for `uri`.
    pub async fn get(&self, uri: &str) -> Answer {
        self.get_with(uri, &[]).await
    }
}

/// A response, fully read.
pub struct Answer {
    /// The status code.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header's value, or "".
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The ids of the features of a FeatureCollection body.
    pub fn feature_ids(&self) -> Vec<String> {
        self.json()["features"]
            .as_array()
            .map(|features| {
                features
                    .iter()
                    .filter_map(|f| f["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Asserts a problem document with `status` and returns it.
    pub fn problem(&self, status: StatusCode) -> serde_json::Value {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(self.header("content-type"), "application/problem+json");
        let problem = self.json();
        assert_eq!(problem["status"], status.as_u16());
        problem
    }

    /// Asserts a 400 problem naming `param` in `invalid-params` and in its detail.
    pub fn assert_bad_param(&self, param: &str) {
        let problem = self.problem(StatusCode::BAD_REQUEST);
        assert_eq!(problem["invalid-params"][0]["name"], param, "{problem}");
        let detail = problem["detail"].as_str().unwrap_or("");
        assert!(detail.contains(&format!("`{param}`")), "{detail}");
    }
}

/// The project's curated data folder, `data/` at the workspace root.
pub fn project_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// Copies a fixture folder into `to` so a test may change it.
pub fn copy_fixture(name: &str, to: &Path) {
    copy_dir(&fixture(name), to);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Replaces `from` by `to` in the file at `path`, which must contain it.
pub fn edit_file(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read file");
    assert!(text.contains(from), "{} holds {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write file");
}

/// A seeded server on a loopback port, served by `workers` worker runtimes
/// as `atlas serve` serves, until it is stopped.
pub struct RunningServer {
    /// Where it listens.
    pub addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    finished: std::sync::mpsc::Receiver<Result<(), String>>,
    _dir: TempDir,
}

impl RunningServer {
    /// Starts a server seeded from `fixtures/data` over a pool made with
    /// `pool`, with `limits` (given the refusal headers) on each worker.
    pub fn start(
        workers: usize,
        pool: sqlx::sqlite::SqlitePoolOptions,
        limits: impl FnOnce(axum::http::HeaderMap) -> atlas_server::http::connections::Limits,
    ) -> RunningServer {
        RunningServer::start_with(workers, pool, limits, |state| state)
    }

    /// [`RunningServer::start`] with the state changed by `adjust` (given a clock, say).
    pub fn start_with(
        workers: usize,
        pool: sqlx::sqlite::SqlitePoolOptions,
        limits: impl FnOnce(axum::http::HeaderMap) -> atlas_server::http::connections::Limits,
        adjust: impl FnOnce(AppState) -> AppState,
    ) -> RunningServer {
        use atlas_server::http::workers;
        let dir = tempfile::tempdir().expect("temp dir");
        let main = workers::runtime().expect("runtime");
        let (state, listeners) = main.block_on(async {
            let store = SqliteStore::open_with(&dir.path().join("atlas.sqlite"), pool)
                .await
                .expect("store opens");
            import_dir(&store, &fixture("data"), false)
                .await
                .expect("fixture imports");
            let dist = dir.path().join("dist");
            std::fs::create_dir_all(&dist).expect("dist folder");
            std::fs::write(
                dist.join("index.html"),
                "<!doctype html><html><head><title>Corridor Atlas app</title></head><body></body></html>",
            )
            .expect("index.html");
            let state = adjust(AppState::new(
                Arc::new(store),
                dist,
                fixture("data"),
                atlas_model::api::ClientConfig::default(),
            ));
            let listeners =
                workers::bind(std::net::SocketAddr::from(([127, 0, 0, 1], 0)), workers)
                    .expect("binds");
            (state, listeners)
        });
        let addr = listeners[0].local_addr().expect("address");
        let mut headers = HeaderMap::new();
        state.security_headers().add_to(&mut headers);
        let limits = limits(headers);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (done, finished) = std::sync::mpsc::channel();
        let count = listeners.len();
        std::thread::spawn(move || {
            let make_app = move || app_parts(state.for_this_runtime(count));
            let result = workers::serve(&main, listeners, limits, make_app, async {
                let _ = stopped.await;
            });
            let _ = done.send(result.map_err(|e| e.to_string()));
        });
        RunningServer {
            addr,
            stop: Some(stop),
            finished,
            _dir: dir,
        }
    }

    /// Stops the server and waits (at most `within`) until every worker has finished.
    pub fn stop(mut self, within: std::time::Duration) -> Result<(), String> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.finished
            .recv_timeout(within)
            .map_err(|_| format!("the workers did not stop within {within:?}"))?
    }
}

/// Sends `request` (raw bytes) on a new connection and reads until the server
/// closes it or `within` passes; the text read, or why nothing was.
pub fn exchange(
    addr: std::net::SocketAddr,
    request: &[u8],
    within: std::time::Duration,
) -> Result<String, String> {
    use std::io::{Read, Write};
    let mut stream =
        std::net::TcpStream::connect_timeout(&addr, within).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(within))
        .map_err(|e| e.to_string())?;
    stream.write_all(request).map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .map_err(|e| format!("reading: {e}"))?;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

/// The status code of a raw HTTP/1.1 answer.
pub fn status_of(answer: &str) -> Option<u16> {
    answer.split(' ').nth(1).and_then(|code| code.parse().ok())
}
