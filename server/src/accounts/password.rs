//! Password hashes: argon2id with the crate's default parameters, as PHC strings.
//!
//! Hashing is slow on purpose (tens of milliseconds, 19 MiB), so it runs on a
//! blocking thread, never on a worker that serves requests.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// Why a password could not be hashed or checked.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// argon2 refused (no randomness for the salt, say).
    #[error("hashing the password: {0}")]
    Hash(String),
    /// The blocking thread did not finish.
    #[error("the hashing thread failed: {0}")]
    Thread(#[from] tokio::task::JoinError),
}

/// The argon2id PHC string of `password`, with a new random salt.
pub async fn hash(password: String) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || hash_now(&password)).await?
}

/// Whether `password` matches the PHC string `stored`. A stored string that
/// does not parse matches nothing.
pub async fn verify(password: String, stored: String) -> Result<bool, PasswordError> {
    Ok(tokio::task::spawn_blocking(move || verify_now(&password, &stored)).await?)
}

/// Spends the time of one [`verify`] and matches nothing: what signing in
/// does for a name with no account, so that its refusal takes as long as a
/// wrong password's.
pub async fn waste_one_verification(password: String) -> Result<bool, PasswordError> {
    // Hashing runs argon2 once with the same parameters as verifying a default hash.
    hash(password).await.map(|_| false)
}

fn hash_now(password: &str) -> Result<String, PasswordError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

fn verify_now(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_with_a_salt_of_its_own_and_verifies_only_its_password() {
        let first = hash_now("correct horse").expect("hashes");
        let second = hash_now("correct horse").expect("hashes");
        assert!(
            first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{first}"
        );
        assert_ne!(first, second, "each hash has its own salt");
        assert!(verify_now("correct horse", &first));
        assert!(!verify_now("correct horse!", &first));
        assert!(!verify_now("correct horse", "not a phc string"));
    }
}
