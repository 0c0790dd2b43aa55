//! Importing a file into a layer: first a dry run, then for real.

use super::{Call, EditApiError, send};
use atlas_model::import_report::ImportReport;

/// Sends the file `body` of media type `media_type` to layer `collection`;
/// with `dry_run`, the server only says what each row would do. A real
/// import with a rejected row is refused (422) and writes nothing.
pub async fn import(
    collection: &str,
    media_type: &str,
    body: String,
    dry_run: bool,
) -> Result<ImportReport, EditApiError> {
    let path = format!("/collections/{collection}/import?dry_run={dry_run}");
    send(Call {
        method: "POST",
        path: &path,
        body: Some((media_type, body)),
        if_match: None,
    })
    .await?
    .json()
}

/// The download of a layer in `format` (`json` for GeoJSON, `csv`, `kml`).
pub fn download_path(collection: &str, format: &str) -> String {
    match format {
        "json" => format!("/collections/{collection}/items?f=json&limit=10000"),
        other => format!("/collections/{collection}/items?f={other}"),
    }
}
