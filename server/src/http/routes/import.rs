//! `POST /collections/{id}/import`: a file (GeoJSON, or CSV with `lon` and
//! `lat`) imported into a layer by an editor, or first tried with
//! `dry_run=true`. The body is the file, of its media type, or
//! `{"url": "…"}` as `application/json`, which the server fetches (at most
//! [`MAX_FILE_BYTES`], within [`FETCH_TIMEOUT`]).
//!
//! A dry run answers 200 with every row and what would happen to it. Applying
//! answers 200 with the same when every row passes, and 422 listing the
//! refused rows, with nothing written, when any does not.

use super::collections::collection_id;
use super::{JSON, Params, json_response};
use crate::AppState;
use crate::file_import::{FileKind, ImportFileError, MAX_FILE_BYTES, import_file};
use crate::http::error::AppError;
use crate::http::signed_in::{Editors, RequireRole};
use crate::remote::{self, FetchError};
use atlas_model::api::InvalidParam;
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::post;
use serde_json::Value;
use std::time::Duration;

/// How long the server waits for a file it fetches from a URL.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(20);

/// The media types an import body may have.
const ACCEPTED: &str = "application/geo+json, application/json or text/csv";

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/collections/{id}/import", post(import))
}

async fn import(
    State(state): State<AppState>,
    RequireRole { user, .. }: RequireRole<Editors>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
    request: Request,
) -> Result<Response, AppError> {
    let id = collection_id(path)?;
    let params = Params::parse(query.as_deref());
    params.only(&["dry_run"])?;
    let dry_run = match params.get("dry_run")? {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(AppError::bad_param("dry_run", "must be `true` or `false`")),
    };
    let media_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_string();
    let Some(mut kind) = FileKind::from_media_type(&media_type) else {
        return Err(AppError::UnsupportedMediaType { expected: ACCEPTED });
    };
    let mut body = axum::body::to_bytes(request.into_body(), MAX_FILE_BYTES)
        .await
        .map_err(|_| AppError::PayloadTooLarge {
            limit: MAX_FILE_BYTES,
        })?
        .to_vec();
    if let Some(url) = url_of(&media_type, &body)? {
        let (fetched, fetched_type) = remote::fetch(&url, MAX_FILE_BYTES, FETCH_TIMEOUT)
            .await
            .map_err(fetch_refusal)?;
        kind = fetched_type
            .as_deref()
            .and_then(FileKind::from_media_type)
            .or_else(|| FileKind::from_name(url.split(['?', '#']).next().unwrap_or("")))
            .unwrap_or(FileKind::GeoJson);
        body = fetched;
    }
    let report = import_file(&*state.store, &id, kind, &body, &user.name, dry_run)
        .await
        .map_err(refusal)?;
    let mut response = json_response(JSON, &report)?;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The URL of a `{"url": …}` body, which names a file to fetch rather than being one.
fn url_of(media_type: &str, body: &[u8]) -> Result<Option<String>, AppError> {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case(JSON) {
        return Ok(None);
    }
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return Ok(None);
    };
    if object.contains_key("type") {
        return Ok(None);
    }
    match object.get("url") {
        Some(Value::String(url)) => Ok(Some(url.clone())),
        Some(_) => Err(bad_url("must be a string")),
        None => Ok(None),
    }
}

fn fetch_refusal(error: FetchError) -> AppError {
    bad_url(error.to_string())
}

fn bad_url(reason: impl Into<String>) -> AppError {
    AppError::BadBody {
        field: "url".into(),
        reason: reason.into(),
    }
}

/// The answer to an import that wrote nothing.
fn refusal(error: ImportFileError) -> AppError {
    match error {
        ImportFileError::NoCollection(id) => AppError::not_found(format!("collection {id}")),
        ImportFileError::File(file) => AppError::BadBody {
            field: file.field,
            reason: file.reason,
        },
        ImportFileError::Rejected(report) => AppError::ImportRejected {
            detail: format!(
                "{} of {} rows are rejected; nothing was applied",
                report.rejected,
                report.rows.len()
            ),
            fields: report
                .rows
                .iter()
                .flat_map(|row| {
                    row.reasons.iter().map(move |r| InvalidParam {
                        name: format!("rows[{}].{}", row.row, r.field),
                        reason: r.reason.clone(),
                    })
                })
                .collect(),
        },
        ImportFileError::Store(error) => error.into(),
    }
}
