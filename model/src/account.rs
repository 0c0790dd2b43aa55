//! Accounts: who may change the atlas, and the wire types of signing in.
//!
//! Everyone reads; an editor also creates, changes and deletes features and
//! stories; an admin also manages accounts.

use crate::kind::wire_names;
use serde::{Deserialize, Serialize};

/// What an account may do beyond reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Creates, changes and deletes features and stories.
    Editor,
    /// Everything an editor does, and manages accounts.
    Admin,
}

wire_names!(Role {
    Editor => "editor",
    Admin => "admin",
});

impl Role {
    /// Whether this role may do what `needed` may: an admin may do what an editor may.
    pub fn includes(self, needed: Role) -> bool {
        self >= needed
    }
}

/// The longest account name, in bytes.
pub const MAX_NAME_BYTES: usize = 64;

/// The longest password, in bytes: long passphrases fit, and no request makes
/// the server hash megabytes.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Why an account name or a password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountRuleError {
    /// The name is empty.
    #[error("the name is empty")]
    EmptyName,
    /// The name is longer than [`MAX_NAME_BYTES`].
    #[error("the name is longer than {MAX_NAME_BYTES} bytes")]
    LongName,
    /// The name holds a character other than ASCII letters, digits, `.`, `_`, `-` and `@`.
    #[error("the name may hold only ASCII letters, digits, `.`, `_`, `-` and `@`; {0:?} is none")]
    NameCharacter(char),
    /// The password is empty.
    #[error("the password is empty")]
    EmptyPassword,
    /// The password is longer than [`MAX_PASSWORD_BYTES`].
    #[error("the password is longer than {MAX_PASSWORD_BYTES} bytes")]
    LongPassword,
}

/// Checks an account name: 1 to [`MAX_NAME_BYTES`] ASCII letters, digits, `.`, `_`, `-` or `@`.
///
/// Names are compared without regard to ASCII case: `Ada` and `ada` are one account.
pub fn validate_name(name: &str) -> Result<(), AccountRuleError> {
    if name.is_empty() {
        return Err(AccountRuleError::EmptyName);
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(AccountRuleError::LongName);
    }
    match name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@')))
    {
        Some(c) => Err(AccountRuleError::NameCharacter(c)),
        None => Ok(()),
    }
}

/// Checks a new password: not empty, at most [`MAX_PASSWORD_BYTES`].
pub fn validate_password(password: &str) -> Result<(), AccountRuleError> {
    if password.is_empty() {
        return Err(AccountRuleError::EmptyPassword);
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AccountRuleError::LongPassword);
    }
    Ok(())
}

/// The body of `POST /api/session`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    /// The account's name.
    pub name: String,
    /// Its password.
    pub password: String,
}

impl std::fmt::Debug for SignIn {
    /// Never prints the password, so a sign-in may be logged.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Who is signed in: the answer of `GET /api/me` and of a sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// The account's name.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// When the session ends, as RFC 3339 (UTC).
    pub expires: String,
}

/// One account, as `GET /api/users` lists it (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The account's name.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// When it was added, as RFC 3339 (UTC).
    pub created: String,
}

/// The answer of `GET /api/users`: every account, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserList {
    /// The accounts, in name order.
    pub users: Vec<User>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_wire_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).expect("serialize");
            assert_eq!(json, format!("\"{role}\""));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn an_admin_may_do_what_an_editor_may_but_not_the_other_way() {
        assert!(Role::Admin.includes(Role::Editor));
        assert!(Role::Admin.includes(Role::Admin));
        assert!(Role::Editor.includes(Role::Editor));
        assert!(!Role::Editor.includes(Role::Admin));
    }

    #[test]
    fn names_are_short_plain_ascii() {
        assert_eq!(validate_name("ada.lovelace@example-1_x"), Ok(()));
        assert_eq!(validate_name(""), Err(AccountRuleError::EmptyName));
        assert_eq!(
            validate_name("ada lovelace"),
            Err(AccountRuleError::NameCharacter(' '))
        );
        assert_eq!(
            validate_name("adà"),
            Err(AccountRuleError::NameCharacter('à'))
        );
        assert_eq!(
            validate_name(&"a".repeat(65)),
            Err(AccountRuleError::LongName)
        );
        assert_eq!(validate_name(&"a".repeat(64)), Ok(()));
    }

    #[test]
    fn passwords_are_not_empty_and_not_huge() {
        assert_eq!(validate_password("correct horse"), Ok(()));
        assert_eq!(validate_password(""), Err(AccountRuleError::EmptyPassword));
        assert_eq!(
            validate_password(&"x".repeat(MAX_PASSWORD_BYTES + 1)),
            Err(AccountRuleError::LongPassword)
        );
    }

    #[test]
    fn a_sign_in_never_prints_its_password() {
        let sign_in = SignIn {
            name: "ada".into(),
            password: "secret".into(),
        };
        assert!(!format!("{sign_in:?}").contains("secret"));
    }
}
