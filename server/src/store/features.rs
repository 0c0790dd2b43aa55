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
    /// Only features whose box meets this one; west above east crosses the antimeridian.
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
// temporal one, so one statement serves every case. A box whose west (?2)
// exceeds its east (?4) crosses the antimeridian: it is the union of
// west..180 and -180..east. A feature without an
// opening year fails any temporal filter: it cannot be said to lie in a range.
// With a box, this exact test runs only on the R-tree's candidates.
macro_rules! items_filter {
    () => {
        "WHERE f.collection_id = ?1 AND (?2 IS NULL OR \
         (f.max_lat >= ?3 AND f.min_lat <= ?5 AND CASE WHEN ?2 <= ?4 \
         THEN f.max_lon >= ?2 AND f.min_lon <= ?4 \
         ELSE f.max_lon >= ?2 OR f.min_lon <= ?4 END)) \
         AND (NOT ?6 OR (f.opened IS NOT NULL \
         AND (?7 IS NULL OR f.opened >= ?7) AND (?8 IS NULL OR f.opened <= ?8))) "
    };
}

// The features a box query reads: the R-tree's candidates, joined to their rows
// (CROSS JOIN keeps the R-tree as the outer loop). Across the antimeridian the
// box is two ranges of longitude; the second branch takes only what the first
// did not, so no feature comes twice. An R-tree answers only plain comparisons,
// hence the CASE on the parameters rather than an OR on the columns.
macro_rules! items_from_rtree {
    () => {
        "FROM (SELECT id FROM features_rtree \
         WHERE max_lon >= ?2 AND min_lon <= CASE WHEN ?2 <= ?4 THEN ?4 ELSE 1e300 END \
         AND max_lat >= ?3 AND min_lat <= ?5 \
         UNION ALL SELECT id FROM features_rtree \
         WHERE ?2 > ?4 AND max_lon < ?2 AND min_lon <= ?4 \
         AND max_lat >= ?3 AND min_lat <= ?5) AS r \
         CROSS JOIN features f ON f.rowid = r.id "
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

/// Whether a collection with this id exists: a primary-key lookup, unlike
/// [`collection`], which also counts and bounds its features.
pub async fn collection_exists(pool: &SqlitePool, id: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT 1 FROM collections WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await
        .map(|row| row.is_some())
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
    // Statements differ only in their FROM: the R-tree when there is a box,
    // the collection's index otherwise.
    // The page carries the match count as a window column, so a box costs one
    // pass through the R-tree, not two; only a page past the end needs the count
    // on its own.
    let (count_sql, page_sql) = if query.bbox.is_some() {
        (
            concat!("SELECT COUNT(*) ", items_from_rtree!(), items_filter!()),
            concat!(
                "SELECT f.properties, f.geometry, f.revision, f.updated_at, \
                 COUNT(*) OVER () AS matched ",
                items_from_rtree!(),
                items_filter!(),
                "ORDER BY f.id LIMIT ?9 OFFSET ?10"
            ),
        )
    } else {
        (
            concat!("SELECT COUNT(*) FROM features f ", items_filter!()),
            concat!(
                "SELECT f.properties, f.geometry, f.revision, f.updated_at, \
                 COUNT(*) OVER () AS matched FROM features f ",
                items_filter!(),
                "ORDER BY f.id LIMIT ?9 OFFSET ?10"
            ),
        )
    };
    let rows = sqlx::query(page_sql)
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
    let number_matched: i64 = match rows.first() {
        Some(row) => row.try_get("matched")?,
        None if query.offset == 0 => 0,
        None => {
            sqlx::query_scalar(count_sql)
                .bind(collection_id)
                .bind(w)
                .bind(s)
                .bind(e)
                .bind(n)
                .bind(query.opened.is_some())
                .bind(from)
                .bind(to)
                .fetch_one(pool)
                .await?
        }
    };
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
