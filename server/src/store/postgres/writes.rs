//! One edit of one feature, as one transaction: the feature's row, its
//! search entry and passage links, its history row and the change marks,
//! all or nothing; then the change event.
//!
//! The transaction takes the store's write lock ([`lock_writes`]) before it
//! reads the revision it checks, so two edits against one revision, through
//! one server or two, are decided one after the other, and exactly one wins.

use super::PgStore;
use super::watch;
use crate::clock::now_rfc3339;
use crate::store::changes::edits::{self, EditState, FeatureEdit, PlannedEdit};
use crate::store::changes::{Change, Previous};
use crate::store::{EditOutcome, StoreError, StoredFeature};
use atlas_model::AtlasFeature;
use sqlx::Row;

use super::import::Tx;

/// The key of the advisory lock every planned write takes: "atlas" in ASCII.
const WRITE_LOCK: i64 = 0x61_74_6c_61_73;

/// Takes the store's write lock until the transaction ends: writes that plan
/// from what they read run one at a time, across every process.
pub async fn lock_writes(tx: &mut Tx) -> Result<(), StoreError> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(WRITE_LOCK)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Applies `edit` (see [`crate::store::Store::edit`]).
pub async fn edit(store: &PgStore, edit: &FeatureEdit<'_>) -> Result<EditOutcome, StoreError> {
    let now = now_rfc3339();
    let mut tx = store.pool.begin().await?;
    lock_writes(&mut tx).await?;
    let state = edit_state(&mut tx, edit).await?;
    let served = |live: &Previous| StoredFeature {
        document: live.document.clone(),
        revision: live.revision,
    };
    let plan = match edits::plan_edit(edit, &state, &now)? {
        Ok(plan) => plan,
        Err(refusal) => {
            // Dropping the transaction rolls it back; it wrote nothing.
            return Ok(EditOutcome::Refused {
                refusal,
                current: state.live.as_ref().map(served),
            });
        }
    };
    let Some(change) = plan.change else {
        return Ok(EditOutcome::Done {
            change: None,
            revision: plan.revision,
            feature: state.live.as_ref().map(served),
        });
    };
    match (change, edit.edit.content()) {
        (Change::Delete, _) | (_, None) => delete_row(&mut tx, edit.feature_id).await?,
        (_, Some(content)) => write_row(&mut tx, &plan, content, change).await?,
    }
    if let Some(row) = plan.history() {
        sqlx::query(
            "INSERT INTO feature_history (feature_id, collection_id, revision, before, after, \
             changed_at, changed_by, restored_from) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(row.feature_id)
        .bind(row.collection_id)
        .bind(row.revision)
        .bind(row.before)
        .bind(row.after.as_deref())
        .bind(&now)
        .bind(edit.who)
        .bind(row.restored_from)
        .execute(&mut *tx)
        .await?;
    }
    let generation = watch::mark(&mut tx, &plan.event).await?;
    tx.commit().await?;
    watch::published_own(store, generation);
    // No subscriber is no error: a command-line store has none.
    let _ = store.events.send(plan.event.clone());
    Ok(EditOutcome::Done {
        change: Some(change),
        revision: plan.revision,
        feature: plan.written.map(|(_, document)| StoredFeature {
            document,
            revision: plan.revision,
        }),
    })
}

/// What the store holds of the edited feature and its collection.
async fn edit_state(tx: &mut Tx, edit: &FeatureEdit<'_>) -> Result<EditState, StoreError> {
    let live = sqlx::query(
        "SELECT collection_id, properties, geometry, revision, updated_at, position, document \
         FROM features WHERE id = $1",
    )
    .bind(edit.feature_id)
    .fetch_optional(&mut **tx)
    .await?
    .map(|row| {
        Ok::<_, sqlx::Error>(Previous {
            collection_id: row.try_get("collection_id")?,
            properties: row.try_get("properties")?,
            geometry: row.try_get("geometry")?,
            revision: row.try_get("revision")?,
            updated_at: row.try_get("updated_at")?,
            position: row.try_get("position")?,
            document: row.try_get("document")?,
        })
    })
    .transpose()?;
    let last_history: Option<i64> =
        sqlx::query_scalar("SELECT MAX(revision) FROM feature_history WHERE feature_id = $1")
            .bind(edit.feature_id)
            .fetch_one(&mut **tx)
            .await?;
    let collection_exists =
        sqlx::query_scalar::<_, i64>("SELECT 1::int8 FROM collections WHERE id = $1")
            .bind(edit.collection_id)
            .fetch_optional(&mut **tx)
            .await?
            .is_some();
    Ok(EditState {
        live,
        last_history,
        collection_exists,
    })
}

/// Removes the feature's row; its links go with it (a foreign key).
async fn delete_row(tx: &mut Tx, feature_id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM features WHERE id = $1")
        .bind(feature_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Writes the feature's row (a new one last in its collection's data order,
/// or the old one in place) with its search words, and its passage links.
async fn write_row(
    tx: &mut Tx,
    plan: &PlannedEdit,
    content: &AtlasFeature,
    change: Change,
) -> Result<(), StoreError> {
    let Some((stored, document)) = &plan.written else {
        return Err(StoreError::Invalid(
            "an edit with content wrote none".into(),
        ));
    };
    let p = &content.properties;
    let position: i64 = if change == Change::Create {
        sqlx::query_scalar(
            "SELECT COALESCE(MAX(position) + 1, 0) FROM features WHERE collection_id = $1",
        )
        .bind(&plan.collection_id)
        .fetch_one(&mut **tx)
        .await?
    } else {
        sqlx::query_scalar("SELECT position FROM features WHERE id = $1")
            .bind(&plan.feature_id)
            .fetch_one(&mut **tx)
            .await?
    };
    sqlx::query("DELETE FROM features WHERE id = $1")
        .bind(&plan.feature_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO features (id, collection_id, kind, status, name, properties, geometry, \
         min_lon, min_lat, max_lon, max_lat, opened, revision, updated_at, document, position, \
         aliases, kind_label) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(&plan.feature_id)
    .bind(&plan.collection_id)
    .bind(p.kind.as_str())
    .bind(p.status.as_str())
    .bind(p.name.as_str())
    .bind(stored.properties.as_str())
    .bind(stored.geometry.as_str())
    .bind(stored.bbox.west)
    .bind(stored.bbox.south)
    .bind(stored.bbox.east)
    .bind(stored.bbox.north)
    .bind(p.facts.opened)
    .bind(plan.revision)
    .bind(plan.updated_at.as_str())
    .bind(document.as_str())
    .bind(position)
    // Semicolons keep aliases apart when a snippet shows several, as the import writes them.
    .bind(p.aliases.join("; "))
    .bind(p.kind.label())
    .execute(&mut **tx)
    .await?;
    // The row was written anew, so its links went with the old one: write them again.
    for link in &p.passages {
        // A link that resolved by its quote to a renumbered passage names an
        // id the table lacks; the link table keeps what it can point at.
        sqlx::query(
            "INSERT INTO passage_links (feature_id, report_id, passage_id) \
             SELECT $1, $2, $3 WHERE EXISTS \
             (SELECT 1 FROM passages WHERE report_id = $2 AND id = $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(&plan.feature_id)
        .bind(&link.report)
        .bind(&link.passage)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
