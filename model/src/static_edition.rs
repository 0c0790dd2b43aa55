//! The static edition's layout: where each read of the API lives as a file.
//!
//! `atlas export-site` writes the atlas as files a static host serves with no
//! server behind it; the app, when its page says it is such an edition, asks
//! for those files instead of the API. Both sides name the files here, so they
//! cannot drift apart. Static hosts ignore query strings, and a path cannot be
//! a file and a folder at once, so every read becomes its path without the
//! query plus `.json`: `/collections` is `/collections.json`,
//! `/collections/ports/items?limit=10000` (the whole layer, in one file, with
//! no `next` link) is `/collections/ports/items.json`, `/api/reports/x` is
//! `/api/reports/x.json`.

/// The `content` of the `<meta name="atlas-edition">` tag that marks a static edition's pages.
pub const STATIC: &str = "static";

/// The name of the meta tag an edition's pages carry.
pub const META_NAME: &str = "atlas-edition";

/// The edition's passage index, which stands in for `/api/search`.
pub const SEARCH_INDEX: &str = "/api/search-index.json";

/// The file of the static edition that answers the API read `target` (a path
/// with an optional query): the path without its query, plus `.json`; a path
/// that names a `.json` file already (the search index) is that file.
///
/// ```
/// use atlas_model::static_edition::file_of;
/// assert_eq!(file_of("/collections"), "/collections.json");
/// assert_eq!(file_of("/collections/ports/items?limit=10000"), "/collections/ports/items.json");
/// assert_eq!(file_of("/api/stories/six-steps"), "/api/stories/six-steps.json");
/// ```
pub fn file_of(target: &str) -> String {
    let path = target.split(['?', '#']).next().unwrap_or(target);
    let path = path.trim_end_matches('/');
    if path.ends_with(".json") {
        path.to_string()
    } else {
        format!("{path}.json")
    }
}

/// Whether `path` is an API read the edition holds as a file (and not one of
/// the app's own files, which keep their names).
pub fn is_api_read(path: &str) -> bool {
    path == "/collections" || path.starts_with("/collections/") || path.starts_with("/api/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layer_is_one_file_whatever_page_the_app_asks_for() {
        assert_eq!(
            file_of("/collections/cities/items?limit=10000&offset=0"),
            "/collections/cities/items.json"
        );
        assert_eq!(file_of("/api/basemap/seas"), "/api/basemap/seas.json");
        assert_eq!(file_of("/api/config"), "/api/config.json");
    }

    #[test]
    fn a_file_of_the_edition_is_itself() {
        assert_eq!(file_of(SEARCH_INDEX), SEARCH_INDEX);
        assert_eq!(file_of(&file_of("/api/reports/r")), "/api/reports/r.json");
    }

    #[test]
    fn app_files_are_not_api_reads() {
        assert!(is_api_read("/collections"));
        assert!(is_api_read("/api/reports"));
        assert!(!is_api_read("/index.html"));
        assert!(!is_api_read("/atlas-app-0123456789abcdef.js"));
        assert!(!is_api_read("/collectionsx"));
    }
}
