//! Queries behind the OGC API - Features resources: collections and their items.

use crate::store::{CollectionRow, IndexedRow, StoreError, StoredFeature};
use atlas_model::Bbox;
use futures_util::TryStreamExt;
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};

/// How many features the store holds.
pub async fn feature_count(pool: &PgPool) -> Result<u64, StoreError> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM features")
        .fetch_one(pool)
        .await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

// The statements are built with `concat!` so they stay `&'static str`, which
// sqlx takes as proof that no user input was pasted into SQL.
macro_rules! collections_select {
    () => {
        "SELECT c.id, c.title, c.description, COUNT(f.id) AS count, \
         MIN(f.min_lon) AS w, MIN(f.min_lat) AS s, MAX(f.max_lon) AS e, MAX(f.max_lat) AS n \
         FROM collections c LEFT JOIN features f ON f.collection_id = c.id "
    };
}

/// Every collection, in the order of the data folder's layer files.
pub async fn collections(pool: &PgPool) -> Result<Vec<CollectionRow>, StoreError> {
    let rows = sqlx::query(concat!(
        collections_select!(),
        "GROUP BY c.id ORDER BY c.position"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .iter()
        .map(collection_row)
        .collect::<Result<_, sqlx::Error>>()?)
}

fn collection_row(row: &PgRow) -> Result<CollectionRow, sqlx::Error> {
    let count: i64 = row.try_get("count")?;
    let corners: [Option<f64>; 4] = [
        row.try_get("w")?,
        row.try_get("s")?,
        row.try_get("e")?,
        row.try_get("n")?,
    ];
    let extent = match corners {
        [Some(w), Some(s), Some(e), Some(n)] => Some(Bbox::new(w, s, e, n)),
        _ => None,
    };
    Ok(CollectionRow {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        count: u64::try_from(count).unwrap_or(0),
        extent,
    })
}

/// How many features a collection holds, and the bytes of their documents:
/// what the read model reserves before [`for_each_indexed`] fills it.
pub async fn indexed_size(pool: &PgPool, collection_id: &str) -> Result<(u64, u64), StoreError> {
    // `octet_length` reads the stored size; `length` would count characters.
    let (count, bytes): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), SUM(octet_length(document)) FROM features WHERE collection_id = $1",
    )
    .bind(collection_id)
    .fetch_one(pool)
    .await?;
    Ok((
        u64::try_from(count).unwrap_or(0),
        bytes.and_then(|b| u64::try_from(b).ok()).unwrap_or(0),
    ))
}

/// Whether a collection with this id exists: a primary-key lookup.
async fn collection_exists(pool: &PgPool, id: &str) -> Result<bool, StoreError> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT 1::int8 FROM collections WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
            .is_some(),
    )
}

/// Calls `each` with every feature of a collection, in id order; `false`
/// when there is no such collection.
///
/// One statement, so one snapshot: an import committing meanwhile is seen
/// whole or not at all.
pub async fn for_each_indexed(
    pool: &PgPool,
    collection_id: &str,
    each: &mut (dyn FnMut(IndexedRow<'_>) + Send),
) -> Result<bool, StoreError> {
    let mut any = false;
    let mut rows = sqlx::query(
        "SELECT id, min_lon, min_lat, max_lon, max_lat, opened, revision, document \
         FROM features WHERE collection_id = $1 ORDER BY id",
    )
    .bind(collection_id)
    .fetch(pool);
    while let Some(row) = rows.try_next().await? {
        any = true;
        each(IndexedRow {
            id: row.try_get("id")?,
            bbox: Bbox::new(
                row.try_get("min_lon")?,
                row.try_get("min_lat")?,
                row.try_get("max_lon")?,
                row.try_get("max_lat")?,
            ),
            opened: row.try_get("opened")?,
            revision: row.try_get("revision")?,
            document: row.try_get("document")?,
        });
    }
    drop(rows);
    // An empty collection and no collection read alike; only the second is a 404.
    Ok(any || collection_exists(pool, collection_id).await?)
}

/// One feature of one collection, or `None`.
pub async fn feature(
    pool: &PgPool,
    collection_id: &str,
    feature_id: &str,
) -> Result<Option<StoredFeature>, StoreError> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT document, revision FROM features WHERE collection_id = $1 AND id = $2",
    )
    .bind(collection_id)
    .bind(feature_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(document, revision)| StoredFeature { document, revision }))
}
