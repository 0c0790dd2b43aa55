//! The real `atlas` binary, written to over HTTP by a signed-in editor and
//! killed with SIGKILL at random moments, again and again: after every
//! restart each write it acknowledged is there, and the database is sound.

mod common;

use common::Prng;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const KILLS: usize = 50;
const ATLAS: &str = env!("CARGO_BIN_EXE_atlas");

/// One HTTP/1.1 exchange on a new connection: status, headers and body.
fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<(u16, String, String)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         Connection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let (head, body) = answer
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no head"))?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    Ok((status, head.to_string(), body.to_string()))
}

/// A header's value from a response head.
fn header(head: &str, name: &str) -> String {
    head.lines()
        .find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
        .unwrap_or_default()
}

/// Starts `atlas serve` on a free port and waits until it answers.
fn start(dir: &Path) -> (Child, SocketAddr) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let child = Command::new(ATLAS)
        .args(["serve", "--addr", &addr.to_string()])
        .arg("--db")
        .arg(dir.join("atlas.sqlite"))
        .arg("--data")
        .arg(common::fixture("data"))
        .arg("--dist")
        .arg(dir.join("dist"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("atlas starts");
    let started = Instant::now();
    while http(addr, "GET", "/conformance", &[], "").is_err() {
        assert!(started.elapsed() < Duration::from_secs(20), "atlas answers");
        std::thread::sleep(Duration::from_millis(10));
    }
    (child, addr)
}

/// What the writer saw acknowledged: Baku's name at each revision, and the features it created.
#[derive(Default)]
struct Acknowledged {
    renamed: Vec<(i64, String)>,
    created: Vec<String>,
}

/// One write the server acknowledged.
enum Ack {
    /// Baku got this name at this revision.
    Renamed(i64, String),
    /// This feature was created.
    Created(String),
}

/// One write: on even turns a new feature, on odd ones a new name for Baku.
fn write_once(
    addr: SocketAddr,
    cookie: &str,
    cycle: usize,
    n: usize,
) -> std::io::Result<Option<Ack>> {
    if n.is_multiple_of(2) {
        let id = format!("town-{cycle}-{n}");
        let body = common::editing::new_city(&id, &format!("Town {cycle} {n}")).to_string();
        let headers = [("Cookie", cookie), ("Content-Type", "application/geo+json")];
        let (status, _, _) = http(addr, "POST", "/collections/cities/items", &headers, &body)?;
        return Ok((status == 201).then_some(Ack::Created(id)));
    }
    let (_, head, _) = http(addr, "GET", "/collections/cities/items/baku", &[], "")?;
    let tag = header(&head, "etag");
    let name = format!("Baku {cycle}-{n}");
    let body = serde_json::json!({ "properties": { "name": name } }).to_string();
    let headers = [
        ("Cookie", cookie),
        ("Content-Type", "application/merge-patch+json"),
        ("If-Match", tag.as_str()),
    ];
    let (status, _, answer) = http(
        addr,
        "PATCH",
        "/collections/cities/items/baku",
        &headers,
        &body,
    )?;
    let revision = serde_json::from_str::<serde_json::Value>(&answer)
        .ok()
        .and_then(|v| v["revision"].as_i64());
    Ok(match (status, revision) {
        (200, Some(revision)) => Some(Ack::Renamed(revision, name)),
        _ => None,
    })
}

/// Writes until the server dies or `stop` is set, noting every acknowledged write.
fn keep_writing(
    addr: SocketAddr,
    cookie: &str,
    cycle: usize,
    seen: &Mutex<Acknowledged>,
    stop: &AtomicBool,
) {
    let mut n = 0;
    while !stop.load(Ordering::Acquire) {
        n += 1;
        let Ok(ack) = write_once(addr, cookie, cycle, n) else {
            return;
        };
        let mut seen = seen.lock().expect("not poisoned");
        match ack {
            Some(Ack::Renamed(revision, name)) => seen.renamed.push((revision, name)),
            Some(Ack::Created(id)) => seen.created.push(id),
            None => {}
        }
    }
}

/// Checks the database file directly: sound, and holding every acknowledged write.
fn check(db: &Path, seen: &Acknowledged) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
        let pool = sqlx::SqlitePool::connect_with(options)
            .await
            .expect("opens");
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&pool)
            .await
            .expect("checks");
        assert_eq!(integrity, "ok");
        for (revision, name) in &seen.renamed {
            let after: Option<String> = sqlx::query_scalar(
                "SELECT json_extract(after, '$.properties.name') FROM feature_history \
                 WHERE feature_id = 'baku' AND revision = ?",
            )
            .bind(revision)
            .fetch_optional(&pool)
            .await
            .expect("reads");
            assert_eq!(after.as_deref(), Some(name.as_str()), "revision {revision}");
        }
        for id in &seen.created {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT revision FROM features WHERE id = ?")
                    .bind(id)
                    .fetch_optional(&pool)
                    .await
                    .expect("reads");
            assert_eq!(found, Some(1), "{id}");
        }
        pool.close().await;
    });
}

#[test]
fn every_acknowledged_write_survives_sigkill_at_random_moments() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("dist")).expect("dist");
    std::fs::write(
        dir.path().join("dist/index.html"),
        "<!doctype html><title>atlas</title>",
    )
    .expect("index");
    let db = dir.path().join("atlas.sqlite");
    // The first start seeds the database from the fixture; then an editor is added.
    let (mut first, _) = start(dir.path());
    first.kill().expect("kills");
    first.wait().expect("waits");
    let mut add = Command::new(ATLAS)
        .args(["user", "add", "ed", "--role", "editor", "--db"])
        .arg(&db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("atlas user add starts");
    add.stdin
        .take()
        .expect("stdin")
        .write_all(b"ed's long password\n")
        .expect("writes");
    assert!(add.wait().expect("waits").success());

    let seen = Arc::new(Mutex::new(Acknowledged::default()));
    let mut random = Prng(0xdead_beef);
    let mut cookie = String::new();
    for cycle in 0..KILLS {
        let (mut child, addr) = start(dir.path());
        if cookie.is_empty() {
            let body = r#"{"name":"ed","password":"ed's long password"}"#;
            let (status, head, answer) = http(
                addr,
                "POST",
                "/api/session",
                &[("Content-Type", "application/json")],
                body,
            )
            .expect("signs in");
            assert_eq!(status, 200, "{answer}");
            cookie = header(&head, "set-cookie")
                .split(';')
                .next()
                .unwrap_or("")
                .to_string();
        }
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (seen, stop, cookie) = (seen.clone(), stop.clone(), cookie.clone());
            std::thread::spawn(move || keep_writing(addr, &cookie, cycle, &seen, &stop))
        };
        std::thread::sleep(Duration::from_millis(20 + (random.next() * 150.0) as u64));
        child.kill().expect("SIGKILL");
        child.wait().expect("waits");
        stop.store(true, Ordering::Release);
        writer.join().expect("the writer stops");
    }
    let seen = seen.lock().expect("not poisoned");
    assert!(
        !seen.renamed.is_empty() && !seen.created.is_empty(),
        "{} renames, {} creations",
        seen.renamed.len(),
        seen.created.len()
    );
    eprintln!(
        "{} renames and {} creations acknowledged over {KILLS} kills",
        seen.renamed.len(),
        seen.created.len()
    );
    check(&db, &seen);
    // And the server starts again over it, serving the last acknowledged name.
    let (mut child, addr) = start(dir.path());
    let (_, _, body) = http(addr, "GET", "/collections/cities/items/baku", &[], "").expect("reads");
    child.kill().expect("kills");
    child.wait().expect("waits");
    let last = seen
        .renamed
        .iter()
        .map(|(revision, _)| *revision)
        .max()
        .unwrap_or(0);
    let served: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    // A write may have committed as the kill came, unacknowledged: never fewer.
    assert!(served["revision"].as_i64() >= Some(last), "{served}");
}
