//! Features read, created and replaced by an editor, each with its `ETag`.

use super::{Call, EditApiError, send};
use atlas_model::AtlasFeature;
use geojson::Feature;

/// A feature as the server holds it, with the version it was read or written at.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Its layer.
    pub collection: String,
    /// The feature, typed.
    pub feature: AtlasFeature,
    /// Its `ETag`, for the next write's `If-Match`.
    pub etag: String,
}

/// The path of one feature.
pub fn item_path(collection: &str, id: &str) -> String {
    format!("/collections/{collection}/items/{id}")
}

/// A stored feature from an answer: its body and its `ETag`.
///
/// Read whole as GeoJSON, not as a reader's `FeatureDocument`: an editor writes
/// the feature back, so a geometry's `bbox` and foreign members must survive.
fn stored(collection: &str, answer: &super::Answer) -> Result<Stored, EditApiError> {
    let geojson: Feature = answer.json()?;
    let feature =
        AtlasFeature::from_geojson(&geojson).map_err(|e| EditApiError::Decode(e.to_string()))?;
    Ok(Stored {
        collection: collection.to_string(),
        feature,
        etag: answer.etag.clone().unwrap_or_default(),
    })
}

/// Reads feature `id` of `collection` with its `ETag`.
pub async fn read(collection: &str, id: &str) -> Result<Stored, EditApiError> {
    let path = item_path(collection, id);
    let answer = send(Call {
        method: "GET",
        path: &path,
        ..Call::default()
    })
    .await?;
    stored(collection, &answer)
}

/// Creates `feature` in `collection` (a POST; the server answers 201).
pub async fn create(collection: &str, feature: &Feature) -> Result<Stored, EditApiError> {
    let path = format!("/collections/{collection}/items");
    let body = serde_json::to_string(feature).map_err(|e| EditApiError::Decode(e.to_string()))?;
    let answer = send(Call {
        method: "POST",
        path: &path,
        body: Some(("application/geo+json", body)),
        ..Call::default()
    })
    .await?;
    stored(collection, &answer)
}

/// Replaces feature `id` of `collection` with `feature` (a PUT with
/// `If-Match: etag`); a newer version on the server is [`EditApiError::Stale`].
pub async fn replace(
    collection: &str,
    id: &str,
    etag: &str,
    feature: &Feature,
) -> Result<Stored, EditApiError> {
    let path = item_path(collection, id);
    let body = serde_json::to_string(feature).map_err(|e| EditApiError::Decode(e.to_string()))?;
    let answer = send(Call {
        method: "PUT",
        path: &path,
        body: Some(("application/geo+json", body)),
        if_match: Some(etag),
    })
    .await?;
    stored(collection, &answer)
}
