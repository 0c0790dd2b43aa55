//! Weak ETags and conditional GETs for every JSON answer, in one middleware.
//!
//! Weak because one tag covers both the gzip and the identity encoding of an answer.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Adds an ETag and `Cache-Control: no-cache` to successful JSON answers to
/// GET and HEAD, and answers `304 Not Modified` when `If-None-Match` matches.
///
/// The tag is a hash of the uncompressed body, so it must run inside the
/// compression layer. Answers are small enough (the largest is the basemap,
/// well under a megabyte) that buffering them to hash is cheap.
pub async fn etag(request: Request, next: Next) -> Response {
    let conditional = matches!(*request.method(), Method::GET | Method::HEAD);
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    if !conditional || response.status() != StatusCode::OK || !is_json(response.headers()) {
        return response;
    }
    // A cached answer carries the tag it was hashed to once: no need to buffer it.
    if let Some(tag_value) = response.headers().get(header::ETAG).cloned() {
        let tag = tag_value.to_str().unwrap_or("");
        let tag = tag.strip_prefix("W/").unwrap_or(tag).to_string();
        return conditional_answer(response, tag_value, &tag, if_none_match.as_ref());
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => {
            return crate::error::AppError::Internal(format!("buffering a body: {error}"))
                .into_response();
        }
    };
    let tag = strong_tag_of(&bytes);
    let tag_value = weak_tag_of(&bytes);
    parts.headers.insert(header::ETAG, tag_value.clone());
    conditional_answer(
        Response::from_parts(parts, Body::from(bytes)),
        tag_value,
        &tag,
        if_none_match.as_ref(),
    )
}

/// `response` with `Cache-Control: no-cache`, or a bodiless 304 if `If-None-Match` names `tag`.
fn conditional_answer(
    mut response: Response,
    tag_value: HeaderValue,
    tag: &str,
    if_none_match: Option<&HeaderValue>,
) -> Response {
    let cache_control = HeaderValue::from_static("no-cache");
    if if_none_match.is_some_and(|v| matches_tag(v, tag)) {
        let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
        not_modified.headers_mut().insert(header::ETAG, tag_value);
        not_modified
            .headers_mut()
            .insert(header::CACHE_CONTROL, cache_control);
        return not_modified;
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, cache_control);
    response
}

/// The opaque tag of a body: its FNV-1a hash in quotes, as in `"00ff00ff00ff00ff"`.
fn strong_tag_of(bytes: &[u8]) -> String {
    format!("\"{:016x}\"", fnv1a64(bytes))
}

/// The weak `ETag` header value of a body, as this middleware would set it.
pub fn weak_tag_of(bytes: &[u8]) -> HeaderValue {
    // Hex digits in quotes are always a valid header value.
    HeaderValue::from_str(&format!("W/{}", strong_tag_of(bytes)))
        .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            let essence = t.split(';').next().unwrap_or("").trim();
            essence == "application/json" || essence.ends_with("+json")
        })
}

/// Whether an `If-None-Match` list names `tag` (weak comparison, as RFC 9110 asks for GET).
fn matches_tag(header: &HeaderValue, tag: &str) -> bool {
    let Ok(list) = header.to_str() else {
        return false;
    };
    list.split(',').map(str::trim).any(|candidate| {
        candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == tag
    })
}

/// FNV-1a, 64 bits: tiny, and stable across Rust versions, unlike `DefaultHasher`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_published_test_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn if_none_match_lists_and_weak_tags_match() {
        let tag = "\"00ff\"";
        assert!(matches_tag(
            &HeaderValue::from_static("\"aa\", \"00ff\""),
            tag
        ));
        assert!(matches_tag(&HeaderValue::from_static("W/\"00ff\""), tag));
        assert!(matches_tag(&HeaderValue::from_static("*"), tag));
        assert!(!matches_tag(&HeaderValue::from_static("\"00fe\""), tag));
    }
}
