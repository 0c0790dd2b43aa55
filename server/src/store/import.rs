//! Writes a validated data folder into the store, replacing what was there.
//!
//! All of it happens in one transaction: a reader sees the old content or the
//! new, never half of each, and a failure leaves the old content in place.

use super::batch;
use super::import_plan::{FeatureRow, HistoryRow, Previous, plan_features};
use crate::clock::now_rfc3339;
use crate::data_dir::DataSet;
use sqlx::{Row, Sqlite, SqlitePool, Transaction};
use std::collections::{BTreeSet, HashMap, HashSet};

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Collections written.
    pub collections: usize,
    /// Features written.
    pub features: usize,
    /// Reports written.
    pub reports: usize,
    /// Passages written.
    pub passages: usize,
    /// Features that did not exist before.
    pub created: usize,
    /// Features whose content changed (their revision went up).
    pub updated: usize,
    /// Features that were in the store but are no longer in the data.
    pub deleted: usize,
}

/// Replaces the store's collections, features, reports and passages with `data`.
///
/// A feature keeps its revision and `updated_at` when its collection, properties
/// and geometry are unchanged; otherwise its revision goes up by one and a
/// `feature_history` row records the new content. Removed features get a
/// `delete` history row.
pub async fn import(pool: &SqlitePool, data: &DataSet) -> Result<ImportSummary, sqlx::Error> {
    let now = now_rfc3339();
    let mut tx = pool.begin().await?;
    // A bulk load rewrites every index; a page cache that holds them (64 MiB
    // rather than 2) saves re-reading their pages. It changes no durability:
    // the import is still one transaction, synced at its commit.
    sqlx::query("PRAGMA cache_size = -65536")
        .execute(&mut *tx)
        .await?;
    let previous = previous_features(&mut tx).await?;
    let last_history = last_history_revisions(&mut tx).await?;

    // Children before parents, for the foreign keys; the search indexes have none.
    for table in [
        "DELETE FROM passages_fts",
        "DELETE FROM features_fts",
        "DELETE FROM features_rtree",
        "DELETE FROM passage_links",
        "DELETE FROM features",
        "DELETE FROM passages",
        "DELETE FROM reports",
        "DELETE FROM collections",
    ] {
        sqlx::query(table).execute(&mut *tx).await?;
    }

    let mut summary = ImportSummary::default();
    for (position, layer) in data.layers.iter().enumerate() {
        sqlx::query(
            "INSERT INTO collections (id, title, description, position) VALUES (?, ?, ?, ?)",
        )
        .bind(&layer.id)
        .bind(&layer.title)
        .bind(&layer.description)
        .bind(position as i64)
        .execute(&mut *tx)
        .await?;
        summary.collections += 1;
    }

    // Reports before features: passage links point at passages.
    for (position, report) in data.reports.iter().enumerate() {
        let meta = json(&report.meta)?;
        sqlx::query("INSERT INTO reports (id, meta, position) VALUES (?, ?, ?)")
            .bind(&report.meta.id)
            .bind(meta)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        for (index, passage) in report.passages.iter().enumerate() {
            let kind = passage.kind.as_str();
            sqlx::query(
                "INSERT INTO passages (report_id, id, position, section, kind, text) VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(&report.meta.id)
            .bind(&passage.id)
            .bind(index as i64)
            .bind(&passage.section)
            .bind(kind)
            .bind(&passage.text)
            .execute(&mut *tx)
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
            .execute(&mut *tx)
            .await?;
            summary.passages += 1;
        }
        summary.reports += 1;
    }

    let rows = plan_features(data, &previous, &last_history, &now, &mut summary)?;
    write_features(&mut tx, &rows, &now).await?;
    let seen: HashSet<&str> = rows.iter().map(|row| row.feature.id()).collect();

    // The spatial index, in one statement rather than one per feature.
    sqlx::query(
        "INSERT INTO features_rtree (id, min_lon, max_lon, min_lat, max_lat) \
         SELECT rowid, min_lon, max_lon, min_lat, max_lat FROM features",
    )
    .execute(&mut *tx)
    .await?;
    // Tells servers in other processes that their cached answers are stale.
    sqlx::query("UPDATE store_generation SET generation = generation + 1 WHERE id = 1")
        .execute(&mut *tx)
        .await?;

    let deleted: Vec<HistoryRow> = previous
        .iter()
        .filter(|(id, _)| !seen.contains(id.as_str()))
        .map(|(id, old)| HistoryRow {
            feature_id: id,
            revision: old.revision + 1,
            properties: &old.properties,
            geometry: &old.geometry,
            change: "delete",
        })
        .collect();
    summary.deleted = deleted.len();
    write_history(&mut tx, &deleted, &now).await?;

    // The bulk load is over: back to the pool's usual page cache.
    sqlx::query("PRAGMA cache_size = -2000")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    // After the commit: an answer cached from here on holds the new content.
    crate::cache::bump_generation();
    Ok(summary)
}

/// Writes the planned features with their history, search entries and passage links.
async fn write_features(
    tx: &mut Transaction<'static, Sqlite>,
    rows: &[FeatureRow<'_>],
    now: &str,
) -> Result<(), sqlx::Error> {
    batch::insert_all(
        tx,
        "INSERT INTO features (id, collection_id, kind, status, name, properties, geometry, \
         min_lon, min_lat, max_lon, max_lat, opened, revision, updated_at, document)",
        15,
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
        },
    )
    .await?;
    let history: Vec<HistoryRow> = rows
        .iter()
        .filter_map(|row| {
            Some(HistoryRow {
                feature_id: row.feature.id(),
                revision: row.revision,
                properties: &row.stored.properties,
                geometry: &row.stored.geometry,
                change: row.change?,
            })
        })
        .collect();
    write_history(tx, &history, now).await?;
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
    // Two quotes in one passage are one link between feature and passage.
    let links: BTreeSet<(&str, &str, &str)> = rows
        .iter()
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
    .await
}

async fn write_history(
    tx: &mut Transaction<'static, Sqlite>,
    rows: &[HistoryRow<'_>],
    changed_at: &str,
) -> Result<(), sqlx::Error> {
    batch::insert_all(
        tx,
        "INSERT INTO feature_history (feature_id, revision, properties, geometry, changed_at, change)",
        6,
        rows,
        |query, row| {
            query
                .bind(row.feature_id)
                .bind(row.revision)
                .bind(row.properties)
                .bind(row.geometry)
                .bind(changed_at)
                .bind(row.change)
        },
    )
    .await
}

async fn previous_features(
    tx: &mut Transaction<'static, Sqlite>,
) -> Result<HashMap<String, Previous>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, collection_id, properties, geometry, revision, updated_at FROM features",
    )
    .fetch_all(&mut **tx)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok((
                row.try_get("id")?,
                Previous {
                    collection_id: row.try_get("collection_id")?,
                    properties: row.try_get("properties")?,
                    geometry: row.try_get("geometry")?,
                    revision: row.try_get("revision")?,
                    updated_at: row.try_get("updated_at")?,
                },
            ))
        })
        .collect()
}

async fn last_history_revisions(
    tx: &mut Transaction<'static, Sqlite>,
) -> Result<HashMap<String, i64>, sqlx::Error> {
    sqlx::query_as("SELECT feature_id, MAX(revision) FROM feature_history GROUP BY feature_id")
        .fetch_all(&mut **tx)
        .await
        .map(|rows: Vec<(String, i64)>| rows.into_iter().collect())
}

/// `value` as JSON text, for a TEXT column.
pub(super) fn json<T: serde::Serialize>(value: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Why `import_dir` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The data folder has problems; nothing was written.
    #[error("{0}")]
    Data(#[from] crate::data_dir::DataErrors),
    /// The store refused the write; the transaction was rolled back.
    #[error("writing the database: {0}")]
    Store(#[from] sqlx::Error),
}

/// Loads and checks the data folder at `dir`, then imports it.
pub async fn import_dir(
    pool: &SqlitePool,
    dir: &std::path::Path,
) -> Result<ImportSummary, ImportError> {
    // Reading is blocking file I/O; keep it off the async workers.
    let dir = dir.to_path_buf();
    let data = tokio::task::spawn_blocking(move || crate::data_dir::load(&dir))
        .await
        .map_err(|e| sqlx::Error::Protocol(format!("reading the data folder: {e}")))??;
    Ok(import(pool, &data).await?)
}
