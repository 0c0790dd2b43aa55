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

/// How many features a page holds, and how many match its filter in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageCounts {
    /// The features on this page.
    pub returned: u64,
    /// The features that match the filter, across all pages.
    pub matched: u64,
}

/// Appends a page of a collection's features, filtered by box and opening
/// year, in id order, to `out`: their stored GeoJSON texts, comma-separated.
///
/// The texts go out as the import wrote them; nothing is parsed.
pub async fn write_items(
    pool: &SqlitePool,
    collection_id: &str,
    query: &ItemsQuery,
    out: &mut Vec<u8>,
) -> Result<PageCounts, sqlx::Error> {
    let [w, s, e, n] = match query.bbox {
        Some(b) => b.map(Some),
        None => [None; 4],
    };
    let (from, to) = query
        .opened
        .map_or((None, None), |years| (years.from, years.to));
    // One row comes back, the page's documents joined by SQLite: handing a
    // thousand rows one by one from sqlx's SQLite thread cost more than the query.
    //
    // The inner query sorts only ids and rowids; the documents are fetched
    // after the page is cut, and joined in the order the aggregate's ORDER BY
    // states. Statements differ only in their FROM: the R-tree when there is
    // a box, the collection's index otherwise. A box's candidates must all be
    // read and sorted anyway, so its page carries the match count as a window
    // column: one pass through the R-tree, not two. Without a box the index
    // gives id order and a page reads only its own rows; its count is a
    // separate walk of the index, needed only when the page is full.
    let (count_sql, page_sql) = if query.bbox.is_some() {
        (
            concat!("SELECT COUNT(*) ", items_from_rtree!(), items_filter!()),
            concat!(
                "SELECT group_concat(d.document, ',' ORDER BY p.id), COUNT(*), MAX(p.matched) \
                 FROM (SELECT f.rowid AS rowid, f.id AS id, COUNT(*) OVER () AS matched ",
                items_from_rtree!(),
                items_filter!(),
                "ORDER BY f.id LIMIT ?9 OFFSET ?10) AS p \
                 CROSS JOIN features d ON d.rowid = p.rowid"
            ),
        )
    } else {
        (
            concat!("SELECT COUNT(*) FROM features f ", items_filter!()),
            concat!(
                "SELECT group_concat(d.document, ',' ORDER BY p.id), COUNT(*), NULL \
                 FROM (SELECT f.rowid AS rowid, f.id AS id FROM features f ",
                items_filter!(),
                "ORDER BY f.id LIMIT ?9 OFFSET ?10) AS p \
                 CROSS JOIN features d ON d.rowid = p.rowid"
            ),
        )
    };
    let row = sqlx::query(page_sql)
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
        .fetch_one(pool)
        .await?;
    let documents: Option<&str> = row.try_get(0)?;
    out.extend_from_slice(documents.unwrap_or("").as_bytes());
    let returned: i64 = row.try_get(1)?;
    let matched: Option<i64> = row.try_get(2)?;
    let returned = u64::try_from(returned).unwrap_or(0);
    let page_is_full = i64::try_from(returned).is_ok_and(|r| r == query.limit);
    let matched = match matched {
        Some(matched) => u64::try_from(matched).unwrap_or(0),
        // A page short of its limit is the last: what came before and it are all.
        None if !page_is_full && (returned > 0 || query.offset == 0) => {
            u64::try_from(query.offset).unwrap_or(0) + returned
        }
        None => {
            let count: i64 = sqlx::query_scalar(count_sql)
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
            u64::try_from(count).unwrap_or(0)
        }
    };
    Ok(PageCounts { returned, matched })
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
