//! Queries behind the OGC API - Features resources: collections and their items.

use atlas_model::Bbox;
use atlas_model::{AtlasFeature, FeatureProperties};
use futures_util::TryStreamExt;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};

/// A collection with what its description needs: how many features, where.
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionRow {
    /// Slug.
    pub id: String,
    /// Human title.
    pub title: String,
    /// One-sentence description.
    pub description: String,
    /// How many features it holds.
    pub count: u64,
    /// The box around all its features; `None` when it is empty.
    pub extent: Option<Bbox>,
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
pub async fn collections(pool: &SqlitePool) -> Result<Vec<CollectionRow>, sqlx::Error> {
    sqlx::query(concat!(
        collections_select!(),
        "GROUP BY c.id ORDER BY c.position"
    ))
    .fetch_all(pool)
    .await?
    .iter()
    .map(collection_row)
    .collect()
}

fn collection_row(row: &SqliteRow) -> Result<CollectionRow, sqlx::Error> {
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

/// Whether a collection with this id exists: a primary-key lookup, unlike
/// [`collection`], which also counts and bounds its features.
pub async fn collection_exists(pool: &SqlitePool, id: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT 1 FROM collections WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await
        .map(|row| row.is_some())
}

/// One feature as the in-memory read model keeps it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexedRow<'r> {
    /// Its box: west, south, east, north.
    pub bbox: Bbox,
    /// The year it opened, if known.
    pub opened: Option<i64>,
    /// Its GeoJSON text, as the import wrote it.
    pub document: &'r str,
}

/// How many features a collection holds, and the bytes of their documents:
/// what the read model reserves before [`for_each_indexed`] fills it.
pub async fn indexed_size(
    pool: &SqlitePool,
    collection_id: &str,
) -> Result<(u64, u64), sqlx::Error> {
    // `octet_length` reads the stored size; `length` would count characters.
    let (count, bytes): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), SUM(octet_length(document)) FROM features WHERE collection_id = ?",
    )
    .bind(collection_id)
    .fetch_one(pool)
    .await?;
    Ok((
        u64::try_from(count).unwrap_or(0),
        bytes.and_then(|b| u64::try_from(b).ok()).unwrap_or(0),
    ))
}

/// Calls `each` with every feature of a collection, in id order: what the
/// in-memory read model ([`crate::spatial`]) is built from.
///
/// One statement, so one snapshot: an import committing meanwhile is seen
/// whole or not at all.
pub async fn for_each_indexed(
    pool: &SqlitePool,
    collection_id: &str,
    mut each: impl FnMut(IndexedRow<'_>),
) -> Result<(), sqlx::Error> {
    let mut rows = sqlx::query(
        "SELECT min_lon, min_lat, max_lon, max_lat, opened, document FROM features \
         WHERE collection_id = ? ORDER BY id",
    )
    .bind(collection_id)
    .fetch(pool);
    while let Some(row) = rows.try_next().await? {
        each(IndexedRow {
            bbox: Bbox::new(
                row.try_get("min_lon")?,
                row.try_get("min_lat")?,
                row.try_get("max_lon")?,
                row.try_get("max_lat")?,
            ),
            opened: row.try_get("opened")?,
            document: row.try_get("document")?,
        });
    }
    Ok(())
}

/// Serializes, for every feature imported before the store kept documents,
/// its document; a no-op once every feature has one.
pub async fn fill_documents(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let rows = sqlx::query(
        "SELECT rowid, properties, geometry, revision, updated_at FROM features \
         WHERE document IS NULL",
    )
    .fetch_all(&mut *tx)
    .await?;
    for row in &rows {
        let rowid: i64 = row.try_get("rowid")?;
        let feature = feature_row(row)?;
        let document = serde_json::to_string(&feature.to_geojson())
            .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query("UPDATE features SET document = ? WHERE rowid = ?")
            .bind(document)
            .bind(rowid)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// One feature of one collection, or `None`.
pub async fn feature(
    pool: &SqlitePool,
    collection_id: &str,
    feature_id: &str,
) -> Result<Option<AtlasFeature>, sqlx::Error> {
    sqlx::query(
        "SELECT properties, geometry, revision, updated_at FROM features \
         WHERE collection_id = ? AND id = ?",
    )
    .bind(collection_id)
    .bind(feature_id)
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(feature_row)
    .transpose()
}

/// Rebuilds a typed feature from its stored JSON and its server-set columns.
fn feature_row(row: &SqliteRow) -> Result<AtlasFeature, sqlx::Error> {
    let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    let properties: String = row.try_get("properties")?;
    let geometry: String = row.try_get("geometry")?;
    let revision: i64 = row.try_get("revision")?;
    let mut properties: FeatureProperties = serde_json::from_str(&properties).map_err(decode)?;
    properties.revision = u32::try_from(revision).ok();
    properties.updated_at = Some(row.try_get("updated_at")?);
    Ok(AtlasFeature {
        properties,
        geometry: serde_json::from_str(&geometry).map_err(decode)?,
    })
}
