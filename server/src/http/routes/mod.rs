//! HTTP resources, one file each; every file exposes `router()` and `lib.rs` merges them.

pub mod app_builds;
pub mod basemap;
pub mod collections;
pub mod config;
pub mod conformance;
pub mod editor_page;
pub mod history;
pub mod html;
pub mod import;
pub mod item_formats;
pub mod item_writes;
pub mod items;
pub mod landing;
pub mod openapi;
pub mod openapi_accounts;
pub mod openapi_files;
pub mod openapi_stories;
pub mod openapi_writes;
pub mod present_page;
pub mod reports;
pub mod search;
pub mod service_worker;
pub mod session;
pub mod static_files;
pub mod stories;
pub mod story_history;
pub mod story_page;
pub mod story_writes;
pub mod users;

use crate::http::error::AppError;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The media type of GeoJSON answers.
pub const GEO_JSON: &str = "application/geo+json";
/// The media type of other JSON answers.
pub const JSON: &str = "application/json";

/// `value` as a JSON answer of media type `content_type`.
///
/// The ETag middleware hashes whatever this returns, so handlers need not.
pub fn json_response<T: Serialize>(
    content_type: &'static str,
    value: &T,
) -> Result<Response, AppError> {
    let body = serde_json::to_vec(value)?;
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response())
}

/// The encoding a client asked for with `f`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON, or GeoJSON for features: the default.
    Json,
    /// A plain HTML page (see [`html`]).
    Html,
}

/// Query parameters in the order given, parsed leniently so that every refusal
/// can name its parameter (axum's own `Query` rejection would not).
#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parses a raw query string; `None` means no query at all.
    pub fn parse(raw: Option<&str>) -> Params {
        let pairs = raw.map_or_else(Vec::new, |q| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(q).unwrap_or_default()
        });
        Params(pairs)
    }

    /// Refuses the first parameter whose name is not in `known`, naming it:
    /// OGC API - Features answers 400 to a parameter it does not define.
    pub fn only(&self, known: &[&str]) -> Result<(), AppError> {
        match self
            .0
            .iter()
            .find(|(name, _)| !known.contains(&name.as_str()))
        {
            None => Ok(()),
            Some((name, _)) => Err(AppError::bad_param(
                name,
                format!(
                    "is not a parameter of this resource, which reads {}",
                    known.join(", ")
                ),
            )),
        }
    }

    /// The `limit` parameter: an integer from 1 to `max`, or `default` when it is absent.
    pub fn limit(&self, default: i64, max: i64) -> Result<i64, AppError> {
        match self.get("limit")? {
            None => Ok(default),
            Some(text) => match text.trim().parse::<i64>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(AppError::bad_param(
                    "limit",
                    format!("must be an integer from 1 to {max}"),
                )),
            },
        }
    }

    /// The value of `name`, refusing it when given more than once.
    pub fn get(&self, name: &str) -> Result<Option<&str>, AppError> {
        let mut values = self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
        match (values.next(), values.next()) {
            (Some(_), Some(_)) => Err(AppError::bad_param(name, "is given more than once")),
            (value, _) => Ok(value.map(String::as_str)),
        }
    }

    /// Reads `f` for the OGC API resources, which offer JSON (the default) and HTML.
    pub fn format(&self) -> Result<Format, AppError> {
        match self.get("f")? {
            None | Some("json" | "geojson") => Ok(Format::Json),
            Some("html") => Ok(Format::Html),
            Some(_) => Err(AppError::bad_param("f", "must be `json` or `html`")),
        }
    }

    /// [`Params::format`] for a resource that also offers the encodings
    /// `others` (answered elsewhere), which the refusal names.
    pub fn format_or(&self, others: &[&str]) -> Result<Format, AppError> {
        self.format().map_err(|error| match error {
            AppError::BadParam { name, .. } if name == "f" => AppError::bad_param(
                "f",
                format!("must be `json`, `html` or `{}`", others.join("` or `")),
            ),
            other => other,
        })
    }

    /// Checks `f` where JSON is the only encoding offered (search).
    pub fn require_json(&self) -> Result<(), AppError> {
        match self.get("f")? {
            None | Some("json" | "geojson") => Ok(()),
            Some(_) => Err(AppError::bad_param("f", "only `json` is offered")),
        }
    }
}

/// Whether `path` belongs to the API, where unknown routes are 404 problems
/// rather than the app's client-side routes.
pub fn is_api_path(path: &str) -> bool {
    ["/collections", "/api", "/conformance"]
        .iter()
        .any(|prefix| match path.strip_prefix(prefix) {
            Some(rest) => rest.is_empty() || rest.starts_with('/'),
            None => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_prefixes_match_whole_segments_only() {
        assert!(is_api_path("/collections"));
        assert!(is_api_path("/api/nothing"));
        assert!(is_api_path("/conformance/x"));
        assert!(!is_api_path("/apiary"));
        assert!(!is_api_path("/some/deep/link"));
    }

    #[test]
    fn repeated_parameters_are_refused_by_name() {
        let params = Params::parse(Some("limit=1&limit=2&bbox=1%2C2"));
        assert!(
            matches!(params.get("limit"), Err(AppError::BadParam { name, .. }) if name == "limit")
        );
        assert_eq!(params.get("bbox").ok().flatten(), Some("1,2"));
    }

    #[test]
    fn a_parameter_not_known_is_refused_by_name() {
        let params = Params::parse(Some("limit=1&colour=red"));
        assert!(params.only(&["limit", "colour"]).is_ok());
        assert!(
            matches!(params.only(&["limit"]), Err(AppError::BadParam { name, .. }) if name == "colour")
        );
    }
}
