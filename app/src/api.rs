//! The one place that talks HTTP: typed calls to the Corridor Atlas server.

use atlas_model::api::{ClientConfig, Collections, Link, Problem, ReportDetail, ReportList};
use atlas_model::{AtlasFeature, FeatureDocument, validate_document};
use geojson::Geometry;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
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

/// The body of a response as bytes; a body that breaks off midway is an unreadable answer.
///
/// Bytes, not text: `text()` would decode UTF-8 into a JavaScript string only for
/// the app to encode it back into UTF-8 in wasm memory, which for a big layer took
/// longer than parsing it.
async fn body_bytes(response: &Response) -> Result<Vec<u8>, ApiError> {
    let promise = response
        .array_buffer()
        .map_err(|e| ApiError::Decode(js_error(e)))?;
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|e| ApiError::Decode(js_error(e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

// The browser's own fetch instead of reqwest: reqwest on wasm wraps fetch anyway, and
// dropping it takes http, url and idna out of the download (about 70 kB before wasm-opt).
// Not generic, so the fetch's state machine is compiled once rather than per answer type.
async fn get_bytes(path: &str) -> Result<Vec<u8>, ApiError> {
    let url = format!("{}{}", origin(), crate::static_edition::request_path(path));
    let window =
        web_sys::window().ok_or_else(|| ApiError::Network("there is no browser window".into()))?;
    let response: Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .and_then(JsCast::dyn_into)
        .map_err(|e| ApiError::Network(js_error(e)))?;
    if !response.ok() {
        let status = response.status();
        let problem = match body_bytes(&response).await {
            Ok(body) => serde_json::from_slice::<Problem>(&body).ok(),
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
    body_bytes(&response).await
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let body = get_bytes(path).await?;
    serde_json::from_slice(&body).map_err(|e| ApiError::Decode(e.to_string()))
}

/// The body of any read of the API, fetched so that the service worker keeps
/// it for offline use (see `offline.rs`).
pub async fn fetch_to_keep(path: &str) -> Result<Vec<u8>, ApiError> {
    get_bytes(path).await
}

/// Every collection (map layer) the server offers.
pub async fn collections() -> Result<Collections, ApiError> {
    get_json("/collections").await
}

/// A page of items: its features, typed (`FeatureDocument`) or raw, and its links.
#[derive(Deserialize)]
struct ItemsPage<F> {
    features: Vec<F>,
    #[serde(default)]
    links: Vec<Link>,
}

/// Every feature of one collection, typed and checked, following `next` links page by page.
pub async fn all_items(collection: &str) -> Result<Vec<AtlasFeature>, ApiError> {
    let mut path = atlas_model::api::app_items_path(collection);
    let mut features = Vec::new();
    loop {
        let (page, links) = read_items_page(&get_bytes(&path).await?)?;
        features.extend(page);
        match next_link(&links) {
            Some(href) => path = href,
            None => return Ok(features),
        }
    }
}

/// The path of the first page of `collection`'s items inside `bbox` (the
/// `bbox` parameter as written: west,south,east,north), `limit` at a time.
pub fn items_in_box_path(collection: &str, bbox: &str, limit: u32) -> String {
    format!("/collections/{collection}/items?bbox={bbox}&limit={limit}")
}

/// One page of items at `path` (a box's first page or a `next` link), typed
/// and checked, and the path of the page after it.
pub async fn items_page(path: &str) -> Result<(Vec<AtlasFeature>, Option<String>), ApiError> {
    let (features, links) = read_items_page(&get_bytes(path).await?)?;
    Ok((features, next_link(&links)))
}

/// An items page's features, typed and checked, and its links.
///
/// The page is read straight into its types in one pass. Should one feature not
/// fit them (a newer server's, say), the page is read again feature by feature,
/// so that feature is skipped alone instead of failing its whole layer.
fn read_items_page(body: &[u8]) -> Result<(Vec<AtlasFeature>, Vec<Link>), ApiError> {
    let decode = |e: serde_json::Error| ApiError::Decode(e.to_string());
    let (documents, links) = match serde_json::from_slice::<ItemsPage<FeatureDocument>>(body) {
        Ok(page) => (page.features, page.links),
        Err(_) => {
            let page: ItemsPage<&RawValue> = serde_json::from_slice(body).map_err(decode)?;
            let documents = page
                .features
                .into_iter()
                // From bytes, like every other answer: one copy of the parser in the wasm, not two.
                .filter_map(|raw| skip_unreadable(serde_json::from_slice(raw.get().as_bytes())))
                .collect();
            (documents, page.links)
        }
    };
    let features = documents
        .into_iter()
        .filter_map(|document| skip_unreadable(validate_document(document)))
        .collect();
    Ok((features, links))
}

/// The value, or `None`, said on the console: the server validated every
/// feature on import, so one failing here is a version skew.
fn skip_unreadable<T, E: std::fmt::Display>(read: Result<T, E>) -> Option<T> {
    read.map_err(|e| leptos::logging::warn!("skipping a feature the app cannot read: {e}"))
        .ok()
}

/// The `next` link of an items page, as a path on this server.
fn next_link(links: &[Link]) -> Option<String> {
    let href = links.iter().find(|l| l.rel == "next")?.href.as_str();
    let origin = origin();
    Some(
        href.strip_prefix(origin.as_str())
            .unwrap_or(href)
            .to_string(),
    )
}

/// A layer of the Natural Earth basemap, read as far as the map needs it.
#[derive(Debug, Deserialize)]
pub struct BasemapLayer {
    /// Its countries or seas.
    pub features: Vec<BasemapFeature>,
}

/// A country or a sea of the basemap: a name and a shape, nothing else kept.
#[derive(Debug, Deserialize)]
pub struct BasemapFeature {
    /// Natural Earth's attributes, of which only the name is read.
    #[serde(default)]
    pub properties: Option<BasemapProperties>,
    /// Its outline (countries) or where its label goes (seas).
    #[serde(
        default,
        deserialize_with = "atlas_model::geometry_read::optional_geometry"
    )]
    pub geometry: Option<Geometry>,
}

/// The one attribute of a basemap feature the map shows.
#[derive(Debug, Deserialize)]
pub struct BasemapProperties {
    /// Its English name.
    #[serde(default)]
    pub name: Option<String>,
}

impl BasemapFeature {
    /// Its English name, if it has one.
    pub fn name(&self) -> Option<&str> {
        self.properties.as_ref()?.name.as_deref()
    }
}

/// One layer of the Natural Earth basemap (`countries` or `seas`).
pub async fn basemap(name: &str) -> Result<BasemapLayer, ApiError> {
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

/// Every story the server offers, as its list names them.
pub async fn stories() -> Result<atlas_model::story::StoryList, ApiError> {
    get_json("/api/stories").await
}

/// One story with its steps.
pub async fn story(id: &str) -> Result<atlas_model::Story, ApiError> {
    get_json(&format!("/api/stories/{id}")).await
}

/// Full-text search over places and report passages, best first.
pub async fn search(query: &str) -> Result<atlas_model::api::SearchResults, ApiError> {
    if crate::static_edition::is_static() {
        return crate::static_edition::search(query, 8).await;
    }
    let q = String::from(js_sys::encode_uri_component(query));
    get_json(&format!("/api/search?q={q}&limit=8")).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn feature(id: &str, kind: &str) -> serde_json::Value {
        json!({
            "type": "Feature", "id": id,
            "geometry": {"coordinates": [49.8, 40.4], "type": "Point"},
            "properties": {
                "id": id, "name": id, "kind": kind, "status": "operating",
                "sources": [{"title": "Port of Baku", "url": "https://portofbaku.com/"}]
            }
        })
    }

    fn page(features: Vec<serde_json::Value>) -> Vec<u8> {
        let next = json!({"href": "/collections/places/items?offset=2", "rel": "next"});
        serde_json::to_vec(
            &json!({"type": "FeatureCollection", "features": features, "links": [next]}),
        )
        .expect("a test page serializes")
    }

    fn ids(features: &[AtlasFeature]) -> Vec<&str> {
        features.iter().map(AtlasFeature::id).collect()
    }

    #[test]
    fn a_page_is_read_into_checked_features_and_its_links() {
        let (features, links) = read_items_page(&page(vec![
            feature("baku-port", "port"),
            feature("alat", "port"),
        ]))
        .expect("reads");
        assert_eq!(ids(&features), ["baku-port", "alat"]);
        assert_eq!(links[0].rel, "next");
    }

    #[test]
    fn a_feature_this_app_cannot_read_is_skipped_alone() {
        let unknown_kind = feature("spaceport", "spaceport");
        let bad_slug = feature("Not A Slug", "port");
        let body = page(vec![
            feature("baku-port", "port"),
            unknown_kind,
            bad_slug,
            feature("alat", "port"),
        ]);
        let (features, links) = read_items_page(&body).expect("reads the rest");
        assert_eq!(ids(&features), ["baku-port", "alat"]);
        assert_eq!(links.len(), 1);
    }

    #[test]
    fn a_page_that_is_not_json_is_an_unreadable_answer() {
        assert!(matches!(
            read_items_page(b"<html>"),
            Err(ApiError::Decode(_))
        ));
    }
}
