//! Applies a validated data folder to the PostgreSQL store as one change set,
//! by the same rules as the SQLite import ([`changes::plan`],
//! [`story_changes::plan`]): features created, updated and deleted by id with
//! their history rows, collections upserted, reports and passages written
//! anew when they change, all in one transaction under the write lock.
//! Search words and PostGIS shapes are generated columns: writing a row
//! writes them.

use super::PgStore;
use super::rows::{insert_features, insert_history, insert_links};
use super::stories;
use super::watch;
use super::writes::lock_writes;
use crate::clock::now_rfc3339;
use crate::data_dir::DataSet;
use crate::store::changes::{self, ChangeSet, CollectionMeta, IMPORT, Previous, PreviousState};
use crate::store::documents::json;
use crate::store::report_rows;
use crate::store::story_changes::{self, StoryChangeSet};
use crate::store::{ImportSummary, StoreError};
use sqlx::{Postgres, Row, Transaction};

/// The transaction a change is written in.
pub type Tx = Transaction<'static, Postgres>;

/// Makes the store hold `data` (see [`crate::store::Store::import`]).
pub async fn import(
    store: &PgStore,
    data: &DataSet,
    dry_run: bool,
) -> Result<ImportSummary, StoreError> {
    let now = now_rfc3339();
    let mut tx = store.pool.begin().await?;
    lock_writes(&mut tx).await?;
    let previous = previous_state(&mut tx).await?;
    let mut set = changes::plan(data, &previous, &now)?;
    set.event.reports = reports_differ(&mut tx, data).await?;
    let held_stories = stories::previous(&mut tx).await?;
    let story_history = stories::last_history(&mut tx).await?;
    let story_set = story_changes::plan(&data.stories, &held_stories, &story_history, &now);
    set.event.stories = story_set.touched();
    let summary = summarize(data, &set, &story_set);
    if dry_run {
        // Dropping the transaction rolls it back; it wrote nothing anyway.
        return Ok(summary);
    }
    write_collections(&mut tx, data).await?;
    // Links follow both features and passages: written anew below.
    sqlx::query("DELETE FROM passage_links")
        .execute(&mut *tx)
        .await?;
    if set.event.reports {
        write_reports(&mut tx, data).await?;
    }
    write_features(&mut tx, &set, &now).await?;
    let kept: Vec<&str> = data.layers.iter().map(|l| l.id.as_str()).collect();
    sqlx::query("DELETE FROM collections WHERE NOT (id = ANY($1))")
        .bind(&kept)
        .execute(&mut *tx)
        .await?;
    insert_links(&mut tx, set.features.iter()).await?;
    stories::write(&mut tx, &story_set, &held_stories, &now, IMPORT).await?;
    let generation = if set.event.is_empty() {
        None
    } else {
        Some(watch::mark(&mut tx, &set.event).await?)
    };
    tx.commit().await?;
    if let Some(generation) = generation {
        watch::published_own(store, generation);
        // No subscriber is no error: a command-line import has none.
        let _ = store.events.send(set.event);
    }
    Ok(summary)
}

fn summarize(data: &DataSet, set: &ChangeSet<'_>, stories: &StoryChangeSet<'_>) -> ImportSummary {
    let changes = set.changes();
    let count = |change| changes.iter().filter(|c| c.change == change).count();
    ImportSummary {
        collections: data.layers.len(),
        features: data.feature_count(),
        reports: data.reports.len(),
        passages: data.passage_count(),
        created: count(changes::Change::Create),
        updated: count(changes::Change::Update),
        deleted: count(changes::Change::Delete),
        changes,
        stories: data.stories.len(),
        story_changes: stories.changes(),
        event: set.event.clone(),
    }
}

async fn write_collections(tx: &mut Tx, data: &DataSet) -> Result<(), StoreError> {
    for (position, layer) in data.layers.iter().enumerate() {
        sqlx::query(
            "INSERT INTO collections (id, title, description, position) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, \
             description = excluded.description, position = excluded.position",
        )
        .bind(&layer.id)
        .bind(&layer.title)
        .bind(&layer.description)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Whether the reports and passages held differ from `data`'s.
async fn reports_differ(tx: &mut Tx, data: &DataSet) -> Result<bool, StoreError> {
    let reports = sqlx::query("SELECT id, meta, position, source FROM reports ORDER BY position")
        .fetch_all(&mut **tx)
        .await?;
    let passages = sqlx::query(
        "SELECT report_id, id, position, section, kind, text FROM passages \
         ORDER BY report_id, position",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut held = Vec::new();
    for report in &reports {
        let id: String = report.try_get("id")?;
        held.push(report_rows::report(
            &id,
            &report.try_get::<String, _>("meta")?,
            report.try_get::<i64, _>("position")?,
            &report
                .try_get::<Option<String>, _>("source")?
                .unwrap_or_default(),
        ));
        for passage in passages
            .iter()
            .filter(|p| p.try_get::<&str, _>("report_id").is_ok_and(|r| r == id))
        {
            held.push(report_rows::passage(
                &id,
                passage.try_get::<&str, _>("id")?,
                passage.try_get::<i64, _>("position")?,
                passage.try_get::<&str, _>("section")?,
                passage.try_get::<&str, _>("kind")?,
                passage.try_get::<&str, _>("text")?,
            ));
        }
    }
    Ok(held != report_rows::of_data(data)?)
}

/// Replaces every report and passage (their search words are generated).
async fn write_reports(tx: &mut Tx, data: &DataSet) -> Result<(), StoreError> {
    for table in ["DELETE FROM passages", "DELETE FROM reports"] {
        sqlx::query(table).execute(&mut **tx).await?;
    }
    for (position, report) in data.reports.iter().enumerate() {
        sqlx::query("INSERT INTO reports (id, meta, position, source) VALUES ($1, $2, $3, $4)")
            .bind(&report.meta.id)
            .bind(json(&report.meta)?)
            .bind(position as i64)
            .bind(data.report_sources.get(position))
            .execute(&mut **tx)
            .await?;
        for (index, passage) in report.passages.iter().enumerate() {
            sqlx::query(
                "INSERT INTO passages (report_id, id, position, section, kind, text, \
                 report_title) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&report.meta.id)
            .bind(&passage.id)
            .bind(index as i64)
            .bind(&passage.section)
            .bind(passage.kind.as_str())
            .bind(&passage.text)
            .bind(&report.meta.title)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Deletes, rewrites and creates features as planned, with their history rows.
async fn write_features(tx: &mut Tx, set: &ChangeSet<'_>, now: &str) -> Result<(), StoreError> {
    let rewritten: Vec<_> = set.features.iter().filter(|row| row.rewrite).collect();
    let gone: Vec<&str> = set
        .deletions
        .iter()
        .map(|gone| gone.id.as_str())
        .chain(rewritten.iter().map(|row| row.feature.id()))
        .collect();
    sqlx::query("DELETE FROM features WHERE id = ANY($1)")
        .bind(&gone)
        .execute(&mut **tx)
        .await?;
    insert_features(tx, &rewritten).await?;
    insert_history(tx, &set.history(), now, IMPORT).await
}

/// What the store holds now, as the change rules need it.
pub async fn previous_state(tx: &mut Tx) -> Result<PreviousState, StoreError> {
    let mut state = PreviousState::default();
    let rows = sqlx::query(
        "SELECT id, collection_id, properties, geometry, revision, updated_at, position, \
         document FROM features",
    )
    .fetch_all(&mut **tx)
    .await?;
    for row in rows {
        state.features.insert(
            row.try_get("id")?,
            Previous {
                collection_id: row.try_get("collection_id")?,
                properties: row.try_get("properties")?,
                geometry: row.try_get("geometry")?,
                revision: row.try_get("revision")?,
                updated_at: row.try_get("updated_at")?,
                position: row.try_get("position")?,
                document: row.try_get("document")?,
            },
        );
    }
    let rows = sqlx::query("SELECT id, title, description, position FROM collections")
        .fetch_all(&mut **tx)
        .await?;
    for row in rows {
        state.collections.insert(
            row.try_get("id")?,
            CollectionMeta {
                title: row.try_get("title")?,
                description: row.try_get("description")?,
                position: row.try_get("position")?,
            },
        );
    }
    state.last_history =
        sqlx::query_as("SELECT feature_id, MAX(revision) FROM feature_history GROUP BY feature_id")
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .collect();
    Ok(state)
}
