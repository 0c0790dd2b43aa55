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
        "atlas check: ok: 5 features in 2 collections, 1 reports, 3 passages, 1 stories"
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

/// Runs `atlas import` on `db` with `data` and extra `args`; panics on failure.
fn import(db: &std::path::Path, data: &std::path::Path, args: &[&str]) -> (String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .arg("import")
        .args(args)
        .arg("--db")
        .arg(db)
        .arg("--data")
        .arg(data)
        .output()
        .expect("atlas runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    (String::from_utf8_lossy(&output.stdout).into_owned(), stderr)
}

#[test]
fn atlas_import_dry_run_lists_changes_by_id_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("atlas.sqlite");
    import(&db, &fixture("data"), &[]);

    let data = dir.path().join("data");
    common::copy_fixture("data", &data);
    common::edit_file(&data.join("layers/cities.geojson"), "\"Baku\"", "\"Baky\"");
    std::fs::remove_file(data.join("layers/rail.geojson")).expect("remove a layer");
    common::edit_file(
        &data.join("stories/sample-story.json"),
        "\"Start here.\"",
        "\"Start with Baku.\"",
    );
    let (plan, summary) = import(&db, &data, &["--dry-run"]);
    assert_eq!(
        plan,
        "update cities/baku\ndelete rail/baku-tbilisi-kars-railway\nupdate story/sample-story\n"
    );
    assert!(
        summary.contains(
            "would create 0, update 1 and delete 1 features and create 0, update 1 and delete 0 stories"
        ),
        "{summary}"
    );
    // Nothing was written: the same plan again, and the real import then does it.
    assert_eq!(import(&db, &data, &["--dry-run"]).0, plan);
    let (done, _) = import(&db, &data, &[]);
    assert!(done.contains("(0 new, 1 changed, 1 removed)"), "{done}");
    assert!(
        done.contains("1 stories (0 new, 1 changed, 0 removed)"),
        "{done}"
    );
    assert_eq!(import(&db, &data, &["--dry-run"]).0, "");
}

#[test]
fn each_subcommand_offers_only_its_own_options() {
    let help = |subcommand: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args([subcommand, "--help"])
            .output()
            .expect("atlas runs");
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let import = help("import");
    for option in ["--db", "--data", "--dry-run"] {
        assert!(import.contains(option), "{option} in {import}");
    }
    for option in ["--addr", "--tiles-url", "--dist"] {
        assert!(!import.contains(option), "{option} in {import}");
    }
    let check = help("check");
    for option in ["--db", "--addr", "--tiles-url"] {
        assert!(!check.contains(option), "{option} in {check}");
    }
    let serve = help("serve");
    for option in ["--addr", "--db", "--data", "--dist", "--tiles-url"] {
        assert!(serve.contains(option), "{option} in {serve}");
    }
    assert!(!serve.contains("--dry-run"), "{serve}");
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

/// Runs `atlas user ARGS --db DB` with `stdin` as its input.
fn user(db: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .arg("user")
        .args(args)
        .arg("--db")
        .arg(db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("atlas runs");
    let mut input = child.stdin.take().expect("stdin");
    // A command that fails before reading stdin closes it; that is no error here.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    child.wait_with_output().expect("atlas finishes")
}

/// The (name, role) pairs `atlas user list` prints.
fn listed(db: &std::path::Path) -> Vec<(String, String)> {
    let output = user(db, &["list"], "");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next().expect("a name").to_string();
            let role = words.next().expect("a role").to_string();
            assert!(
                words.next().is_some_and(|created| created.ends_with('Z')),
                "{line}"
            );
            (name, role)
        })
        .collect()
}

/// Whether `password` is `name`'s, asked of the database as signing in would.
fn password_is(db: &std::path::Path, name: &str, password: &str) -> bool {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let store = atlas_server::store::sqlite::SqliteStore::open(db)
            .await
            .expect("opens");
        atlas_server::accounts::check_password(&store, name, password.to_string())
            .await
            .expect("checks")
            .is_some()
    })
}

#[test]
fn atlas_user_adds_from_stdin_lists_changes_a_password_and_removes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("atlas.sqlite");
    let added = user(&db, &["add", "ada", "--role", "admin"], "first secret\n");
    assert!(added.status.success(), "{added:?}");
    let added = user(&db, &["add", "ed", "--role", "editor"], "ed's secret\r\n");
    assert!(added.status.success(), "{added:?}");
    assert_eq!(
        listed(&db),
        [
            ("ada".into(), "admin".into()),
            ("ed".into(), "editor".into())
        ]
    );
    assert!(password_is(&db, "ada", "first secret"));
    assert!(
        password_is(&db, "ed", "ed's secret"),
        "the line ending is no part of it"
    );

    let changed = user(&db, &["passwd", "ada"], "second secret\n");
    assert!(changed.status.success(), "{changed:?}");
    assert!(password_is(&db, "ada", "second secret"));
    assert!(!password_is(&db, "ada", "first secret"));

    let removed = user(&db, &["remove", "ed"], "");
    assert!(removed.status.success(), "{removed:?}");
    assert_eq!(listed(&db), [("ada".into(), "admin".into())]);
}

#[test]
fn atlas_user_refuses_clearly_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("atlas.sqlite");
    assert!(
        user(&db, &["add", "ada", "--role", "admin"], "secret\n")
            .status
            .success()
    );
    let refusals: [(&[&str], &str, &str); 6] = [
        (
            &["add", "ADA", "--role", "editor"],
            "secret\n",
            "already an account named",
        ),
        (&["add", "bob", "--role", "root"], "secret\n", "root"),
        (
            &["add", "bob", "--role", "editor"],
            "\n",
            "the password is empty",
        ),
        (
            &["add", "bob smith", "--role", "editor"],
            "secret\n",
            "may hold only",
        ),
        (&["remove", "nobody"], "", "no account named \"nobody\""),
        (
            &["passwd", "nobody"],
            "secret\n",
            "no account named \"nobody\"",
        ),
    ];
    for (args, stdin, says) in refusals {
        let output = user(&db, args, stdin);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    assert_eq!(listed(&db), [("ada".into(), "admin".into())]);
    assert!(password_is(&db, "ada", "secret"));
}

#[test]
fn atlas_user_add_offers_its_role_and_db_only() {
    let output = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["user", "add", "--help"])
        .output()
        .expect("atlas runs");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for option in ["--role", "--db"] {
        assert!(help.contains(option), "{option} in {help}");
    }
    for option in ["--addr", "--data", "--https"] {
        assert!(!help.contains(option), "{option} in {help}");
    }
}
