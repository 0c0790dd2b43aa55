//! What an import will write, worked out in memory before anything is written:
//! each feature's revision, `updated_at`, stored texts and served document,
//! in the order the rows go into the table.

use super::import::{ImportSummary, json};
use crate::data_dir::DataSet;
use atlas_model::{AtlasFeature, Bbox, FeatureProperties, geodesy};
use std::collections::HashMap;

/// A feature as the store held it before this import.
pub(super) struct Previous {
    pub(super) collection_id: String,
    pub(super) properties: String,
    pub(super) geometry: String,
    pub(super) revision: i64,
    pub(super) updated_at: String,
}

/// A feature as the store writes it: properties without the server-set fields.
pub(super) struct StoredContent {
    /// The properties' JSON, without `revision` and `updated_at`.
    pub(super) properties: String,
    /// The geometry's JSON.
    pub(super) geometry: String,
    /// The box of the geometry's coordinates.
    pub(super) bbox: Bbox,
}

impl StoredContent {
    /// What the store keeps of `feature`.
    pub(super) fn of(feature: &AtlasFeature) -> Result<StoredContent, sqlx::Error> {
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
pub(super) struct FeatureRow<'a> {
    /// The feature as the data folder has it.
    pub(super) feature: &'a AtlasFeature,
    /// Its layer.
    pub(super) collection_id: &'a str,
    /// Its stored texts and box.
    pub(super) stored: StoredContent,
    /// Its revision after this import.
    pub(super) revision: i64,
    /// When its content last changed.
    pub(super) updated_at: String,
    /// The GeoJSON the API answers with, server-set fields included:
    /// serialized once here rather than on every request.
    pub(super) document: String,
    /// The history row's `change` when its content differs from the stored one
    /// (`update`) or it is new (`create`); `None` when unchanged.
    pub(super) change: Option<&'static str>,
}

/// A `feature_history` row; all of one import share its time.
pub(super) struct HistoryRow<'a> {
    /// The feature's slug.
    pub(super) feature_id: &'a str,
    /// The revision this row records.
    pub(super) revision: i64,
    /// The properties' JSON at that revision.
    pub(super) properties: &'a str,
    /// The geometry's JSON at that revision.
    pub(super) geometry: &'a str,
    /// `create`, `update` or `delete`.
    pub(super) change: &'static str,
}

/// Works out every feature's revision, `updated_at` and stored text, counting
/// what is new and what changed; each layer's rows come in [`spatial_key`] order.
pub(super) fn plan_features<'a>(
    data: &'a DataSet,
    previous: &HashMap<String, Previous>,
    last_history: &HashMap<String, i64>,
    now: &str,
    summary: &mut ImportSummary,
) -> Result<Vec<FeatureRow<'a>>, sqlx::Error> {
    let mut rows = Vec::with_capacity(data.feature_count());
    for layer in &data.layers {
        let first = rows.len();
        for feature in &layer.features {
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
        rows[first..].sort_by_key(|row| spatial_key(row.stored.bbox));
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

/// The Z-order (Morton) code of a box's centre, 16 bits per axis.
///
/// Rows are written in this order, so features near each other on the map sit
/// near each other in the table: a box query then reads a few runs of pages
/// instead of one scattered page per feature.
pub(super) fn spatial_key(bbox: Bbox) -> u32 {
    let Bbox {
        west,
        south,
        east,
        north,
    } = bbox;
    // A box across the antimeridian has west above east; its centre is still
    // somewhere in range, and the order only needs to be stable.
    let scale = |value: f64, min: f64, max: f64| {
        let unit = ((value - min) / (max - min)).clamp(0.0, 1.0);
        // At most 65,535 after the clamp, so the cast cannot truncate.
        (unit * f64::from(u16::MAX)) as u32
    };
    let x = scale((west + east) / 2.0, -180.0, 180.0);
    let y = scale((south + north) / 2.0, -90.0, 90.0);
    spread(x) | (spread(y) << 1)
}

/// The low 16 bits of `v`, moved to the even bit positions.
fn spread(v: u32) -> u32 {
    let mut v = v & 0xffff;
    v = (v | (v << 8)) & 0x00ff_00ff;
    v = (v | (v << 4)) & 0x0f0f_0f0f;
    v = (v | (v << 2)) & 0x3333_3333;
    (v | (v << 1)) & 0x5555_5555
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_interleaves_bits_with_zeros() {
        assert_eq!(spread(0b1011), 0b100_0101);
        assert_eq!(spread(0xffff), 0x5555_5555);
    }

    #[test]
    fn the_spatial_key_orders_the_four_quarters_of_the_world_in_a_z() {
        let key = |lon: f64, lat: f64| spatial_key(Bbox::new(lon, lat, lon, lat));
        let south_west = key(-90.0, -45.0);
        let south_east = key(90.0, -45.0);
        let north_west = key(-90.0, 45.0);
        let north_east = key(90.0, 45.0);
        assert!(south_west < south_east && south_east < north_west && north_west < north_east);
        // Neighbours share their leading bits; the far corner shares none.
        assert_eq!(key(-180.0, -90.0), 0);
        assert_eq!(key(180.0, 90.0), u32::MAX);
    }
}
