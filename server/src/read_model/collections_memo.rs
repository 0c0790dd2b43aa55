//! The list of collections, read from the store once per import.
//!
//! Every page load needs it twice: the app's page names each layer's items to
//! preload, and the app then asks for `/collections`. The aggregate behind it
//! reads every feature (about 17 ms with ten thousand), and the page's first
//! byte waited for it.

use crate::store::sqlite::features::{self, CollectionRow};
use sqlx::SqlitePool;
use std::sync::{Arc, Mutex};

/// The rows read, and the generation they were read at.
type Read = Option<(u64, Arc<Vec<CollectionRow>>)>;

/// The collections as of one generation of the store ([`crate::caching::answer_cache::generation`]);
/// cheap to clone (all clones share them).
#[derive(Debug, Clone, Default)]
pub struct CollectionsMemo {
    rows: Arc<Mutex<Read>>,
}

impl CollectionsMemo {
    /// Every collection in display order, read again only after an import.
    pub async fn all(&self, db: &SqlitePool) -> Result<Arc<Vec<CollectionRow>>, sqlx::Error> {
        // Read before the query: rows read while an import commits are kept
        // under the older generation, so the next call reads them again.
        let generation = crate::caching::answer_cache::generation();
        if let Some((seen, rows)) = &*self.lock()
            && *seen == generation
        {
            return Ok(rows.clone());
        }
        let rows = Arc::new(features::collections(db).await?);
        *self.lock() = Some((generation, rows.clone()));
        Ok(rows)
    }

    /// The collection `id`, if there is one.
    pub async fn one(
        &self,
        db: &SqlitePool,
        id: &str,
    ) -> Result<Option<CollectionRow>, sqlx::Error> {
        Ok(self.all(db).await?.iter().find(|c| c.id == id).cloned())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Read> {
        self.rows.lock().unwrap_or_else(|p| p.into_inner())
    }
}
