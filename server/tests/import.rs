//! `atlas check` and `atlas import`: validation of the data folder and the
//! all-or-nothing write into the store.

mod common;

use atlas_model::PassageRef;
use atlas_server::data_dir;
use atlas_server::store::{ImportError, import_dir};
use common::{TestServer, copy_fixture, fixture};
use std::path::Path;

async fn count(server: &TestServer, sql: &'static str) -> i64 {
    server.db().scalar(sql).await.expect("count query")
}

#[test]
fn check_accepts_the_fixture_data() {
    let data = data_dir::load(&fixture("data")).expect("fixture data is valid");
    assert_eq!(data.feature_count(), 5);
    assert_eq!(data.layers.len(), 2);
    assert_eq!(data.passage_count(), 3);
}

#[test]
fn check_rejects_a_dangling_passage_link_naming_feature_report_and_passage() {
    let errors = data_dir::load(&fixture("bad-links")).expect_err("dangling link");
    let message = errors.to_string();
    assert!(message.contains("cities.geojson"), "{message}");
    assert!(message.contains("feature baku"), "{message}");
    assert!(message.contains("sample-report#summary-9"), "{message}");
}

#[test]
fn check_names_the_file_feature_and_field_of_a_schema_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture("data", dir.path());
    let layer = dir.path().join("layers/cities.geojson");
    let text = std::fs::read_to_string(&layer).expect("read layer");
    std::fs::write(&layer, text.replacen("\"city\"", "\"spaceport\"", 1)).expect("write");
    let message = data_dir::load(dir.path())
        .expect_err("bad kind")
        .to_string();
    assert!(
        message.contains(
            "layers/cities.geojson: feature aktau: property `kind`: unknown value \"spaceport\""
        ),
        "{message}"
    );
}

#[test]
fn check_reports_every_unparsable_file_before_any_schema_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture("data", dir.path());
    std::fs::write(dir.path().join("layers/broken.geojson"), "{ not json").expect("write");
    let errors = data_dir::load(dir.path()).expect_err("broken JSON");
    assert_eq!(errors.0.len(), 1, "{errors}");
    assert!(
        errors
            .to_string()
            .contains("broken.geojson: not valid JSON"),
        "{errors}"
    );
}

#[test]
fn check_accepts_the_real_curated_data() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    match data_dir::load(&data) {
        Ok(data) => assert!(data.feature_count() > 0 && !data.reports.is_empty()),
        Err(errors) => panic!("data/ does not pass atlas check:\n{errors}"),
    }
}

#[tokio::test]
async fn importing_a_broken_data_dir_leaves_the_old_content_intact() {
    let server = TestServer::seeded().await;
    let error = import_dir(&*server.store, &fixture("bad-links"), false)
        .await
        .expect_err("broken data is refused");
    assert!(matches!(error, ImportError::Data(_)));
    assert_eq!(count(&server, "SELECT COUNT(*) FROM features").await, 5);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM passages").await, 3);
}

#[tokio::test]
async fn a_write_that_fails_halfway_rolls_back_to_the_old_content() {
    let server = TestServer::seeded().await;
    // Slip a dangling link past validation so the store's foreign key refuses
    // it after the old rows have already been deleted inside the transaction.
    let mut data = data_dir::load(&fixture("data")).expect("fixture data");
    data.layers[0].features[0].properties.name = "Renamed".into();
    data.layers[1].features[0]
        .properties
        .passages
        .push(PassageRef {
            report: "sample-report".into(),
            passage: "no-such-passage".into(),
            quote: None,
        });
    let error = server
        .store
        .import(&data, false)
        .await
        .expect_err("foreign key");
    assert!(
        error.to_string().to_lowercase().contains("foreign key"),
        "{error}"
    );
    assert_eq!(count(&server, "SELECT COUNT(*) FROM features").await, 5);
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM passage_links").await,
        3
    );
    assert_eq!(
        count(
            &server,
            "SELECT COUNT(*) FROM features WHERE name = 'Renamed'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn reimporting_bumps_the_revision_of_changed_features_only_and_records_history() {
    let server = TestServer::seeded().await;
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM feature_history").await,
        5
    );

    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture("data", dir.path());
    let layer = dir.path().join("layers/cities.geojson");
    let text = std::fs::read_to_string(&layer).expect("read layer");
    std::fs::write(&layer, text.replacen("\"Aktau\"", "\"Aktau port city\"", 1)).expect("write");

    let summary = import_dir(&*server.store, dir.path(), false)
        .await
        .expect("re-import");
    assert_eq!(
        (summary.created, summary.updated, summary.deleted),
        (0, 1, 0)
    );

    let revisions: Vec<(String, i64)> = server
        .db()
        .all("SELECT id, revision FROM features ORDER BY id")
        .await
        .expect("revisions");
    for (id, revision) in &revisions {
        let expected = if id == "aktau" { 2 } else { 1 };
        assert_eq!(*revision, expected, "{id}");
    }
    let history: Vec<(i64, Option<String>, Option<String>, String)> = server
        .db()
        .all(
            "SELECT revision, before, after, changed_by FROM feature_history \
         WHERE feature_id = 'aktau' ORDER BY revision",
        )
        .await
        .expect("history");
    assert_eq!(history.len(), 2);
    // Created: nothing before. Updated: the old name before, the new after.
    assert_eq!((history[0].0, history[0].1.as_deref()), (1, None));
    assert_eq!(history[1].0, 2);
    assert!(
        history[1]
            .1
            .as_deref()
            .is_some_and(|b| b.contains("\"Aktau\""))
    );
    assert!(
        history[1]
            .2
            .as_deref()
            .is_some_and(|a| a.contains("Aktau port city"))
    );
    assert!(history.iter().all(|row| row.3 == "import"));

    let answer = server.get("/collections/cities/items/aktau").await;
    assert_eq!(answer.json()["revision"], 2);
    assert!(answer.json()["properties"].get("revision").is_none());
}

#[tokio::test]
async fn reimporting_unchanged_data_changes_nothing() {
    let server = TestServer::seeded().await;
    let before: Vec<(String, i64, String)> = server
        .db()
        .all("SELECT id, revision, updated_at FROM features ORDER BY id")
        .await
        .expect("before");
    let summary = import_dir(&*server.store, &fixture("data"), false)
        .await
        .expect("re-import");
    assert_eq!(
        (summary.created, summary.updated, summary.deleted),
        (0, 0, 0)
    );
    let after: Vec<(String, i64, String)> = server
        .db()
        .all("SELECT id, revision, updated_at FROM features ORDER BY id")
        .await
        .expect("after");
    assert_eq!(before, after);
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM feature_history").await,
        5
    );
}

#[tokio::test]
async fn a_feature_removed_from_the_data_gets_a_delete_history_row() {
    let server = TestServer::seeded().await;
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture("data", dir.path());
    // Drop the rail layer altogether; its one feature is deleted.
    std::fs::remove_file(dir.path().join("layers/rail.geojson")).expect("remove");
    let summary = import_dir(&*server.store, dir.path(), false)
        .await
        .expect("re-import");
    assert_eq!(summary.deleted, 1);
    let (revision, before, after): (i64, Option<String>, Option<String>) = server
        .db()
        .one(
            "SELECT revision, before, after FROM feature_history \
         WHERE feature_id = 'baku-tbilisi-kars-railway' ORDER BY revision DESC LIMIT 1",
        )
        .await
        .expect("history row");
    // Deleted: its last content before, nothing after.
    assert_eq!(revision, 2);
    assert!(before.is_some_and(|b| b.contains("Baku-Tbilisi-Kars")));
    assert_eq!(after, None);
    assert!(
        server
            .get("/collections/rail/items/baku-tbilisi-kars-railway")
            .await
            .status
            .is_client_error()
    );
    assert_eq!(
        server.get("/collections").await.json()["collections"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[test]
fn check_names_a_feature_whose_geometry_is_not_geojson() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture("data", dir.path());
    let layer = dir.path().join("layers/rail.geojson");
    let text = std::fs::read_to_string(&layer).expect("read layer");
    std::fs::write(&layer, text.replacen("\"LineString\"", "\"Squiggle\"", 1)).expect("write");
    let message = data_dir::load(dir.path())
        .expect_err("bad geometry")
        .to_string();
    assert!(
        message.contains("rail.geojson: feature baku-tbilisi-kars-railway: not a GeoJSON Feature"),
        "{message}"
    );
}
