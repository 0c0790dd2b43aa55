//! The app's fingerprinted files (`dist/<name>-<hash>.<ext>`), cached by
//! browsers for good and compressed once ([`crate::caching::compressed_files`]).
//!
//! Trunk names every file it builds by a hash of its content, so a name always
//! means the same bytes: `immutable` lets a returning reader skip the download,
//! and Chromium reuse the wasm it compiled.

use crate::caching::compressed_files::CompressedFiles;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use std::path::Path;

/// Cached for a year, and never revalidated: a new build has new names.
const FOREVER: &str = "public, max-age=31536000, immutable";

/// The answer for the file at `path` (as requested, `/name`) from `dist`, in
/// the coding `accept_encoding` prefers once that is ready; `None` when the
/// path names no fingerprinted file there.
pub async fn serve(
    files: &CompressedFiles,
    dist: &Path,
    path: &str,
    accept_encoding: Option<&HeaderValue>,
) -> Option<Response> {
    let name = path.strip_prefix('/')?;
    if !is_fingerprinted(name) {
        return None;
    }
    let file = files.read(&dist.join(name)).await.ok()?;
    let mut response = file.response_for(accept_encoding);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(name)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(FOREVER));
    // A validator all the same, for caches that revalidate what they evict early.
    headers.insert(header::ETAG, file.tag().clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    Some(response)
}

/// Whether `name` is a file name as Trunk fingerprints them: `stem-<hash>`
/// then `.ext` or `_bg.wasm`, and nothing that could leave the folder. The
/// hash is a 64-bit number in hex without leading zeros: 16 digits, now and
/// then fewer.
pub fn is_fingerprinted(name: &str) -> bool {
    let plain = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    // The `.br` and `.gz` beside a file are served as its codings, not as files.
    if !plain || name.starts_with('.') || name.ends_with(".br") || name.ends_with(".gz") {
        return false;
    }
    let Some((_, tail)) = name.rsplit_once('-') else {
        return false;
    };
    let digits = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
    let rest = &tail[digits..];
    (12..=16).contains(&digits)
        && (rest.starts_with('.') || rest.starts_with("_bg."))
        && !rest.contains("..")
}

/// The media type of an app file, by its extension.
fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("wasm") => "application/wasm",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_names_are_fingerprinted_and_others_are_not() {
        for name in [
            "atlas-app-71e92148f42e99bf_bg.wasm",
            "atlas-app-71e92148f42e99bf.js",
            "atlas-ccd1b7db59a02c33.css",
            "favicon-26008a69f365273f.svg",
            // A hash whose leading zero Trunk dropped.
            "atlas-editor-75cc4d711d8b5e9_bg.wasm",
            "atlas-ccd1b7db59a02c3.css",
        ] {
            assert!(is_fingerprinted(name), "{name}");
        }
        for name in [
            "index.html",
            "atlas-app.js",
            "atlas-xyz1b7db59a02c33.css",
            "atlas-ccd1b7db5.css",
            "atlas-ccd1b7db59a02c3300.css",
            "../atlas-ccd1b7db59a02c33.css",
            "sub/atlas-ccd1b7db59a02c33.css",
            "atlas-ccd1b7db59a02c33..css",
            ".atlas-ccd1b7db59a02c33.css",
            "atlas-ccd1b7db59a02c33",
            "atlas-app-71e92148f42e99bf_bg.wasm.br",
            "atlas-ccd1b7db59a02c33.css.gz",
            "",
        ] {
            assert!(!is_fingerprinted(name), "{name}");
        }
    }

    #[test]
    fn types_follow_the_extension() {
        assert_eq!(
            content_type("a-0123456789abcdef_bg.wasm"),
            "application/wasm"
        );
        assert_eq!(
            content_type("a-0123456789abcdef.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("a-0123456789abcdef.bin"),
            "application/octet-stream"
        );
    }
}
