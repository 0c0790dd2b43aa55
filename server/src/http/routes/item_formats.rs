//! The encodings of a layer's items besides GeoJSON and HTML: CSV and KML,
//! asked for with `f=csv` or `f=kml`, or by `Accept` when `f` is absent.
//!
//! These are downloads of a whole layer: without `limit`, every feature that
//! matches `bbox` and `datetime` is written, in id order. They are not kept in
//! the answer cache, which holds GeoJSON pages.

use super::Params;
use super::items::items_query;
use crate::AppState;
use crate::http::error::AppError;
use crate::read_model::{csv, kml, served};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// A download encoding of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    /// Comma-separated values, one row per feature.
    Csv,
    /// Keyhole Markup Language, one Placemark per feature.
    Kml,
}

impl Download {
    fn media_type(self) -> &'static str {
        match self {
            Download::Csv => csv::CSV,
            Download::Kml => kml::KML,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Download::Csv => "csv",
            Download::Kml => "kml",
        }
    }
}

/// The values of `f` that name a download.
pub const DOWNLOAD_FORMATS: [&str; 2] = ["csv", "kml"];

/// The download `f` or, without `f`, `Accept` asks for; `None` for GeoJSON or HTML.
pub fn requested(f: Option<&str>, headers: &HeaderMap) -> Option<Download> {
    match f {
        Some("csv") => Some(Download::Csv),
        Some("kml") => Some(Download::Kml),
        Some(_) => None,
        None => headers.get(header::ACCEPT).and_then(preferred),
    }
}

/// Whether `accept` may prefer a download: a cheap test, for answers kept before routing.
pub fn may_prefer_download(accept: &HeaderValue) -> bool {
    let bytes = accept.as_bytes();
    bytes
        .windows(8)
        .any(|w| w.eq_ignore_ascii_case(b"text/csv"))
        || bytes.windows(3).any(|w| w.eq_ignore_ascii_case(b"kml"))
}

/// The download `accept` prefers to GeoJSON: the media type with the highest
/// `q` among GeoJSON, JSON, CSV and KML, the first listed among equals.
fn preferred(accept: &HeaderValue) -> Option<Download> {
    let text = accept.to_str().ok()?;
    let mut best: Option<(f32, Option<Download>)> = None;
    for range in text.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let choice = match media.as_str() {
            "text/csv" => Some(Download::Csv),
            kml::KML => Some(Download::Kml),
            "application/geo+json" | "application/json" | "*/*" => None,
            _ => continue,
        };
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q > 0.0 && best.is_none_or(|(top, _)| q > top) {
            best = Some((q, choice));
        }
    }
    best.and_then(|(_, choice)| choice)
}

/// The features of collection `id` matching `params`, as `download`.
pub async fn answer(
    state: &AppState,
    id: &str,
    params: &Params,
    download: Download,
) -> Result<Response, AppError> {
    let mut query = items_query(params)?;
    if params.get("limit")?.is_none() {
        query.limit = i64::MAX;
    }
    let Some(index) = state.spatial.collection(&*state.store, id).await? else {
        return Err(AppError::not_found(format!("collection {id}")));
    };
    let Some(collection) = state.collections.one(&*state.store, id).await? else {
        return Err(AppError::not_found(format!("collection {id}")));
    };
    let mut documents = Vec::new();
    index.write_page(&query, &mut documents);
    let features = served::parse_documents(&documents)?;
    let body = match download {
        Download::Csv => csv::write(&features),
        Download::Kml => kml::write(&collection.title, &collection.description, &features),
    };
    // A slug needs no quoting or escaping in a header.
    let disposition = format!("attachment; filename=\"{id}.{}\"", download.extension());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(download.media_type()),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .map_err(|e| AppError::Internal(format!("content-disposition: {e}")))?,
            ),
            (header::VARY, HeaderValue::from_static("accept")),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &'static str) -> Option<Download> {
        preferred(&HeaderValue::from_static(value))
    }

    #[test]
    fn accept_chooses_the_highest_q_among_the_encodings_offered() {
        assert_eq!(accept("text/csv"), Some(Download::Csv));
        assert_eq!(accept(kml::KML), Some(Download::Kml));
        assert_eq!(accept("application/geo+json, text/csv"), None);
        assert_eq!(
            accept("application/geo+json;q=0.5, text/csv"),
            Some(Download::Csv)
        );
        assert_eq!(accept("text/csv;q=0, */*"), None);
        assert_eq!(accept("text/html"), None);
    }
}
