//! The served documents of a page of items read back into their types, for
//! the encodings that are not GeoJSON (CSV, KML).

use atlas_model::FeatureProperties;
use geojson::Geometry;
use serde::Deserialize;

/// One served feature: its curated properties and geometry, and the server's fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ServedFeature {
    /// Everything curated about it.
    pub properties: FeatureProperties,
    /// Where it is.
    pub geometry: Geometry,
    /// Its revision.
    #[serde(default)]
    pub revision: i64,
    /// When its content last changed.
    #[serde(default)]
    pub updated_at: String,
}

/// The features of `documents`: served documents joined by commas, as
/// [`super::collection::CollectionIndex::write_page`] writes them.
pub fn parse_documents(documents: &[u8]) -> serde_json::Result<Vec<ServedFeature>> {
    let mut array = Vec::with_capacity(documents.len() + 2);
    array.push(b'[');
    array.extend_from_slice(documents);
    array.push(b']');
    serde_json::from_slice(&array)
}

/// `value` as the encodings write numbers: whole numbers without a point, others as
/// the shortest decimal that reads back the same (never in exponent form).
pub fn number(value: f64) -> String {
    format!("{value}")
}
