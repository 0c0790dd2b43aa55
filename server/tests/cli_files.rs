//! `atlas export` and `atlas import-file`, run as a user would run them.

mod common;

use common::{fixture, project_data};
use std::path::Path;
use std::process::{Command, Output};

fn atlas(args: &[&str], paths: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(args)
        .args(paths)
        .output()
        .expect("atlas runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A database at `db` holding `data`, imported by the binary.
fn imported(db: &Path, data: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["import", "--db"])
        .arg(db)
        .arg("--data")
        .arg(data)
        .output()
        .expect("atlas runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[test]
fn atlas_export_writes_data_back_and_git_would_see_no_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("atlas.sqlite");
    imported(&db, &project_data());
    let out = dir.path().join("out");
    let output = atlas(&["export", "--db"], &[&db, &out]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("57 features in 5 layers, 1 reports, 1 stories"));
    for name in [
        "layers/energy.geojson",
        "layers/places.geojson",
        "reports/azerbaijan-china-partnership-2025.md",
        "stories/middle-corridor-in-six-steps.json",
    ] {
        let original = std::fs::read(project_data().join(name)).expect("reads");
        let exported = std::fs::read(out.join(name)).expect("reads");
        assert!(original == exported, "{name} differs");
    }
}

#[test]
fn atlas_export_and_import_file_refuse_a_missing_database_and_bad_arguments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nowhere = dir.path().join("none.sqlite");
    let output = atlas(&["export", "--db"], &[&nowhere, dir.path()]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("no database there"),
        "{}",
        text(&output.stderr)
    );
    assert!(!nowhere.exists(), "no empty database is made");

    let missing_layer = atlas(&["import-file", "--db"], &[&nowhere, &fixture("data")]);
    assert!(!missing_layer.status.success());
    assert!(
        text(&missing_layer.stderr).contains("--layer"),
        "{}",
        text(&missing_layer.stderr)
    );

    let db = dir.path().join("atlas.sqlite");
    imported(&db, &fixture("data"));
    let shapefile = dir.path().join("roads.shp");
    std::fs::write(&shapefile, "binary").expect("writes");
    let output = atlas(
        &["import-file", "--layer", "cities", "--db"],
        &[&db, &shapefile],
    );
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains(".geojson, .json or .csv"),
        "{}",
        text(&output.stderr)
    );
    let csv = dir.path().join("points.csv");
    std::fs::write(&csv, common::web::POINTS_CSV).expect("writes");
    let output = atlas(
        &["import-file", "--layer", "harbours", "--db"],
        &[&db, &csv],
    );
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("no collection harbours"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn atlas_import_file_dry_run_lists_rows_and_writes_nothing_then_applies() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("atlas.sqlite");
    imported(&db, &fixture("data"));
    let csv = dir.path().join("points.csv");
    std::fs::write(
        &csv,
        format!(
            "{}bad,Bad,spaceport,planned,1,2,T,https://example.org/\r\n",
            common::web::POINTS_CSV
        ),
    )
    .expect("writes");

    let dry = atlas(
        &["import-file", "--dry-run", "--layer", "cities", "--db"],
        &[&db, &csv],
    );
    let stdout = text(&dry.stdout);
    assert!(
        !dry.status.success(),
        "a rejected row fails the dry run too"
    );
    assert!(stdout.contains("row 2 create cities/alat"), "{stdout}");
    assert!(
        stdout.contains("row 4 reject cities/bad\n  properties.kind: "),
        "{stdout}"
    );
    let applied = atlas(&["import-file", "--layer", "cities", "--db"], &[&db, &csv]);
    assert!(!applied.status.success());
    assert!(text(&applied.stderr).contains("1 of 3 rows are rejected; nothing was written"));

    std::fs::write(&csv, common::web::POINTS_CSV).expect("writes");
    let applied = atlas(&["import-file", "--layer", "cities", "--db"], &[&db, &csv]);
    assert!(applied.status.success(), "{}", text(&applied.stderr));
    assert!(
        text(&applied.stderr).contains("created 2, updated 0"),
        "{}",
        text(&applied.stderr)
    );
    let again = atlas(&["import-file", "--layer", "cities", "--db"], &[&db, &csv]);
    assert!(
        text(&again.stdout).contains("row 2 unchanged cities/alat"),
        "{}",
        text(&again.stdout)
    );
}
