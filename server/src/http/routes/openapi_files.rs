//! The files part of the OpenAPI document: a layer's items as CSV and KML,
//! and importing a file into a layer. `openapi.rs` merges it into the whole.

use crate::file_import::MAX_FILE_BYTES;
use crate::http::error::PROBLEM_JSON;
use crate::read_model::kml::KML;
use serde_json::{Value, json};

/// The `f` parameter of a layer's items: GeoJSON, HTML, or a CSV or KML download.
pub fn parameters() -> Value {
    json!({
        "fItems": {
            "name": "f", "in": "query", "required": false,
            "description": format!("The encoding of the answer: GeoJSON (the default), a plain HTML \
                page, or a download of the layer as CSV (RFC 4180; a point's position in \
                `lon` and `lat`, other geometries as WKT in `wkt`) or KML 2.2 (one Placemark \
                per feature). Without `f`, `Accept: text/csv` or `Accept: {KML}` asks for \
                a download too. A download holds every matching feature unless `limit` is given."),
            "schema": { "type": "string", "enum": ["json", "geojson", "html", "csv", "kml"] },
        },
        "dryRun": {
            "name": "dry_run", "in": "query", "required": false,
            "description": "`true`: say what each row would do and write nothing.",
            "schema": { "type": "boolean", "default": false },
        },
    })
}

/// The download media types of a layer's items, for its 200 answer.
pub fn download_content() -> Value {
    json!({
        "text/csv": { "schema": { "type": "string" } },
        KML: { "schema": { "type": "string" } },
    })
}

/// The import path.
pub fn paths() -> Value {
    let problem = |description: &str| {
        json!({
            "description": description,
            "content": { PROBLEM_JSON: { "schema": { "$ref": "#/components/schemas/problem" } } },
        })
    };
    json!({
        "/collections/{collectionId}/import": {
            "post": {
                "tags": ["Data"],
                "operationId": "importFile",
                "summary": "Imports a GeoJSON or CSV file into a layer (editors), or tries it.",
                "description": format!("The body is the file: a GeoJSON FeatureCollection or \
                    Feature, or CSV with a header line naming the columns of `f=csv` (`id`, \
                    `name`, `kind`, `status`, `lon` and `lat` required). Or `{{\"url\": …}}` as \
                    `application/json`: the server fetches the file (at most {MAX_FILE_BYTES} \
                    bytes, within a time-out). Every row is validated; features are created or \
                    changed by id, each change with a history row, in one transaction. One \
                    rejected row and nothing is written (422, each field named as \
                    `rows[n].field`)."),
                "security": [{ "session": [] }],
                "parameters": [
                    { "$ref": "#/components/parameters/collectionId" },
                    { "$ref": "#/components/parameters/dryRun" },
                ],
                "requestBody": {
                    "required": true,
                    "content": {
                        "application/geo+json": { "schema": { "type": "object" } },
                        "application/json": { "schema": { "oneOf": [
                            { "type": "object", "required": ["type"] },
                            { "$ref": "#/components/schemas/importFromUrl" },
                        ] } },
                        "text/csv": { "schema": { "type": "string" } },
                    },
                },
                "responses": {
                    "200": {
                        "description": "What each row did or, in a dry run, would do.",
                        "content": { "application/json": { "schema": {
                            "$ref": "#/components/schemas/importReport",
                        } } },
                    },
                    "400": problem("The file cannot be read, or the URL not fetched; `invalid-params` names the field or column."),
                    "401": problem("No live session."),
                    "403": problem("The account is not an editor, or the request does not come from the site's own pages."),
                    "404": problem("No such collection."),
                    "413": problem("The body is larger than the limit."),
                    "415": problem("The body is not GeoJSON, JSON or CSV."),
                    "422": problem("Some rows are rejected; nothing was written."),
                },
            },
        },
    })
}

/// The schemas of the import.
pub fn schemas() -> Value {
    json!({
        "importFromUrl": {
            "type": "object",
            "required": ["url"],
            "properties": { "url": { "type": "string", "format": "uri" } },
        },
        "importReport": {
            "type": "object",
            "required": ["collection", "dry_run", "applied", "created", "updated", "unchanged", "rejected", "rows"],
            "properties": {
                "collection": { "type": "string" },
                "dry_run": { "type": "boolean" },
                "applied": { "type": "boolean" },
                "created": { "type": "integer" },
                "updated": { "type": "integer" },
                "unchanged": { "type": "integer" },
                "rejected": { "type": "integer" },
                "rows": { "type": "array", "items": {
                    "type": "object",
                    "required": ["row", "action"],
                    "properties": {
                        "row": { "type": "integer", "description": "The n-th feature, or the CSV line." },
                        "id": { "type": "string" },
                        "action": { "type": "string", "enum": ["create", "update", "unchanged", "reject"] },
                        "reasons": { "type": "array", "items": {
                            "type": "object",
                            "required": ["field", "reason"],
                            "properties": {
                                "field": { "type": "string" },
                                "reason": { "type": "string" },
                            },
                        } },
                    },
                } },
            },
        },
    })
}
