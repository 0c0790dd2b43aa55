//! The accounts part of the OpenAPI document: signing in and out, who is
//! signed in, and the accounts list. `openapi.rs` merges it into the whole.

use crate::accounts::SESSION_LIFETIME;
use crate::http::error::PROBLEM_JSON;
use crate::http::signed_in::SESSION_COOKIE;
use atlas_model::account::{MAX_NAME_BYTES, MAX_PASSWORD_BYTES, Role};
use serde_json::{Value, json};

/// The paths of the accounts.
pub fn paths() -> Value {
    json!({
        "/api/session": {
            "post": {
                "tags": ["Accounts"],
                "operationId": "signIn",
                "summary": "Signs in: checks a name and password and starts a session.",
                "description": format!(
                    "The answer sets the `{SESSION_COOKIE}` cookie (HttpOnly, \
                    SameSite=Strict, Secure when the site is served over https) for \
                    {SESSION_LIFETIME} seconds. A wrong name and a wrong password get \
                    the same 401. After repeated failures for one account or from one \
                    address, attempts get 429 with `Retry-After` until the wait is over. \
                    Unsafe methods must come from the site's own pages \
                    (`Sec-Fetch-Site: same-origin` or a matching `Origin`), else 403."),
                "requestBody": {
                    "required": true,
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/signIn" } } },
                },
                "responses": {
                    "200": me_response("Signed in: who, and until when."),
                    "400": problem("The body is not a JSON object with string `name` and `password`; `invalid-params` names the field."),
                    "401": problem("Wrong name or password."),
                    "403": problem("The request does not come from the site's own pages."),
                    "415": problem("The body is not `application/json`."),
                    "429": {
                        "description": "Too many failed sign-ins; wait before trying again.",
                        "headers": { "Retry-After": {
                            "description": "Seconds to wait.",
                            "schema": { "type": "integer", "minimum": 1 },
                        } },
                        "content": problem_content(),
                    },
                },
            },
            "delete": {
                "tags": ["Accounts"],
                "operationId": "signOut",
                "summary": "Signs out: ends the session the cookie names.",
                "security": [{ "session": [] }],
                "responses": {
                    "204": { "description": "Signed out; the answer clears the cookie." },
                    "401": problem("No live session."),
                    "403": problem("The request does not come from the site's own pages."),
                },
            },
        },
        "/api/me": {
            "get": {
                "tags": ["Accounts"],
                "operationId": "getMe",
                "summary": "Who is signed in.",
                "security": [{ "session": [] }],
                "responses": {
                    "200": me_response("The session's account."),
                    "401": problem("No live session."),
                },
            },
        },
        "/edit": {
            "get": {
                "tags": ["App"],
                "operationId": "getEditorPage",
                "summary": "The editor's page: the reader's map with the tools to add and change features.",
                "description": "A page of its own, so readers never download the editing code; \
                    every path under `/edit/` that is not one of its files is the same page. \
                    Signed out, it shows the map read-only and the sign-in form.",
                "responses": {
                    "200": {
                        "description": "The editor's page (`no-cache`, `X-Robots-Tag: noindex`).",
                        "content": { "text/html": { "schema": { "type": "string" } } },
                    },
                    "503": problem("The editor has not been built (`scripts/build-app.sh`)."),
                },
            },
        },
        "/api/users": {
            "get": {
                "tags": ["Accounts"],
                "operationId": "getUsers",
                "summary": "Every account, in name order (admins only; never a password hash).",
                "security": [{ "session": [] }],
                "responses": {
                    "200": {
                        "description": "The accounts.",
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/userList" } } },
                    },
                    "401": problem("No live session."),
                    "403": problem("The account is not an admin."),
                },
            },
        },
    })
}

/// The schemas of the accounts.
pub fn schemas() -> Value {
    let roles: Vec<&str> = Role::ALL.iter().map(|role| role.as_str()).collect();
    let name = json!({
        "type": "string", "minLength": 1, "maxLength": MAX_NAME_BYTES,
        "pattern": "^[A-Za-z0-9._@-]+$",
    });
    json!({
        "role": {
            "type": "string",
            "enum": roles,
            "description": "`editor` changes features and stories; `admin` also manages accounts.",
        },
        "signIn": {
            "type": "object",
            "required": ["name", "password"],
            "properties": {
                "name": name,
                "password": { "type": "string", "minLength": 1, "maxLength": MAX_PASSWORD_BYTES },
            },
        },
        "me": {
            "type": "object",
            "required": ["name", "role", "expires"],
            "properties": {
                "name": { "type": "string" },
                "role": { "$ref": "#/components/schemas/role" },
                "expires": { "type": "string", "format": "date-time" },
            },
        },
        "userList": {
            "type": "object",
            "required": ["users"],
            "properties": {
                "users": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name", "role", "created"],
                        "properties": {
                            "name": { "type": "string" },
                            "role": { "$ref": "#/components/schemas/role" },
                            "created": { "type": "string", "format": "date-time" },
                        },
                    },
                },
            },
        },
    })
}

/// The session cookie, as a security scheme.
pub fn security_schemes() -> Value {
    json!({
        "session": {
            "type": "apiKey",
            "in": "cookie",
            "name": SESSION_COOKIE,
            "description": "The session cookie that `POST /api/session` sets.",
        },
    })
}

fn me_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/me" } } },
    })
}

fn problem(description: &str) -> Value {
    json!({ "description": description, "content": problem_content() })
}

fn problem_content() -> Value {
    json!({ PROBLEM_JSON: { "schema": { "$ref": "#/components/schemas/problem" } } })
}
