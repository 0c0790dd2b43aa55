//! `GET /api/config`: what the app needs to know of the server's set-up.

use super::{JSON, json_response};
use crate::AppState;
use crate::http::error::AppError;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/config", get(config))
}

async fn config(State(state): State<AppState>) -> Result<Response, AppError> {
    json_response(JSON, &state.config)
}
