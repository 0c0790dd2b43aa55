//! Who sent a request: the session cookie, looked up in the store.
//!
//! [`SignedIn`] is the extractor of a handler that needs any session;
//! [`RequireRole`] of one that needs a role. Both refuse before the handler
//! runs, so a refused request changes nothing: 401 without a live session,
//! 403 when the account lacks the role.

use crate::AppState;
use crate::accounts::token::SessionToken;
use crate::http::error::AppError;
use atlas_model::account::Role;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use std::marker::PhantomData;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "atlas_session";

/// A request sent with a live session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The account's name.
    pub name: String,
    /// What the account may do, as it is now.
    pub role: Role,
    /// When the session ends, in Unix seconds.
    pub expires: u64,
    /// The session's token, to end it.
    pub token: SessionToken,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = session_token(&parts.headers).ok_or(AppError::SignedOut)?;
        let session = state
            .store
            .session(&token.hash(), state.clock.now_unix())
            .await?
            .ok_or(AppError::SignedOut)?;
        Ok(SignedIn {
            name: session.user,
            role: session.role,
            expires: session.expires,
            token,
        })
    }
}

/// A role a handler needs, as a type: [`Admins`] or [`Editors`].
pub trait NeededRole: Send + Sync + 'static {
    /// The role.
    const ROLE: Role;
}

/// Admins only: managing accounts.
#[derive(Debug)]
pub enum Admins {}

impl NeededRole for Admins {
    const ROLE: Role = Role::Admin;
}

/// Editors (and admins): changing features and stories.
#[derive(Debug)]
pub enum Editors {}

impl NeededRole for Editors {
    const ROLE: Role = Role::Editor;
}

/// A request sent with a live session whose account has the role `R` needs.
#[derive(Debug)]
pub struct RequireRole<R: NeededRole> {
    /// Who sent it.
    pub user: SignedIn,
    role: PhantomData<fn() -> R>,
}

impl<R: NeededRole> FromRequestParts<AppState> for RequireRole<R> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let user = SignedIn::from_request_parts(parts, state).await?;
        if !user.role.includes(R::ROLE) {
            return Err(AppError::Forbidden { needed: R::ROLE });
        }
        Ok(RequireRole {
            user,
            role: PhantomData,
        })
    }
}

/// The session token of the request's cookie, if it carries one of the right shape.
pub fn session_token(headers: &HeaderMap) -> Option<SessionToken> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .and_then(|(_, value)| SessionToken::parse(value.trim_matches('"')))
}

/// The `Set-Cookie` value that gives the browser `token` for `max_age`
/// seconds: never readable by scripts, never sent by another site's
/// requests, and over https only when the site is served over https.
pub fn session_cookie(token: &SessionToken, max_age: u64, secure: bool) -> HeaderValue {
    cookie(token.as_str(), max_age, secure)
}

/// The `Set-Cookie` value that makes the browser forget the session cookie.
pub fn cleared_cookie(secure: bool) -> HeaderValue {
    cookie("", 0, secure)
}

fn cookie(value: &str, max_age: u64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!(
        "{SESSION_COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    );
    // A token is base64url, so the cookie is always a valid header value.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let token = SessionToken::generate().expect("randomness");
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("theme=dark"));
        let ours = format!("a=b; {SESSION_COOKIE}={}", token.as_str());
        headers.append(header::COOKIE, HeaderValue::from_str(&ours).expect("value"));
        assert_eq!(session_token(&headers), Some(token));
        assert_eq!(session_token(&HeaderMap::new()), None);
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_when_asked() {
        let token = SessionToken::generate().expect("randomness");
        let plain = session_cookie(&token, 60, false);
        let plain = plain.to_str().expect("ascii");
        assert!(plain.contains("; HttpOnly; SameSite=Strict"), "{plain}");
        assert!(!plain.contains("Secure"), "{plain}");
        let secure = cleared_cookie(true);
        assert!(
            secure
                .to_str()
                .expect("ascii")
                .ends_with("Max-Age=0; HttpOnly; SameSite=Strict; Secure")
        );
    }
}
