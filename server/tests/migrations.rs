//! A store written by an older server opens under this one: its history keeps
//! what it knew, in the new shape, and its documents are served in the new one.

use atlas_server::store::sqlite::SqliteStore;
use sqlx::sqlite::SqliteConnectOptions;
use std::path::Path;

/// The migrations an older server had run, copied apart so that only they run.
fn old_migrations(into: &Path) {
    let all = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for name in [
        "0001_init.sql",
        "0002_search.sql",
        "0003_rtree.sql",
        "0004_documents.sql",
    ] {
        std::fs::copy(all.join(name), into.join(name)).expect("copies a migration");
    }
}

/// A history row: feature, revision, before, after, who.
type HistoryRow = (String, i64, Option<String>, Option<String>, String);

const GEOMETRY: &str = r#"{"type":"Point","coordinates":[49.8,40.4]}"#;

fn properties(id: &str, name: &str) -> String {
    format!(r#"{{"id":"{id}","name":"{name}","kind":"city","status":"operating"}}"#)
}

#[tokio::test]
async fn an_older_store_keeps_its_history_as_before_and_after_and_serves_new_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("atlas.sqlite");
    let migrations = dir.path().join("old-migrations");
    std::fs::create_dir_all(&migrations).expect("mkdir");
    old_migrations(&migrations);
    {
        let options = SqliteConnectOptions::new()
            .filename(&db)
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options)
            .await
            .expect("opens");
        sqlx::migrate::Migrator::new(migrations.as_path())
            .await
            .expect("reads the old migrations")
            .run(&pool)
            .await
            .expect("runs them");
        // Baku: created, then renamed; Gone: created, then deleted.
        let statements = [
            "INSERT INTO collections (id, title, description, position) VALUES ('cities', 'Cities', '', 0)".to_string(),
            format!(
                "INSERT INTO features (id, collection_id, kind, status, name, properties, geometry, \
                 min_lon, min_lat, max_lon, max_lat, opened, revision, updated_at, document) \
                 VALUES ('baku', 'cities', 'city', 'operating', 'Baky', '{p}', '{GEOMETRY}', \
                 49.8, 40.4, 49.8, 40.4, NULL, 2, '2025-02-01T00:00:00Z', \
                 '{{\"type\":\"Feature\",\"geometry\":{GEOMETRY},\"id\":\"baku\",\"properties\":{d}}}')",
                p = properties("baku", "Baky"),
                d = r#"{"id":"baku","name":"Baky","kind":"city","status":"operating","updated_at":"2025-02-01T00:00:00Z","revision":2}"#,
            ),
            format!(
                "INSERT INTO feature_history (feature_id, revision, properties, geometry, changed_at, change) VALUES \
                 ('baku', 1, '{baku}', '{GEOMETRY}', '2025-01-01T00:00:00Z', 'create'), \
                 ('baku', 2, '{baky}', '{GEOMETRY}', '2025-02-01T00:00:00Z', 'update'), \
                 ('gone', 1, '{gone}', '{GEOMETRY}', '2025-01-01T00:00:00Z', 'create'), \
                 ('gone', 2, '{gone}', '{GEOMETRY}', '2025-02-01T00:00:00Z', 'delete')",
                baku = properties("baku", "Baku"),
                baky = properties("baku", "Baky"),
                gone = properties("gone", "Gone"),
            ),
        ];
        for statement in statements {
            sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
                .execute(&pool)
                .await
                .expect("an old row");
        }
        pool.close().await;
    }

    let store = SqliteStore::open(&db).await.expect("opens and migrates");
    let history: Vec<HistoryRow> = sqlx::query_as(
        "SELECT feature_id, revision, before, after, changed_by FROM feature_history \
         ORDER BY feature_id, revision",
    )
    .fetch_all(store.pool())
    .await
    .expect("history");
    let name = |document: &Option<String>| {
        document.as_ref().map(|text| {
            let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
            assert_eq!(value["type"], "Feature");
            assert_eq!(value["geometry"]["type"], "Point");
            value["properties"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
    };
    let rows: Vec<(&str, i64, Option<String>, Option<String>)> = history
        .iter()
        .map(|(id, revision, before, after, by)| {
            assert_eq!(by, "import");
            (id.as_str(), *revision, name(before), name(after))
        })
        .collect();
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        rows,
        [
            ("baku", 1, None, some("Baku")),
            ("baku", 2, some("Baku"), some("Baky")),
            ("gone", 1, None, some("Gone")),
            ("gone", 2, some("Gone"), None),
        ]
    );

    let (document, position): (String, i64) =
        sqlx::query_as("SELECT document, position FROM features WHERE id = 'baku'")
            .fetch_one(store.pool())
            .await
            .expect("the feature");
    let document: serde_json::Value = serde_json::from_str(&document).expect("JSON");
    assert_eq!(document["revision"], 2);
    assert_eq!(document["updated_at"], "2025-02-01T00:00:00Z");
    assert!(document["properties"].get("revision").is_none());
    assert!(document["properties"].get("updated_at").is_none());
    assert!(position > 0, "insertion order stands in for data order");
    let rtree: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'features_rtree'")
            .fetch_one(store.pool())
            .await
            .expect("schema");
    assert_eq!(rtree, 0, "the R-tree nothing read is gone");
}

#[tokio::test]
async fn the_change_marks_of_a_store_before_stories_are_kept_and_may_name_stories() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("atlas.sqlite");
    let migrations = dir.path().join("before-stories");
    std::fs::create_dir_all(&migrations).expect("mkdir");
    let all = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for entry in std::fs::read_dir(&all).expect("migrations") {
        let name = entry.expect("entry").file_name();
        if name.to_string_lossy().as_ref() < "0008" {
            std::fs::copy(all.join(&name), migrations.join(&name)).expect("copies");
        }
    }
    {
        let options = SqliteConnectOptions::new()
            .filename(&db)
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options)
            .await
            .expect("opens");
        sqlx::migrate::Migrator::new(migrations.as_path())
            .await
            .expect("reads the migrations before stories")
            .run(&pool)
            .await
            .expect("runs them");
        sqlx::query(
            "INSERT INTO change_marks (kind, id, generation) VALUES ('feature', 'baku', 3)",
        )
        .execute(&pool)
        .await
        .expect("a mark");
        pool.close().await;
    }
    let store = SqliteStore::open(&db).await.expect("opens and migrates");
    let marks: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT kind, id, generation FROM change_marks")
            .fetch_all(store.pool())
            .await
            .expect("marks");
    assert_eq!(marks, [("feature".into(), "baku".into(), 3)]);
    sqlx::query("INSERT INTO change_marks (kind, id, generation) VALUES ('story', 's', 4)")
        .execute(store.pool())
        .await
        .expect("a story's mark");
    let stories: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stories")
        .fetch_one(store.pool())
        .await
        .expect("the stories table");
    assert_eq!(stories, 0);
}
