//! The stories part of the OpenAPI document: the list, one story, and the
//! app's page that plays a story. `openapi.rs` merges it into the whole.

use crate::http::error::PROBLEM_JSON;
use atlas_model::story_check::{MAX_LATITUDE, MAX_ZOOM};
use serde_json::{Value, json};

/// The paths of the stories.
pub fn paths() -> Value {
    json!({
        "/api/stories": {
            "get": {
                "tags": ["Stories"],
                "operationId": "getStories",
                "summary": "Every story, in data order: id, title, author, description, step count.",
                "responses": {
                    "200": json_ok("The stories.", "storyList"),
                },
            },
        },
        "/api/stories/{storyId}": {
            "get": {
                "tags": ["Stories"],
                "operationId": "getStory",
                "summary": "One story, whole: each step's title, caption, camera, layers, \
                    filters, highlighted features, passage and speaker notes.",
                "description": "The same content as its file in `data/stories/`. The `ETag` \
                    is strong; `If-None-Match` gets 304 while the story is unchanged.",
                "parameters": [story_id()],
                "responses": {
                    "200": json_ok("The story.", "story"),
                    "404": {
                        "description": "No such story.",
                        "content": { PROBLEM_JSON: { "schema": ref_schema("problem") } },
                    },
                },
            },
        },
        "/story/{storyId}/{step}": {
            "get": {
                "tags": ["App"],
                "operationId": "getStoryPage",
                "summary": "The app's page playing one step of a story (numbered from 1); \
                    `?speaker` opens the speaker view.",
                "description": "The same page as `/` for browsers: the app reads the path, so \
                    a reload or a shared link opens that very step.",
                "parameters": [
                    story_id(),
                    {
                        "name": "step", "in": "path", "required": true,
                        "description": "The step, numbered from 1.",
                        "schema": { "type": "integer", "minimum": 1 },
                    },
                    {
                        "name": "speaker", "in": "query", "required": false,
                        "allowEmptyValue": true,
                        "description": "Present for the speaker view: notes, the current and next step, a timer.",
                        "schema": { "type": "string" },
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The app's page.",
                        "content": { "text/html": { "schema": { "type": "string" } } },
                    },
                },
            },
        },
    })
}

/// The schemas of the stories.
pub fn schemas() -> Value {
    let strings = json!({ "type": "array", "items": { "type": "string" } });
    json!({
        "storyList": {
            "type": "object",
            "required": ["stories"],
            "properties": {
                "stories": { "type": "array", "items": ref_schema("storySummary") },
            },
        },
        "storySummary": {
            "type": "object",
            "required": ["id", "title", "author", "steps"],
            "properties": {
                "id": { "type": "string" },
                "title": { "type": "string" },
                "author": { "type": "string" },
                "description": { "type": "string" },
                "steps": { "type": "integer", "minimum": 0, "description": "How many steps it has." },
            },
        },
        "story": {
            "type": "object",
            "required": ["id", "title", "author", "steps"],
            "properties": {
                "id": { "type": "string" },
                "title": { "type": "string" },
                "author": { "type": "string" },
                "description": { "type": "string" },
                "steps": { "type": "array", "minItems": 1, "items": ref_schema("storyStep") },
            },
        },
        "storyStep": {
            "type": "object",
            "required": ["title", "camera"],
            "properties": {
                "title": { "type": "string" },
                "caption": { "type": "string", "description": "Markdown, shown as text: no HTML passes." },
                "camera": ref_schema("stepCamera"),
                "layers": {
                    "type": "array", "items": { "type": "string" },
                    "description": "The collections shown; absent shows every one.",
                },
                "filters": ref_schema("stepFilters"),
                "highlight": {
                    "type": "array", "items": { "type": "string" },
                    "description": "Feature ids highlighted; routes among them are drawn along their length.",
                },
                "passage": ref_schema("passageLink"),
                "notes": { "type": "string", "description": "Speaker notes, Markdown." },
            },
        },
        "stepCamera": {
            "description": "A box to fit (`[west, south, east, north]`, west above east \
                crossing the antimeridian), or a centre and zoom.",
            "oneOf": [
                {
                    "type": "object",
                    "required": ["fit"],
                    "properties": {
                        "fit": {
                            "type": "array", "minItems": 4, "maxItems": 4,
                            "items": { "type": "number" },
                        },
                    },
                },
                {
                    "type": "object",
                    "required": ["view"],
                    "properties": {
                        "view": {
                            "type": "object",
                            "required": ["zoom", "lat", "lon"],
                            "properties": {
                                "zoom": { "type": "number", "minimum": 0, "maximum": MAX_ZOOM },
                                "lat": { "type": "number", "minimum": -MAX_LATITUDE, "maximum": MAX_LATITUDE },
                                "lon": { "type": "number", "minimum": -180, "maximum": 180 },
                            },
                        },
                    },
                },
            ],
        },
        "stepFilters": {
            "type": "object",
            "properties": {
                "hidden_kinds": strings,
                "hidden_statuses": strings,
                "partner": { "type": "string" },
                "partner_places": { "type": "boolean" },
                "year": { "type": "integer" },
            },
        },
        "passageLink": {
            "type": "object",
            "required": ["report", "passage"],
            "properties": {
                "report": { "type": "string" },
                "passage": { "type": "string" },
                "quote": {
                    "type": "object",
                    "description": "The quoted words, verbatim, as a W3C TextQuoteSelector.",
                    "required": ["exact"],
                    "properties": {
                        "exact": { "type": "string" },
                        "prefix": { "type": "string" },
                        "suffix": { "type": "string" },
                    },
                },
            },
        },
    })
}

fn story_id() -> Value {
    json!({
        "name": "storyId", "in": "path", "required": true,
        "description": "A story's id. Anything but a slug is not found.",
        "schema": { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 100 },
    })
}

fn json_ok(description: &str, schema: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": ref_schema(schema) } },
    })
}

fn ref_schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}
