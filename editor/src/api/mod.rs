//! The editor's one way to talk HTTP: a request with a method, an optional
//! JSON body and an `If-Match`, answered by status, ETag and body, with the
//! server's problem documents kept whole so that forms can show each field's
//! reason beside it.

pub mod features;
pub mod history;
pub mod import;
pub mod session;
pub mod stories;

use atlas_model::api::Problem;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditApiError {
    /// The request never got an answer.
    #[error("the server could not be reached: {0}")]
    Network(String),
    /// The server refused the request with a problem document.
    #[error("{}", .0.detail.clone().unwrap_or_else(|| .0.title.clone()))]
    Refused(Box<Problem>),
    /// The answer was not what the editor expects.
    #[error("the server's answer could not be read: {0}")]
    Decode(String),
    /// A write named a version that is no longer the current one (412): the
    /// answer carries the current version and its `ETag`, to merge with.
    #[error("someone else saved a newer version in the meantime")]
    Stale {
        /// The current version's `ETag`.
        etag: String,
        /// The current version, as the server serves it.
        current: Vec<u8>,
    },
}

impl EditApiError {
    /// The HTTP status of a refusal.
    pub fn status(&self) -> Option<u16> {
        match self {
            EditApiError::Refused(problem) => Some(problem.status),
            EditApiError::Stale { .. } => Some(412),
            _ => None,
        }
    }
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The answer's `ETag`, if any.
    pub etag: Option<String>,
    /// The body as bytes.
    pub body: Vec<u8>,
}

impl Answer {
    /// The body decoded as JSON.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, EditApiError> {
        serde_json::from_slice(&self.body).map_err(|e| EditApiError::Decode(e.to_string()))
    }
}

/// One request to the server.
#[derive(Debug, Clone, Default)]
pub struct Call<'a> {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: &'a str,
    /// The path and query, from the site's root.
    pub path: &'a str,
    /// The body and its media type.
    pub body: Option<(&'a str, String)>,
    /// The `If-Match` validator, for writes.
    pub if_match: Option<&'a str>,
}

/// A JavaScript error as text.
fn js_error(e: JsValue) -> String {
    match e.dyn_into::<js_sys::Error>() {
        Ok(error) => String::from(error.message()),
        Err(other) => format!("{other:?}"),
    }
}

/// Sends `call` with the session cookie and answers its status, ETag and body;
/// a 412 is [`EditApiError::Stale`] and any other status of 400 or more a
/// [`EditApiError::Refused`].
pub async fn send(call: Call<'_>) -> Result<Answer, EditApiError> {
    let window = web_sys::window()
        .ok_or_else(|| EditApiError::Network("there is no browser window".into()))?;
    let init = RequestInit::new();
    init.set_method(call.method);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let headers = web_sys::Headers::new().map_err(|e| EditApiError::Network(js_error(e)))?;
    headers
        .set("Accept", "application/json, application/geo+json")
        .map_err(|e| EditApiError::Network(js_error(e)))?;
    if let Some((content_type, body)) = &call.body {
        headers
            .set("Content-Type", content_type)
            .map_err(|e| EditApiError::Network(js_error(e)))?;
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(tag) = call.if_match {
        headers
            .set("If-Match", tag)
            .map_err(|e| EditApiError::Network(js_error(e)))?;
    }
    init.set_headers(&headers);
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(call.path, &init))
        .await
        .and_then(JsCast::dyn_into)
        .map_err(|e| EditApiError::Network(js_error(e)))?;
    let status = response.status();
    let etag = response.headers().get("ETag").ok().flatten();
    let buffer = JsFuture::from(
        response
            .array_buffer()
            .map_err(|e| EditApiError::Decode(js_error(e)))?,
    )
    .await
    .map_err(|e| EditApiError::Decode(js_error(e)))?;
    let body = js_sys::Uint8Array::new(&buffer).to_vec();
    // A 412 for a feature since deleted has no current version: it stays a refusal.
    if status == 412
        && let Some(etag) = etag
    {
        return Err(EditApiError::Stale {
            etag,
            current: body,
        });
    }
    if status >= 400 {
        let problem = serde_json::from_slice::<Problem>(&body).unwrap_or_else(|_| Problem {
            problem_type: "about:blank".into(),
            title: response.status_text(),
            status,
            detail: None,
            invalid_params: Vec::new(),
            errors: Vec::new(),
        });
        return Err(EditApiError::Refused(Box::new(problem)));
    }
    Ok(Answer { status, etag, body })
}
