//! ETags and conditional GETs for every JSON answer.
//!
//! A handler that knows what its answer derives from sets a strong tag (a
//! feature's revision, a collection's revisions); every other JSON answer gets
//! a weak tag, a hash of its body, which covers every coding of it. A strong
//! tag names one representation, so a body compressed in a coding carries the
//! tag with the coding added (`"r0000000000000002-br"`, as Apache does);
//! `If-None-Match` matches a tag with or without its coding.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Adds an ETag to every successful answer to GET and HEAD, and answers
/// `304 Not Modified` when `If-None-Match` matches, with the `Cache-Control`
/// the 200 would have had (`cache_policy`, inside this layer, set it).
///
/// The tag is a hash of the uncompressed body, so it must run inside the
/// compression layer; answers already compressed (the app's files, the
/// basemap) carry the tag of their plain bytes. Answers are small enough (the
/// largest is the basemap, well under a megabyte) that buffering them to hash
/// is cheap.
pub async fn etag(request: Request, next: Next) -> Response {
    let conditional = matches!(*request.method(), Method::GET | Method::HEAD);
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    if !conditional || response.status() != StatusCode::OK || is_not_stored(response.headers()) {
        return response;
    }
    // A cached answer carries the tag it was hashed to once: no need to buffer it.
    if let Some(tag_value) = response.headers().get(header::ETAG).cloned() {
        return conditional_answer(response, tag_value, if_none_match.as_ref());
    }
    if response.headers().contains_key(header::CONTENT_ENCODING) {
        // Compressed bytes would give each coding its own tag; their route tags the plain bytes.
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => {
            return crate::http::error::AppError::Internal(format!("buffering a body: {error}"))
                .into_response();
        }
    };
    // One pass over the body: a page of a thousand features is 400 kB.
    let tag = strong_tag_of(&bytes);
    let tag_value = weak_tag_value(&tag);
    parts.headers.insert(header::ETAG, tag_value.clone());
    conditional_answer(
        Response::from_parts(parts, Body::from(bytes)),
        tag_value,
        if_none_match.as_ref(),
    )
}

/// `response`, or a bodiless 304 if `If-None-Match` names its tag
/// `tag_value`, carrying what the 200 says of its caching and representation
/// ([`copy_revalidation_headers`]) and the `Vary` the compressed 200 would
/// have sent (RFC 9110, 15.4.5), as the answer cache's 304s do.
fn conditional_answer(
    response: Response,
    tag_value: HeaderValue,
    if_none_match: Option<&HeaderValue>,
) -> Response {
    let tag = opaque_tag(&tag_value);
    let Some(coding) = if_none_match.and_then(|v| named_coding(v, tag)) else {
        return response;
    };
    let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
    if crate::http::security::is_page_or_script(response.headers()) {
        not_modified
            .extensions_mut()
            .insert(crate::http::security::RevalidatesAPage);
    }
    let headers = not_modified.headers_mut();
    headers.insert(header::ETAG, tag_in(&tag_value, coding));
    copy_revalidation_headers(response.headers(), headers);
    if !varies_by_coding(headers) {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    not_modified
}

/// The headers of a 200 its 304 repeats: what caches keep (RFC 9110,
/// 15.4.5: `Cache-Control`, `Content-Location`, `Expires`, `Vary`) and the
/// CRS its coordinates are in (`Content-Crs`), which is the same for both.
const REVALIDATION_HEADERS: [HeaderName; 5] = [
    header::CACHE_CONTROL,
    header::CONTENT_LOCATION,
    header::EXPIRES,
    header::VARY,
    crate::http::routes::items::CONTENT_CRS,
];

/// Appends to `to` the headers of `from` (a 200) that its 304 repeats
/// ([`REVALIDATION_HEADERS`]), every value of each.
fn copy_revalidation_headers(from: &HeaderMap, to: &mut HeaderMap) {
    for (name, value) in from {
        if REVALIDATION_HEADERS.contains(name) {
            to.append(name, value.clone());
        }
    }
}

/// Whether `headers` say `Vary: accept-encoding` already.
fn varies_by_coding(headers: &HeaderMap) -> bool {
    headers.get_all(header::VARY).iter().any(|value| {
        value
            .as_bytes()
            .split(|b| *b == b',')
            .any(|field| field.trim_ascii().eq_ignore_ascii_case(b"accept-encoding"))
    })
}

/// Adds the coding to the strong `ETag` of an answer the compression layer
/// compressed; runs outside it.
pub async fn tag_codings(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let coded = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|coding| coding.to_str().ok())
        .zip(headers.get(header::ETAG))
        .map(|(coding, tag)| for_coding(tag, coding));
    if let Some(tag) = coded {
        headers.insert(header::ETAG, tag);
    }
    response
}

/// The `ETag` of `tag`'s answer compressed in `coding`: a strong tag with the
/// coding added; a weak tag, which covers every coding, as it is.
pub fn for_coding(tag: &HeaderValue, coding: &str) -> HeaderValue {
    let Ok(text) = tag.to_str() else {
        return tag.clone();
    };
    match text.strip_suffix('"') {
        Some(open) if !text.starts_with("W/") && !open.ends_with(&format!("-{coding}")) => {
            HeaderValue::from_str(&format!("{open}-{coding}\"")).unwrap_or_else(|_| tag.clone())
        }
        _ => tag.clone(),
    }
}

/// What a cached API read carries besides its `ETag`, 200 or 304: the API
/// reads' `Cache-Control`, and the `Vary` of a compressed answer.
pub fn add_revalidation_headers(headers: &mut HeaderMap) {
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(crate::http::cache_policy::API_READ),
    );
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
}

/// Whether an answer says `Cache-Control: no-store` (a signed-in account's
/// answers): it is for this one request, so it gets no tag to revalidate with.
fn is_not_stored(headers: &HeaderMap) -> bool {
    headers
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("no-store"))
}

/// A strong `ETag` of a kind (`c` for a collection's pages, `r` for a feature's
/// revision) and a number: `"c00ff00ff00ff00ff"`.
pub fn strong_tag(kind: char, value: u64) -> HeaderValue {
    // Hex digits in quotes are always a valid header value.
    HeaderValue::from_str(&format!("\"{kind}{value:016x}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

/// A feature's strong `ETag`, from its revision alone: what `If-Match` names.
pub fn revision_tag(revision: i64) -> HeaderValue {
    strong_tag('r', u64::try_from(revision).unwrap_or(0))
}

/// The revision a strong tag from [`revision_tag`] names, with or without the
/// coding a compressed answer added (`"r…-br"`); `None` for any other tag.
pub fn revision_of_tag(tag: &str) -> Option<i64> {
    let opaque = tag.trim().strip_prefix('"')?.strip_suffix('"')?;
    let opaque = CODINGS
        .iter()
        .find_map(|coding| opaque.strip_suffix(&format!("-{coding}")))
        .unwrap_or(opaque);
    let hex = opaque.strip_prefix('r')?;
    if hex.len() != 16 {
        return None;
    }
    u64::from_str_radix(hex, 16)
        .ok()
        .and_then(|r| i64::try_from(r).ok())
}

/// Whether the `If-Match` candidate `candidate` names the strong tag `tag`
/// (as in `"s00ff00ff00ff00ff"`), with or without the coding a compressed
/// answer added (`"s…-br"`); a weak candidate never does.
pub fn names_strong_tag(candidate: &str, tag: &str) -> bool {
    let (Some(candidate), Some(tag)) = (
        candidate
            .trim()
            .strip_prefix('"')
            .and_then(|c| c.strip_suffix('"')),
        tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')),
    ) else {
        return false;
    };
    let opaque = CODINGS
        .iter()
        .find_map(|coding| candidate.strip_suffix(&format!("-{coding}")))
        .unwrap_or(candidate);
    opaque == tag
}

/// The opaque tag of a body: its [`body_hash`] in quotes, as in `"00ff00ff00ff00ff"`.
fn strong_tag_of(bytes: &[u8]) -> String {
    format!("\"{:016x}\"", body_hash(bytes))
}

/// The weak `ETag` header value of a body, as this middleware would set it.
pub fn weak_tag_of(bytes: &[u8]) -> HeaderValue {
    weak_tag_value(&strong_tag_of(bytes))
}

/// The weak `ETag` header value of a strong tag.
fn weak_tag_value(strong: &str) -> HeaderValue {
    // Hex digits in quotes are always a valid header value.
    HeaderValue::from_str(&format!("W/{strong}"))
        .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""))
}

/// The tag a 304 carries when an `If-None-Match` list names the `ETag`
/// header value `etag` (`W/"..."` or `"..."`), by weak comparison: the one
/// the client holds, with its coding if it names one; `None` when it names
/// none.
pub fn names_tag(if_none_match: &HeaderValue, etag: &HeaderValue) -> Option<HeaderValue> {
    named_coding(if_none_match, opaque_tag(etag)).map(|coding| tag_in(etag, coding))
}

/// The tag `etag` without its weak prefix `W/`, as [`named_coding`] compares it.
pub fn opaque_tag(etag: &HeaderValue) -> &[u8] {
    let bytes = etag.as_bytes();
    bytes.strip_prefix(b"W/").unwrap_or(bytes)
}

/// Whether an `If-None-Match` list names `tag` (a tag without `W/`), by
/// weak comparison: `Some(None)` for the tag itself (or `*`),
/// `Some(Some(coding))` for it compressed in `coding` (`"hash-br"` names
/// `"hash"` in br), `None` when no entry names it.
pub fn named_coding(if_none_match: &HeaderValue, tag: &[u8]) -> Option<Option<&'static str>> {
    // Compared as bytes, piece by piece: no string is checked or built.
    let tag_open = tag.strip_suffix(b"\"");
    if_none_match
        .as_bytes()
        .split(|b| *b == b',')
        .map(<[u8]>::trim_ascii)
        .find_map(|candidate| {
            let opaque = candidate.strip_prefix(b"W/").unwrap_or(candidate);
            if candidate == b"*" || opaque == tag {
                return Some(None);
            }
            let open = opaque.strip_suffix(b"\"")?;
            CODINGS
                .iter()
                .find(|coding| {
                    open.strip_suffix(coding.as_bytes())
                        .and_then(|open| open.strip_suffix(b"-"))
                        .is_some_and(|open| tag_open == Some(open))
                })
                .map(|coding| Some(*coding))
        })
}

/// `etag` as a 304 names it: itself, or with `coding` added ([`for_coding`]).
fn tag_in(etag: &HeaderValue, coding: Option<&str>) -> HeaderValue {
    coding.map_or_else(|| etag.clone(), |coding| for_coding(etag, coding))
}

/// The codings a strong tag may name.
const CODINGS: [&str; 2] = ["br", "gzip"];

/// The hash an ETag is made of: FNV-1a over 8-byte words, then a final mix.
///
/// Byte-wise FNV-1a took a tenth of a box query's time on a 400 kB page; a
/// word at a time is eight times fewer steps. Each step is a bijection of the
/// state, so changing any one word always changes the hash. Stable across
/// Rust versions and processes, unlike `DefaultHasher`: a restarted server
/// gives the same tags.
pub fn body_hash(bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut words = bytes.chunks_exact(8);
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ bytes.len() as u64;
    for word in &mut words {
        let mut le = [0u8; 8];
        le.copy_from_slice(word);
        hash = (hash ^ u64::from_le_bytes(le)).wrapping_mul(PRIME);
    }
    hash = words
        .remainder()
        .iter()
        .fold(hash, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(PRIME));
    // Multiplication carries a word's high bits only upwards: mix the top
    // half back down so that every input bit can reach every output bit.
    hash ^= hash >> 32;
    hash = hash.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    hash ^ (hash >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_hash_sees_every_byte_and_the_length() {
        let page = b"{\"type\":\"FeatureCollection\",\"features\":[]}".to_vec();
        let base = body_hash(&page);
        for i in 0..page.len() {
            let mut changed = page.clone();
            changed[i] ^= 0x80;
            assert_ne!(body_hash(&changed), base, "byte {i}");
        }
        assert_ne!(body_hash(&page[..page.len() - 1]), base);
        assert_ne!(body_hash(b""), body_hash(b"\0"));
        assert_eq!(body_hash(&page), base, "the same body, the same hash");
    }

    fn names(list: &'static str, etag: &'static str) -> Option<String> {
        names_tag(
            &HeaderValue::from_static(list),
            &HeaderValue::from_static(etag),
        )
        .map(|v| v.to_str().unwrap_or("").to_string())
    }

    #[test]
    fn if_none_match_lists_and_weak_tags_match() {
        let tag = "W/\"00ff\"";
        assert_eq!(names("\"aa\", \"00ff\"", tag).as_deref(), Some(tag));
        assert_eq!(names("W/\"00ff\"", tag).as_deref(), Some(tag));
        assert_eq!(names("*", tag).as_deref(), Some(tag));
        assert_eq!(names("\"00fe\"", tag), None);
    }

    #[test]
    fn a_revision_tag_reads_back_with_or_without_its_coding_and_weak_ones_do_not() {
        let tag = revision_tag(42);
        let text = tag.to_str().expect("ascii");
        assert_eq!(revision_of_tag(text), Some(42));
        let coded = for_coding(&tag, "br");
        assert_eq!(revision_of_tag(coded.to_str().expect("ascii")), Some(42));
        assert_eq!(revision_of_tag(&format!("W/{text}")), None);
        assert_eq!(revision_of_tag("\"c000000000000002a\""), None);
        assert_eq!(revision_of_tag("\"r2a\""), None);
    }

    #[test]
    fn a_strong_tag_names_its_coding_and_matches_with_or_without_it() {
        let tag = "\"r01\"";
        assert_eq!(
            for_coding(&HeaderValue::from_static(tag), "br"),
            "\"r01-br\""
        );
        assert_eq!(
            for_coding(&HeaderValue::from_static("W/\"01\""), "br"),
            "W/\"01\""
        );
        assert_eq!(names("\"r01-gzip\"", tag).as_deref(), Some("\"r01-gzip\""));
        assert_eq!(names("\"r01\"", tag).as_deref(), Some(tag));
        assert_eq!(names("\"r02-br\"", tag), None);
        assert_eq!(names("\"r01-zstd\"", tag), None);
    }
}
