//! Finished answers of `/collections/{id}/items` and `/api/reports/{id}`, kept
//! in memory until the next import.
//!
//! A full page of a collection costs copying every feature's document into a
//! body, hashing it and compressing it; a cached one costs a map lookup. Each
//! answer is kept with its ETag, hashed once, so a conditional GET that matches
//! is answered without touching the body, and with its body compressed once in
//! each coding browsers ask for.
//!
//! Every import bumps a generation counter; an answer cached under an older
//! generation is never served. An import in this process bumps it at once
//! ([`bump_generation`]); one by another process (`atlas import` beside a
//! running server) is seen by [`watch_store`] within [`WATCH_INTERVAL`].

use crate::caching::content_coding::{self, Coding};
use axum::body::{Body, Bytes, to_bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// At most this many answers are kept.
pub const MAX_ENTRIES: usize = 256;
/// At most this many body bytes are kept in all.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// A larger answer is served but not kept.
pub const MAX_ENTRY_BYTES: usize = 16 * 1024 * 1024;
/// How often a running server looks for imports by other processes.
pub const WATCH_INTERVAL: Duration = Duration::from_secs(1);

/// How many imports this process has seen (or been told of).
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// The current generation; read it before querying the store for an answer to cache.
pub fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// Marks every cached answer stale; the import calls this after its commit.
pub fn bump_generation() {
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

/// What [`AnswerCache::early`] found.
#[derive(Debug)]
pub enum Early {
    /// The client's copy is current: a 304 with this `ETag`.
    NotModified(HeaderValue),
    /// The cached 200: its headers (`ETag` included) and body.
    Answer(HeaderMap, Bytes),
}

/// One finished answer: status 200, its headers (ETag included) and body.
#[derive(Debug)]
struct Entry {
    headers: HeaderMap,
    body: Bytes,
    /// The `ETag` header's value, `W/"..."`.
    tag: HeaderValue,
    /// The body in each [`Coding::ALL`], once compressed in the background, and
    /// the headers that go with it.
    encoded: [OnceLock<(HeaderMap, Bytes)>; 2],
}

impl Entry {
    /// Compresses the body in every coding it lacks, for the requests still to come.
    fn encode(&self) {
        for (coding, slot) in Coding::ALL.into_iter().zip(&self.encoded) {
            if slot.get().is_some() {
                continue;
            }
            match coding.compress(&self.body) {
                Ok(body) => {
                    let mut headers = self.headers.clone();
                    headers.insert(header::CONTENT_ENCODING, coding.header_value());
                    // `Vary: accept-encoding` is among the headers every page gets (etag.rs).
                    let _ = slot.set((headers, body));
                }
                Err(error) => {
                    tracing::warn!(%error, coding = coding.token(), "compressing a cached answer")
                }
            }
        }
    }

    /// The answer for a client that sent `accept_encoding`, if it is ready:
    /// the plain body when it sent none, else a compressed one. A compressed
    /// one not ready yet is asked for in the background.
    fn for_client(
        self: &Arc<Self>,
        accept_encoding: Option<&HeaderValue>,
    ) -> Option<(HeaderMap, Bytes)> {
        let Some(accept) = accept_encoding else {
            return Some((self.headers.clone(), self.body.clone()));
        };
        let coding = content_coding::preferred(accept)?;
        let index = Coding::ALL.iter().position(|c| *c == coding)?;
        let ready = self.encoded[index].get().cloned();
        if ready.is_none() {
            encode_in_background(self.clone());
        }
        ready
    }
}

/// Whether a cached answer is being compressed in the background right now.
static COMPRESSING: AtomicBool = AtomicBool::new(false);

/// Compresses `entry` on the blocking pool, unless another answer is being
/// compressed: one at a time, so requests for many distinct pages cannot set
/// every core compressing. A skipped answer is asked for again by the next
/// request that wants it compressed.
fn encode_in_background(entry: Arc<Entry>) {
    if COMPRESSING.swap(true, Ordering::AcqRel) {
        return;
    }
    /// Lowers the flag however the compression ends.
    struct Done;
    impl Drop for Done {
        fn drop(&mut self) {
            COMPRESSING.store(false, Ordering::Release);
        }
    }
    let done = Done;
    drop(tokio::task::spawn_blocking(move || {
        let _done = done;
        entry.encode();
    }));
}

/// The answers, keyed by request target (path and query, as the client sent
/// them), so a lookup needs no allocation.
#[derive(Debug, Default)]
struct Entries {
    generation: u64,
    answers: HashMap<Box<str>, Arc<Entry>>,
    bytes: usize,
}

impl Entries {
    /// Empties the cache if the store has changed since it was filled.
    fn catch_up(&mut self, current: u64) {
        if self.generation != current {
            self.answers.clear();
            self.bytes = 0;
            self.generation = current;
        }
    }
}

/// The cache of finished answers; cheap to clone (all clones share it).
#[derive(Debug, Clone, Default)]
pub struct AnswerCache {
    entries: Arc<Mutex<Entries>>,
}

impl AnswerCache {
    /// What the cache can answer for `key` by itself: a 304's tag when
    /// `if_none_match` names the cached answer's, else, with `whole`, a copy
    /// of the answer (its headers and body) in the coding `accept_encoding`
    /// asks for, once that is ready.
    pub fn early(
        &self,
        key: &str,
        if_none_match: Option<&HeaderValue>,
        accept_encoding: Option<&HeaderValue>,
        whole: bool,
    ) -> Option<Early> {
        let entry = {
            let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            entries.catch_up(generation());
            entries.answers.get(key).cloned()
        }?;
        match if_none_match {
            Some(list) if crate::http::etag::names_tag(list, &entry.tag) => {
                Some(Early::NotModified(entry.tag.clone()))
            }
            // A conditional request the tag does not satisfy: the whole answer.
            _ if whole => entry
                .for_client(accept_encoding)
                .map(|(headers, body)| Early::Answer(headers, body)),
            _ => None,
        }
    }

    /// A fresh copy of the answer cached under `key`, if it is still current.
    pub fn get(&self, key: &str) -> Option<Response> {
        let entry = {
            let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            entries.catch_up(generation());
            entries.answers.get(key).cloned()
        }?;
        let mut response = Response::new(Body::from(entry.body.clone()));
        *response.headers_mut() = entry.headers.clone();
        Some(response)
    }

    /// Keeps `response` under `key` if it is a 200 computed at `generation`
    /// (read before the store was queried), and returns it with its ETag.
    pub async fn insert(&self, key: &str, generation: u64, response: Response) -> Response {
        if response.status() != StatusCode::OK {
            return response;
        }
        let (mut parts, body) = response.into_parts();
        let body = match to_bytes(body, usize::MAX).await {
            Ok(bytes) => bytes,
            Err(error) => {
                return axum::response::IntoResponse::into_response(
                    crate::http::error::AppError::Internal(format!("buffering a body: {error}")),
                );
            }
        };
        let tag = crate::http::etag::weak_tag_of(&body);
        parts.headers.insert(header::ETAG, tag.clone());
        if body.len() <= MAX_ENTRY_BYTES {
            let entry = Arc::new(Entry {
                headers: parts.headers.clone(),
                body: body.clone(),
                tag,
                encoded: Default::default(),
            });
            let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            entries.catch_up(self::generation());
            // Computed from a store that has changed since: serve it, do not keep it.
            if entries.generation == generation {
                if let Some(old) = entries.answers.remove(key) {
                    entries.bytes -= old.body.len();
                }
                // Room for the newcomer: evict arbitrary answers (the cache is a
                // bound on work, not an LRU; hot answers come back at once).
                while entries.answers.len() >= MAX_ENTRIES || entries.bytes + body.len() > MAX_BYTES
                {
                    let Some(victim) = entries.answers.keys().next().cloned() else {
                        break;
                    };
                    if let Some(old) = entries.answers.remove(&victim) {
                        entries.bytes -= old.body.len();
                    }
                }
                entries.bytes += body.len();
                entries.answers.insert(key.into(), entry.clone());
                // Off the request's thread: the answer goes out now, compressed
                // by the compression layer; later ones take the stored bodies.
                encode_in_background(entry);
            }
        }
        Response::from_parts(parts, Body::from(body))
    }

    /// How many compressed bodies of the answer under `key` are ready (0 to 2).
    pub fn compressed(&self, key: &str) -> usize {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.answers.get(key).map_or(0, |entry| {
            entry
                .encoded
                .iter()
                .filter(|slot| slot.get().is_some())
                .count()
        })
    }

    /// How many answers are cached, and their body bytes.
    pub fn size(&self) -> (usize, usize) {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        (entries.answers.len(), entries.bytes)
    }
}

/// Polls the store's import counter and bumps the generation when another
/// process has imported; runs until the runtime stops.
pub fn watch_store(pool: SqlitePool) {
    tokio::spawn(async move {
        let mut seen = crate::store::generation(&pool).await.ok();
        let mut ticks = tokio::time::interval(WATCH_INTERVAL);
        loop {
            ticks.tick().await;
            match crate::store::generation(&pool).await {
                Ok(now) if Some(now) != seen => {
                    seen = Some(now);
                    bump_generation();
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "reading the store's import counter"),
            }
        }
    });
}
