//! Importing a file (GeoJSON, or CSV with `lon` and `lat`) into one layer,
//! through the API and `atlas import-file`.
//!
//! Every row is checked by the model's rules (`validate_feature`), against the
//! file's other rows (an id once), and against the store (an id of another
//! layer is refused; passage links must resolve in its reports). A dry run says
//! row by row what would be created, changed, left alone or rejected and why.
//! Applying is all or nothing: one rejected row and nothing is written;
//! otherwise every change is written in one transaction with a history row
//! each ([`crate::store::Store::upsert_features`]).

pub mod rows;

use crate::store::changes::Change;
use crate::store::{ImportContext, Store, StoreError};
use atlas_model::anchoring::resolve;
pub use atlas_model::import_report::{Action, FieldReason, ImportReport, RowReport};
use atlas_model::{AtlasFeature, ValidationError, geodesy, validate_feature, validate_links};
use rows::RawRow;
use serde_json::Value;
use std::collections::HashMap;

/// The largest file imported, through the API or from a URL: 16 MiB.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// A file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A GeoJSON FeatureCollection or Feature.
    GeoJson,
    /// CSV with a header line and `lon`, `lat` columns.
    Csv,
}

impl FileKind {
    /// The format a media type names (`text/csv`, `application/geo+json`, `application/json`).
    pub fn from_media_type(media_type: &str) -> Option<FileKind> {
        let essence = media_type.split(';').next().unwrap_or("").trim();
        match essence.to_ascii_lowercase().as_str() {
            "text/csv" => Some(FileKind::Csv),
            "application/geo+json" | "application/json" => Some(FileKind::GeoJson),
            _ => None,
        }
    }

    /// The format a file name's extension names (`.csv`, `.geojson`, `.json`).
    pub fn from_name(name: &str) -> Option<FileKind> {
        let extension = name.rsplit('.').next()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(FileKind::Csv),
            "geojson" | "json" => Some(FileKind::GeoJson),
            _ => None,
        }
    }
}

/// The whole file is unreadable: what, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}` {reason}")]
pub struct FileError {
    /// The field, column or `body` at fault.
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportFileError {
    /// There is no such layer.
    #[error("there is no collection {0}")]
    NoCollection(String),
    /// The file as a whole cannot be read.
    #[error("the file: {0}")]
    File(#[from] FileError),
    /// Some rows are rejected; the report says which and why.
    #[error("{} of {} rows are rejected; nothing was applied", .0.rejected, .0.rows.len())]
    Rejected(Box<ImportReport>),
    /// The store refused or failed; nothing was written.
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Imports the file `bytes` of format `kind` into the layer `collection`, as
/// `by` (see the module's documentation); with `dry_run`, writes nothing.
pub async fn import_file(
    store: &dyn Store,
    collection: &str,
    kind: FileKind,
    bytes: &[u8],
    by: &str,
    dry_run: bool,
) -> Result<ImportReport, ImportFileError> {
    let context = store.import_context().await?;
    if !context.collections.iter().any(|c| c == collection) {
        return Err(ImportFileError::NoCollection(collection.to_string()));
    }
    let raw = match kind {
        FileKind::GeoJson => rows::geojson(bytes)?,
        FileKind::Csv => rows::csv(bytes)?,
    };
    if raw.is_empty() {
        return Err(FileError {
            field: "body".into(),
            reason: "holds no features".into(),
        }
        .into());
    }
    let checked = check_rows(raw, collection, &context);
    let features: Vec<AtlasFeature> = checked
        .iter()
        .filter_map(|(_, result)| result.as_ref().ok().cloned())
        .collect();
    let rejected = checked.iter().any(|(_, result)| result.is_err());
    // Applied only when every row passes; otherwise (and in a dry run) the
    // store works out what would happen and writes nothing.
    let apply = !dry_run && !rejected;
    let summary = store
        .upsert_features(collection, &features, by, !apply)
        .await?;
    let mut outcomes = summary.features.into_iter();
    let mut report = ImportReport {
        collection: collection.to_string(),
        dry_run,
        applied: apply && !summary.event.is_empty(),
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        rows: Vec::with_capacity(checked.len()),
    };
    for (row, result) in checked {
        let (id, action, reasons) = match result {
            Ok(feature) => {
                let change = outcomes.next().and_then(|o| o.change);
                let action = match change {
                    Some(Change::Create) => Action::Create,
                    Some(_) => Action::Update,
                    None => Action::Unchanged,
                };
                (Some(feature.id().to_string()), action, Vec::new())
            }
            Err((id, reasons)) => (id, Action::Reject, reasons),
        };
        match action {
            Action::Create => report.created += 1,
            Action::Update => report.updated += 1,
            Action::Unchanged => report.unchanged += 1,
            Action::Reject => report.rejected += 1,
        }
        report.rows.push(RowReport {
            row,
            id,
            action,
            reasons,
        });
    }
    if report.rejected > 0 && !dry_run {
        return Err(ImportFileError::Rejected(Box::new(report)));
    }
    Ok(report)
}

/// A row checked: its feature, or its id (if known) and the reasons it is refused.
type Checked = (
    usize,
    Result<AtlasFeature, (Option<String>, Vec<FieldReason>)>,
);

/// Checks every row by the model's rules, against the others and the store.
fn check_rows(raw: Vec<RawRow>, collection: &str, context: &ImportContext) -> Vec<Checked> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    raw.into_iter()
        .map(|row| {
            let line = row.row;
            let result = check_row(row, collection, context).and_then(|feature| {
                match seen.get(feature.id()) {
                    Some(first) => Err((
                        Some(feature.id().to_string()),
                        vec![reason("id", format!("is also the id of row {first}"))],
                    )),
                    None => {
                        seen.insert(feature.id().to_string(), line);
                        Ok(feature)
                    }
                }
            });
            (line, result)
        })
        .collect()
}

fn check_row(
    row: RawRow,
    collection: &str,
    context: &ImportContext,
) -> Result<AtlasFeature, (Option<String>, Vec<FieldReason>)> {
    let named = row.id.clone();
    let mut value = row
        .feature
        .map_err(|(field, why)| (named, vec![reason(&field, why)]))?;
    let id = value
        .pointer("/properties/id")
        .and_then(Value::as_str)
        .map(str::to_string);
    let refuse = |field: &str, why: String| (id.clone(), vec![reason(field, why)]);
    // What the format cannot carry comes from the feature the row replaces.
    if let (Some(id), Some(Value::Object(properties))) = (&id, value.get_mut("properties"))
        && let Some((held_in, held)) = context.features.get(id)
        && held_in == collection
        && let Ok(Value::Object(stored)) = serde_json::to_value(held)
    {
        for name in &row.missing {
            if let Some(kept) = stored.get(*name) {
                properties.insert((*name).to_string(), kept.clone());
            }
        }
    }
    round_positions(value.get_mut("geometry"));
    let geojson: geojson::Feature = serde_json::from_value(value)
        .map_err(|e| refuse("feature", format!("not a GeoJSON Feature: {e}")))?;
    let mut feature = validate_feature(&geojson).map_err(|e| refuse(&e.field(), why(&e)))?;
    if geodesy::bbox(&feature.geometry.value).is_none() {
        return Err(refuse("geometry", "has no positions".into()));
    }
    if let Some((held_in, _)) = context.features.get(feature.id())
        && held_in != collection
    {
        return Err(refuse(
            "id",
            format!("is the id of a feature of collection {held_in}"),
        ));
    }
    let dangling: Vec<FieldReason> =
        validate_links(std::slice::from_ref(&feature), &context.reports)
            .iter()
            .map(|e| reason(&e.field(), why(e)))
            .collect();
    if !dangling.is_empty() {
        return Err((id, dangling));
    }
    // A link that found its quote in another passage points at that passage,
    // as `atlas import` stores them.
    for link in &mut feature.properties.passages {
        if let Some(report) = context.reports.iter().find(|r| r.meta.id == link.report)
            && let Ok(resolved) = resolve(link, report)
        {
            link.passage = resolved.passage_id;
        }
    }
    Ok(feature)
}

/// Rounds every coordinate to 6 decimals (about 0.1 m), as the data keeps them.
fn round_positions(value: Option<&mut Value>) {
    match value {
        Some(Value::Number(n)) => {
            if let Some(v) = n.as_f64().filter(|v| v.is_finite())
                && let Some(rounded) = serde_json::Number::from_f64((v * 1e6).round() / 1e6)
            {
                *n = rounded;
            }
        }
        Some(Value::Array(items)) => items.iter_mut().for_each(|i| round_positions(Some(i))),
        Some(Value::Object(map)) => {
            if let Some(coordinates) = map.get_mut("coordinates") {
                round_positions(Some(coordinates));
            }
            if let Some(Value::Array(parts)) = map.get_mut("geometries") {
                parts.iter_mut().for_each(|g| round_positions(Some(g)));
            }
        }
        _ => {}
    }
}

/// A validation error's message without the feature and field it names,
/// which the row and its `field` already say.
fn why(error: &ValidationError) -> String {
    let message = error.to_string();
    let rest = message
        .strip_prefix(&format!("feature {}: ", error.feature()))
        .unwrap_or(&message);
    let rest = match error {
        ValidationError::Property { field, .. } => rest
            .strip_prefix(&format!("property `{field}`: "))
            .unwrap_or(rest),
        ValidationError::Geometry { .. } => rest.strip_prefix("geometry: ").unwrap_or(rest),
        _ => rest,
    };
    rest.to_string()
}

fn reason(field: &str, why: impl Into<String>) -> FieldReason {
    FieldReason {
        field: field.to_string(),
        reason: why.into(),
    }
}
