//! Queries behind the reports resources: the list, and one report with the
//! features that cite each of its passages and the features each mentions.

use crate::store::StoreError;
use atlas_model::api::{CitedPassage, FeatureRef, ReportDetail, ReportSummary};
use atlas_model::mentions::Gazetteer;
use atlas_model::{FeatureKind, FeatureProperties, Passage, PassageKind, Report, ReportMeta};
use sqlx::{PgPool, Row};
use std::collections::HashMap;

/// Every report in data-folder order, with its passage count.
pub async fn list(pool: &PgPool) -> Result<Vec<ReportSummary>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.meta, COUNT(p.id) AS passages FROM reports r \
         LEFT JOIN passages p ON p.report_id = r.id GROUP BY r.id ORDER BY r.position",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| -> Result<ReportSummary, StoreError> {
            let count: i64 = row.try_get("passages")?;
            Ok(ReportSummary {
                meta: meta(&row.try_get::<String, _>("meta")?)?,
                passage_count: u32::try_from(count).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

/// One report's words alone: its metadata and passages in reading order,
/// without the features citing or mentioned (which take a look at every
/// feature); `None` if there is no such report.
pub async fn text(pool: &PgPool, id: &str) -> Result<Option<Report>, StoreError> {
    let Some(meta_json) = sqlx::query_scalar::<_, String>("SELECT meta FROM reports WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let passages = sqlx::query(
        "SELECT id, section, kind, text FROM passages WHERE report_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(passage)
    .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Some(Report {
        meta: meta(&meta_json)?,
        passages,
    }))
}

/// A passage from its row (`id`, `section`, `kind`, `text`).
fn passage(row: &sqlx::postgres::PgRow) -> Result<Passage, StoreError> {
    let kind: String = row.try_get("kind")?;
    let Some(kind) = PassageKind::parse(&kind) else {
        return Err(decode_error(format!("unknown passage kind {kind:?}")));
    };
    Ok(Passage {
        id: row.try_get("id")?,
        section: row.try_get("section")?,
        kind,
        text: row.try_get("text")?,
    })
}

/// One report with its passages in reading order, each listing the features
/// that cite it by name; `None` if there is no such report.
pub async fn detail(pool: &PgPool, id: &str) -> Result<Option<ReportDetail>, StoreError> {
    let Some(report) = text(pool, id).await? else {
        return Ok(None);
    };
    let mut citing: HashMap<String, Vec<FeatureRef>> = HashMap::new();
    let links = sqlx::query(
        "SELECT l.passage_id, f.id, f.name, f.kind, f.collection_id FROM passage_links l \
         JOIN features f ON f.id = l.feature_id WHERE l.report_id = $1 ORDER BY f.name, f.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    for row in &links {
        let kind: String = row.try_get("kind")?;
        let kind = FeatureKind::parse(&kind)
            .ok_or_else(|| decode_error(format!("unknown feature kind {kind:?} in the store")))?;
        citing
            .entry(row.try_get("passage_id")?)
            .or_default()
            .push(FeatureRef {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                kind,
                collection: row.try_get("collection_id")?,
            });
    }
    let gazetteer = gazetteer(pool).await?;
    let passages = report
        .passages
        .into_iter()
        .map(|passage| CitedPassage {
            features: citing.remove(&passage.id).unwrap_or_default(),
            mentions: gazetteer.find(&passage.text),
            passage,
        })
        .collect();
    Ok(Some(ReportDetail {
        meta: report.meta,
        passages,
    }))
}

/// The gazetteer of every stored feature, in data order (which decides a
/// route's first leg among equals).
///
/// Built per request: it is small, and so it always matches the store.
pub async fn gazetteer(pool: &PgPool) -> Result<Gazetteer, StoreError> {
    let properties = sqlx::query_scalar::<_, String>(
        "SELECT f.properties FROM features f JOIN collections c ON c.id = f.collection_id \
         ORDER BY c.position, f.position",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|json| {
        serde_json::from_str::<FeatureProperties>(json)
            .map_err(|e| StoreError::Invalid(format!("stored properties: {e}")))
    })
    .collect::<Result<Vec<_>, _>>()?;
    Ok(Gazetteer::new(&properties))
}

fn meta(json: &str) -> Result<ReportMeta, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Invalid(format!("stored report: {e}")))
}

fn decode_error(message: String) -> StoreError {
    StoreError::Invalid(message)
}
