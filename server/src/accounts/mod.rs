//! Accounts and sessions: adding, changing and removing accounts (what
//! `atlas user` does), checking a password, and starting a session (what
//! signing in does). The HTTP side is in `http::signed_in` and
//! `http::routes::session`.

pub mod password;
pub mod throttle;
pub mod token;

use crate::store::{Credentials, NewSession, NewUser, Store, StoreError};
use atlas_model::account::{AccountRuleError, Role, validate_name, validate_password};
use password::PasswordError;
use token::SessionToken;

/// How long a session lasts, in seconds: a working day.
pub const SESSION_LIFETIME: u64 = 12 * 60 * 60;

/// Why an account could not be added, changed, removed or signed into.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The name or password breaks the rules.
    #[error("{0}")]
    Rule(#[from] AccountRuleError),
    /// An account of that name, in some case, exists.
    #[error("there is already an account named {0:?}")]
    Exists(String),
    /// There is no account of that name.
    #[error("there is no account named {0:?}")]
    Unknown(String),
    /// The password could not be hashed.
    #[error("{0}")]
    Password(#[from] PasswordError),
    /// The store failed.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The operating system gave no randomness for a token.
    #[error("no randomness for a session token: {0}")]
    Randomness(getrandom::Error),
}

/// Adds an account named `name` with `role` and `password`, which is hashed.
pub async fn add_user(
    store: &dyn Store,
    name: &str,
    role: Role,
    password: String,
    created: String,
) -> Result<(), AccountError> {
    validate_name(name)?;
    validate_password(&password)?;
    let user = NewUser {
        name: name.to_string(),
        role,
        password_hash: password::hash(password).await?,
        created,
    };
    if store.add_user(&user).await? {
        Ok(())
    } else {
        Err(AccountError::Exists(name.to_string()))
    }
}

/// Gives the account `name` a new password and ends its sessions.
pub async fn set_password(
    store: &dyn Store,
    name: &str,
    password: String,
) -> Result<(), AccountError> {
    validate_password(&password)?;
    // Refuse an unknown name before spending the hash on it.
    if store.credentials(name).await?.is_none() {
        return Err(AccountError::Unknown(name.to_string()));
    }
    let hash = password::hash(password).await?;
    if store.set_password(name, &hash).await? {
        Ok(())
    } else {
        Err(AccountError::Unknown(name.to_string()))
    }
}

/// Removes the account `name`, which ends its sessions.
pub async fn remove_user(store: &dyn Store, name: &str) -> Result<(), AccountError> {
    if store.remove_user(name).await? {
        Ok(())
    } else {
        Err(AccountError::Unknown(name.to_string()))
    }
}

/// The account `name` if `password` is its password; `None` otherwise.
///
/// A name without an account costs the same argon2 work as a wrong password,
/// so the time of a refusal does not tell which it was.
pub async fn check_password(
    store: &dyn Store,
    name: &str,
    password: String,
) -> Result<Option<Credentials>, AccountError> {
    let found = match validate_name(name) {
        Ok(()) => store.credentials(name).await?,
        Err(_) => None,
    };
    match found {
        Some(user) => {
            let matches = password::verify(password, user.password_hash.clone()).await?;
            Ok(matches.then_some(user))
        }
        None => {
            password::waste_one_verification(password).await?;
            Ok(None)
        }
    }
}

/// Starts a session for the account `name` at `now` (Unix seconds): its
/// token and when it expires; `None` when the account is gone.
pub async fn start_session(
    store: &dyn Store,
    name: &str,
    now: u64,
) -> Result<Option<(SessionToken, u64)>, AccountError> {
    let token = SessionToken::generate().map_err(AccountError::Randomness)?;
    let expires = now + SESSION_LIFETIME;
    let session = NewSession {
        token_hash: token.hash(),
        user: name.to_string(),
        created: now,
        expires,
    };
    Ok(store
        .start_session(&session)
        .await?
        .then_some((token, expires)))
}
