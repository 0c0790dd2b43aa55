//! The list of collections, read from the store once per change.
//!
//! Every page load needs it twice: the app's page names each layer's items to
//! preload, and the app then asks for `/collections`. The aggregate behind it
//! reads every feature, and the page's first byte would wait for it.

use crate::store::events::{Seen, Subscription};
use crate::store::{CollectionRow, Store, StoreError};
use std::sync::{Arc, Mutex};

/// The collections as of the store's last change; cheap to clone (all clones
/// share them).
#[derive(Debug, Clone)]
pub struct CollectionsMemo {
    memo: Arc<Mutex<Memo>>,
}

#[derive(Debug)]
struct Memo {
    changes: Subscription,
    /// The rows read, with the epoch of `changes` they were read at.
    rows: Option<(u64, Arc<Vec<CollectionRow>>)>,
}

impl Memo {
    /// The epoch after catching up; rows of an older one are dropped.
    fn catch_up(&mut self) -> u64 {
        if self.changes.catch_up() != Seen::Nothing {
            self.rows = None;
        }
        self.changes.epoch()
    }
}

impl CollectionsMemo {
    /// Nothing read yet; the rows follow the store's `changes`.
    pub fn new(changes: Subscription) -> CollectionsMemo {
        CollectionsMemo {
            memo: Arc::new(Mutex::new(Memo {
                changes,
                rows: None,
            })),
        }
    }

    /// Every collection in display order, read again only after a change.
    pub async fn all(&self, store: &dyn Store) -> Result<Arc<Vec<CollectionRow>>, StoreError> {
        let epoch = {
            let mut memo = self.lock();
            let epoch = memo.catch_up();
            if let Some((_, rows)) = &memo.rows {
                return Ok(rows.clone());
            }
            epoch
        };
        let rows = Arc::new(store.collections().await?);
        let mut memo = self.lock();
        // Rows read while a change committed are served, not kept.
        if memo.catch_up() == epoch {
            memo.rows = Some((epoch, rows.clone()));
        }
        Ok(rows)
    }

    /// The collection `id`, if there is one.
    pub async fn one(
        &self,
        store: &dyn Store,
        id: &str,
    ) -> Result<Option<CollectionRow>, StoreError> {
        Ok(self.all(store).await?.iter().find(|c| c.id == id).cloned())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Memo> {
        self.memo.lock().unwrap_or_else(|p| p.into_inner())
    }
}
