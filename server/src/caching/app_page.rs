//! The reader's page as most visits ask for it (no feature chosen by the
//! query, not embedded), written once per version of the data and of the
//! build's `index.html`, and compressed once in the background at the highest
//! quality, as the app's own files are.
//!
//! A first visit on a slow network waits for this page before anything else,
//! and its bytes share the link with the app's, so it goes out as small as
//! brotli makes it rather than at the compression layer's quick quality. The
//! first requests after a change are compressed by the layer until that is done.

use super::compressed::{CompressedBody, Compressor};
use super::content_coding::Effort;
use crate::first_map::Drawing;
use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// What a page was written from: the first map's drawing (one per version
/// of the data) and the modification time and length of `index.html`.
#[derive(Debug, Clone)]
pub struct PageSource {
    /// The drawing the page carries.
    pub drawing: Arc<Drawing>,
    /// `index.html`'s modification time and length when it was read.
    pub index_stamp: (Option<SystemTime>, u64),
}

impl PageSource {
    /// Whether both name the same drawing and the same `index.html`.
    fn same_as(&self, other: &PageSource) -> bool {
        Arc::ptr_eq(&self.drawing, &other.drawing) && self.index_stamp == other.index_stamp
    }
}

/// The plain page kept; cheap to clone (all clones share it).
#[derive(Debug, Clone, Default)]
pub struct AppPage {
    kept: Arc<Mutex<Option<Arc<KeptPage>>>>,
    /// One compression at a time: a page outdated by a stream of edits is not
    /// compressed beside its successor.
    compressor: Compressor,
}

/// One version of the page, its compressed forms and its weak ETag.
#[derive(Debug)]
pub struct KeptPage {
    source: PageSource,
    body: Arc<CompressedBody>,
    tag: HeaderValue,
}

impl AppPage {
    /// The page kept for `source`, if it is the one kept (its compression
    /// started again if an earlier one was skipped).
    pub fn kept(&self, source: &PageSource) -> Option<Arc<KeptPage>> {
        let page = self
            .lock()
            .as_ref()
            .filter(|page| page.source.same_as(source))
            .cloned()?;
        self.compressor.compress(Arc::clone(&page.body));
        Some(page)
    }

    /// Keeps `html`, written from `source`, in place of the page kept before,
    /// and starts compressing it in the background.
    pub fn keep(&self, html: String, source: PageSource) -> Arc<KeptPage> {
        let plain = Bytes::from(html);
        let page = Arc::new(KeptPage {
            source,
            tag: crate::http::etag::weak_tag_of(&plain),
            body: Arc::new(CompressedBody::new(plain, Effort::File)),
        });
        *self.lock() = Some(Arc::clone(&page));
        self.compressor.compress(Arc::clone(&page.body));
        page
    }

    /// How many compressed forms of the kept page are ready (0 to 2; 0 with none kept).
    pub fn compressed(&self) -> usize {
        self.lock().as_ref().map_or(0, |page| page.body.ready())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<KeptPage>>> {
        self.kept.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl KeptPage {
    /// The page for a client that sent `accept_encoding`: in the coding it
    /// prefers once that is ready (with its `Content-Encoding`), else plain,
    /// for the compression layer. Its ETag is the plain bytes', whatever the coding.
    pub fn response_for(&self, accept_encoding: Option<&HeaderValue>) -> Response {
        let mut response = self.body.response_for(accept_encoding);
        let headers = response.headers_mut();
        if headers.contains_key(header::CONTENT_ENCODING) {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        headers.insert(header::ETAG, self.tag.clone());
        response
    }
}
