//! What an import will write, worked out in memory before anything is written:
//! each feature's revision, `updated_at`, stored texts and served document,
//! in the order the rows go into the table.

use super::sqlite::import::{ImportSummary, json};
use crate::data_dir::DataSet;
use atlas_model::{AtlasFeature, FeatureProperties, geodesy};
use std::collections::HashMap;

/// A feature as the store held it before this import.
pub(crate) struct Previous {
    pub(crate) collection_id: String,
    pub(crate) properties: String,
    pub(crate) geometry: String,
    pub(crate) revision: i64,
    pub(crate) updated_at: String,
}

/// A feature as the store writes it: properties without the server-set fields.
pub(crate) struct StoredContent {
    /// The properties' JSON, without `revision` and `updated_at`.
    pub(crate) properties: String,
    /// The geometry's JSON.
    pub(crate) geometry: String,
    /// West, south, east, north.
    pub(crate) bbox: [f64; 4],
}

impl StoredContent {
    /// What the store keeps of `feature`.
    pub(crate) fn of(feature: &AtlasFeature) -> Result<StoredContent, sqlx::Error> {
        // `updated_at` and `revision` live in their own columns; keeping them out
        // of the JSON lets content comparison ignore them.
        let properties = FeatureProperties {
            updated_at: None,
            revision: None,
            ..feature.properties.clone()
        };
        let bbox = geodesy::bbox(&feature.geometry.value).ok_or_else(|| {
            sqlx::Error::Protocol(format!("feature {} has no positions", feature.id()))
        })?;
        Ok(StoredContent {
            properties: json(&properties)?,
            geometry: json(&feature.geometry)?,
            bbox,
        })
    }
}

/// One feature as this import writes it, worked out before anything is written.
pub(crate) struct FeatureRow<'a> {
    /// The feature as the data folder has it.
    pub(crate) feature: &'a AtlasFeature,
    /// Its layer.
    pub(crate) collection_id: &'a str,
    /// Its place in the layer file, from 0: the data's order.
    pub(crate) position: i64,
    /// Its stored texts and box.
    pub(crate) stored: StoredContent,
    /// Its revision after this import.
    pub(crate) revision: i64,
    /// When its content last changed.
    pub(crate) updated_at: String,
    /// The GeoJSON the API answers with, server-set fields included:
    /// serialized once here rather than on every request.
    pub(crate) document: String,
    /// The history row's `change` when its content differs from the stored one
    /// (`update`) or it is new (`create`); `None` when unchanged.
    pub(crate) change: Option<&'static str>,
}

/// A `feature_history` row; all of one import share its time.
pub(crate) struct HistoryRow<'a> {
    /// The feature's slug.
    pub(crate) feature_id: &'a str,
    /// The revision this row records.
    pub(crate) revision: i64,
    /// The properties' JSON at that revision.
    pub(crate) properties: &'a str,
    /// The geometry's JSON at that revision.
    pub(crate) geometry: &'a str,
    /// `create`, `update` or `delete`.
    pub(crate) change: &'static str,
}

/// Works out every feature's revision, `updated_at` and stored text, counting
/// what is new and what changed; rows come in data order.
pub(crate) fn plan_features<'a>(
    data: &'a DataSet,
    previous: &HashMap<String, Previous>,
    last_history: &HashMap<String, i64>,
    now: &str,
    summary: &mut ImportSummary,
) -> Result<Vec<FeatureRow<'a>>, sqlx::Error> {
    let mut rows = Vec::with_capacity(data.feature_count());
    for layer in &data.layers {
        for (position, feature) in layer.features.iter().enumerate() {
            let stored = StoredContent::of(feature)?;
            let old = previous.get(feature.id());
            let unchanged = old.is_some_and(|old| {
                old.collection_id == layer.id
                    && old.properties == stored.properties
                    && old.geometry == stored.geometry
            });
            let (revision, updated_at) = match old {
                Some(old) if unchanged => (old.revision, old.updated_at.clone()),
                Some(old) => {
                    summary.updated += 1;
                    (old.revision + 1, now.to_string())
                }
                None => {
                    summary.created += 1;
                    // A feature deleted and later re-added continues its history.
                    (
                        last_history.get(feature.id()).map_or(1, |r| r + 1),
                        now.to_string(),
                    )
                }
            };
            let document = document(feature, revision, &updated_at)?;
            rows.push(FeatureRow {
                feature,
                collection_id: &layer.id,
                position: i64::try_from(position).unwrap_or(i64::MAX),
                stored,
                revision,
                updated_at,
                document,
                change: match old {
                    _ if unchanged => None,
                    Some(_) => Some("update"),
                    None => Some("create"),
                },
            });
            summary.features += 1;
        }
    }
    Ok(rows)
}

/// The feature as `GET .../items` hands it out: the same bytes that parsing
/// the stored columns back and serializing them would give.
pub fn document(
    feature: &AtlasFeature,
    revision: i64,
    updated_at: &str,
) -> Result<String, sqlx::Error> {
    let served = AtlasFeature {
        properties: FeatureProperties {
            revision: u32::try_from(revision).ok(),
            updated_at: Some(updated_at.to_string()),
            ..feature.properties.clone()
        },
        geometry: feature.geometry.clone(),
    };
    json(&served.to_geojson())
}
