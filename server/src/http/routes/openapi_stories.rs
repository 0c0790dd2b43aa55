//! The stories part of the OpenAPI document: the list, one story, the app's
//! page that plays a story, and the writes and history of stories.
//! `openapi.rs` merges it into the whole, joining the writes to the GETs of
//! the same paths.

use crate::http::error::PROBLEM_JSON;
use crate::http::write_request::MAX_BODY_BYTES;
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
                "summary": "The story page playing one step of a story (numbered from 1); \
                    `?speaker` opens the speaker view.",
                "description": "The story page for browsers, a build of its own apart from the \
                    reader's page at `/` (which carries none of the player): it reads the path, \
                    so a reload or a shared link opens that very step.",
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
                        "description": "The story page.",
                        "content": { "text/html": { "schema": { "type": "string" } } },
                    },
                    "503": {
                        "description": "The story page is not built (`dist/story/index.html` is missing).",
                        "content": { PROBLEM_JSON: { "schema": ref_schema("problem") } },
                    },
                },
            },
        },
        "/present": {
            "get": {
                "tags": ["App"],
                "operationId": "getPresentPage",
                "summary": "The presenter's page: the map with the story builder, Export and Embed.",
                "description": "A build of its own apart from the reader's page at `/` (which \
                    carries none of these tools); it reads the view from the address's `#…`. \
                    Every path under `/present/` that is not one of its files is the same page.",
                "responses": {
                    "200": {
                        "description": "The presenter's page (`X-Robots-Tag: noindex`).",
                        "content": { "text/html": { "schema": { "type": "string" } } },
                    },
                    "503": {
                        "description": "The presenter's page is not built (`dist/present/index.html` is missing).",
                        "content": { PROBLEM_JSON: { "schema": ref_schema("problem") } },
                    },
                },
            },
        },
    })
}

/// The paths of editing stories: create, replace, delete, and the history.
pub fn write_paths() -> Value {
    let body = json!({
        "required": true,
        "content": { "application/json": { "schema": ref_schema("story") } },
    });
    json!({
        "/api/stories": {
            "post": {
                "tags": ["Editing"],
                "operationId": "createStory",
                "summary": "Creates a story (editors and admins).",
                "description": "The body is the story as `GET /api/stories/{storyId}` \
                    serves it. Without an id, the slug of its title becomes one. Needs no \
                    `If-Match`: there is no version yet.",
                "security": [{ "session": [] }],
                "requestBody": body.clone(),
                "responses": story_write_responses(json!({
                    "201": written("Created: the story as now served.", true),
                    "409": problem("A story has that id."),
                })),
            },
        },
        "/api/stories/{storyId}": {
            "put": {
                "tags": ["Editing"],
                "operationId": "replaceStory",
                "summary": "Replaces a story (editors and admins).",
                "description": "The body is the whole story; an id it omits is the \
                    path's, and an id that differs is refused.",
                "security": [{ "session": [] }],
                "parameters": [story_id(), story_if_match()],
                "requestBody": body,
                "responses": story_write_responses(story_locked(json!({
                    "200": written("Replaced (or found unchanged): the story as now served.", false),
                }))),
            },
            "delete": {
                "tags": ["Editing"],
                "operationId": "deleteStory",
                "summary": "Deletes a story; its history stays.",
                "security": [{ "session": [] }],
                "parameters": [story_id(), story_if_match()],
                "responses": story_locked(json!({
                    "204": { "description": "Deleted." },
                    "401": problem("No live session."),
                    "403": problem("The account may not edit, or the request is not from the site's own pages."),
                    "404": problem("No such story."),
                })),
            },
        },
        "/api/stories/{storyId}/history": {
            "get": {
                "tags": ["Editing"],
                "operationId": "getStoryHistory",
                "summary": "Every change made to a story (through the API or an import), \
                    oldest first: who, when, before and after.",
                "security": [{ "session": [] }],
                "parameters": [story_id()],
                "responses": {
                    "200": json_ok("The revisions, and the `If-Match` tag a change needs now.", "storyHistory"),
                    "401": problem("No live session."),
                    "403": problem("The account may not edit."),
                    "404": problem("No such story, and none in the history."),
                },
            },
        },
    })
}

/// The answers every story write with a body shares.
fn story_write_responses(mut specific: Value) -> Value {
    let shared = json!({
        "400": problem("The body is not JSON."),
        "401": problem("No live session."),
        "403": problem("The account may not edit, or the request is not from the site's own pages."),
        "404": problem("No such story."),
        "413": problem(&format!("The body is longer than {MAX_BODY_BYTES} bytes.")),
        "415": problem("The body's media type is not `application/json`."),
        "422": problem("The story breaks the model's rules; `errors` lists every field \
            (`title`, `steps[0].highlight`) and why."),
    });
    if let (Some(into), Value::Object(shared)) = (specific.as_object_mut(), shared) {
        for (status, answer) in shared {
            into.entry(status).or_insert(answer);
        }
    }
    specific
}

/// Adds the answers of the optimistic lock on a story.
fn story_locked(mut specific: Value) -> Value {
    if let Some(into) = specific.as_object_mut() {
        into.insert(
            "412".into(),
            json!({
                "description": "`If-Match` names another version: the body is the \
                    current story, with its `ETag`.",
                "headers": { "ETag": etag_header() },
                "content": { "application/json": { "schema": ref_schema("story") } },
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
            "description": "The new story's URL.",
            "schema": { "type": "string" },
        });
    }
    json!({
        "description": description,
        "headers": headers,
        "content": { "application/json": { "schema": ref_schema("story") } },
    })
}

fn etag_header() -> Value {
    json!({
        "description": "The story's strong tag, the one `GET /api/stories/{storyId}` sends: \
            what `If-Match` names.",
        "schema": { "type": "string" },
    })
}

fn story_if_match() -> Value {
    json!({
        "name": "If-Match", "in": "header", "required": true,
        "description": "The `ETag` of the story the change was made against (from \
            `GET /api/stories/{storyId}`, or an earlier write), with or without the \
            coding a compressed answer added.",
        "schema": { "type": "string" },
    })
}

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": { PROBLEM_JSON: { "schema": ref_schema("problem") } },
    })
}

/// The schemas of the stories.
pub fn schemas() -> Value {
    let story_or_null = json!({ "nullable": true, "allOf": [ref_schema("story")] });
    let strings = json!({ "type": "array", "items": { "type": "string" } });
    json!({
        "storyRevision": {
            "type": "object",
            "required": ["revision", "change", "changed_at", "changed_by", "before", "after"],
            "properties": {
                "revision": { "type": "integer" },
                "change": { "type": "string", "enum": ["create", "update", "delete"] },
                "changed_at": { "type": "string", "format": "date-time" },
                "changed_by": { "type": "string" },
                "before": story_or_null,
                "after": story_or_null,
            },
        },
        "storyHistory": {
            "type": "object",
            "required": ["id", "etag", "revisions", "links"],
            "properties": {
                "id": { "type": "string" },
                "etag": { "type": "string", "description": "Empty when the story is deleted." },
                "revisions": { "type": "array", "items": ref_schema("storyRevision") },
                "links": ref_schema("links"),
            },
        },
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
