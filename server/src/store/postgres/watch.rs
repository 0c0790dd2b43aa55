//! Changes made by other processes (other `atlas serve` processes on the same
//! database, `atlas import`), turned into change events.
//!
//! As in the SQLite store, every change bumps the store's generation and
//! marks what it touched with it (`change_marks`) in its own transaction. It
//! also sends `NOTIFY atlas_changes`, which PostgreSQL delivers at commit: a
//! server listening looks at once, reads the marks newer than what it has
//! published and publishes them as one event. It looks once a second too, so
//! a notification lost while its listening connection was down is made up
//! for within a second.

use super::PgStore;
use crate::store::{ChangeEvent, StoreError};
use sqlx::postgres::PgListener;
use sqlx::{PgPool, Postgres, Transaction};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How often a running server looks for changes whether notified or not.
pub const WATCH_INTERVAL: Duration = Duration::from_secs(1);

/// The channel changes are announced on.
pub const CHANNEL: &str = "atlas_changes";

/// How many changes the store has seen, across every process that wrote it.
pub async fn generation(pool: &PgPool) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT generation FROM store_generation WHERE id = 1")
            .fetch_one(pool)
            .await?,
    )
}

/// Bumps the generation, marks what `event` touched with the new one and
/// announces it, inside the change's transaction; returns the new generation.
pub async fn mark(
    tx: &mut Transaction<'static, Postgres>,
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
        sqlx::query(
            "INSERT INTO change_marks (kind, id, generation) \
             SELECT $1, id, $2 FROM UNNEST($3::text[]) AS id \
             ON CONFLICT (kind, id) DO UPDATE SET generation = excluded.generation",
        )
        .bind(kind)
        .bind(generation)
        .bind(&ids)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(generation.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(generation)
}

/// Counts this process's own change, committed as `generation`, as published,
/// if everything before it was (see the SQLite store's `published_own`).
pub fn published_own(store: &PgStore, generation: i64) {
    let _ = store.published.compare_exchange(
        generation - 1,
        generation,
        Ordering::AcqRel,
        Ordering::Acquire,
    );
}

/// What changed after generation `since`, by the marks.
async fn changed_since(pool: &PgPool, since: i64) -> Result<ChangeEvent, StoreError> {
    let marks: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, id FROM change_marks WHERE generation > $1")
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
pub async fn look(store: &PgStore) -> Result<(), StoreError> {
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

/// A connection listening on [`CHANNEL`], or why there is none.
async fn listen(store: &PgStore) -> Result<PgListener, StoreError> {
    let mut listener = PgListener::connect_with(&store.pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Looks at every notification and every [`WATCH_INTERVAL`] until the runtime stops.
pub fn spawn(store: PgStore) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(WATCH_INTERVAL);
        let mut listener: Option<PgListener> = None;
        loop {
            if listener.is_none() {
                listener = listen(&store)
                    .await
                    .inspect_err(|error| tracing::warn!(%error, "listening for changes"))
                    .ok();
            }
            match listener.as_mut() {
                Some(connection) => {
                    tokio::select! {
                        notified = connection.recv() => {
                            if let Err(error) = notified {
                                tracing::warn!(%error, "listening for changes");
                                listener = None;
                            }
                        }
                        _ = ticks.tick() => {}
                    }
                }
                None => {
                    ticks.tick().await;
                }
            }
            if let Err(error) = look(&store).await {
                tracing::warn!(%error, "looking for changes by other processes");
            }
        }
    });
}
