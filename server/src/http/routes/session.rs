//! `POST /api/session` signs in, `DELETE /api/session` signs out, `GET
//! /api/me` says who is signed in.

use super::JSON;
use crate::AppState;
use crate::accounts;
use crate::clock::rfc3339_from_unix;
use crate::http::error::AppError;
use crate::http::signed_in::{SignedIn, cleared_cookie, session_cookie};
use atlas_model::account::{Me, Role, SignIn};
use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::net::SocketAddr;

/// The largest sign-in body read: a name and a password of the longest allowed, as JSON.
const MAX_BODY_BYTES: usize = 8 * 1024;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/session", post(sign_in).delete(sign_out))
        .route("/api/me", get(who_is_signed_in))
}

async fn sign_in(State(state): State<AppState>, request: Request) -> Result<Response, AppError> {
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip());
    let json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case(JSON));
    if !json {
        return Err(AppError::UnsupportedMediaType { expected: JSON });
    }
    let body = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            bad_body(
                "body",
                format!("must be JSON of at most {MAX_BODY_BYTES} bytes"),
            )
        })?;
    let SignIn { name, password } = parse_sign_in(&body)?;
    let now = state.clock.now_unix();
    let attempt = state
        .sign_in_throttle
        .begin(&name, address, now)
        .map_err(|retry_after| AppError::TooManyAttempts { retry_after })?;
    let Some(user) = accounts::check_password(state.store.as_ref(), &name, password).await? else {
        return Err(AppError::SignInFailed);
    };
    state.sign_in_throttle.succeeded(attempt);
    let Some((token, expires)) =
        accounts::start_session(state.store.as_ref(), &user.name, now).await?
    else {
        // Removed between the check and the session.
        return Err(AppError::SignInFailed);
    };
    let mut response = private_json(&me(&user.name, user.role, expires))?;
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&token, accounts::SESSION_LIFETIME, state.https),
    );
    Ok(response)
}

async fn sign_out(State(state): State<AppState>, user: SignedIn) -> Result<Response, AppError> {
    state.store.end_session(&user.token.hash()).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, cleared_cookie(state.https))],
    )
        .into_response())
}

async fn who_is_signed_in(user: SignedIn) -> Result<Response, AppError> {
    private_json(&me(&user.name, user.role, user.expires))
}

fn me(name: &str, role: Role, expires: u64) -> Me {
    Me {
        name: name.to_string(),
        role,
        expires: rfc3339_from_unix(expires),
    }
}

/// The sign-in body, refusing a missing or mistyped field by name.
fn parse_sign_in(body: &[u8]) -> Result<SignIn, AppError> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| bad_body("body", format!("is not JSON: {e}")))?;
    let field = |name: &str| match value.get(name) {
        Some(serde_json::Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(bad_body(name, "must be a string")),
        None if value.is_object() => Err(bad_body(name, "is missing")),
        None => Err(bad_body("body", "must be an object")),
    };
    Ok(SignIn {
        name: field("name")?,
        password: field("password")?,
    })
}

fn bad_body(field: &str, reason: impl Into<String>) -> AppError {
    AppError::BadBody {
        field: field.to_string(),
        reason: reason.into(),
    }
}

/// A JSON answer for this request only: never stored by a cache.
pub fn private_json<T: serde::Serialize>(value: &T) -> Result<Response, AppError> {
    let mut response = super::json_response(JSON, value)?;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
