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
