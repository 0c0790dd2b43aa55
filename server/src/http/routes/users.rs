//! `GET /api/users`: every account, for admins (never a password hash).

use super::session::private_json;
use crate::AppState;
use crate::http::error::AppError;
use crate::http::signed_in::{Admins, RequireRole};
use atlas_model::account::{User, UserList};
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/users", get(users))
}

async fn users(
    State(state): State<AppState>,
    _admin: RequireRole<Admins>,
) -> Result<Response, AppError> {
    let users = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|user| User {
            name: user.name,
            role: user.role,
            created: user.created,
        })
        .collect();
    private_json(&UserList { users })
}
