//! Pages of items come from an in-memory read model; it must never answer
//! with what the store held before an import, by this process or another.

mod common;

use atlas_server::store::import_dir;
use atlas_server::store::sqlite::watch::WATCH_INTERVAL;
use axum::http::StatusCode;
use common::TestServer;
use std::process::Command;
use std::time::{Duration, Instant};

/// Around Baku in the fixture's `cities`, and around where the tests move it.
const AROUND_BAKU: &str = "/collections/cities/items?bbox=49,40,50,41";
const AROUND_THE_NEW_PLACE: &str = "/collections/cities/items?bbox=10,40,11,41";

/// Moves Baku to 10.867°E and renames it Baky, in the data folder at `data`.
fn move_baku(data: &std::path::Path) {
    let layer = data.join("layers/cities.geojson");
    common::edit_file(&layer, "49.867", "10.867");
    common::edit_file(&layer, "\"Baku\"", "\"Baky\"");
}

#[tokio::test]
async fn a_box_query_after_an_import_sees_the_new_data() {
    let data = tempfile::tempdir().expect("temp dir");
    common::copy_fixture("data", data.path());
    let server = TestServer::with_data(data.path()).await;
    let before = server.get(AROUND_BAKU).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.text());
    assert_eq!(before.feature_ids(), ["baku"]);
    assert!(before.text().contains("\"Baku\""));
    assert!(west_of_cities(&server).await > 11.0);

    move_baku(data.path());
    import_dir(&*server.store, data.path(), false)
        .await
        .expect("re-import");

    let old_place = server.get(AROUND_BAKU).await;
    assert!(old_place.feature_ids().is_empty(), "{}", old_place.text());
    assert_eq!(old_place.json()["numberMatched"], 0);
    let new_place = server.get(AROUND_THE_NEW_PLACE).await;
    assert_eq!(new_place.feature_ids(), ["baku"]);
    assert!(
        new_place.text().contains("\"Baky\""),
        "{}",
        new_place.text()
    );
    // Pages without a box come from the same model.
    let whole = server.get("/collections/cities/items").await;
    assert!(whole.text().contains("\"Baky\""), "{}", whole.text());
    // So does the layer's extent, in the collection and in the list.
    assert_eq!(west_of_cities(&server).await, 10.867);
}

/// The west edge of the `cities` extent, as `/collections/cities` and `/collections` agree.
async fn west_of_cities(server: &TestServer) -> f64 {
    let west = |c: &serde_json::Value| c["extent"]["spatial"]["bbox"][0][0].as_f64();
    let one = server.get("/collections/cities").await.json();
    let list = server.get("/collections").await.json();
    let listed = list["collections"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["id"] == "cities"))
        .and_then(west);
    assert_eq!(west(&one), listed, "{one} vs {list}");
    west(&one).expect("cities has an extent")
}

// Several threads: the watch must go on polling while the other process runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_box_query_sees_an_import_by_another_process_once_the_store_is_watched() {
    let data = tempfile::tempdir().expect("temp dir");
    common::copy_fixture("data", data.path());
    let server = TestServer::with_data(data.path()).await;
    server.state.store.watch_other_processes();
    assert_eq!(server.get(AROUND_BAKU).await.feature_ids(), ["baku"]);
    // The watch must have read the counter before the import, as a server
    // started before it would have: otherwise it takes the new value as its start.
    tokio::time::sleep(WATCH_INTERVAL / 2).await;

    move_baku(data.path());
    let mut import = Command::new(env!("CARGO_BIN_EXE_atlas"));
    import
        .args(["import", "--db", server.location()])
        .arg("--data")
        .arg(data.path());
    let output = tokio::task::spawn_blocking(move || import.output())
        .await
        .expect("the import's thread ends")
        .expect("atlas runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // The watch polls once a second; a few intervals are plenty.
    let deadline = Instant::now() + 5 * WATCH_INTERVAL;
    loop {
        let answer = server.get(AROUND_THE_NEW_PLACE).await;
        if answer.feature_ids() == ["baku"] {
            assert!(answer.text().contains("\"Baky\""), "{}", answer.text());
            assert!(server.get(AROUND_BAKU).await.feature_ids().is_empty());
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the model still holds the old data"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_unknown_collection_is_a_404_with_or_without_a_box_and_an_empty_one_is_not() {
    let server = TestServer::seeded().await;
    for uri in [
        "/collections/no-such-layer/items",
        "/collections/no-such-layer/items?bbox=0,0,1,1",
    ] {
        assert_eq!(server.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    let empty_box = server.get("/collections/cities/items?bbox=0,0,1,1").await;
    assert_eq!(empty_box.status, StatusCode::OK);
    assert_eq!(empty_box.json()["numberMatched"], 0);
}
