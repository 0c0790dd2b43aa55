//! Signing in and out, and who is signed in.

use super::{Call, EditApiError, send};
use atlas_model::account::Me;

/// Who is signed in; `None` when no one is (the server's 401).
pub async fn me() -> Result<Option<Me>, EditApiError> {
    match send(Call {
        method: "GET",
        path: "/api/me",
        ..Call::default()
    })
    .await
    {
        Ok(answer) => answer.json().map(Some),
        Err(e) if e.status() == Some(401) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Signs in with `name` and `password`; the server sets the session cookie.
pub async fn sign_in(name: &str, password: &str) -> Result<Me, EditApiError> {
    let body = serde_json::json!({ "name": name, "password": password }).to_string();
    send(Call {
        method: "POST",
        path: "/api/session",
        body: Some(("application/json", body)),
        ..Call::default()
    })
    .await?
    .json()
}

/// Ends the session.
pub async fn sign_out() -> Result<(), EditApiError> {
    send(Call {
        method: "DELETE",
        path: "/api/session",
        ..Call::default()
    })
    .await
    .map(|_| ())
}

/// What a failed sign-in says to the person signing in.
pub fn sign_in_message(error: &EditApiError) -> String {
    match error {
        EditApiError::Refused(problem) if problem.status == 401 => {
            "That name and password do not match an account.".into()
        }
        EditApiError::Refused(problem) if problem.status == 429 => format!(
            "Too many failed attempts: {}.",
            problem
                .detail
                .clone()
                .unwrap_or_else(|| "wait a while before trying again".into())
                .trim_start_matches("too many failed sign-ins; ")
        ),
        EditApiError::Refused(problem) if problem.status == 400 => {
            "Enter your account name and your password.".into()
        }
        other => format!("Signing in failed: {other}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_model::api::Problem;

    fn refused(status: u16, detail: Option<&str>) -> EditApiError {
        EditApiError::Refused(Box::new(Problem {
            problem_type: "about:blank".into(),
            title: "t".into(),
            status,
            detail: detail.map(str::to_string),
            invalid_params: Vec::new(),
            errors: Vec::new(),
        }))
    }

    #[test]
    fn a_wrong_password_and_a_throttle_read_differently() {
        assert_eq!(
            sign_in_message(&refused(401, None)),
            "That name and password do not match an account."
        );
        assert_eq!(
            sign_in_message(&refused(
                429,
                Some("too many failed sign-ins; try again in 4 seconds")
            )),
            "Too many failed attempts: try again in 4 seconds."
        );
    }
}
