//! Files served whole (the app's build, the basemap), read once and compressed
//! once, and read again only when they change on disk.
//!
//! The compression layer compresses every answer as it goes out: 20-35 ms of a
//! core for the 860 kB wasm and about 60 ms for the 760 kB countries basemap,
//! on every page load, while the browser waits for both to draw the map. Here
//! each file is compressed once, in the background, at the highest quality
//! (a reader on a slow network waits for the basemap's bytes, and a file
//! changes seldom), and the first requests are
//! compressed by the layer as before until that is done. A file compressed
//! ahead of time (`name.br`, `name.gz` beside it, no older than it: the app's
//! build writes them at the highest quality) is taken as it is.

use super::compressed::CompressedBody;
use super::content_coding::{Coding, Effort};
use axum::body::Bytes;
use axum::http::HeaderValue;
use axum::response::Response;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// More files than the server has: past this the cache starts over, so files
/// renamed under a running server (each build's app) cannot grow it for ever.
const MAX_FILES: usize = 64;

/// The files read so far; cheap to clone (all clones share them).
#[derive(Debug, Clone, Default)]
pub struct CompressedFiles {
    files: Arc<Mutex<HashMap<PathBuf, Arc<CompressedFile>>>>,
}

/// One file's bytes, compressed once, and their weak ETag.
#[derive(Debug)]
pub struct CompressedFile {
    body: Arc<CompressedBody>,
    tag: HeaderValue,
    /// Modification time and length when read: a change to either means a new file.
    stamp: (Option<SystemTime>, u64),
}

impl CompressedFiles {
    /// The file at `path`, read now if it is new or has changed since it was read.
    pub async fn read(&self, path: &Path) -> std::io::Result<Arc<CompressedFile>> {
        let meta = tokio::fs::metadata(path).await?;
        let stamp = (meta.modified().ok(), meta.len());
        if let Some(file) = self.lock().get(path).filter(|f| f.stamp == stamp) {
            return Ok(file.clone());
        }
        let plain = Bytes::from(tokio::fs::read(path).await?);
        let file = Arc::new(CompressedFile {
            tag: crate::http::etag::weak_tag_of(&plain),
            body: Arc::new(CompressedBody::new(plain, Effort::File)),
            stamp,
        });
        for coding in Coding::ALL {
            if let Some(body) = compressed_beside(path, coding, stamp.0).await {
                file.body.offer(coding, body);
            }
        }
        {
            let mut files = self.lock();
            if files.len() >= MAX_FILES {
                files.clear();
            }
            files.insert(path.to_path_buf(), file.clone());
        }
        // Every file at once: they are few, and each is compressed only once.
        if file.body.incomplete() {
            let body = Arc::clone(&file.body);
            drop(tokio::task::spawn_blocking(move || body.encode()));
        }
        Ok(file)
    }

    /// How many compressed bodies of the file at `path` are ready (0 to 2).
    pub fn compressed(&self, path: &Path) -> usize {
        self.lock().get(path).map_or(0, |file| file.body.ready())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<CompressedFile>>> {
        self.files.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The bytes of `path` compressed in `coding` ahead of time, from the file
/// beside it, if there is one no older than the plain file (`modified`).
async fn compressed_beside(
    path: &Path,
    coding: Coding,
    modified: Option<SystemTime>,
) -> Option<Bytes> {
    let mut name = path.file_name()?.to_os_string();
    name.push(".");
    name.push(coding.file_extension());
    let beside = path.with_file_name(name);
    let meta = tokio::fs::metadata(&beside).await.ok()?;
    if meta.modified().ok()? < modified? {
        return None;
    }
    tokio::fs::read(&beside).await.ok().map(Bytes::from)
}

impl CompressedFile {
    /// An answer with the body in the coding `accept_encoding` prefers, once ready.
    pub fn response_for(&self, accept_encoding: Option<&HeaderValue>) -> Response {
        self.body.response_for(accept_encoding)
    }

    /// The weak ETag of the plain bytes, the same whatever the coding.
    pub fn tag(&self) -> &HeaderValue {
        &self.tag
    }
}
