//! Reading history: a feature's revisions, and the features deleted from a
//! collection that can be restored.

use crate::store::{HistoryRecord, StoreError};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};

// `&'static str` statements: sqlx's proof that no input was pasted into SQL.
macro_rules! history_select {
    () => {
        "SELECT h.feature_id, h.revision, h.collection_id, h.before, h.after, h.changed_at, \
         h.changed_by, h.restored_from FROM feature_history h "
    };
}

/// Every history row of a feature, oldest first.
pub async fn history(pool: &PgPool, feature_id: &str) -> Result<Vec<HistoryRecord>, StoreError> {
    let rows = sqlx::query(concat!(
        history_select!(),
        "WHERE h.feature_id = $1 ORDER BY h.revision"
    ))
    .bind(feature_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(record).collect::<Result<_, _>>()?)
}

/// The deletion row of every feature deleted from `collection_id` and not
/// live since, the latest deletion first.
pub async fn deleted(pool: &PgPool, collection_id: &str) -> Result<Vec<HistoryRecord>, StoreError> {
    let rows = sqlx::query(concat!(
        history_select!(),
        "WHERE h.collection_id = $1 AND h.after IS NULL \
         AND h.revision = (SELECT MAX(l.revision) FROM feature_history l \
                           WHERE l.feature_id = h.feature_id) \
         AND NOT EXISTS (SELECT 1 FROM features f WHERE f.id = h.feature_id) \
         ORDER BY h.changed_at DESC, h.feature_id"
    ))
    .bind(collection_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(record).collect::<Result<_, _>>()?)
}

fn record(row: &PgRow) -> Result<HistoryRecord, sqlx::Error> {
    Ok(HistoryRecord {
        feature_id: row.try_get("feature_id")?,
        revision: row.try_get("revision")?,
        collection_id: row.try_get("collection_id")?,
        before: row.try_get("before")?,
        after: row.try_get("after")?,
        changed_at: row.try_get("changed_at")?,
        changed_by: row.try_get("changed_by")?,
        restored_from: row.try_get("restored_from")?,
    })
}
