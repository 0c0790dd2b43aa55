//! What a store writes for a feature besides its columns: the document the
//! API serves (the one serializer of a served feature, for pages and single
//! features alike) and the document its history keeps.

use super::StoreError;
use atlas_model::AtlasFeature;
use geojson::JsonObject;

/// The feature as the API serves it, in a page of items and alone: its
/// curated GeoJSON, with the server's `revision` and `updated_at` beside
/// `properties` as foreign members. The one serializer of a served feature.
pub fn served_document(
    feature: &AtlasFeature,
    revision: i64,
    updated_at: &str,
) -> Result<String, StoreError> {
    let mut served = feature.to_geojson();
    let mut members = JsonObject::new();
    members.insert("revision".into(), revision.into());
    members.insert("updated_at".into(), updated_at.into());
    served.foreign_members = Some(members);
    json(&served)
}

/// A feature as its history keeps it: a GeoJSON Feature of its curated
/// content, from the stored JSON texts.
pub fn history_document(id: &str, properties: &str, geometry: &str) -> String {
    // The texts are JSON the store wrote; the id is a slug, which needs no escaping.
    format!(r#"{{"type":"Feature","id":"{id}","geometry":{geometry},"properties":{properties}}}"#)
}

/// `value` as JSON text.
pub fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(format!("serializing: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn fixture() -> crate::data_dir::DataSet {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data");
        crate::data_dir::load(&dir).expect("the fixture loads")
    }

    #[test]
    fn the_served_document_carries_the_server_fields_beside_the_properties() {
        let data = fixture();
        let feature = &data.layers[0].features[0];
        let served: serde_json::Value = serde_json::from_str(
            &served_document(feature, 3, "2026-01-01T00:00:00Z").expect("serializes"),
        )
        .expect("JSON");
        assert_eq!(served["revision"], 3);
        assert_eq!(served["updated_at"], "2026-01-01T00:00:00Z");
        assert!(served["properties"].get("revision").is_none());
        assert_eq!(served["id"], feature.id());
    }

    #[test]
    fn a_history_document_is_a_geojson_feature_of_the_stored_texts() {
        let document: serde_json::Value = serde_json::from_str(&history_document(
            "baku",
            r#"{"id":"baku","name":"Baku"}"#,
            r#"{"type":"Point","coordinates":[49.8,40.4]}"#,
        ))
        .expect("JSON");
        assert_eq!(document["type"], "Feature");
        assert_eq!(document["id"], "baku");
        assert_eq!(document["properties"]["name"], "Baku");
        assert_eq!(document["geometry"]["type"], "Point");
    }
}
