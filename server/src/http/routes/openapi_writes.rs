//! The editing part of the OpenAPI document: the writes of OGC API -
//! Features Part 4 on items, a feature's history and restore, and the
//! deleted features of a collection. `openapi.rs` merges it into the whole,
//! joining the writes to the GETs of the same paths.

use crate::http::error::PROBLEM_JSON;
use crate::http::write_request::{MAX_BODY_BYTES, MERGE_PATCH_JSON};
use serde_json::{Value, json};

/// The paths of editing.
pub fn paths() -> Value {
    let feature_body = json!({
        "required": true,
        "content": {
            "application/geo+json": { "schema": schema("featureGeoJSON") },
            "application/json": { "schema": schema("featureGeoJSON") },
        },
    });
    json!({
        "/collections/{collectionId}/items": {
            "post": {
                "tags": ["Editing"],
                "operationId": "createFeature",
                "summary": "Creates a feature in the collection (editors and admins).",
                "description": "The body is a GeoJSON Feature. Without an id, the slug of \
                    its name becomes one. Needs no `If-Match`: there is no version yet. \
                    A feature's id is unique across collections (409 when it is taken).",
                "security": [{ "session": [] }],
                "parameters": [parameter("collectionId")],
                "requestBody": feature_body.clone(),
                "responses": merged_responses(json!({
                    "201": written("Created: the feature as now served.", true),
                    "409": problem("A live feature has that id."),
                })),
            },
        },
        "/collections/{collectionId}/items/{featureId}": {
            "put": {
                "tags": ["Editing"],
                "operationId": "replaceFeature",
                "summary": "Replaces a feature (editors and admins).",
                "description": "The body is the whole GeoJSON Feature; ids it omits are \
                    the path's, and ids that differ are refused. Server members a GET \
                    added (`revision`, `updated_at`, `links`) are ignored.",
                "security": [{ "session": [] }],
                "parameters": [parameter("collectionId"), parameter("featureId"), if_match()],
                "requestBody": feature_body,
                "responses": merged_responses(locked(json!({
                    "200": written("Replaced (or found unchanged): the feature as now served.", false),
                }))),
            },
            "patch": {
                "tags": ["Editing"],
                "operationId": "updateFeature",
                "summary": "Changes part of a feature with a JSON Merge Patch (RFC 7396).",
                "description": "Members of the patch replace the feature's, `null` \
                    removes one (`{\"properties\": {\"status\": \"operating\", \
                    \"status_as_of\": \"2026-01\"}}`); the result must pass every rule.",
                "security": [{ "session": [] }],
                "parameters": [parameter("collectionId"), parameter("featureId"), if_match()],
                "requestBody": {
                    "required": true,
                    "content": {
                        MERGE_PATCH_JSON: { "schema": { "type": "object" } },
                        "application/json": { "schema": { "type": "object" } },
                        "application/geo+json": { "schema": { "type": "object" } },
                    },
                },
                "responses": merged_responses(locked(json!({
                    "200": written("Changed (or found unchanged): the feature as now served.", false),
                }))),
            },
            "delete": {
                "tags": ["Editing"],
                "operationId": "deleteFeature",
                "summary": "Deletes a feature; its history stays and it can be restored.",
                "security": [{ "session": [] }],
                "parameters": [parameter("collectionId"), parameter("featureId"), if_match()],
                "responses": locked(json!({
                    "204": {
                        "description": "Deleted. The `ETag` is the deletion's, which a restore names.",
                        "headers": { "ETag": etag_header() },
                    },
                    "401": problem("No live session."),
                    "403": problem("The account may not edit, or the request is not from the site's own pages."),
                })),
            },
        },
        "/collections/{collectionId}/items/{featureId}/history": {
            "get": {
                "tags": ["Editing"],
                "operationId": "getFeatureHistory",
                "summary": "Every revision of a feature, oldest first: who, when, before and after.",
                "security": [{ "session": [] }],
                "parameters": [parameter("collectionId"), parameter("featureId")],
                "responses": {
                    "200": {
                        "description": "The revisions, and the `If-Match` tag a restore needs now.",
                        "content": { "application/json": { "schema": schema("featureHistory") } },
                    },
                    "401": problem("No live session."),
                    "403": problem("The account may not edit."),
                    "404": problem("The feature was never in this collection."),
                },
            },
        },
        "/collections/{collectionId}/items/{featureId}/history/{revision}/restore": {
            "post": {
                "tags": ["Editing"],
                "operationId": "restoreRevision",
                "summary": "Brings back the content of a revision, as a new revision.",
                "description": "With `If-Match` naming the current revision (the \
                    deletion's, for a deleted feature, which this re-creates).",
                "security": [{ "session": [] }],
                "parameters": [
                    parameter("collectionId"),
                    parameter("featureId"),
                    { "$ref": "#/components/parameters/revision" },
                    if_match(),
                ],
                "responses": merged_responses(locked(json!({
                    "200": written("Restored over the live feature.", false),
                    "201": written("Restored a deleted feature.", true),
                    "409": problem("That revision deleted the feature: restore the one before it."),
                }))),
            },
        },
        "/collections/{collectionId}/deleted": {
            "get": {
                "tags": ["Editing"],
                "operationId": "getDeletedFeatures",
                "summary": "The features deleted from a collection, the latest first, each restorable.",
                "security": [{ "session": [] }],
                "parameters": [parameter("collectionId")],
                "responses": {
                    "200": {
                        "description": "The deleted features with their last content.",
                        "content": { "application/json": { "schema": schema("deletedFeatures") } },
                    },
                    "401": problem("No live session."),
                    "403": problem("The account may not edit."),
                    "404": problem("No such collection."),
                },
            },
        },
    })
}

/// The parameters of editing.
pub fn parameters() -> Value {
    json!({
        "revision": {
            "name": "revision", "in": "path", "required": true,
            "schema": { "type": "integer", "minimum": 1 },
        },
        "ifMatch": {
            "name": "If-Match", "in": "header", "required": true,
            "description": "The `ETag` of the version the change was made against \
                (from a GET of the feature, or an earlier write).",
            "schema": { "type": "string" },
        },
    })
}

/// The schemas of editing.
pub fn schemas() -> Value {
    let feature_or_null = json!({ "nullable": true, "allOf": [schema("featureGeoJSON")] });
    json!({
        "revision": {
            "type": "object",
            "required": ["revision", "change", "changed_at", "changed_by", "before", "after"],
            "properties": {
                "revision": { "type": "integer" },
                "change": { "type": "string", "enum": ["create", "update", "delete", "restore"] },
                "changed_at": { "type": "string", "format": "date-time" },
                "changed_by": { "type": "string" },
                "restored_from": { "type": "integer" },
                "before": feature_or_null,
                "after": feature_or_null,
                "links": schema("links"),
            },
        },
        "featureHistory": {
            "type": "object",
            "required": ["id", "collection", "etag", "revisions", "links"],
            "properties": {
                "id": { "type": "string" },
                "collection": { "type": "string" },
                "etag": { "type": "string" },
                "revisions": { "type": "array", "items": schema("revision") },
                "links": schema("links"),
            },
        },
        "deletedFeatures": {
            "type": "object",
            "required": ["collection", "features", "links"],
            "properties": {
                "collection": { "type": "string" },
                "features": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "revision", "etag", "deleted_at", "deleted_by", "feature", "links"],
                        "properties": {
                            "id": { "type": "string" },
                            "revision": { "type": "integer" },
                            "etag": { "type": "string" },
                            "deleted_at": { "type": "string", "format": "date-time" },
                            "deleted_by": { "type": "string" },
                            "feature": schema("featureGeoJSON"),
                            "links": schema("links"),
                        },
                    },
                },
                "links": schema("links"),
            },
        },
    })
}

/// The answers every write with a body shares.
fn merged_responses(mut specific: Value) -> Value {
    let shared = json!({
        "400": problem("The body is not JSON."),
        "401": problem("No live session."),
        "403": problem("The account may not edit, or the request is not from the site's own pages."),
        "404": problem("No such collection or feature."),
        "413": problem(&format!("The body is longer than {MAX_BODY_BYTES} bytes.")),
        "415": problem("The body's media type is not one the operation reads."),
        "422": problem("The feature breaks the model's rules; `errors` lists every field and why."),
    });
    if let (Some(into), Value::Object(shared)) = (specific.as_object_mut(), shared) {
        for (status, answer) in shared {
            into.entry(status).or_insert(answer);
        }
    }
    specific
}

/// Adds the answers of the optimistic lock.
fn locked(mut specific: Value) -> Value {
    if let Some(into) = specific.as_object_mut() {
        into.insert(
            "412".into(),
            json!({
                "description": "`If-Match` names another version: the body is the \
                    current one, with its `ETag` (a problem document when it is deleted).",
                "headers": { "ETag": etag_header() },
                "content": {
                    "application/geo+json": { "schema": schema("featureGeoJSON") },
                    PROBLEM_JSON: { "schema": schema("problem") },
                },
            }),
        );
        into.insert("428".into(), problem("No `If-Match`."));
    }
    specific
}

fn written(description: &str, created: bool) -> Value {
    let mut headers = json!({ "ETag": etag_header() });
    if created {
        headers["Location"] = json!({
            "description": "The new feature's URL.",
            "schema": { "type": "string" },
        });
    }
    json!({
        "description": description,
        "headers": headers,
        "content": { "application/geo+json": { "schema": schema("featureGeoJSON") } },
    })
}

fn etag_header() -> Value {
    json!({
        "description": "The feature's strong tag, from its revision: what `If-Match` names.",
        "schema": { "type": "string" },
    })
}

fn if_match() -> Value {
    json!({ "$ref": "#/components/parameters/ifMatch" })
}

fn parameter(name: &str) -> Value {
    json!({ "$ref": format!("#/components/parameters/{name}") })
}

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": { PROBLEM_JSON: { "schema": schema("problem") } },
    })
}
