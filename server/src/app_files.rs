//! The app's fingerprinted files (`dist/<name>-<hash>.<ext>`): read once,
//! compressed once, and cached by browsers for good.
//!
//! Trunk names every file it builds by a hash of its content, so a name always
//! means the same bytes. `immutable` lets a returning reader skip the download
//! (and Chromium reuse the wasm it compiled), and the server compresses each
//! file once, in the background, instead of on every request: the compression
//! layer spent 20-35 ms of a core on the 860 kB wasm for each page load, on the
//! path to the map's first render.

use crate::content_coding::{self, Coding};
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// Cached for a year, and never revalidated: a new build has new names.
const FOREVER: &str = "public, max-age=31536000, immutable";
/// More files than one build has: past this the cache starts over, so
/// rebuilds under a running server cannot grow it without bound.
const MAX_FILES: usize = 64;

/// The fingerprinted files served so far; cheap to clone (all clones share them).
#[derive(Debug, Clone, Default)]
pub struct AppFiles {
    files: Arc<Mutex<HashMap<String, Arc<AppFile>>>>,
}

/// One file: its bytes, and the same compressed in each of [`Coding::ALL`] once ready.
#[derive(Debug)]
struct AppFile {
    content_type: HeaderValue,
    plain: Bytes,
    encoded: [OnceLock<Bytes>; 2],
}

impl AppFiles {
    /// The answer for the file at `path` (as requested, `/name`) from `dist`,
    /// in the coding `accept_encoding` prefers once that is ready; `None` when
    /// the path names no fingerprinted file there.
    pub async fn serve(
        &self,
        dist: &Path,
        path: &str,
        accept_encoding: Option<&HeaderValue>,
    ) -> Option<Response> {
        let name = path.strip_prefix('/')?;
        if !is_fingerprinted(name) {
            return None;
        }
        let known = self.lock().get(name).cloned();
        let file = match known {
            Some(file) => file,
            None => self.load(dist, name).await?,
        };
        let coding = accept_encoding.and_then(content_coding::preferred);
        let ready = coding.and_then(|coding| {
            let index = Coding::ALL.iter().position(|c| *c == coding)?;
            Some((coding, file.encoded[index].get()?.clone()))
        });
        let mut response = match ready {
            Some((coding, body)) => {
                let mut response = Response::new(Body::from(body));
                response
                    .headers_mut()
                    .insert(header::CONTENT_ENCODING, coding.header_value());
                response
            }
            // Not compressed yet (or not wanted): the compression layer does it this once.
            None => Response::new(Body::from(file.plain.clone())),
        };
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, file.content_type.clone());
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(FOREVER));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        Some(response)
    }

    /// Reads `name` from `dist`, keeps it, and compresses it in the background.
    async fn load(&self, dist: &Path, name: &str) -> Option<Arc<AppFile>> {
        let plain = Bytes::from(tokio::fs::read(dist.join(name)).await.ok()?);
        let file = Arc::new(AppFile {
            content_type: HeaderValue::from_static(content_type(name)),
            plain,
            encoded: Default::default(),
        });
        {
            let mut files = self.lock();
            if files.len() >= MAX_FILES {
                files.clear();
            }
            // Two first requests may both read the file; the first one kept wins.
            if let Some(kept) = files.get(name) {
                return Some(kept.clone());
            }
            files.insert(name.to_string(), file.clone());
        }
        let encoding = file.clone();
        drop(tokio::task::spawn_blocking(move || encoding.encode()));
        Some(file)
    }

    /// How many compressed bodies of `name` are ready (0 to 2).
    pub fn compressed(&self, name: &str) -> usize {
        self.lock().get(name).map_or(0, |file| {
            file.encoded
                .iter()
                .filter(|slot| slot.get().is_some())
                .count()
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<AppFile>>> {
        self.files.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl AppFile {
    fn encode(&self) {
        for (coding, slot) in Coding::ALL.into_iter().zip(&self.encoded) {
            match coding.compress(&self.plain) {
                Ok(body) => {
                    let _ = slot.set(body);
                }
                Err(error) => {
                    tracing::warn!(%error, coding = coding.token(), "compressing an app file")
                }
            }
        }
    }
}

/// Whether `name` is a file name as Trunk fingerprints them: `stem-<16 hex digits>`
/// then `.ext` or `_bg.wasm`, and nothing that could leave the folder.
pub fn is_fingerprinted(name: &str) -> bool {
    let plain = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    if !plain || name.starts_with('.') {
        return false;
    }
    let Some((_, tail)) = name.rsplit_once('-') else {
        return false;
    };
    match (tail.get(..16), tail.get(16..)) {
        (Some(hash), Some(rest)) => {
            hash.bytes().all(|b| b.is_ascii_hexdigit())
                && (rest.starts_with('.') || rest.starts_with("_bg."))
                && !rest.contains("..")
        }
        _ => false,
    }
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
        ] {
            assert!(is_fingerprinted(name), "{name}");
        }
        for name in [
            "index.html",
            "atlas-app.js",
            "atlas-xyz1b7db59a02c33.css",
            "atlas-ccd1b7db59a02c3.css",
            "../atlas-ccd1b7db59a02c33.css",
            "sub/atlas-ccd1b7db59a02c33.css",
            "atlas-ccd1b7db59a02c33..css",
            ".atlas-ccd1b7db59a02c33.css",
            "atlas-ccd1b7db59a02c33",
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
