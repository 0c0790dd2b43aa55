//! Reused buffers for the bodies of pages that are answered once and dropped,
//! and a bound on how many such bodies are out at once.
//!
//! A box query's page is about 400 kB. Allocated anew per request, these
//! bodies made RSS follow how many were in flight: the allocator keeps freed
//! memory for a second before returning it, so under a soak RSS rose and fell
//! by megabytes with the scheduling of writes. Kept in a pool without a
//! bound, RSS still stepped up whenever a burst set a new record of bodies in
//! flight. Here at most [`MAX_OUT`] buffers exist: a request that finds them
//! all out waits for one to come back (hyper drops a body once written),
//! which bounds the memory for bodies and is the back-pressure an overloaded
//! server should apply anyway.

use axum::body::Bytes;
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// At most this many page buffers exist at once, in flight or idle: enough to
/// keep every core writing while clients read, ~7 MB of 400 kB pages.
pub const MAX_OUT: usize = 16;
/// A buffer grown past this (a 10,000-feature page) is freed, not kept.
pub const MAX_KEPT_CAPACITY: usize = 2 * 1024 * 1024;

/// The buffers; cheap to clone (all clones share them).
#[derive(Debug, Clone)]
pub struct PageBuffers {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    idle: Mutex<Vec<Vec<u8>>>,
    /// One permit per buffer that may be out.
    out: Arc<Semaphore>,
}

impl Default for PageBuffers {
    fn default() -> Self {
        PageBuffers {
            shared: Arc::new(Shared {
                idle: Mutex::new(Vec::new()),
                out: Arc::new(Semaphore::new(MAX_OUT)),
            }),
        }
    }
}

impl PageBuffers {
    /// An empty buffer, with the capacity of an earlier body if one is idle;
    /// waits while [`MAX_OUT`] are out.
    pub async fn take(&self) -> PageBuffer {
        let permit = Arc::clone(&self.shared.out).acquire_owned().await;
        let body = self.lock_idle().pop().unwrap_or_default();
        PageBuffer {
            body,
            shared: Arc::clone(&self.shared),
            // The semaphore is never closed, so a permit always comes.
            _permit: permit.ok(),
        }
    }

    /// How many buffers are idle.
    pub fn idle(&self) -> usize {
        self.lock_idle().len()
    }

    fn lock_idle(&self) -> std::sync::MutexGuard<'_, Vec<Vec<u8>>> {
        self.shared.idle.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A body being written; its buffer returns to the pool when it is dropped,
/// directly or as the owner of the `Bytes` it became.
#[derive(Debug)]
pub struct PageBuffer {
    body: Vec<u8>,
    shared: Arc<Shared>,
    // Dropped after `drop` has put the buffer back: a waiter finds it idle.
    _permit: Option<OwnedSemaphorePermit>,
}

impl PageBuffer {
    /// The buffer to write the body into.
    pub fn body(&mut self) -> &mut Vec<u8> {
        &mut self.body
    }

    /// The body as `Bytes` that give the buffer back when the last clone is dropped.
    pub fn into_bytes(self) -> Bytes {
        Bytes::from_owner(self)
    }
}

impl AsRef<[u8]> for PageBuffer {
    fn as_ref(&self) -> &[u8] {
        &self.body
    }
}

impl Drop for PageBuffer {
    fn drop(&mut self) {
        let mut body = std::mem::take(&mut self.body);
        if body.capacity() > MAX_KEPT_CAPACITY {
            return;
        }
        body.clear();
        let mut idle = self.shared.idle.lock().unwrap_or_else(|p| p.into_inner());
        idle.push(body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_buffer_comes_back_empty_with_its_capacity_once_its_bytes_are_dropped() {
        let buffers = PageBuffers::default();
        let mut page = buffers.take().await;
        page.body().extend_from_slice(&[b'x'; 4096]);
        let bytes = page.into_bytes();
        let clone = bytes.slice(10..20);
        drop(bytes);
        assert_eq!(buffers.idle(), 0, "a clone still holds it");
        assert_eq!(&clone[..], &[b'x'; 10]);
        drop(clone);
        assert_eq!(buffers.idle(), 1);
        let mut again = buffers.take().await;
        assert!(again.body().is_empty());
        assert!(again.body().capacity() >= 4096);
    }

    #[tokio::test]
    async fn no_more_than_max_out_buffers_exist_and_a_waiter_gets_the_first_back() {
        let buffers = PageBuffers::default();
        let mut out = Vec::new();
        for _ in 0..MAX_OUT {
            out.push(buffers.take().await.into_bytes());
        }
        let waiting = tokio::time::timeout(Duration::from_millis(50), buffers.take()).await;
        assert!(waiting.is_err(), "all are out: the next must wait");
        drop(out.pop());
        let next = tokio::time::timeout(Duration::from_secs(5), buffers.take()).await;
        assert!(next.is_ok(), "one came back");
        drop(next);
        drop(out);
        assert_eq!(buffers.idle(), MAX_OUT);
    }

    #[tokio::test]
    async fn an_oversized_buffer_is_freed_but_its_place_is_given_back() {
        let buffers = PageBuffers::default();
        let mut page = buffers.take().await;
        page.body().resize(MAX_KEPT_CAPACITY + 1, 0);
        drop(page.into_bytes());
        assert_eq!(buffers.idle(), 0);
        for _ in 0..MAX_OUT {
            drop(buffers.take().await);
        }
    }
}
