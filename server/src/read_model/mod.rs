//! The in-memory read model that answers `/collections/{id}/items`.
//!
//! A box query through SQLite's R-tree read each candidate's wide row through
//! the page cache, sorted in an ephemeral b-tree and built the body in a
//! SQLite aggregate: 6-10 ms per 1000-feature page. From memory it is an
//! R-tree walk, a sort of a thousand integers and a copy of the page's texts.
//!
//! Each collection's model is built on its first query, from one SQLite
//! statement (one snapshot), and kept until the store's generation changes
//! ([`crate::caching::answer_cache::generation`]): an import by this process, or by another
//! one as seen by [`crate::caching::answer_cache::watch_store`]. A model built under an older
//! generation is never handed out, so an answer is never older than the
//! cache's answers are.

pub mod collection;
pub mod collections_memo;
pub mod page_buffers;

pub use collection::{CollectionIndex, CollectionIndexBuilder, ItemsQuery, PageCounts};

use sqlx::SqlitePool;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// A collection's model, built once by whichever request gets there first.
type Slot = Arc<OnceCell<Arc<CollectionIndex>>>;

/// The read models of every collection; cheap to clone (all clones share them).
#[derive(Debug, Clone, Default)]
pub struct SpatialIndex {
    slots: Arc<Mutex<Slots>>,
}

/// The models of one generation of the store.
#[derive(Debug, Default)]
struct Slots {
    generation: u64,
    /// Only collections that exist: a slot for an unknown id is removed at once,
    /// so made-up ids cannot fill this map.
    collections: HashMap<Box<str>, Slot>,
}

/// Why a model could not be had.
enum LoadError {
    /// The store holds no such collection.
    Missing,
    /// The store failed.
    Store(sqlx::Error),
}

impl SpatialIndex {
    /// The current model of collection `id`, built from `pool` if needed;
    /// `None` if there is no such collection.
    pub async fn collection(
        &self,
        pool: &SqlitePool,
        id: &str,
    ) -> Result<Option<Arc<CollectionIndex>>, sqlx::Error> {
        // Read before the store is: whatever is loaded after is at least this new.
        let generation = crate::caching::answer_cache::generation();
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            // Only forwards: a request that read the counter just before an
            // import's bump must not throw away the newer models.
            if slots.generation < generation {
                slots.collections.clear();
                slots.generation = generation;
            }
            slots.collections.entry(id.into()).or_default().clone()
        };
        let built = slot
            .get_or_try_init(|| async {
                match load(pool, id).await {
                    Ok(Some(index)) => Ok(Arc::new(index)),
                    Ok(None) => Err(LoadError::Missing),
                    Err(error) => Err(LoadError::Store(error)),
                }
            })
            .await;
        match built {
            Ok(index) => Ok(Some(Arc::clone(index))),
            Err(LoadError::Missing) => {
                let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
                if slots
                    .collections
                    .get(id)
                    .is_some_and(|kept| Arc::ptr_eq(kept, &slot) && !kept.initialized())
                {
                    slots.collections.remove(id);
                }
                Ok(None)
            }
            // The slot stays empty: the next request tries again.
            Err(LoadError::Store(error)) => Err(error),
        }
    }
}

/// Reads collection `id` from the store into a model; `None` if it does not exist.
async fn load(pool: &SqlitePool, id: &str) -> Result<Option<CollectionIndex>, sqlx::Error> {
    // A hint only: an import committing between the two statements merely
    // makes the buffers grow or shrink once.
    let (count, bytes) = crate::store::sqlite::features::indexed_size(pool, id).await?;
    let mut builder = CollectionIndexBuilder::with_capacity(
        usize::try_from(count).unwrap_or(0),
        usize::try_from(bytes).unwrap_or(0),
    );
    let mut features = 0_usize;
    crate::store::sqlite::features::for_each_indexed(pool, id, |row| {
        builder.push(row.bbox, row.opened, row.document);
        features += 1;
    })
    .await?;
    // An empty collection and no collection read alike; only the second is a 404.
    if features == 0 && !crate::store::sqlite::features::collection_exists(pool, id).await? {
        return Ok(None);
    }
    Ok(Some(builder.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sqlite::import::import_dir;
    use std::path::Path;

    fn fixture() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data")
    }

    #[tokio::test]
    async fn a_model_is_rebuilt_after_an_import_and_unknown_collections_are_not_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pool = crate::store::open(&dir.path().join("atlas.sqlite"))
            .await
            .expect("store opens");
        import_dir(&pool, &fixture())
            .await
            .expect("fixture imports");
        let index = SpatialIndex::default();

        let first = index.collection(&pool, "cities").await.expect("loads");
        let first = first.expect("cities exists");
        assert!(!first.is_empty());
        let before = crate::caching::answer_cache::generation();
        let again = index.collection(&pool, "cities").await.expect("loads");
        // Other tests in this process may import meanwhile; only then may it differ.
        if crate::caching::answer_cache::generation() == before {
            assert!(again.is_some_and(|again| Arc::ptr_eq(&again, &first)));
        }

        import_dir(&pool, &fixture())
            .await
            .expect("fixture imports again");
        let after = index.collection(&pool, "cities").await.expect("loads");
        let after = after.expect("cities still exists");
        assert!(!Arc::ptr_eq(&after, &first), "an import makes a new model");
        assert_eq!(after.len(), first.len());

        for _ in 0..3 {
            let missing = index.collection(&pool, "no-such-layer").await;
            assert!(matches!(missing, Ok(None)));
        }
        let slots = index.slots.lock().expect("not poisoned");
        assert!(!slots.collections.contains_key("no-such-layer"));
    }
}
