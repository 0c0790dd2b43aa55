//! The one place that talks HTTP: typed calls to the Corridor Atlas server.

use atlas_model::api::{ClientConfig, Collections, Problem, ReportDetail, ReportList};
use geojson::FeatureCollection;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// Why a call to the server failed, phrased for a reader.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer.
    #[error("the server could not be reached: {0}")]
    Network(String),
    /// The server answered with an error status.
    #[error("the server answered {status}: {detail}")]
    Status {
        /// HTTP status code.
        status: u16,
        /// The problem document's detail, or the status text.
        detail: String,
    },
    /// The answer was not what the app expects.
    #[error("the server's answer could not be read: {0}")]
    Decode(String),
}

/// The server's origin: the app is served by the same server as the API.
fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_else(|| "http://127.0.0.1:8080".into())
}

/// A JavaScript error as text: its `message` if it is an `Error`, else whatever it prints as.
fn js_error(e: JsValue) -> String {
    match e.dyn_into::<js_sys::Error>() {
        Ok(error) => String::from(error.message()),
        Err(other) => format!("{other:?}"),
    }
}

/// The body of a response as text; a body that breaks off midway is an unreadable answer.
async fn body_text(response: &Response) -> Result<String, ApiError> {
    let promise = response.text().map_err(|e| ApiError::Decode(js_error(e)))?;
    let text = JsFuture::from(promise)
        .await
        .map_err(|e| ApiError::Decode(js_error(e)))?;
    text.as_string()
        .ok_or_else(|| ApiError::Decode("the body is not text".into()))
}

// The browser's own fetch instead of reqwest: reqwest on wasm wraps fetch anyway, and
// dropping it takes http, url and idna out of the download (about 70 kB before wasm-opt).
// Not generic, so the fetch's state machine is compiled once rather than per answer type.
async fn get_text(path: &str) -> Result<String, ApiError> {
    let url = format!("{}{path}", origin());
    let window =
        web_sys::window().ok_or_else(|| ApiError::Network("there is no browser window".into()))?;
    let response: Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .and_then(JsCast::dyn_into)
        .map_err(|e| ApiError::Network(js_error(e)))?;
    if !response.ok() {
        let status = response.status();
        let problem = match body_text(&response).await {
            Ok(text) => serde_json::from_str::<Problem>(&text).ok(),
            Err(_) => None,
        };
        let detail = match problem {
            Some(problem) => problem.detail.unwrap_or(problem.title),
            None => match response.status_text() {
                // HTTP/2 answers carry no reason phrase.
                text if text.is_empty() => "error".to_string(),
                text => text,
            },
        };
        return Err(ApiError::Status { status, detail });
    }
    body_text(&response).await
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let text = get_text(path).await?;
    serde_json::from_str(&text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// Every collection (map layer) the server offers.
pub async fn collections() -> Result<Collections, ApiError> {
    get_json("/collections").await
}

/// Every feature of one collection, following `next` links page by page.
pub async fn all_items(collection: &str) -> Result<FeatureCollection, ApiError> {
    let mut path = atlas_model::api::app_items_path(collection);
    let mut all = FeatureCollection {
        bbox: None,
        features: Vec::new(),
        foreign_members: None,
    };
    loop {
        let page: FeatureCollection = get_json(&path).await?;
        let next = next_link(&page);
        all.features.extend(page.features);
        match next {
            Some(href) => path = href,
            None => return Ok(all),
        }
    }
}

/// The `next` link of an items page, as a path on this server.
fn next_link(page: &FeatureCollection) -> Option<String> {
    let links = page.foreign_members.as_ref()?.get("links")?.as_array()?;
    let href = links
        .iter()
        .find(|l| l.get("rel").and_then(|r| r.as_str()) == Some("next"))?
        .get("href")?
        .as_str()?;
    let origin = origin();
    Some(
        href.strip_prefix(origin.as_str())
            .unwrap_or(href)
            .to_string(),
    )
}

/// One layer of the Natural Earth basemap (`countries` or `seas`).
pub async fn basemap(name: &str) -> Result<FeatureCollection, ApiError> {
    get_json(&format!("/api/basemap/{name}")).await
}

/// The reports the map is built around.
pub async fn reports() -> Result<ReportList, ApiError> {
    get_json("/api/reports").await
}

/// One report with its passages and the features citing each.
pub async fn report(id: &str) -> Result<ReportDetail, ApiError> {
    get_json(&format!("/api/reports/{id}")).await
}

/// The server's set-up as the app needs it (web tiles, if offered).
pub async fn config() -> Result<ClientConfig, ApiError> {
    get_json("/api/config").await
}

/// Full-text search over places and report passages, best first.
pub async fn search(query: &str) -> Result<atlas_model::api::SearchResults, ApiError> {
    let q = String::from(js_sys::encode_uri_component(query));
    get_json(&format!("/api/search?q={q}&limit=8")).await
}
