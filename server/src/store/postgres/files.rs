//! Files in and out of the PostgreSQL store: the snapshot `atlas export` writes,
//! and a file's features added to or replacing those of one collection.
//!
//! An upsert is one transaction: the revision and history rules of
//! [`changes::plan_upserts`], the features, their history rows, their search
//! entries and passage links, and the change marks; then the event goes out,
//! so the read model and the answer caches drop what they hold of the collection.

use super::PgStore;
use super::import::{Tx, previous_state};
use super::rows::{insert_features, insert_history, insert_links};
use super::watch;
use super::writes::lock_writes;
use crate::clock::now_rfc3339;
use crate::store::changes::{self, PlannedFeature};
use crate::store::{
    ExportFeature, ExportLayer, ExportReport, ExportSnapshot, ImportContext, StoreError,
    UpsertSummary, UpsertedFeature,
};
use atlas_model::{AtlasFeature, FeatureProperties, Passage, PassageKind, Report, ReportMeta};
use sqlx::Row;

/// Every collection, report and story, as `atlas export` writes them.
pub async fn export_snapshot(store: &PgStore) -> Result<ExportSnapshot, StoreError> {
    // One snapshot: a change committing meanwhile is seen whole or not at all.
    let mut tx = store.pool.begin().await?;
    repeatable_read(&mut tx).await?;
    let collections =
        sqlx::query("SELECT id, title, description FROM collections ORDER BY position")
            .fetch_all(&mut *tx)
            .await?;
    let features = sqlx::query(
        "SELECT id, collection_id, properties, geometry FROM features \
         ORDER BY collection_id, position, id",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut layers = Vec::with_capacity(collections.len());
    for row in &collections {
        let id: String = row.try_get("id")?;
        let mut members = Vec::new();
        for feature in features
            .iter()
            .filter(|f| f.try_get::<&str, _>("collection_id").is_ok_and(|c| c == id))
        {
            members.push(ExportFeature {
                id: feature.try_get("id")?,
                properties: feature.try_get("properties")?,
                geometry: feature.try_get("geometry")?,
            });
        }
        layers.push(ExportLayer {
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            features: members,
            id,
        });
    }
    let reports = sqlx::query("SELECT id, source FROM reports ORDER BY position")
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| {
            Ok(ExportReport {
                id: row.try_get("id")?,
                source: row.try_get("source")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let stories = sqlx::query_scalar::<_, String>("SELECT text FROM stories ORDER BY id")
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|text| super::stories::parse(text))
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(ExportSnapshot {
        layers,
        reports,
        stories,
    })
}

/// The collections, features and reports a file import is checked against.
pub async fn import_context(store: &PgStore) -> Result<ImportContext, StoreError> {
    let mut tx = store.pool.begin().await?;
    repeatable_read(&mut tx).await?;
    let collections = sqlx::query_scalar("SELECT id FROM collections ORDER BY position")
        .fetch_all(&mut *tx)
        .await?;
    let mut features = std::collections::HashMap::new();
    for row in sqlx::query("SELECT id, collection_id, properties FROM features")
        .fetch_all(&mut *tx)
        .await?
    {
        let properties: String = row.try_get("properties")?;
        let properties: FeatureProperties = serde_json::from_str(&properties)
            .map_err(|e| StoreError::Invalid(format!("stored properties: {e}")))?;
        features.insert(
            row.try_get("id")?,
            (row.try_get("collection_id")?, properties),
        );
    }
    let mut reports = Vec::new();
    for row in sqlx::query("SELECT id, meta FROM reports ORDER BY position")
        .fetch_all(&mut *tx)
        .await?
    {
        let id: String = row.try_get("id")?;
        let meta: ReportMeta = serde_json::from_str(&row.try_get::<String, _>("meta")?)
            .map_err(|e| StoreError::Invalid(format!("stored report: {e}")))?;
        let passages = sqlx::query(
            "SELECT id, section, kind, text FROM passages WHERE report_id = $1 ORDER BY position",
        )
        .bind(&id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|p| {
            let kind: String = p.try_get("kind")?;
            Ok(Passage {
                id: p.try_get("id")?,
                section: p.try_get("section")?,
                kind: PassageKind::parse(&kind)
                    .ok_or_else(|| StoreError::Invalid(format!("unknown passage kind {kind:?}")))?,
                text: p.try_get("text")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        reports.push(Report { meta, passages });
    }
    Ok(ImportContext {
        collections,
        features,
        reports,
    })
}

/// Adds or replaces `features` in `collection_id` (see
/// [`crate::store::Store::upsert_features`]).
pub async fn upsert_features(
    store: &PgStore,
    collection_id: &str,
    features: &[AtlasFeature],
    by: &str,
    dry_run: bool,
) -> Result<UpsertSummary, StoreError> {
    let now = now_rfc3339();
    let mut tx = store.pool.begin().await?;
    lock_writes(&mut tx).await?;
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM collections WHERE id = $1")
        .bind(collection_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(StoreError::Invalid(format!(
            "there is no collection {collection_id}"
        )));
    }
    let previous = previous_state(&mut tx).await?;
    if let Some((id, old)) = features.iter().find_map(|f| {
        previous
            .features
            .get(f.id())
            .filter(|old| old.collection_id != collection_id)
            .map(|old| (f.id(), old))
    }) {
        return Err(StoreError::Invalid(format!(
            "feature {id} belongs to collection {}",
            old.collection_id
        )));
    }
    let set = changes::plan_upserts(collection_id, features, &previous, &now)?;
    let summary = UpsertSummary {
        features: set
            .features
            .iter()
            .map(|row| UpsertedFeature {
                id: row.feature.id().to_string(),
                change: row.change,
                revision: row.revision,
            })
            .collect(),
        event: set.event.clone(),
    };
    if dry_run || set.event.is_empty() {
        // Dropping the transaction rolls it back; it wrote nothing anyway.
        return Ok(summary);
    }
    write(&mut tx, &set.features).await?;
    insert_history(&mut tx, &set.history(), &now, by).await?;
    let generation = watch::mark(&mut tx, &set.event).await?;
    tx.commit().await?;
    watch::published_own(store, generation);
    // No subscriber is no error: a command-line import has none.
    let _ = store.events.send(set.event);
    Ok(summary)
}

/// Replaces the rows (with their search words) and passage links of the
/// rewritten features; the old links go with the old rows (a foreign key).
async fn write(tx: &mut Tx, rows: &[PlannedFeature<'_>]) -> Result<(), StoreError> {
    let rewritten: Vec<&PlannedFeature<'_>> = rows.iter().filter(|row| row.rewrite).collect();
    let ids: Vec<&str> = rewritten.iter().map(|row| row.feature.id()).collect();
    sqlx::query("DELETE FROM features WHERE id = ANY($1)")
        .bind(&ids)
        .execute(&mut **tx)
        .await?;
    insert_features(tx, &rewritten).await?;
    insert_links(tx, rewritten.iter().copied()).await
}

/// Makes the transaction read one snapshot throughout, as a SQLite read
/// transaction does; PostgreSQL's default takes one per statement.
async fn repeatable_read(tx: &mut Tx) -> Result<(), StoreError> {
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut **tx)
        .await?;
    Ok(())
}
