//! What every write reads before it reaches the store: its body (media type,
//! size, JSON) and its `If-Match` lock. Each refusal is its own status: 415,
//! 413, 400 and 428.

use crate::http::error::AppError;
use crate::http::etag::{names_strong_tag, revision_of_tag};
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, header};
use serde_json::Value;

/// The most bytes of a write's body read: a feature with a detailed coastline
/// fits many times over; anything longer is refused with 413.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The media type of a JSON Merge Patch (RFC 7396).
pub const MERGE_PATCH_JSON: &str = "application/merge-patch+json";

/// The media types a feature's body may have (POST, PUT).
pub const FEATURE_TYPES: [&str; 2] = ["application/geo+json", "application/json"];

/// The media types a PATCH body may have: a merge patch, as such or as JSON.
pub const PATCH_TYPES: [&str; 3] = [MERGE_PATCH_JSON, "application/geo+json", "application/json"];

/// The body of a write as JSON, if its media type is one of `accepted`, it
/// is at most [`MAX_BODY_BYTES`] long and it parses.
pub async fn read_json(
    headers: &HeaderMap,
    body: Body,
    accepted: &'static [&'static str],
    described: &'static str,
) -> Result<Value, AppError> {
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    if !essence.is_some_and(|essence| accepted.contains(&essence.as_str())) {
        return Err(AppError::UnsupportedMediaType {
            expected: described,
        });
    }
    let too_large = AppError::PayloadTooLarge {
        limit: MAX_BODY_BYTES,
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Err(too_large);
    }
    // The limit also holds for a body sent in chunks, without a length.
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| too_large)?;
    serde_json::from_slice(&bytes).map_err(|e| AppError::BadBody {
        field: "body".into(),
        reason: format!("is not JSON: {e}"),
    })
}

/// The versions an `If-Match` header names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    /// `*`: whatever version is current.
    Any,
    /// The revisions of the strong tags listed; a tag of another shape
    /// (weak, or not a feature's) names none and never matches.
    Revisions(Vec<i64>),
}

impl IfMatch {
    /// Reads `If-Match`; a write without it is refused with 428.
    pub fn read(headers: &HeaderMap) -> Result<IfMatch, AppError> {
        let mut values = headers.get_all(header::IF_MATCH).iter().peekable();
        if values.peek().is_none() {
            return Err(AppError::PreconditionRequired);
        }
        let mut revisions = Vec::new();
        for value in values {
            let text = value.to_str().unwrap_or("");
            for tag in text.split(',').map(str::trim) {
                if tag == "*" {
                    return Ok(IfMatch::Any);
                }
                revisions.extend(revision_of_tag(tag));
            }
        }
        Ok(IfMatch::Revisions(revisions))
    }

    /// The revision the write is made against, given the `current` one (the
    /// store checks it again, atomically): `current` when the header names
    /// it, else a revision the header names, which the store refuses as stale.
    pub fn expected(&self, current: Option<i64>) -> Option<i64> {
        match self {
            IfMatch::Any => current,
            IfMatch::Revisions(revisions) => match current {
                Some(current) if revisions.contains(&current) => Some(current),
                // No revision is negative: this one never matches.
                _ => Some(revisions.first().copied().unwrap_or(-1)),
            },
        }
    }
}

/// Whether `If-Match` names `current`, the strong tag the resource's `GET`
/// sends now (or is `*` and there is a current version); a write without
/// `If-Match` is refused with 428. For resources tagged by content rather
/// than by revision, such as stories.
pub fn if_match_names(
    headers: &HeaderMap,
    current: Option<&HeaderValue>,
) -> Result<bool, AppError> {
    let mut values = headers.get_all(header::IF_MATCH).iter().peekable();
    if values.peek().is_none() {
        return Err(AppError::PreconditionRequired);
    }
    let Some(current) = current.and_then(|tag| tag.to_str().ok()) else {
        return Ok(false);
    };
    Ok(values
        .flat_map(|value| value.to_str().unwrap_or("").split(','))
        .any(|tag| tag.trim() == "*" || names_strong_tag(tag, current)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::etag::revision_tag;
    use axum::http::HeaderValue;

    fn headers(if_match: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = if_match {
            headers.insert(
                header::IF_MATCH,
                HeaderValue::from_str(value).expect("a header value"),
            );
        }
        headers
    }

    #[test]
    fn a_content_tag_matches_with_or_without_its_coding_but_not_weak() {
        let current = HeaderValue::from_static("\"s00000000000000ab\"");
        assert!(matches!(
            if_match_names(&headers(None), Some(&current)),
            Err(AppError::PreconditionRequired)
        ));
        let names = |value: &str| if_match_names(&headers(Some(value)), Some(&current)).ok();
        assert_eq!(names("\"s00000000000000ab\""), Some(true));
        assert_eq!(names("\"x\", \"s00000000000000ab-br\""), Some(true));
        assert_eq!(names("*"), Some(true));
        assert_eq!(names("W/\"s00000000000000ab\""), Some(false));
        assert_eq!(names("\"s00000000000000ac\""), Some(false));
        let none = if_match_names(&headers(Some("*")), None).ok();
        assert_eq!(none, Some(false));
    }

    #[test]
    fn no_if_match_is_refused_and_a_list_matches_the_current_revision() {
        assert!(matches!(
            IfMatch::read(&headers(None)),
            Err(AppError::PreconditionRequired)
        ));
        let three = revision_tag(3);
        let four = revision_tag(4);
        let list = format!(
            "{}, {}",
            three.to_str().expect("ascii"),
            four.to_str().expect("ascii")
        );
        let if_match = IfMatch::read(&headers(Some(&list))).expect("reads");
        assert_eq!(if_match.expected(Some(4)), Some(4));
        assert_eq!(if_match.expected(Some(5)), Some(3));
        let weak = format!("W/{}", four.to_str().expect("ascii"));
        let weak = IfMatch::read(&headers(Some(&weak))).expect("reads");
        assert_eq!(weak.expected(Some(4)), Some(-1));
        let any = IfMatch::read(&headers(Some("*"))).expect("reads");
        assert_eq!(any.expected(Some(7)), Some(7));
    }
}
