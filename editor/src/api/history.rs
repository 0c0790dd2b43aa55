//! A feature's history, restoring a revision, and a layer's deleted features.

use super::{Answer, Call, EditApiError, send};
use atlas_model::history::{DeletedFeatures, FeatureHistory};

/// Every revision of feature `id` of layer `collection`, oldest first.
pub async fn feature_history(collection: &str, id: &str) -> Result<FeatureHistory, EditApiError> {
    let path = format!("/collections/{collection}/items/{id}/history");
    send(Call {
        method: "GET",
        path: &path,
        ..Call::default()
    })
    .await?
    .json()
}

/// Brings revision `revision` back as a new revision; `etag` names the
/// current one (the history's or the deleted list's `etag`). Answers the
/// feature as restored, with its new `ETag`.
pub async fn restore(
    collection: &str,
    id: &str,
    revision: i64,
    etag: &str,
) -> Result<Answer, EditApiError> {
    let path = format!("/collections/{collection}/items/{id}/history/{revision}/restore");
    send(Call {
        method: "POST",
        path: &path,
        body: None,
        if_match: Some(etag),
    })
    .await
}

/// The features deleted from layer `collection`, the latest first.
pub async fn deleted(collection: &str) -> Result<DeletedFeatures, EditApiError> {
    let path = format!("/collections/{collection}/deleted");
    send(Call {
        method: "GET",
        path: &path,
        ..Call::default()
    })
    .await?
    .json()
}
