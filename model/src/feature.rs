//! A typed feature: slug, properties and geometry, converted to and from GeoJSON.

use crate::properties::FeatureProperties;
use crate::validation::{ValidationError, validate_feature};
use geojson::{Feature, Geometry, JsonObject, feature::Id};
use serde_json::Value;

/// A GeoJSON feature read straight into its types, not yet validated: the
/// fast way in for a client reading what a server has already checked, with
/// no detour through a JSON tree. [`crate::validation::validate_document`]
/// applies the rules serde cannot state. Its geometry skips `bbox` and foreign
/// members ([`crate::geometry_read`]): a client that writes features back
/// reads [`geojson::Feature`] and [`AtlasFeature::from_geojson`] instead.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct FeatureDocument {
    /// The top-level `id`; ours are slugs, so a number does not parse.
    #[serde(default)]
    pub id: Option<String>,
    /// Everything known about it.
    pub properties: FeatureProperties,
    /// Where it is.
    #[serde(default, deserialize_with = "crate::geometry_read::optional_geometry")]
    pub geometry: Option<Geometry>,
}

/// One map feature, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct AtlasFeature {
    /// Everything known about it; `properties.id` is its slug.
    pub properties: FeatureProperties,
    /// Where it is, in WGS 84 longitude/latitude.
    pub geometry: Geometry,
}

impl AtlasFeature {
    /// The feature's stable slug.
    pub fn id(&self) -> &str {
        &self.properties.id
    }

    /// Validates a GeoJSON feature and types it.
    pub fn from_geojson(feature: &Feature) -> Result<AtlasFeature, ValidationError> {
        validate_feature(feature)
    }

    /// The feature as GeoJSON, with its slug as the top-level `id`.
    pub fn to_geojson(&self) -> Feature {
        let properties = match serde_json::to_value(&self.properties) {
            Ok(Value::Object(map)) => map,
            // Serializing a plain struct of strings and numbers cannot fail or yield a non-object.
            _ => JsonObject::new(),
        };
        Feature {
            bbox: None,
            geometry: Some(self.geometry.clone()),
            id: Some(Id::String(self.properties.id.clone())),
            properties: Some(properties),
            foreign_members: None,
        }
    }
}
