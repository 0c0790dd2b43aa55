//! Session tokens: 32 random bytes in the cookie, only their SHA-256 in the store.

use crate::store::TokenHash;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// The length of a token's text: 32 bytes in unpadded base64url.
const TOKEN_CHARS: usize = 43;

/// A session's secret, as the cookie carries it.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl std::fmt::Debug for SessionToken {
    /// Never prints the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(..)")
    }
}

impl SessionToken {
    /// A new token from the operating system's randomness.
    pub fn generate() -> Result<SessionToken, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(SessionToken(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// A token as a cookie carried it; `None` for anything this server never gave out.
    pub fn parse(text: &str) -> Option<SessionToken> {
        let shaped = text.len() == TOKEN_CHARS
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
        shaped.then(|| SessionToken(text.to_string()))
    }

    /// The text the cookie carries.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the store keeps and looks the session up by.
    pub fn hash(&self) -> TokenHash {
        Sha256::digest(self.0.as_bytes()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_token_parses_back_and_tokens_differ() {
        let token = SessionToken::generate().expect("randomness");
        assert_eq!(SessionToken::parse(token.as_str()), Some(token.clone()));
        let other = SessionToken::generate().expect("randomness");
        assert_ne!(token.hash(), other.hash());
        assert!(!format!("{token:?}").contains(token.as_str()));
    }

    #[test]
    fn text_of_another_shape_is_no_token() {
        assert_eq!(SessionToken::parse(""), None);
        assert_eq!(SessionToken::parse(&"a".repeat(42)), None);
        assert_eq!(SessionToken::parse(&format!("{}=", "a".repeat(42))), None);
    }
}
