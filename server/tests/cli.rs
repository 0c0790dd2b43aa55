//! The `atlas` binary itself, run as a user would run it.

mod common;

use common::fixture;
use std::process::Command;

#[test]
fn atlas_check_on_a_bad_data_dir_exits_non_zero_and_says_why() {
    let output = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .arg("check")
        .arg(fixture("bad-links"))
        .output()
        .expect("atlas runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("atlas check: ") && stderr.contains("sample-report#summary-9"),
        "{stderr}"
    );
}

#[test]
fn atlas_check_on_a_good_data_dir_exits_zero_with_a_summary() {
    let output = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .arg("check")
        .arg(fixture("data"))
        .output()
        .expect("atlas runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "atlas check: ok: 5 features in 2 collections, 1 reports, 3 passages"
    );
}

#[test]
fn atlas_import_writes_the_data_into_a_new_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("nested/atlas.sqlite");
    let output = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["import", "--db"])
        .arg(&db)
        .arg("--data")
        .arg(fixture("data"))
        .output()
        .expect("atlas runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(db.exists());
    assert!(String::from_utf8_lossy(&output.stdout).contains("5 features in 2 collections"));
}

#[test]
fn atlas_serve_stops_on_sigterm_after_its_connections_and_exits_zero() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(dir.path().join("atlas.sqlite"))
        .arg("--data")
        .arg(fixture("data"))
        .arg("--dist")
        .arg(dir.path().join("dist"))
        .env("RUST_LOG", "atlas=info,atlas_server=info")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("atlas serve starts");
    let mut server = KillOnDrop(server);
    let server = &mut server.0;
    let stderr = server.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.split("listening on http://")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .map(str::to_string)
        })
        .expect("the server says where it listens");
    // Keep reading its log, so that it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let mut idle = std::net::TcpStream::connect(&addr).expect("connects");
    let mut asked = std::net::TcpStream::connect(&addr).expect("connects");
    asked
        .write_all(b"GET /api/config HTTP/1.1\r\nHost: a.test\r\n\r\n")
        .expect("writes");
    let mut buf = [0u8; 4096];
    asked
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let read = asked.read(&mut buf).expect("an answer");
    assert!(String::from_utf8_lossy(&buf[..read]).starts_with("HTTP/1.1 200"));
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait().expect("waits") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = server.kill();
            panic!("atlas serve still runs 10 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    idle.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    assert!(matches!(idle.read(&mut buf), Ok(0) | Err(_)), "closed");
}

/// A child process killed when the test ends, passed or not.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
