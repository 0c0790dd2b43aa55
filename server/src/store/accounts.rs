//! What a store keeps and hands out about accounts and their sessions.

use atlas_model::account::Role;

/// A new account, its password already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Its name (unique without regard to ASCII case).
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// The argon2id PHC string of its password.
    pub password_hash: String,
    /// When it was added, as RFC 3339.
    pub created: String,
}

/// An account as listed: never its password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Its name, as it was added.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// When it was added, as RFC 3339.
    pub created: String,
}

/// What signing in checks a password against.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The account's name, as it was added.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// The argon2id PHC string of its password.
    pub password_hash: String,
}

/// The SHA-256 of a session's token: how a store finds the session.
pub type TokenHash = [u8; 32];

/// A session to start for an account.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The SHA-256 of the session's token.
    pub token_hash: TokenHash,
    /// The account's name.
    pub user: String,
    /// When it starts, in Unix seconds.
    pub created: u64,
    /// When it ends, in Unix seconds.
    pub expires: u64,
}

/// A live session and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// The account's name.
    pub user: String,
    /// What the account may do, as it is now.
    pub role: Role,
    /// When the session ends, in Unix seconds.
    pub expires: u64,
}
