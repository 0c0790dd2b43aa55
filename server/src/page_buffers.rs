//! Reused buffers for the bodies of pages that are answered once and dropped.
//!
//! A box query's page is about 400 kB. Allocated anew per request, these
//! bodies made RSS follow how many were in flight: the allocator keeps freed
//! memory for a second before returning it, so under a soak RSS rose and fell
//! by megabytes with the scheduling of writes. A body taken from here goes
//! back when hyper has written it and drops its last reference, so the memory
//! for bodies stays at the most ever in flight (at most [`MAX_KEPT`] buffers),
//! and RSS stays flat once that is reached.

use axum::body::Bytes;
use std::sync::{Arc, Mutex};

/// At most this many idle buffers are kept; more in flight are freed on return.
pub const MAX_KEPT: usize = 64;
/// A buffer grown past this (a 10,000-feature page) is freed, not kept.
pub const MAX_KEPT_CAPACITY: usize = 2 * 1024 * 1024;

/// The idle buffers; cheap to clone (all clones share them).
#[derive(Debug, Clone, Default)]
pub struct PageBuffers {
    idle: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl PageBuffers {
    /// An empty buffer, with the capacity of an earlier body if one is idle.
    pub fn take(&self) -> Vec<u8> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        idle.pop().unwrap_or_default()
    }

    /// `body` as `Bytes` that give the buffer back here when the last clone is dropped.
    pub fn into_bytes(&self, body: Vec<u8>) -> Bytes {
        Bytes::from_owner(Pooled {
            body,
            idle: Arc::clone(&self.idle),
        })
    }

    /// How many buffers are idle.
    pub fn idle(&self) -> usize {
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// A body on its way out; its buffer returns to the pool on drop.
struct Pooled {
    body: Vec<u8>,
    idle: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl AsRef<[u8]> for Pooled {
    fn as_ref(&self) -> &[u8] {
        &self.body
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        let mut body = std::mem::take(&mut self.body);
        if body.capacity() > MAX_KEPT_CAPACITY {
            return;
        }
        body.clear();
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < MAX_KEPT {
            idle.push(body);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_comes_back_empty_with_its_capacity_once_its_bytes_are_dropped() {
        let buffers = PageBuffers::default();
        let mut body = buffers.take();
        body.extend_from_slice(&[b'x'; 4096]);
        let bytes = buffers.into_bytes(body);
        let clone = bytes.slice(10..20);
        drop(bytes);
        assert_eq!(buffers.idle(), 0, "a clone still holds it");
        assert_eq!(&clone[..], &[b'x'; 10]);
        drop(clone);
        assert_eq!(buffers.idle(), 1);
        let again = buffers.take();
        assert!(again.is_empty());
        assert!(again.capacity() >= 4096);
    }

    #[test]
    fn oversized_buffers_and_buffers_beyond_the_bound_are_freed() {
        let buffers = PageBuffers::default();
        drop(buffers.into_bytes(vec![0; MAX_KEPT_CAPACITY + 1]));
        assert_eq!(buffers.idle(), 0);
        let many: Vec<Bytes> = (0..MAX_KEPT + 5)
            .map(|_| buffers.into_bytes(vec![0; 16]))
            .collect();
        drop(many);
        assert_eq!(buffers.idle(), MAX_KEPT);
    }
}
