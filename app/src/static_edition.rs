//! The app on a static edition (`atlas export-site`): no server, no query
//! strings. A page that carries `<meta name="atlas-edition" content="static">`
//! asks for each API read as the file the edition holds
//! (`atlas_model::static_edition`), and searches passages in the browser over
//! the edition's index instead of asking `/api/search`.

use crate::api::{ApiError, fetch_to_keep};
use atlas_model::api::SearchResults;
use atlas_model::passage_search;
use atlas_model::static_edition::{META_NAME, SEARCH_INDEX, STATIC, file_of, is_api_read};
use std::cell::OnceCell;
use std::rc::Rc;

thread_local! {
    /// Whether this page is a static edition's, read once from its meta tag.
    static IS_STATIC: bool = page_is_static();
    /// The passage index, fetched at the first search.
    static INDEX: OnceCell<Rc<SearchResults>> = const { OnceCell::new() };
}

fn page_is_static() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("meta[name=\"{META_NAME}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .is_some_and(|content| content == STATIC)
}

/// Whether the app runs on a static edition.
pub fn is_static() -> bool {
    IS_STATIC.with(|s| *s)
}

/// The path to fetch for the API read `path`: its file on a static edition, else `path` itself.
pub fn request_path(path: &str) -> String {
    if is_static() && is_api_read(path) {
        file_of(path)
    } else {
        path.to_string()
    }
}

/// Passages matching `query` from the edition's index (fetched once), at most `limit`.
pub async fn search(query: &str, limit: usize) -> Result<SearchResults, ApiError> {
    let index = match INDEX.with(|i| i.get().cloned()) {
        Some(index) => index,
        None => {
            let body = fetch_to_keep(SEARCH_INDEX).await?;
            let index: SearchResults =
                serde_json::from_slice(&body).map_err(|e| ApiError::Decode(e.to_string()))?;
            INDEX.with(|i| i.get_or_init(|| Rc::new(index)).clone())
        }
    };
    Ok(SearchResults {
        places: Vec::new(),
        passages: passage_search::search(&index, query, limit),
    })
}
