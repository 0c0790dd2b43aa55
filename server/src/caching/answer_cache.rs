//! Finished answers of `/collections/{id}/items`, `/api/reports/{id}` and `/api/stories`,
//! kept in memory until the store says what they show has changed.
//!
//! A full page of a collection costs copying every feature's document into a
//! body, hashing it and compressing it; a cached one costs a map lookup. Each
//! answer is kept with its ETag, so a conditional GET that matches is answered
//! without touching the body, and with its body compressed once in each coding
//! browsers ask for ([`CompressedBody`]).
//!
//! Each answer belongs to a [`Scope`]: a collection's pages go when the store
//! publishes a change to that collection, reports when anything changes (their
//! mentions name features of every collection), stories when a story changes. The cache catches up with the
//! store's events under its lock, before every lookup and insert.

use super::compressed::{CompressedBody, Compressor};
use super::content_coding::{Coding, Effort};
use crate::store::events::{Seen, Subscription};
use axum::body::{Body, Bytes, to_bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// At most this many answers are kept.
pub const MAX_ENTRIES: usize = 256;
/// At most this many body bytes are kept in all.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// A larger answer is served but not kept.
pub const MAX_ENTRY_BYTES: usize = 16 * 1024 * 1024;

/// What an answer shows, and so what change makes it stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The features of one collection.
    Collection(Box<str>),
    /// A report, with mentions of features anywhere.
    Reports,
    /// The list of stories, or one story.
    Stories,
}

/// What [`AnswerCache::early`] found.
#[derive(Debug)]
pub enum Early {
    /// The client's copy is current: a 304 with these headers.
    NotModified(HeaderMap),
    /// The cached 200: its headers and body.
    Answer(HeaderMap, Bytes),
}

/// One finished answer: status 200, its headers (ETag included) and body.
#[derive(Debug)]
struct Entry {
    scope: Scope,
    headers: HeaderMap,
    body: Arc<CompressedBody>,
    /// The `ETag` header's value.
    tag: HeaderValue,
    /// The whole headers of the early answers, each built on its first use:
    /// the 200 plain and in each of [`Coding::ALL`], then the 304s that name
    /// those same tags.
    sent: [OnceLock<HeaderMap>; 2 * CODINGS],
}

/// The ways an answer is sent: plain, and in each of [`Coding::ALL`].
const CODINGS: usize = 1 + Coding::ALL.len();

/// The headers a 200 has and its 304 has not: they describe the body.
const BODY_HEADERS: [HeaderName; 3] = [
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
    header::CONTENT_ENCODING,
];

impl Entry {
    /// The headers of this answer's 200 in `coding` (`None`: plain), with `outer` added.
    fn whole_headers(&self, coding: Option<Coding>, outer: &HeaderMap) -> &HeaderMap {
        self.sent[slot(coding)].get_or_init(|| {
            let mut headers = HeaderMap::with_capacity(self.headers.len() + outer.len() + 1);
            for (name, value) in &self.headers {
                headers.append(name, value.clone());
            }
            if let Some(coding) = coding {
                headers.insert(header::CONTENT_ENCODING, coding.header_value());
                headers.insert(
                    header::ETAG,
                    crate::http::etag::for_coding(&self.tag, coding.token()),
                );
            }
            // `Vary: accept-encoding` is among the headers every page gets (etag.rs).
            for (name, value) in outer {
                headers.append(name, value.clone());
            }
            join_vary_lines(&mut headers);
            headers
        })
    }

    /// The headers of the 304 to a client holding this answer in `coding`:
    /// those of the 200 in that coding but for the ones that describe its body.
    fn not_modified_headers(&self, coding: Option<Coding>, outer: &HeaderMap) -> &HeaderMap {
        self.sent[CODINGS + slot(coding)].get_or_init(|| {
            let mut headers = self.whole_headers(coding, outer).clone();
            for name in BODY_HEADERS {
                headers.remove(name);
            }
            headers
        })
    }
}

/// Joins the `Vary` lines of `headers` into one: the same field (RFC 9110,
/// 5.3), and every line costs as much to write as a header of its own.
fn join_vary_lines(headers: &mut HeaderMap) {
    if headers.get_all(header::VARY).iter().nth(1).is_none() {
        return;
    }
    let mut joined = Vec::new();
    for line in headers.get_all(header::VARY) {
        if !joined.is_empty() {
            joined.extend_from_slice(b", ");
        }
        joined.extend_from_slice(line.as_bytes());
    }
    // Header values joined by a comma make a header value.
    if let Ok(value) = HeaderValue::from_bytes(&joined) {
        headers.insert(header::VARY, value);
    }
}

/// Where the headers of an answer in `coding` are kept in [`Entry::sent`].
fn slot(coding: Option<Coding>) -> usize {
    coding.map_or(0, |coding| {
        1 + Coding::ALL
            .iter()
            .position(|c| *c == coding)
            .unwrap_or_default()
    })
}

/// The answers, keyed by request target (path and query, as the client sent
/// them), so a lookup needs no allocation.
#[derive(Debug)]
struct Entries {
    changes: Subscription,
    answers: HashMap<Box<str>, Arc<Entry>>,
    bytes: usize,
}

impl Entries {
    /// Drops the answers the store's changes since the last look made stale.
    fn catch_up(&mut self) {
        let stale: Box<dyn Fn(&Scope) -> bool> = match self.changes.catch_up() {
            Seen::Nothing => return,
            Seen::Everything => Box::new(|_| true),
            Seen::Changed(event) => Box::new(move |scope| match scope {
                Scope::Collection(id) => event.collections.contains(&**id),
                Scope::Reports => true,
                Scope::Stories => !event.stories.is_empty(),
            }),
        };
        let mut freed = 0;
        self.answers.retain(|_, entry| {
            let keep = !stale(&entry.scope);
            if !keep {
                freed += entry.body.plain().len();
            }
            keep
        });
        self.bytes -= freed;
    }

    fn remove(&mut self, key: &str) {
        if let Some(old) = self.answers.remove(key) {
            self.bytes -= old.body.plain().len();
        }
    }
}

/// The cache of finished answers; cheap to clone (all clones share it).
#[derive(Debug, Clone)]
pub struct AnswerCache {
    entries: Arc<Mutex<Entries>>,
    compressor: Compressor,
}

impl AnswerCache {
    /// An empty cache that follows the store's `changes`.
    pub fn new(changes: Subscription) -> AnswerCache {
        AnswerCache {
            entries: Arc::new(Mutex::new(Entries {
                changes,
                answers: HashMap::new(),
                bytes: 0,
            })),
            compressor: Compressor::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The current entry under `key`, after catching up with the store.
    fn current(&self, key: &str) -> Option<Arc<Entry>> {
        let mut entries = self.lock();
        entries.catch_up();
        entries.answers.get(key).cloned()
    }

    /// How many changes the cache has seen; read it before querying the store
    /// for an answer to [`AnswerCache::insert`].
    pub fn epoch(&self) -> u64 {
        let mut entries = self.lock();
        entries.catch_up();
        entries.changes.epoch()
    }

    /// What the cache can answer for `key` by itself: a 304 when
    /// `if_none_match` names the cached answer's tag, else, with `whole`, a
    /// copy of the answer in the coding `accept_encoding` asks for, once that
    /// is ready. Both carry the answer's own headers and `outer`, which must
    /// be the same on every call: the headers built with it are kept.
    pub fn early(
        &self,
        key: &str,
        if_none_match: Option<&HeaderValue>,
        accept_encoding: Option<&HeaderValue>,
        whole: bool,
        outer: &HeaderMap,
    ) -> Option<Early> {
        let entry = self.current(key)?;
        let named = if_none_match.and_then(|list| {
            crate::http::etag::named_coding(list, crate::http::etag::opaque_tag(&entry.tag))
        });
        if let Some(token) = named {
            // A tag named in a coding the cache does not keep matches none.
            let coding = match token {
                None => None,
                Some(token) => Some(Coding::ALL.into_iter().find(|c| c.token() == token)?),
            };
            let headers = entry.not_modified_headers(coding, outer).clone();
            return Some(Early::NotModified(headers));
        }
        // A conditional request the tag does not satisfy: the whole answer.
        if !whole {
            return None;
        }
        let (coding, body) = match accept_encoding {
            None => (None, entry.body.plain().clone()),
            Some(accept) => {
                let Some((coding, body)) = entry.body.ready_for(accept) else {
                    self.compressor.compress(Arc::clone(&entry.body));
                    return None;
                };
                (Some(coding), body)
            }
        };
        let headers = entry.whole_headers(coding, outer).clone();
        Some(Early::Answer(headers, body))
    }

    /// A fresh copy of the answer cached under `key`, if it is still current.
    pub fn get(&self, key: &str) -> Option<Response> {
        let entry = self.current(key)?;
        let mut response = Response::new(Body::from(entry.body.plain().clone()));
        *response.headers_mut() = entry.headers.clone();
        Some(response)
    }

    /// Keeps `response` under `key`, as showing `scope`, if it is a 200 with
    /// an `ETag` computed at `epoch` (read before the store was queried), and
    /// returns it.
    pub async fn insert(
        &self,
        key: &str,
        scope: Scope,
        epoch: u64,
        response: Response,
    ) -> Response {
        if response.status() != StatusCode::OK {
            return response;
        }
        let Some(tag) = response.headers().get(header::ETAG).cloned() else {
            return response;
        };
        let (parts, body) = response.into_parts();
        let body = match to_bytes(body, usize::MAX).await {
            Ok(bytes) => bytes,
            Err(error) => {
                return axum::response::IntoResponse::into_response(
                    crate::http::error::AppError::Internal(format!("buffering a body: {error}")),
                );
            }
        };
        if body.len() <= MAX_ENTRY_BYTES {
            let entry = Arc::new(Entry {
                scope,
                headers: parts.headers.clone(),
                body: Arc::new(CompressedBody::new(body.clone(), Effort::Answer)),
                tag,
                sent: Default::default(),
            });
            let mut entries = self.lock();
            entries.catch_up();
            // Computed from a store that has changed since: serve it, do not keep it.
            if entries.changes.epoch() == epoch {
                entries.remove(key);
                // Room for the newcomer: evict arbitrary answers (the cache is a
                // bound on work, not an LRU; hot answers come back at once).
                while entries.answers.len() >= MAX_ENTRIES || entries.bytes + body.len() > MAX_BYTES
                {
                    let Some(victim) = entries.answers.keys().next().cloned() else {
                        break;
                    };
                    entries.remove(&victim);
                }
                entries.bytes += body.len();
                entries.answers.insert(key.into(), entry.clone());
                drop(entries);
                // Off the request's thread: the answer goes out now, compressed
                // by the compression layer; later ones take the stored bodies.
                self.compressor.compress(Arc::clone(&entry.body));
            }
        }
        Response::from_parts(parts, Body::from(body))
    }

    /// How many compressed bodies of the answer under `key` are ready (0 to 2).
    pub fn compressed(&self, key: &str) -> usize {
        self.lock()
            .answers
            .get(key)
            .map_or(0, |entry| entry.body.ready())
    }

    /// How many answers are cached, and their body bytes, after catching up
    /// with the store.
    pub fn size(&self) -> (usize, usize) {
        let mut entries = self.lock();
        entries.catch_up();
        (entries.answers.len(), entries.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::events::{self, ChangeEvent};
    use std::collections::BTreeSet;

    fn answer() -> Response {
        let mut response = Response::new(Body::from("{}"));
        response
            .headers_mut()
            .insert(header::ETAG, HeaderValue::from_static("\"c01\""));
        response
    }

    fn changed(collection: &str) -> ChangeEvent {
        ChangeEvent {
            collections: BTreeSet::from([collection.to_string()]),
            ..ChangeEvent::default()
        }
    }

    #[tokio::test]
    async fn an_answer_computed_before_a_change_is_served_but_not_kept() {
        let sender = events::channel();
        let cache = AnswerCache::new(Subscription::new(sender.subscribe()));
        let epoch = cache.epoch();
        sender.send(changed("rail")).expect("a subscriber");
        let served = cache
            .insert("/rail", Scope::Collection("rail".into()), epoch, answer())
            .await;
        assert_eq!(served.status(), StatusCode::OK);
        assert_eq!(cache.size().0, 0);
        let epoch = cache.epoch();
        cache
            .insert("/rail", Scope::Collection("rail".into()), epoch, answer())
            .await;
        assert_eq!(cache.size().0, 1);
    }

    #[tokio::test]
    async fn story_answers_go_only_when_a_story_changes() {
        let sender = events::channel();
        let cache = AnswerCache::new(Subscription::new(sender.subscribe()));
        let epoch = cache.epoch();
        cache
            .insert("/api/stories", Scope::Stories, epoch, answer())
            .await;
        sender.send(changed("rail")).expect("a subscriber");
        assert!(cache.get("/api/stories").is_some());
        let story = ChangeEvent {
            stories: BTreeSet::from(["s".to_string()]),
            ..ChangeEvent::default()
        };
        sender.send(story).expect("a subscriber");
        assert!(cache.get("/api/stories").is_none());
    }

    #[tokio::test]
    async fn a_change_drops_its_collections_answers_and_the_reports_only() {
        let sender = events::channel();
        let cache = AnswerCache::new(Subscription::new(sender.subscribe()));
        for (key, scope) in [
            ("/rail", Scope::Collection("rail".into())),
            ("/ports", Scope::Collection("ports".into())),
            ("/report", Scope::Reports),
        ] {
            let epoch = cache.epoch();
            cache.insert(key, scope, epoch, answer()).await;
        }
        assert_eq!(cache.size().0, 3);
        sender.send(changed("rail")).expect("a subscriber");
        assert!(cache.get("/rail").is_none());
        assert!(cache.get("/report").is_none());
        assert!(cache.get("/ports").is_some());
        assert_eq!(cache.size(), (1, 2));
    }
}
