//! A body kept plain and, once compressed in the background, in each coding:
//! the one way both the answer cache and the compressed files compress once.

use super::content_coding::{self, Coding, Effort};
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// A body and its compressed forms, as they become ready.
#[derive(Debug)]
pub struct CompressedBody {
    plain: Bytes,
    encoded: [OnceLock<Bytes>; 2],
    effort: Effort,
}

impl CompressedBody {
    /// `plain`, not yet compressed, to be compressed as hard as `effort` says.
    pub fn new(plain: Bytes, effort: Effort) -> CompressedBody {
        CompressedBody {
            plain,
            encoded: Default::default(),
            effort,
        }
    }

    /// The plain bytes.
    pub fn plain(&self) -> &Bytes {
        &self.plain
    }

    /// The body in the coding `accept_encoding` prefers, if that is ready;
    /// `None` also when the client accepts neither coding.
    pub fn ready_for(&self, accept_encoding: &HeaderValue) -> Option<(Coding, Bytes)> {
        let coding = content_coding::preferred(accept_encoding)?;
        let index = Coding::ALL.iter().position(|c| *c == coding)?;
        Some((coding, self.encoded[index].get()?.clone()))
    }

    /// An answer with this body for a client that sent `accept_encoding`: in
    /// the coding it prefers if that is ready (with its `Content-Encoding`),
    /// else the plain bytes, which the compression layer then compresses, this once.
    pub fn response_for(&self, accept_encoding: Option<&HeaderValue>) -> Response {
        match accept_encoding.and_then(|accept| self.ready_for(accept)) {
            Some((coding, body)) => {
                let mut response = Response::new(Body::from(body));
                response
                    .headers_mut()
                    .insert(header::CONTENT_ENCODING, coding.header_value());
                response
            }
            None => Response::new(Body::from(self.plain.clone())),
        }
    }

    /// Whether some coding is still to be compressed.
    pub fn incomplete(&self) -> bool {
        self.encoded.iter().any(|slot| slot.get().is_none())
    }

    /// How many compressed forms are ready (0 to 2).
    pub fn ready(&self) -> usize {
        self.encoded
            .iter()
            .filter(|slot| slot.get().is_some())
            .count()
    }

    /// Takes `body` as this body in `coding`, compressed elsewhere (at build
    /// time); a coding already there is kept.
    pub fn offer(&self, coding: Coding, body: Bytes) {
        if let Some(index) = Coding::ALL.iter().position(|c| *c == coding) {
            let _ = self.encoded[index].set(body);
        }
    }

    /// Compresses the body in every coding it lacks.
    pub fn encode(&self) {
        for (coding, slot) in Coding::ALL.into_iter().zip(&self.encoded) {
            if slot.get().is_some() {
                continue;
            }
            match coding.compress(&self.plain, self.effort) {
                Ok(body) => {
                    let _ = slot.set(body);
                }
                Err(error) => tracing::warn!(%error, coding = coding.token(), "compressing a body"),
            }
        }
    }
}

/// Compresses bodies on the blocking pool, one at a time per owner: requests
/// for many distinct bodies cannot set every core compressing. A body skipped
/// while another is compressed is asked for again by the next request that
/// wants it compressed.
#[derive(Debug, Clone, Default)]
pub struct Compressor {
    busy: Arc<AtomicBool>,
}

impl Compressor {
    /// Compresses `body` in the background unless this compressor is busy.
    pub fn compress(&self, body: Arc<CompressedBody>) {
        if !body.incomplete() || self.busy.swap(true, Ordering::AcqRel) {
            return;
        }
        /// Lowers the flag however the compression ends.
        struct Done(Arc<AtomicBool>);
        impl Drop for Done {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        let done = Done(Arc::clone(&self.busy));
        drop(tokio::task::spawn_blocking(move || {
            let _done = done;
            body.encode();
        }));
    }
}
