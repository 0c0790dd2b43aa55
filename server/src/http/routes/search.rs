//! `GET /api/search?q=...&limit=...`: one search box for places and passages.

use super::{JSON, Params, json_response};
use crate::AppState;
use crate::http::error::AppError;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;

/// Results per group when the client does not say.
pub const DEFAULT_LIMIT: i64 = 10;
/// The most results per group.
pub const MAX_LIMIT: i64 = 50;
/// The longest query read, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/search", get(find))
}

async fn find(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let params = Params::parse(query.as_deref());
    params.require_json()?;
    let text = params
        .get("q")?
        .ok_or_else(|| AppError::bad_param("q", "is required"))?;
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::bad_param(
            "q",
            format!("must be at most {MAX_QUERY_CHARS} characters"),
        ));
    }
    let limit = params.limit(DEFAULT_LIMIT, MAX_LIMIT)?;
    let limit = u32::try_from(limit).unwrap_or(u32::MAX);
    let results = state.store.search(text, limit).await?;
    json_response(JSON, &results)
}
