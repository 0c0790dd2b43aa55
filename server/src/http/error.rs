//! One error type for every handler, answered as an RFC 7807 problem document.

use atlas_model::api::{FieldError, InvalidParam, Problem};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Why a request could not be answered.
///
/// Client errors carry their reason to the client; internal errors are logged
/// and answered with "internal error" only, so no detail of the store leaks.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A query or path parameter has a value the API refuses.
    #[error("invalid value for parameter `{name}`: {reason}")]
    BadParam {
        /// The parameter's name, as in the URL.
        name: String,
        /// What is wrong with the value.
        reason: String,
    },
    /// The resource does not exist.
    #[error("{what} not found")]
    NotFound {
        /// What was looked for, such as "collection rail".
        what: String,
    },
    /// The request target is longer than the server reads.
    #[error("the request URI is longer than {limit} bytes")]
    UriTooLong {
        /// The most bytes of path and query answered.
        limit: usize,
    },
    /// The request's head is not HTTP/1 a server can read, or breaks its rules.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The request's head (request line and headers) is longer than the server reads.
    #[error("the request's headers are longer than {limit} bytes or more than {count} fields")]
    HeadersTooLarge {
        /// The most bytes of a request head read.
        limit: usize,
        /// The most header fields read.
        count: usize,
    },
    /// The request names an HTTP version other than 1.0 and 1.1.
    #[error("only HTTP/1.0 and HTTP/1.1 are served")]
    VersionNotSupported,
    /// The route exists but not for this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The request's body is not what the resource reads; the field names what is wrong.
    #[error("invalid body: `{field}` {reason}")]
    BadBody {
        /// The field at fault, or `body` for the body as a whole.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The request's body is not of the media type the resource reads.
    #[error("the body must be {expected}")]
    UnsupportedMediaType {
        /// The media type read.
        expected: &'static str,
    },
    /// A sign-in named no account or a wrong password: the same answer for both.
    #[error("wrong name or password")]
    SignInFailed,
    /// Too many failed sign-ins for this account or from this address.
    #[error("too many failed sign-ins; try again in {retry_after} seconds")]
    TooManyAttempts {
        /// Seconds to wait before the next attempt.
        retry_after: u64,
    },
    /// The request needs a session and carries no live one.
    #[error("sign in first")]
    SignedOut,
    /// The session's account lacks the role the request needs.
    #[error("this needs the {needed} role")]
    Forbidden {
        /// The role needed.
        needed: atlas_model::account::Role,
    },
    /// An unsafe request that does not come from the site's own pages.
    #[error("a request that changes something must come from this site's own pages")]
    CrossOrigin,
    /// The request's body is longer than the resource reads.
    #[error("the body is longer than {limit} bytes")]
    PayloadTooLarge {
        /// The most bytes read.
        limit: usize,
    },
    /// A write without `If-Match`: it would overwrite unseen changes.
    #[error("send If-Match with the ETag of the version you changed")]
    PreconditionRequired,
    /// A write whose `If-Match` names another version than the current one.
    /// A live feature's (or story's) current version is the body; a deleted
    /// one has none.
    #[error("it changed since you read it; here is its current version")]
    Stale {
        /// The current version, as `GET` serves it, with its `ETag`.
        current: Option<(Vec<u8>, axum::http::HeaderValue)>,
        /// The media type of that version.
        media_type: &'static str,
    },
    /// The body broke the model's rules: every field at fault, and why.
    #[error("the feature breaks {} rule(s)", .errors.len())]
    Invalid {
        /// Each field and reason.
        errors: Vec<atlas_model::api::FieldError>,
    },
    /// The request conflicts with what the store holds (an id in use).
    #[error("{0}")]
    Conflict(String),
    /// An import refused some rows, and so applied none; each is named.
    #[error("{detail}")]
    ImportRejected {
        /// How many rows, of how many, and that nothing was applied.
        detail: String,
        /// Each refused field as `rows[n].field` (n the file's row) and why.
        fields: Vec<InvalidParam>,
    },
    /// `dist/index.html` is missing, so there is no app to serve.
    #[error("the app is not built; run make run")]
    AppNotBuilt,
    /// Anything the client cannot fix: the store, the file system, a bug.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A `BadParam` for `name`, saying why.
    pub fn bad_param(name: &str, reason: impl Into<String>) -> AppError {
        AppError::BadParam {
            name: name.to_string(),
            reason: reason.into(),
        }
    }

    /// A `NotFound` for `what`.
    pub fn not_found(what: impl Into<String>) -> AppError {
        AppError::NotFound { what: what.into() }
    }
}

impl From<crate::store::StoreError> for AppError {
    fn from(error: crate::store::StoreError) -> AppError {
        AppError::Internal(format!("store: {error}"))
    }
}

impl From<crate::accounts::AccountError> for AppError {
    fn from(error: crate::accounts::AccountError) -> AppError {
        AppError::Internal(format!("accounts: {error}"))
    }
}

impl From<std::io::Error> for AppError {
    fn from(error: std::io::Error) -> AppError {
        AppError::Internal(format!("i/o: {error}"))
    }
}

impl From<serde_json::Error> for AppError {
    fn from(error: serde_json::Error) -> AppError {
        AppError::Internal(format!("json: {error}"))
    }
}

impl AppError {
    /// The status and the problem document's JSON, for answers written below the router.
    pub fn problem_document(&self) -> (StatusCode, Vec<u8>) {
        let (status, detail, invalid_params) = self.problem_parts();
        let errors = match self {
            AppError::Invalid { errors } => errors.clone(),
            _ => Vec::new(),
        };
        (
            status,
            problem_json(status, Some(detail), invalid_params, errors),
        )
    }

    /// The status, the detail and the invalid parameters of this error's problem document.
    fn problem_parts(&self) -> (StatusCode, String, Vec<InvalidParam>) {
        match self {
            AppError::BadParam { name, reason } => (
                StatusCode::BAD_REQUEST,
                self.to_string(),
                vec![InvalidParam {
                    name: name.clone(),
                    reason: reason.clone(),
                }],
            ),
            AppError::NotFound { .. } => (StatusCode::NOT_FOUND, self.to_string(), vec![]),
            AppError::UriTooLong { .. } => (StatusCode::URI_TOO_LONG, self.to_string(), vec![]),
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, self.to_string(), vec![]),
            AppError::HeadersTooLarge { .. } => (
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                self.to_string(),
                vec![],
            ),
            AppError::VersionNotSupported => (
                StatusCode::HTTP_VERSION_NOT_SUPPORTED,
                self.to_string(),
                vec![],
            ),
            AppError::MethodNotAllowed => {
                (StatusCode::METHOD_NOT_ALLOWED, self.to_string(), vec![])
            }
            AppError::BadBody { field, reason } => (
                StatusCode::BAD_REQUEST,
                self.to_string(),
                vec![InvalidParam {
                    name: field.clone(),
                    reason: reason.clone(),
                }],
            ),
            AppError::UnsupportedMediaType { .. } => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, self.to_string(), vec![])
            }
            AppError::SignInFailed | AppError::SignedOut => {
                (StatusCode::UNAUTHORIZED, self.to_string(), vec![])
            }
            AppError::TooManyAttempts { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, self.to_string(), vec![])
            }
            AppError::Forbidden { .. } | AppError::CrossOrigin => {
                (StatusCode::FORBIDDEN, self.to_string(), vec![])
            }
            AppError::PayloadTooLarge { .. } => {
                (StatusCode::PAYLOAD_TOO_LARGE, self.to_string(), vec![])
            }
            AppError::PreconditionRequired => {
                (StatusCode::PRECONDITION_REQUIRED, self.to_string(), vec![])
            }
            AppError::Stale { .. } => (StatusCode::PRECONDITION_FAILED, self.to_string(), vec![]),
            AppError::Invalid { .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, self.to_string(), vec![])
            }
            AppError::Conflict(_) => (StatusCode::CONFLICT, self.to_string(), vec![]),
            AppError::ImportRejected { fields, .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                self.to_string(),
                fields.clone(),
            ),
            AppError::AppNotBuilt => (StatusCode::SERVICE_UNAVAILABLE, self.to_string(), vec![]),
            AppError::Internal(reason) => {
                tracing::error!(%reason, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error".to_string(),
                    vec![],
                )
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Stale {
            current: Some((body, etag)),
            media_type,
        } = self
        {
            // The current version itself, so the editor can see what changed.
            return (
                StatusCode::PRECONDITION_FAILED,
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(media_type)),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                    (header::ETAG, etag),
                ],
                body,
            )
                .into_response();
        }
        let (status, body) = self.problem_document();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON))],
            body,
        )
            .into_response();
        if let AppError::TooManyAttempts { retry_after } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}

/// A problem document with the status's reason phrase as its title, as JSON.
fn problem_json(
    status: StatusCode,
    detail: Option<String>,
    invalid_params: Vec<InvalidParam>,
    errors: Vec<FieldError>,
) -> Vec<u8> {
    let document = Problem {
        problem_type: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("Error").into(),
        status: status.as_u16(),
        detail,
        invalid_params,
        errors,
    };
    // Serializing a struct of strings cannot fail; fall back to an empty object anyway.
    serde_json::to_vec(&document).unwrap_or_else(|_| b"{}".to_vec())
}
