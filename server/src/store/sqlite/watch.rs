//! Changes made by other processes (`atlas import` beside a running server),
//! turned into change events.
//!
//! Every change bumps the store's generation and marks what it touched with
//! it (`change_marks`) in its own transaction. A server polls the generation;
//! when it has moved past what this process has published, the marks newer
//! than that say which collections, features, reports and stories changed, and they go
//! out as one event. A change made by this process is published by it at once
//! and counted as published, so it is not published twice.

use super::SqliteStore;
use crate::store::{ChangeEvent, StoreError};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How often a running server looks for changes by other processes.
pub const WATCH_INTERVAL: Duration = Duration::from_secs(1);

/// How many changes the store has seen, across every process that wrote it.
pub async fn generation(pool: &SqlitePool) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT generation FROM store_generation WHERE id = 1")
            .fetch_one(pool)
            .await?,
    )
}

/// Bumps the generation and marks what `event` touched with the new one,
/// inside the change's transaction; returns the new generation.
pub async fn mark(
    tx: &mut Transaction<'static, Sqlite>,
    event: &ChangeEvent,
) -> Result<i64, StoreError> {
    let generation: i64 = sqlx::query_scalar(
        "UPDATE store_generation SET generation = generation + 1 WHERE id = 1 RETURNING generation",
    )
    .fetch_one(&mut **tx)
    .await?;
    let reports: Vec<&str> = if event.reports { vec![""] } else { vec![] };
    for (kind, ids) in [
        (
            "collection",
            event.collections.iter().map(String::as_str).collect(),
        ),
        (
            "feature",
            event.features.iter().map(String::as_str).collect(),
        ),
        ("reports", reports),
        ("story", event.stories.iter().map(String::as_str).collect()),
    ] {
        let ids: Vec<&str> = ids;
        if ids.is_empty() {
            continue;
        }
        // `WHERE true` tells SQLite's parser the upsert's ON belongs to it.
        sqlx::query(
            "INSERT INTO change_marks (kind, id, generation) \
             SELECT ?1, value, ?2 FROM json_each(?3) WHERE true \
             ON CONFLICT (kind, id) DO UPDATE SET generation = excluded.generation",
        )
        .bind(kind)
        .bind(generation)
        .bind(crate::store::documents::json(&ids)?)
        .execute(&mut **tx)
        .await?;
    }
    Ok(generation)
}

/// Counts this process's own change, committed as `generation`, as published,
/// if everything before it was: otherwise the watch publishes it again with
/// the changes of others it has not seen yet, which is harmless.
pub fn published_own(store: &SqliteStore, generation: i64) {
    let _ = store.published.compare_exchange(
        generation - 1,
        generation,
        Ordering::AcqRel,
        Ordering::Acquire,
    );
}

/// What changed after generation `since`, by the marks.
async fn changed_since(pool: &SqlitePool, since: i64) -> Result<ChangeEvent, StoreError> {
    let marks: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, id FROM change_marks WHERE generation > ?")
            .bind(since)
            .fetch_all(pool)
            .await?;
    let mut event = ChangeEvent::default();
    for (kind, id) in marks {
        match kind.as_str() {
            "collection" => {
                event.collections.insert(id);
            }
            "feature" => {
                event.features.insert(id);
            }
            "story" => {
                event.stories.insert(id);
            }
            _ => event.reports = true,
        }
    }
    Ok(event)
}

/// Looks once: publishes what other processes changed since this one last published.
pub async fn look(store: &SqliteStore) -> Result<(), StoreError> {
    let now = generation(&store.pool).await?;
    let published = store.published.load(Ordering::Acquire);
    if now <= published {
        return Ok(());
    }
    let event = changed_since(&store.pool, published).await?;
    store.published.fetch_max(now, Ordering::AcqRel);
    if !event.is_empty() {
        let _ = store.events.send(event);
    }
    Ok(())
}

/// Polls every [`WATCH_INTERVAL`] until the runtime stops.
pub fn spawn(store: SqliteStore) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(WATCH_INTERVAL);
        loop {
            ticks.tick().await;
            if let Err(error) = look(&store).await {
                tracing::warn!(%error, "looking for changes by other processes");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::events::Seen;
    use crate::store::{Store, import_dir};
    use std::path::Path;

    fn fixture() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data")
    }

    #[tokio::test]
    async fn a_change_by_another_process_is_published_once_with_what_it_touched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("atlas.sqlite");
        // Two opens of one file stand for two processes: they share nothing but it.
        let writer = SqliteStore::open(&db).await.expect("opens");
        let server = SqliteStore::open(&db).await.expect("opens");
        let mut own = writer.subscribe();
        let mut watched = server.subscribe();

        import_dir(&writer, &fixture(), false)
            .await
            .expect("imports");
        assert!(
            matches!(own.catch_up(), Seen::Changed(_)),
            "published at once"
        );
        // The writer counts its own change as published: looking adds nothing.
        look(&writer).await.expect("looks");
        assert_eq!(own.catch_up(), Seen::Nothing);

        assert_eq!(watched.catch_up(), Seen::Nothing, "not seen before a look");
        look(&server).await.expect("looks");
        let Seen::Changed(event) = watched.catch_up() else {
            panic!("the other process's import is published");
        };
        assert_eq!(
            event.collections.iter().collect::<Vec<_>>(),
            ["cities", "rail"]
        );
        assert!(event.features.contains("baku") && event.reports);
        look(&server).await.expect("looks again");
        assert_eq!(watched.catch_up(), Seen::Nothing, "published once");
    }
}
