//! Queries behind the OGC API - Features resources: collections and their items.

use crate::datetime::YearRange;
use atlas_model::geodesy::Bbox;
use atlas_model::{AtlasFeature, FeatureProperties};
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

/// Which page of a collection's items to fetch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemsQuery {
    /// Only features whose box meets this one.
    pub bbox: Option<Bbox>,
    /// Only features that opened within these years; `None` lets every feature
    /// through, including those without an opening year.
    pub opened: Option<YearRange>,
    /// At most this many.
    pub limit: i64,
    /// After skipping this many.
    pub offset: i64,
}

/// One page of items and how many match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemsPage {
    /// The features on this page, in id order.
    pub features: Vec<AtlasFeature>,
    /// How many features match the filter, across all pages.
    pub number_matched: u64,
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

// A NULL box parameter turns the spatial filter off, and a false ?6 the
// temporal one, so one statement serves every case. A feature without an
// opening year fails any temporal filter: it cannot be said to lie in a range.
macro_rules! items_filter {
    () => {
        "WHERE collection_id = ?1 AND (?2 IS NULL OR \
         (max_lon >= ?2 AND min_lon <= ?4 AND max_lat >= ?3 AND min_lat <= ?5)) \
         AND (NOT ?6 OR (opened IS NOT NULL \
         AND (?7 IS NULL OR opened >= ?7) AND (?8 IS NULL OR opened <= ?8))) "
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

/// One collection, or `None` if there is no such id.
pub async fn collection(pool: &SqlitePool, id: &str) -> Result<Option<CollectionRow>, sqlx::Error> {
    sqlx::query(concat!(
        collections_select!(),
        "WHERE c.id = ? GROUP BY c.id"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(collection_row)
    .transpose()
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
        [Some(w), Some(s), Some(e), Some(n)] => Some([w, s, e, n]),
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

/// A page of a collection's features, filtered by box and opening year, in id order.
pub async fn items(
    pool: &SqlitePool,
    collection_id: &str,
    query: &ItemsQuery,
) -> Result<ItemsPage, sqlx::Error> {
    let [w, s, e, n] = match query.bbox {
        Some(b) => b.map(Some),
        None => [None; 4],
    };
    let (from, to) = query
        .opened
        .map_or((None, None), |years| (years.from, years.to));
    let number_matched: i64 =
        sqlx::query_scalar(concat!("SELECT COUNT(*) FROM features ", items_filter!()))
            .bind(collection_id)
            .bind(w)
            .bind(s)
            .bind(e)
            .bind(n)
            .bind(query.opened.is_some())
            .bind(from)
            .bind(to)
            .fetch_one(pool)
            .await?;
    let rows = sqlx::query(concat!(
        "SELECT properties, geometry, revision, updated_at FROM features ",
        items_filter!(),
        "ORDER BY id LIMIT ?9 OFFSET ?10"
    ))
    .bind(collection_id)
    .bind(w)
    .bind(s)
    .bind(e)
    .bind(n)
    .bind(query.opened.is_some())
    .bind(from)
    .bind(to)
    .bind(query.limit)
    .bind(query.offset)
    .fetch_all(pool)
    .await?;
    Ok(ItemsPage {
        features: rows.iter().map(feature_row).collect::<Result<_, _>>()?,
        number_matched: u64::try_from(number_matched).unwrap_or(0),
    })
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
