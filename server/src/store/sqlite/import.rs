//! Applies a validated data folder to the SQLite store as one change set.
//!
//! Features are created, updated and deleted by id, as [`changes::plan`]
//! decides, each change with its history row; unchanged features are left
//! alone. Stories are created, updated and deleted by id as
//! [`story_changes::plan`] decides. Collections are upserted, and reports, passages, passage links and
//! the search indexes (content without revisions of its own) are written anew
//! when they change. All of it is one transaction: a reader sees the old
//! content or the new, never half of each, and a failure leaves the old
//! content in place. History is only ever added to.

use super::SqliteStore;
use super::batch;
use super::stories;
use super::watch;
use crate::clock::now_rfc3339;
use crate::data_dir::DataSet;
use crate::store::changes::{
    self, ChangeSet, CollectionMeta, HistoryRow, IMPORT, PlannedFeature, Previous, PreviousState,
};
use crate::store::documents::json;
use crate::store::report_rows;
use crate::store::story_changes::{self, StoryChangeSet};
use crate::store::{ImportSummary, StoreError};
use sqlx::{Row, Sqlite, Transaction};
use std::collections::BTreeSet;

/// The transaction a change is written in.
pub(super) type Tx = Transaction<'static, Sqlite>;

/// Makes the store hold `data` (see [`crate::store::Store::import`]).
pub async fn import(
    store: &SqliteStore,
    data: &DataSet,
    dry_run: bool,
) -> Result<ImportSummary, StoreError> {
    let now = now_rfc3339();
    let mut tx = store.pool.begin().await?;
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
    // A bulk load rewrites every index; a page cache that holds them (64 MiB
    // rather than 2) saves re-reading their pages. It changes no durability:
    // the import is still one transaction, synced at its commit.
    sqlx::query("PRAGMA cache_size = -65536")
        .execute(&mut *tx)
        .await?;
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
    sqlx::query("DELETE FROM collections WHERE id NOT IN (SELECT value FROM json_each(?))")
        .bind(json(&kept)?)
        .execute(&mut *tx)
        .await?;
    write_links(&mut tx, &set).await?;
    stories::write(&mut tx, &story_set, &held_stories, &now, IMPORT).await?;
    let generation = if set.event.is_empty() {
        None
    } else {
        Some(watch::mark(&mut tx, &set.event).await?)
    };
    // The bulk load is over: back to the pool's usual page cache.
    sqlx::query("PRAGMA cache_size = -2000")
        .execute(&mut *tx)
        .await?;
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
            "INSERT INTO collections (id, title, description, position) VALUES (?, ?, ?, ?) \
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

/// Replaces every report, passage and passage search entry.
async fn write_reports(tx: &mut Tx, data: &DataSet) -> Result<(), StoreError> {
    for table in [
        "DELETE FROM passages_fts",
        "DELETE FROM passages",
        "DELETE FROM reports",
    ] {
        sqlx::query(table).execute(&mut **tx).await?;
    }
    for (position, report) in data.reports.iter().enumerate() {
        sqlx::query("INSERT INTO reports (id, meta, position, source) VALUES (?, ?, ?, ?)")
            .bind(&report.meta.id)
            .bind(json(&report.meta)?)
            .bind(position as i64)
            .bind(data.report_sources.get(position))
            .execute(&mut **tx)
            .await?;
        for (index, passage) in report.passages.iter().enumerate() {
            sqlx::query(
                "INSERT INTO passages (report_id, id, position, section, kind, text) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(&report.meta.id)
            .bind(&passage.id)
            .bind(index as i64)
            .bind(&passage.section)
            .bind(passage.kind.as_str())
            .bind(&passage.text)
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "INSERT INTO passages_fts (text, section, report_title, report_id, passage_id) \
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(&passage.text)
            .bind(&passage.section)
            .bind(&report.meta.title)
            .bind(&report.meta.id)
            .bind(&passage.id)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Deletes, rewrites and creates features as planned, with their history
/// rows, and rewrites the feature search index if any feature changed.
async fn write_features(tx: &mut Tx, set: &ChangeSet<'_>, now: &str) -> Result<(), StoreError> {
    let rewritten: Vec<_> = set.features.iter().filter(|row| row.rewrite).collect();
    let gone: Vec<&str> = set
        .deletions
        .iter()
        .map(|gone| gone.id.as_str())
        .chain(rewritten.iter().map(|row| row.feature.id()))
        .collect();
    sqlx::query("DELETE FROM features WHERE id IN (SELECT value FROM json_each(?))")
        .bind(json(&gone)?)
        .execute(&mut **tx)
        .await?;
    insert_features(tx, &rewritten).await?;
    insert_history(tx, &set.history(), now, IMPORT).await?;
    if set.event.features.is_empty() {
        return Ok(());
    }
    sqlx::query("DELETE FROM features_fts")
        .execute(&mut **tx)
        .await?;
    let all: Vec<&PlannedFeature<'_>> = set.features.iter().collect();
    insert_search_entries(tx, &all).await
}

/// Inserts `rows` into `features`, which must not hold them.
pub(super) async fn insert_features(
    tx: &mut Tx,
    rows: &[&PlannedFeature<'_>],
) -> Result<(), StoreError> {
    batch::insert_all(
        tx,
        "INSERT INTO features (id, collection_id, kind, status, name, properties, geometry, \
         min_lon, min_lat, max_lon, max_lat, opened, revision, updated_at, document, position)",
        16,
        rows,
        |query, row| {
            let p = &row.feature.properties;
            let atlas_model::Bbox {
                west: min_lon,
                south: min_lat,
                east: max_lon,
                north: max_lat,
            } = row.stored.bbox;
            query
                .bind(p.id.as_str())
                .bind(row.collection_id)
                .bind(p.kind.as_str())
                .bind(p.status.as_str())
                .bind(p.name.as_str())
                .bind(row.stored.properties.as_str())
                .bind(row.stored.geometry.as_str())
                .bind(min_lon)
                .bind(min_lat)
                .bind(max_lon)
                .bind(max_lat)
                .bind(p.facts.opened)
                .bind(row.revision)
                .bind(row.updated_at.as_str())
                .bind(row.document.as_str())
                .bind(row.position)
        },
    )
    .await?;
    Ok(())
}

/// Adds `history`, each row changed at `now` by `by`.
pub(super) async fn insert_history(
    tx: &mut Tx,
    history: &[HistoryRow<'_>],
    now: &str,
    by: &str,
) -> Result<(), StoreError> {
    batch::insert_all(
        tx,
        "INSERT INTO feature_history (feature_id, collection_id, revision, before, after, \
         changed_at, changed_by, restored_from)",
        8,
        history,
        |query, row| {
            query
                .bind(row.feature_id)
                .bind(row.collection_id)
                .bind(row.revision)
                .bind(row.before)
                .bind(row.after.as_deref())
                .bind(now)
                .bind(by)
                .bind(row.restored_from)
        },
    )
    .await?;
    Ok(())
}

/// Adds the feature search entries of `rows`, which must have none.
pub(super) async fn insert_search_entries(
    tx: &mut Tx,
    rows: &[&PlannedFeature<'_>],
) -> Result<(), StoreError> {
    batch::insert_all(
        tx,
        "INSERT INTO features_fts (name, aliases, kind_label, feature_id)",
        4,
        rows,
        |query, row| {
            let p = &row.feature.properties;
            query
                .bind(p.name.as_str())
                // Semicolons keep aliases apart when a snippet shows several.
                .bind(p.aliases.join("; "))
                .bind(p.kind.label())
                .bind(p.id.as_str())
        },
    )
    .await?;
    Ok(())
}

/// Writes every feature's passage links.
async fn write_links(tx: &mut Tx, set: &ChangeSet<'_>) -> Result<(), StoreError> {
    insert_links(tx, set.features.iter()).await
}

/// Adds the passage links of `rows`; two quotes in one passage are one link.
pub(super) async fn insert_links<'a>(
    tx: &mut Tx,
    rows: impl Iterator<Item = &'a PlannedFeature<'a>>,
) -> Result<(), StoreError> {
    let links: BTreeSet<(&str, &str, &str)> = rows
        .flat_map(|row| {
            row.feature
                .properties
                .passages
                .iter()
                .map(|l| (row.feature.id(), l.report.as_str(), l.passage.as_str()))
        })
        .collect();
    let links: Vec<(&str, &str, &str)> = links.into_iter().collect();
    batch::insert_all(
        tx,
        "INSERT INTO passage_links (feature_id, report_id, passage_id)",
        3,
        &links,
        |query, &(feature, report, passage)| query.bind(feature).bind(report).bind(passage),
    )
    .await?;
    Ok(())
}

/// What the store holds now, as the change rules need it.
pub(super) async fn previous_state(tx: &mut Tx) -> Result<PreviousState, StoreError> {
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
                document: row
                    .try_get::<Option<String>, _>("document")?
                    .unwrap_or_default(),
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
