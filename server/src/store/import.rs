//! Writes a validated data folder into the store, replacing what was there.
//!
//! All of it happens in one transaction: a reader sees the old content or the
//! new, never half of each, and a failure leaves the old content in place.

use crate::clock::now_rfc3339;
use crate::data_dir::DataSet;
use atlas_model::{AtlasFeature, FeatureProperties, geodesy};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};
use std::collections::{BTreeSet, HashMap};

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

/// A feature as the store held it before this import.
struct Previous {
    collection_id: String,
    properties: String,
    geometry: String,
    revision: i64,
    updated_at: String,
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
            let kind = match passage.kind {
                atlas_model::PassageKind::Paragraph => "paragraph",
                atlas_model::PassageKind::ListItem => "list_item",
            };
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

    let mut seen = BTreeSet::new();
    for layer in &data.layers {
        for feature in &layer.features {
            let stored = StoredContent::of(feature)?;
            let old = previous.get(feature.id());
            let unchanged = old.is_some_and(|old| {
                old.collection_id == layer.id
                    && old.properties == stored.properties
                    && old.geometry == stored.geometry
            });
            let (revision, updated_at) = match old {
                Some(old) if unchanged => (old.revision, old.updated_at.clone()),
                Some(old) => {
                    summary.updated += 1;
                    (old.revision + 1, now.clone())
                }
                None => {
                    summary.created += 1;
                    // A feature deleted and later re-added continues its history.
                    (
                        last_history.get(feature.id()).map_or(1, |r| r + 1),
                        now.clone(),
                    )
                }
            };
            if !unchanged {
                let change = if old.is_some() { "update" } else { "create" };
                write_history(&mut tx, feature.id(), revision, &stored, &now, change).await?;
            }
            insert_feature(&mut tx, &layer.id, feature, &stored, revision, &updated_at).await?;
            let p = &feature.properties;
            sqlx::query(
                "INSERT INTO features_fts (name, aliases, kind_label, feature_id) VALUES (?, ?, ?, ?)",
            )
            .bind(&p.name)
            // Semicolons keep aliases apart when a snippet shows several.
            .bind(p.aliases.join("; "))
            .bind(p.kind.label())
            .bind(&p.id)
            .execute(&mut *tx)
            .await?;
            // Two quotes in one passage are one link between feature and passage.
            let linked: BTreeSet<(&str, &str)> = feature
                .properties
                .passages
                .iter()
                .map(|l| (l.report.as_str(), l.passage.as_str()))
                .collect();
            for (report, passage) in linked {
                sqlx::query(
                    "INSERT INTO passage_links (feature_id, report_id, passage_id) VALUES (?, ?, ?)",
                )
                .bind(feature.id())
                .bind(report)
                .bind(passage)
                .execute(&mut *tx)
                .await?;
            }
            seen.insert(feature.id());
            summary.features += 1;
        }
    }

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

    for (id, old) in &previous {
        if !seen.contains(id.as_str()) {
            let stored = StoredContent {
                properties: old.properties.clone(),
                geometry: old.geometry.clone(),
                bbox: [0.0; 4],
            };
            write_history(&mut tx, id, old.revision + 1, &stored, &now, "delete").await?;
            summary.deleted += 1;
        }
    }

    tx.commit().await?;
    // After the commit: an answer cached from here on holds the new content.
    crate::cache::bump_generation();
    Ok(summary)
}

/// A feature as the store writes it: properties without the server-set fields.
struct StoredContent {
    properties: String,
    geometry: String,
    bbox: [f64; 4],
}

impl StoredContent {
    fn of(feature: &AtlasFeature) -> Result<StoredContent, sqlx::Error> {
        // `updated_at` and `revision` live in their own columns; keeping them out
        // of the JSON lets content comparison ignore them.
        let properties = FeatureProperties {
            updated_at: None,
            revision: None,
            ..feature.properties.clone()
        };
        let bbox = geodesy::bbox(&feature.geometry.value).ok_or_else(|| {
            sqlx::Error::Protocol(format!("feature {} has no positions", feature.id()))
        })?;
        Ok(StoredContent {
            properties: json(&properties)?,
            geometry: json(&feature.geometry)?,
            bbox,
        })
    }
}

async fn insert_feature(
    tx: &mut Transaction<'static, Sqlite>,
    collection_id: &str,
    feature: &AtlasFeature,
    stored: &StoredContent,
    revision: i64,
    updated_at: &str,
) -> Result<(), sqlx::Error> {
    let p = &feature.properties;
    let [min_lon, min_lat, max_lon, max_lat] = stored.bbox;
    sqlx::query(
        "INSERT INTO features (id, collection_id, kind, status, name, properties, geometry, \
         min_lon, min_lat, max_lon, max_lat, opened, revision, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&p.id)
    .bind(collection_id)
    .bind(p.kind.as_str())
    .bind(p.status.as_str())
    .bind(&p.name)
    .bind(&stored.properties)
    .bind(&stored.geometry)
    .bind(min_lon)
    .bind(min_lat)
    .bind(max_lon)
    .bind(max_lat)
    .bind(p.facts.opened)
    .bind(revision)
    .bind(updated_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn write_history(
    tx: &mut Transaction<'static, Sqlite>,
    feature_id: &str,
    revision: i64,
    stored: &StoredContent,
    changed_at: &str,
    change: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO feature_history (feature_id, revision, properties, geometry, changed_at, change) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(feature_id)
    .bind(revision)
    .bind(&stored.properties)
    .bind(&stored.geometry)
    .bind(changed_at)
    .bind(change)
    .execute(&mut **tx)
    .await?;
    Ok(())
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

fn json<T: serde::Serialize>(value: &T) -> Result<String, sqlx::Error> {
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
