//! `GET /api`: the OpenAPI 3.0 definition of every endpoint, the landing page's
//! `service-desc`.
//!
//! Written by hand as one JSON value: the API is small, and a generator crate
//! would weigh more than the document. `tests/openapi.rs` checks that it lists
//! exactly the paths the router serves.

use super::basemap::LAYERS;
use super::items::{DEFAULT_LIMIT, MAX_LIMIT};
use super::search::{
    DEFAULT_LIMIT as SEARCH_DEFAULT_LIMIT, MAX_LIMIT as SEARCH_MAX_LIMIT, MAX_QUERY_CHARS,
};
use super::{Params, html, openapi_accounts, openapi_files, openapi_stories, openapi_writes};
use crate::AppState;
use crate::http::error::{AppError, PROBLEM_JSON};
use atlas_model::api::CRS84;
use axum::Router;
use axum::extract::RawQuery;
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

/// The media type of an OpenAPI 3.0 document in JSON.
pub const OPENAPI_JSON: &str = "application/vnd.oai.openapi+json;version=3.0";

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/api", get(api))
}

async fn api(RawQuery(query): RawQuery) -> Result<Response, AppError> {
    let format = Params::parse(query.as_deref()).format()?;
    html::respond(format, OPENAPI_JSON, &document(), html::api)
}

/// The whole OpenAPI document.
pub fn document() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Corridor Atlas",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "OGC API - Features (Part 1: Core, GeoJSON; Part 4: \
                create, replace, update, delete) over the map's layers, the reports quoted \
                on the map, the stories told with them, search, and the basemap.",
            "license": { "name": "MIT OR Apache-2.0" },
        },
        "tags": [
            { "name": "Capabilities", "description": "What the server offers." },
            { "name": "Data", "description": "The map's layers and their features." },
            { "name": "Reports", "description": "Reports quoted on the map." },
            { "name": "Stories", "description": "Stories presenters play: steps of the map with captions and quotes." },
            { "name": "Search", "description": "Full-text search over places and passages." },
            { "name": "Basemap", "description": "Layers drawn under everything." },
            { "name": "Accounts", "description": "Signing in, and the accounts that may edit." },
            { "name": "Editing", "description": "Creating, changing and deleting features (OGC API - Features Part 4) and stories, and their history." },
        ],
        "paths": merged(
            merged(
                merged(
                    merged(paths(), openapi_accounts::paths()),
                    openapi_stories::paths(),
                ),
                openapi_files::paths(),
            ),
            merged(openapi_writes::paths(), openapi_stories::write_paths()),
        ),
        "components": {
            "parameters": merged(
                merged(parameters(), openapi_files::parameters()),
                openapi_writes::parameters(),
            ),
            "responses": responses(),
            "schemas": merged(
                merged(schemas(), openapi_accounts::schemas()),
                merged(
                    merged(openapi_stories::schemas(), openapi_files::schemas()),
                    openapi_writes::schemas(),
                ),
            ),
            "securitySchemes": openapi_accounts::security_schemes(),
        },
    })
}

/// The members of two JSON objects in one, objects under one name merged
/// too: a path's writes join its GET.
fn merged(mut first: Value, second: Value) -> Value {
    if let (Some(into), Value::Object(from)) = (first.as_object_mut(), second) {
        for (name, value) in from {
            let joined = match into.remove(&name) {
                Some(old @ Value::Object(_)) if value.is_object() => merged(old, value),
                _ => value,
            };
            into.insert(name, joined);
        }
    }
    first
}

fn paths() -> Value {
    json!({
        "/": {
            "get": {
                "tags": ["Capabilities"],
                "operationId": "getLandingPage",
                "summary": "The landing page: the app for browsers, links for JSON clients.",
                "description": "Answers HTML when `f=html`, or without `f` when `Accept` \
                    prefers `text/html` to JSON (as browsers do): the app's page, or, while \
                    the app is not built, a plain HTML landing page. Otherwise JSON.",
                "parameters": [{
                    "name": "f", "in": "query", "required": false,
                    "schema": { "type": "string", "enum": ["json", "html"] },
                }],
                "responses": {
                    "200": {
                        "description": "The landing page.",
                        "content": {
                            "application/json": { "schema": ref_schema("landingPage") },
                            "text/html": { "schema": { "type": "string" } },
                        },
                    },
                    "400": ref_response("BadRequest"),
                },
            },
        },
        "/api": {
            "get": {
                "tags": ["Capabilities"],
                "operationId": "getApiDefinition",
                "summary": "This document.",
                "parameters": [ref_parameter("f")],
                "responses": {
                    "200": {
                        "description": "The OpenAPI 3.0 definition of the API.",
                        "content": {
                            OPENAPI_JSON: { "schema": { "type": "object" } },
                            "text/html": html_schema(),
                        },
                    },
                    "400": ref_response("BadRequest"),
                },
            },
        },
        "/conformance": {
            "get": {
                "tags": ["Capabilities"],
                "operationId": "getConformance",
                "summary": "The conformance classes the server implements.",
                "parameters": [ref_parameter("f")],
                "responses": {
                    "200": with_html(json_ok("The conformance classes.", "application/json", "confClasses")),
                    "400": ref_response("BadRequest"),
                },
            },
        },
        "/collections": {
            "get": {
                "tags": ["Data"],
                "operationId": "getCollections",
                "summary": "The map's layers, with feature counts and extents.",
                "parameters": [ref_parameter("f")],
                "responses": {
                    "200": with_html(json_ok("The collections.", "application/json", "collections")),
                    "400": ref_response("BadRequest"),
                },
            },
        },
        "/collections/{collectionId}": {
            "get": {
                "tags": ["Data"],
                "operationId": "describeCollection",
                "summary": "One layer.",
                "parameters": [ref_parameter("collectionId"), ref_parameter("f")],
                "responses": {
                    "200": with_html(json_ok("The collection.", "application/json", "collection")),
                    "400": ref_response("BadRequest"),
                    "404": ref_response("NotFound"),
                },
            },
        },
        "/collections/{collectionId}/items": {
            "get": {
                "tags": ["Data"],
                "operationId": "getFeatures",
                "summary": "A page of a layer's features, in id order.",
                "parameters": [
                    ref_parameter("collectionId"),
                    ref_parameter("bbox"),
                    ref_parameter("bbox-crs"),
                    ref_parameter("datetime"),
                    ref_parameter("limit"),
                    ref_parameter("offset"),
                    ref_parameter("crs"),
                    ref_parameter("fItems"),
                ],
                "responses": {
                    "200": {
                        "description": "The features; a `next` link follows when more match.",
                        "headers": { "Content-Crs": content_crs_header() },
                        "content": merged(json!({
                            "application/geo+json": {
                                "schema": ref_schema("featureCollectionGeoJSON"),
                            },
                            "text/html": html_schema(),
                        }), openapi_files::download_content()),
                    },
                    "400": ref_response("BadRequest"),
                    "404": ref_response("NotFound"),
                },
            },
        },
        "/collections/{collectionId}/items/{featureId}": {
            "get": {
                "tags": ["Data"],
                "operationId": "getFeature",
                "summary": "One feature.",
                "parameters": [
                    ref_parameter("collectionId"),
                    ref_parameter("featureId"),
                    ref_parameter("crs"),
                    ref_parameter("f"),
                ],
                "responses": {
                    "200": {
                        "description": "The feature, with `self` and `collection` links.",
                        "headers": { "Content-Crs": content_crs_header() },
                        "content": {
                            "application/geo+json": { "schema": ref_schema("featureGeoJSON") },
                            "text/html": html_schema(),
                        },
                    },
                    "400": ref_response("BadRequest"),
                    "404": ref_response("NotFound"),
                },
            },
        },
        "/api/reports": {
            "get": {
                "tags": ["Reports"],
                "operationId": "getReports",
                "summary": "Every report quoted on the map, with its passage count.",
                "responses": {
                    "200": json_ok("The reports.", "application/json", "reportList"),
                },
            },
        },
        "/api/reports/{reportId}": {
            "get": {
                "tags": ["Reports"],
                "operationId": "getReport",
                "summary": "One report's passages, each with the features that cite it.",
                "parameters": [ref_parameter("reportId")],
                "responses": {
                    "200": json_ok("The report.", "application/json", "reportDetail"),
                    "404": ref_response("NotFound"),
                },
            },
        },
        "/api/config": {
            "get": {
                "tags": ["App"],
                "operationId": "getClientConfig",
                "summary": "The server's set-up as the app needs it: the optional web tile source.",
                "responses": {
                    "200": json_ok("The configuration.", "application/json", "clientConfig"),
                },
            },
        },
        "/api/search": {
            "get": {
                "tags": ["Search"],
                "operationId": "search",
                "summary": "Places and report passages matching some words, best first.",
                "description": "Every word must match (the last also as a prefix); \
                    punctuation and search operators are plain text. Snippets come as \
                    segments of text, `hit` marking the matched words, never as HTML.",
                "parameters": [
                    {
                        "name": "q", "in": "query", "required": true,
                        "description": "The words to look for. Without any letter or \
                            digit nothing is found.",
                        "schema": { "type": "string", "maxLength": MAX_QUERY_CHARS },
                    },
                    {
                        "name": "limit", "in": "query", "required": false,
                        "description": "The most places, and the most passages, answered.",
                        "schema": {
                            "type": "integer", "minimum": 1, "maximum": SEARCH_MAX_LIMIT,
                            "default": SEARCH_DEFAULT_LIMIT,
                        },
                    },
                    ref_parameter("fJson"),
                ],
                "responses": {
                    "200": json_ok("The matches, grouped.", "application/json", "searchResults"),
                    "400": ref_response("BadRequest"),
                },
            },
        },
        "/api/basemap/{name}": {
            "get": {
                "tags": ["Basemap"],
                "operationId": "getBasemapLayer",
                "summary": "One Natural Earth basemap layer.",
                "parameters": [{
                    "name": "name", "in": "path", "required": true,
                    "schema": { "type": "string", "enum": LAYERS },
                }],
                "responses": {
                    "200": json_ok(
                        "The layer as a GeoJSON FeatureCollection.",
                        "application/geo+json",
                        "featureCollectionGeoJSON",
                    ),
                    "404": ref_response("NotFound"),
                },
            },
        },
    })
}

/// Parameters shared between paths, bounded as the handlers check them.
fn parameters() -> Value {
    let slug = json!({ "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 100 });
    let crs = json!({ "type": "string", "format": "uri", "enum": [CRS84], "default": CRS84 });
    json!({
        "f": {
            "name": "f", "in": "query", "required": false,
            "description": "The encoding of the answer: JSON (GeoJSON for features), the \
                default, or a plain HTML page.",
            "schema": { "type": "string", "enum": ["json", "geojson", "html"] },
        },
        "fJson": {
            "name": "f", "in": "query", "required": false,
            "description": "The encoding of the answer; JSON is the only one offered.",
            "schema": { "type": "string", "enum": ["json", "geojson"] },
        },
        "collectionId": {
            "name": "collectionId", "in": "path", "required": true,
            "description": "A collection's id. Anything but a slug is not found.",
            "schema": slug,
        },
        "featureId": {
            "name": "featureId", "in": "path", "required": true,
            "description": "A feature's id. Anything but a slug is not found.",
            "schema": slug,
        },
        "reportId": {
            "name": "reportId", "in": "path", "required": true,
            "description": "A report's id. Anything but a slug is not found.",
            "schema": slug,
        },
        "bbox": {
            "name": "bbox", "in": "query", "required": false,
            "description": "Only features whose box meets this one: west,south,east,north \
                in CRS84 degrees (longitudes within -180..180, latitudes within -90..90, \
                south not above north). West above east is a box across the antimeridian. \
                Six numbers (west,south,min height,east,north,max height) are read too; \
                features have no heights, so the heights select nothing.",
            "style": "form", "explode": false,
            "schema": {
                "type": "array", "minItems": 4, "maxItems": 6,
                "items": { "type": "number", "minimum": -180, "maximum": 180 },
            },
        },
        "bbox-crs": {
            "name": "bbox-crs", "in": "query", "required": false,
            "description": "The CRS of `bbox`; only CRS84 is offered.",
            "schema": crs,
        },
        "crs": {
            "name": "crs", "in": "query", "required": false,
            "description": "The CRS of the answer's coordinates; only CRS84 is offered.",
            "schema": crs,
        },
        "datetime": {
            "name": "datetime", "in": "query", "required": false,
            "description": "Only features that opened within this instant or interval \
                (OGC API - Features Part 1, 7.15.4), compared by year: `2017`, \
                `2017-01-01`, an RFC 3339 date-time, or `start/end` with `..` for an \
                open end. Features without an opening year match only `../..`.",
            "schema": { "type": "string" },
            "examples": {
                "year": { "value": "2017" },
                "interval": { "value": "2010/2020" },
                "until": { "value": "../2017" },
                "since": { "value": "2017/.." },
                "instant": { "value": "2017-06-01T00:00:00Z" },
            },
        },
        "limit": {
            "name": "limit", "in": "query", "required": false,
            "description": "The most features on one page.",
            "schema": {
                "type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT,
            },
        },
        "offset": {
            "name": "offset", "in": "query", "required": false,
            "description": "How many matching features to skip (the `next` link sets it).",
            "schema": { "type": "integer", "minimum": 0, "default": 0 },
        },
    })
}

fn responses() -> Value {
    json!({
        "BadRequest": {
            "description": "A parameter has a value the API refuses; `invalid-params` names it.",
            "content": problem_content(),
        },
        "NotFound": {
            "description": "No such resource.",
            "content": problem_content(),
        },
    })
}

fn schemas() -> Value {
    let strings = json!({ "type": "array", "items": { "type": "string" } });
    json!({
        "problem": {
            "type": "object",
            "description": "An RFC 7807 problem document, the body of every error answer.",
            "required": ["type", "title", "status"],
            "properties": {
                "type": { "type": "string" },
                "title": { "type": "string" },
                "status": { "type": "integer" },
                "detail": { "type": "string" },
                "invalid-params": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name", "reason"],
                        "properties": {
                            "name": { "type": "string" },
                            "reason": { "type": "string" },
                        },
                    },
                },
                "errors": {
                    "type": "array",
                    "description": "A 422's every field at fault (a path into the GeoJSON feature) and why.",
                    "items": {
                        "type": "object",
                        "required": ["field", "reason"],
                        "properties": {
                            "field": { "type": "string" },
                            "reason": { "type": "string" },
                        },
                    },
                },
            },
        },
        "link": {
            "type": "object",
            "required": ["href", "rel"],
            "properties": {
                "href": { "type": "string" },
                "rel": { "type": "string" },
                "type": { "type": "string" },
                "title": { "type": "string" },
            },
        },
        "links": { "type": "array", "items": ref_schema("link") },
        "landingPage": {
            "type": "object",
            "required": ["links"],
            "properties": {
                "title": { "type": "string" },
                "description": { "type": "string" },
                "links": ref_schema("links"),
            },
        },
        "confClasses": {
            "type": "object",
            "required": ["conformsTo"],
            "properties": { "conformsTo": strings },
        },
        "extent": {
            "type": "object",
            "properties": {
                "spatial": {
                    "type": "object",
                    "properties": {
                        "bbox": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "array", "minItems": 4, "maxItems": 4,
                                "items": { "type": "number" },
                            },
                        },
                        "crs": { "type": "string", "enum": [CRS84] },
                    },
                },
            },
        },
        "collection": {
            "type": "object",
            "required": ["id", "links"],
            "properties": {
                "id": { "type": "string" },
                "title": { "type": "string" },
                "description": { "type": "string" },
                "extent": ref_schema("extent"),
                "itemType": { "type": "string", "enum": ["feature"] },
                "crs": strings,
                "numberOfFeatures": { "type": "integer", "minimum": 0 },
                "links": ref_schema("links"),
            },
        },
        "collections": {
            "type": "object",
            "required": ["collections", "links"],
            "properties": {
                "collections": { "type": "array", "items": ref_schema("collection") },
                "links": ref_schema("links"),
            },
        },
        "geometryGeoJSON": {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": { "type": "string", "enum": [
                    "Point", "MultiPoint", "LineString", "MultiLineString",
                    "Polygon", "MultiPolygon", "GeometryCollection",
                ] },
                "coordinates": { "type": "array" },
            },
        },
        "featureGeoJSON": {
            "type": "object",
            "required": ["type", "geometry", "properties"],
            "properties": {
                "type": { "type": "string", "enum": ["Feature"] },
                "id": { "type": "string" },
                "geometry": ref_schema("geometryGeoJSON"),
                "properties": {
                    "type": "object",
                    "nullable": true,
                    "description": "The feature's facts; `facts.opened` is its opening year.",
                },
                "links": ref_schema("links"),
            },
        },
        "featureCollectionGeoJSON": {
            "type": "object",
            "required": ["type", "features"],
            "properties": {
                "type": { "type": "string", "enum": ["FeatureCollection"] },
                "features": { "type": "array", "items": ref_schema("featureGeoJSON") },
                "numberMatched": { "type": "integer", "minimum": 0 },
                "numberReturned": { "type": "integer", "minimum": 0 },
                "timeStamp": { "type": "string", "format": "date-time" },
                "links": ref_schema("links"),
            },
        },
        "reportMeta": {
            "type": "object",
            "required": ["id", "title", "author", "publisher", "date"],
            "properties": {
                "id": { "type": "string" },
                "title": { "type": "string" },
                "subtitle": { "type": "string" },
                "author": { "type": "string" },
                "publisher": { "type": "string" },
                "date": { "type": "string", "description": "`YYYY-MM` or `YYYY-MM-DD`." },
                "publisher_url": { "type": "string" },
                "source_url": { "type": "string" },
                "licence": { "type": "string" },
            },
        },
        "reportList": {
            "type": "object",
            "required": ["reports"],
            "properties": {
                "reports": {
                    "type": "array",
                    "items": { "allOf": [
                        ref_schema("reportMeta"),
                        {
                            "type": "object",
                            "required": ["passage_count"],
                            "properties": { "passage_count": { "type": "integer", "minimum": 0 } },
                        },
                    ] },
                },
            },
        },
        "clientConfig": {
            "type": "object",
            "properties": {
                "tiles": {
                    "nullable": true,
                    "type": "object",
                    "required": ["url", "attribution"],
                    "properties": {
                        "url": { "type": "string", "description": "XYZ template with {z}, {x} and {y}" },
                        "attribution": { "type": "string" },
                    },
                },
            },
        },
        "reportDetail": {
            "allOf": [
                ref_schema("reportMeta"),
                {
                    "type": "object",
                    "required": ["passages"],
                    "properties": {
                        "passages": { "type": "array", "items": ref_schema("citedPassage") },
                    },
                },
            ],
        },
        "snippet": {
            "type": "array",
            "description": "Text in segments; `hit` marks the words the query matched.",
            "items": {
                "type": "object",
                "required": ["text", "hit"],
                "properties": {
                    "text": { "type": "string" },
                    "hit": { "type": "boolean" },
                },
            },
        },
        "searchResults": {
            "type": "object",
            "required": ["places", "passages"],
            "properties": {
                "places": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "name", "kind", "collection", "snippet"],
                        "properties": {
                            "id": { "type": "string" },
                            "name": { "type": "string" },
                            "kind": { "type": "string" },
                            "collection": { "type": "string" },
                            "snippet": ref_schema("snippet"),
                        },
                    },
                },
                "passages": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["report", "report_title", "passage", "section", "snippet"],
                        "properties": {
                            "report": { "type": "string" },
                            "report_title": { "type": "string" },
                            "passage": { "type": "string" },
                            "section": { "type": "string" },
                            "snippet": ref_schema("snippet"),
                        },
                    },
                },
            },
        },
        "citedPassage": {
            "type": "object",
            "required": ["id", "section", "kind", "text", "features", "mentions"],
            "properties": {
                "id": { "type": "string" },
                "section": { "type": "string" },
                "kind": { "type": "string", "enum": ["paragraph", "list_item"] },
                "text": { "type": "string" },
                "features": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "name", "kind", "collection"],
                        "properties": {
                            "id": { "type": "string" },
                            "name": { "type": "string" },
                            "kind": { "type": "string" },
                            "collection": { "type": "string" },
                        },
                    },
                },
                "mentions": {
                    "type": "array",
                    "description": "Where the text names a feature: UTF-8 byte offsets into `text`.",
                    "items": {
                        "type": "object",
                        "required": ["feature", "start", "end"],
                        "properties": {
                            "feature": { "type": "string" },
                            "start": { "type": "integer", "minimum": 0 },
                            "end": { "type": "integer", "minimum": 0 },
                        },
                    },
                },
            },
        },
    })
}

fn problem_content() -> Value {
    json!({ PROBLEM_JSON: { "schema": ref_schema("problem") } })
}

/// `ok`, a 200 response, also offered as an HTML page (`f=html`).
fn with_html(mut ok: Value) -> Value {
    ok["content"]["text/html"] = html_schema();
    ok
}

fn html_schema() -> Value {
    json!({ "schema": { "type": "string" } })
}

fn json_ok(description: &str, media_type: &str, schema: &str) -> Value {
    json!({
        "description": description,
        "content": { media_type: { "schema": ref_schema(schema) } },
    })
}

fn content_crs_header() -> Value {
    json!({
        "description": "The CRS of the coordinates, always CRS84.",
        "schema": { "type": "string", "enum": [format!("<{CRS84}>")] },
    })
}

fn ref_schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn ref_parameter(name: &str) -> Value {
    json!({ "$ref": format!("#/components/parameters/{name}") })
}

fn ref_response(name: &str) -> Value {
    json!({ "$ref": format!("#/components/responses/{name}") })
}
