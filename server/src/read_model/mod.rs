//! The in-memory read model that answers `/collections/{id}/items`.
//!
//! From memory, a page is an R-tree walk, a sort of a thousand integers and a
//! copy of the page's stored texts; nothing is parsed or serialized per request.
//!
//! Each collection's model is built on its first query, from one store
//! snapshot, and kept until the store publishes a change to that collection.
//! The index catches up with the store's events under its lock before it hands
//! a model out, so an answer is never older than the last change published.

pub mod collection;
pub mod collections_memo;
pub mod csv;
pub mod kml;
pub mod page_buffers;
pub mod served;

pub use collection::{CollectionIndex, CollectionIndexBuilder, ItemsQuery, PageCounts, YearRange};

use crate::store::events::{Seen, Subscription};
use crate::store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// A collection's model, built once by whichever request gets there first.
type Slot = Arc<OnceCell<Arc<CollectionIndex>>>;

/// The read models of every collection; cheap to clone (all clones share them).
#[derive(Debug, Clone)]
pub struct SpatialIndex {
    slots: Arc<Mutex<Slots>>,
}

/// The models built since the store last changed them.
#[derive(Debug)]
struct Slots {
    changes: Subscription,
    /// Only collections that exist: a slot for an unknown id is removed at once,
    /// so made-up ids cannot fill this map.
    collections: HashMap<Box<str>, Slot>,
}

/// Why a model could not be had.
enum LoadError {
    /// The store holds no such collection.
    Missing,
    /// The store failed.
    Store(StoreError),
}

impl SpatialIndex {
    /// No models yet; they follow the store's `changes`.
    pub fn new(changes: Subscription) -> SpatialIndex {
        SpatialIndex {
            slots: Arc::new(Mutex::new(Slots {
                changes,
                collections: HashMap::new(),
            })),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slots> {
        self.slots.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The current model of collection `id`, built from `store` if needed;
    /// `None` if there is no such collection.
    pub async fn collection(
        &self,
        store: &dyn Store,
        id: &str,
    ) -> Result<Option<Arc<CollectionIndex>>, StoreError> {
        let slot = {
            let mut slots = self.lock();
            match slots.changes.catch_up() {
                Seen::Nothing => {}
                Seen::Everything => slots.collections.clear(),
                Seen::Changed(event) => {
                    for changed in &event.collections {
                        slots.collections.remove(changed.as_str());
                    }
                }
            }
            slots.collections.entry(id.into()).or_default().clone()
        };
        let built = slot
            .get_or_try_init(|| async {
                match load(store, id).await {
                    Ok(Some(index)) => Ok(Arc::new(index)),
                    Ok(None) => Err(LoadError::Missing),
                    Err(error) => Err(LoadError::Store(error)),
                }
            })
            .await;
        match built {
            Ok(index) => Ok(Some(Arc::clone(index))),
            Err(LoadError::Missing) => {
                let mut slots = self.lock();
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
async fn load(store: &dyn Store, id: &str) -> Result<Option<CollectionIndex>, StoreError> {
    // A hint only: a change committing between the two reads merely makes
    // the buffers grow or shrink once.
    let (count, bytes) = store.indexed_size(id).await?;
    let mut builder = CollectionIndexBuilder::with_capacity(
        usize::try_from(count).unwrap_or(0),
        usize::try_from(bytes).unwrap_or(0),
    );
    let exists = store
        .for_each_indexed(id, &mut |row| builder.push(&row))
        .await?;
    Ok(exists.then(|| builder.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::import_dir;
    use crate::store::sqlite::SqliteStore;
    use std::path::Path;

    fn fixture() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data")
    }

    #[tokio::test]
    async fn a_model_is_rebuilt_after_an_import_and_unknown_collections_are_not_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open(&dir.path().join("atlas.sqlite"))
            .await
            .expect("store opens");
        import_dir(&store, &fixture(), false)
            .await
            .expect("fixture imports");
        let index = SpatialIndex::new(store.subscribe());

        let first = index.collection(&store, "cities").await.expect("loads");
        let first = first.expect("cities exists");
        assert!(!first.is_empty());
        let again = index.collection(&store, "cities").await.expect("loads");
        assert!(again.is_some_and(|again| Arc::ptr_eq(&again, &first)));

        // The same data again changes nothing: the model stays.
        import_dir(&store, &fixture(), false)
            .await
            .expect("fixture imports again");
        let same = index.collection(&store, "cities").await.expect("loads");
        assert!(same.is_some_and(|same| Arc::ptr_eq(&same, &first)));

        let moved = tempfile::tempdir().expect("temp dir");
        copy(&fixture(), moved.path());
        let cities = moved.path().join("layers/cities.geojson");
        let text = std::fs::read_to_string(&cities).expect("reads");
        std::fs::write(&cities, text.replacen("\"Baku\"", "\"Baky\"", 1)).expect("writes");
        let rail = index.collection(&store, "rail").await.expect("loads");
        import_dir(&store, moved.path(), false)
            .await
            .expect("the change imports");
        let after = index.collection(&store, "cities").await.expect("loads");
        let after = after.expect("cities still exists");
        assert!(!Arc::ptr_eq(&after, &first), "a change makes a new model");
        assert_eq!(after.len(), first.len());
        let rail_after = index.collection(&store, "rail").await.expect("loads");
        assert!(
            rail.zip(rail_after)
                .is_some_and(|(a, b)| Arc::ptr_eq(&a, &b)),
            "a collection the change did not touch keeps its model"
        );

        for _ in 0..3 {
            let missing = index.collection(&store, "no-such-layer").await;
            assert!(matches!(missing, Ok(None)));
        }
        assert!(!index.lock().collections.contains_key("no-such-layer"));
    }

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("reads the folder") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("file type").is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).expect("copies");
            }
        }
    }
}
