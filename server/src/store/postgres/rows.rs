//! Many rows in one statement: each column bound as one array and unnested,
//! so an import of 100,000 features is a few dozen statements whatever the
//! row count, each with a fixed text PostgreSQL prepares once.

use super::import::Tx;
use crate::store::StoreError;
use crate::store::changes::{HistoryRow, PlannedFeature};
use std::collections::BTreeSet;

/// Rows per statement: bounds the arrays a statement carries.
pub const ROWS_PER_STATEMENT: usize = 5_000;

/// Inserts `rows` into `features`, which must not hold them.
pub async fn insert_features(tx: &mut Tx, rows: &[&PlannedFeature<'_>]) -> Result<(), StoreError> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let aliases: Vec<String> = chunk
            .iter()
            // Semicolons keep aliases apart when a snippet shows several.
            .map(|row| row.feature.properties.aliases.join("; "))
            .collect();
        sqlx::query(
            "INSERT INTO features (id, collection_id, kind, status, name, properties, geometry, \
             min_lon, min_lat, max_lon, max_lat, opened, revision, updated_at, document, \
             position, aliases, kind_label) \
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], \
             $6::text[], $7::text[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], \
             $12::int8[], $13::int8[], $14::text[], $15::text[], $16::int8[], $17::text[], \
             $18::text[])",
        )
        .bind(column(chunk, |r| r.feature.properties.id.as_str()))
        .bind(column(chunk, |r| r.collection_id))
        .bind(column(chunk, |r| r.feature.properties.kind.as_str()))
        .bind(column(chunk, |r| r.feature.properties.status.as_str()))
        .bind(column(chunk, |r| r.feature.properties.name.as_str()))
        .bind(column(chunk, |r| r.stored.properties.as_str()))
        .bind(column(chunk, |r| r.stored.geometry.as_str()))
        .bind(column(chunk, |r| r.stored.bbox.west))
        .bind(column(chunk, |r| r.stored.bbox.south))
        .bind(column(chunk, |r| r.stored.bbox.east))
        .bind(column(chunk, |r| r.stored.bbox.north))
        .bind(column(chunk, |r| {
            r.feature.properties.facts.opened.map(i64::from)
        }))
        .bind(column(chunk, |r| r.revision))
        .bind(column(chunk, |r| r.updated_at.as_str()))
        .bind(column(chunk, |r| r.document.as_str()))
        .bind(column(chunk, |r| r.position))
        .bind(&aliases)
        .bind(column(chunk, |r| r.feature.properties.kind.label()))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// One column of `rows`: what `value` takes from each.
fn column<'r, T>(
    rows: &[&'r PlannedFeature<'r>],
    value: impl Fn(&'r PlannedFeature<'r>) -> T,
) -> Vec<T> {
    rows.iter().map(|row| value(row)).collect()
}

/// Adds `history`, each row changed at `now` by `by`.
pub async fn insert_history(
    tx: &mut Tx,
    history: &[HistoryRow<'_>],
    now: &str,
    by: &str,
) -> Result<(), StoreError> {
    for chunk in history.chunks(ROWS_PER_STATEMENT) {
        sqlx::query(
            "INSERT INTO feature_history (feature_id, collection_id, revision, before, after, \
             changed_at, changed_by, restored_from) \
             SELECT f, c, r, b, a, $6, $7, s \
             FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[], $8::int8[]) \
             AS t (f, c, r, b, a, s)",
        )
        .bind(chunk.iter().map(|h| h.feature_id).collect::<Vec<&str>>())
        .bind(chunk.iter().map(|h| h.collection_id).collect::<Vec<&str>>())
        .bind(chunk.iter().map(|h| h.revision).collect::<Vec<i64>>())
        .bind(
            chunk
                .iter()
                .map(|h| h.before)
                .collect::<Vec<Option<&str>>>(),
        )
        .bind(
            chunk
                .iter()
                .map(|h| h.after.as_deref())
                .collect::<Vec<Option<&str>>>(),
        )
        .bind(now)
        .bind(by)
        .bind(
            chunk
                .iter()
                .map(|h| h.restored_from)
                .collect::<Vec<Option<i64>>>(),
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Adds the passage links of `rows`; two quotes in one passage are one link.
pub async fn insert_links<'a>(
    tx: &mut Tx,
    rows: impl Iterator<Item = &'a PlannedFeature<'a>>,
) -> Result<(), StoreError> {
    let links: BTreeSet<(&str, &str, &str)> = rows
        .flat_map(|row| {
            row.feature
                .properties
                .passages
                .iter()
                .map(|l| (row.feature.id(), l.report.as_str(), l.passage.as_str()))
        })
        .collect();
    let links: Vec<(&str, &str, &str)> = links.into_iter().collect();
    for chunk in links.chunks(ROWS_PER_STATEMENT) {
        sqlx::query(
            "INSERT INTO passage_links (feature_id, report_id, passage_id) \
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[])",
        )
        .bind(chunk.iter().map(|l| l.0).collect::<Vec<&str>>())
        .bind(chunk.iter().map(|l| l.1).collect::<Vec<&str>>())
        .bind(chunk.iter().map(|l| l.2).collect::<Vec<&str>>())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
