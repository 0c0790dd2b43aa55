//! HTTP requests the atlas sends: fetching a file to import from a URL, and
//! checking that the features' source URLs still answer. Both go through one
//! lean reqwest client (HTTP/1 over rustls with the system's roots), with a
//! time-out and a limit on redirects.

pub mod sources;

use std::time::Duration;

/// The most redirects followed; one more is a dead link (a loop ends here too).
pub const MAX_REDIRECTS: usize = 5;

/// How the atlas names itself to the servers it asks.
const USER_AGENT: &str = concat!("corridor-atlas/", env!("CARGO_PKG_VERSION"));

/// Why a request got nothing usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// Not an http(s) URL.
    #[error("must be an http(s) URL")]
    NotHttp,
    /// The server answered with a status other than 2xx.
    #[error("the server answered {0}")]
    Status(String),
    /// More than the limit was sent.
    #[error("the file is larger than {limit} bytes")]
    TooLarge {
        /// The most bytes read.
        limit: usize,
    },
    /// No answer within the time-out.
    #[error("no answer within {0} seconds")]
    TimedOut(u64),
    /// Redirected more than [`MAX_REDIRECTS`] times, or in a loop.
    #[error("more than {MAX_REDIRECTS} redirects, or a redirect loop")]
    Redirects,
    /// The connection failed or broke.
    #[error("{0}")]
    Failed(String),
}

/// A client that gives up after `timeout`.
pub fn client(timeout: Duration) -> Result<reqwest::Client, FetchError> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
        .user_agent(USER_AGENT)
        .build()
        .map_err(|e| FetchError::Failed(format!("starting the HTTP client: {e}")))
}

/// Whether `url` is an http(s) URL reqwest can ask.
pub fn parse_http(url: &str) -> Result<reqwest::Url, FetchError> {
    let parsed = reqwest::Url::parse(url).map_err(|_| FetchError::NotHttp)?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(FetchError::NotHttp);
    }
    Ok(parsed)
}

/// The body at `url` and its media type, refused past `limit` bytes or `timeout`.
pub async fn fetch(
    url: &str,
    limit: usize,
    timeout: Duration,
) -> Result<(Vec<u8>, Option<String>), FetchError> {
    let url = parse_http(url)?;
    let client = client(timeout)?;
    let seconds = timeout.as_secs();
    let mut response = client
        .get(url)
        .send()
        .await
        .map_err(|e| failure(&e, seconds))?;
    if !response.status().is_success() {
        return Err(FetchError::Status(response.status().to_string()));
    }
    // A declared length over the limit is refused before any of it is read.
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(FetchError::TooLarge { limit });
    }
    let media_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| failure(&e, seconds))? {
        if body.len() + chunk.len() > limit {
            return Err(FetchError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, media_type))
}

/// What a failed request is, in words a curator can act on.
pub fn failure(error: &reqwest::Error, timeout_seconds: u64) -> FetchError {
    if error.is_timeout() {
        FetchError::TimedOut(timeout_seconds)
    } else if error.is_redirect() {
        FetchError::Redirects
    } else if error.is_connect() {
        FetchError::Failed(format!("could not connect: {}", root_cause(error)))
    } else {
        FetchError::Failed(root_cause(error))
    }
}

/// The innermost reason of an error chain: reqwest's own message names only the URL.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
