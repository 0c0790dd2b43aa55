//! The store: the one part of the server that knows a database.
//!
//! [`Store`] is what the rest of the server sees: reads for each resource, the
//! import of a data folder as a change set, change events, and the accounts
//! and sessions of the people who may edit, and the edits they make with
//! their history. The revision
//! and history rules live in [`changes`], apart from any engine, so that every
//! engine and every kind of write (the import, an edit through the API) applies
//! the same ones. SQLite, in [`sqlite`], is the first engine and the default;
//! PostgreSQL with PostGIS, in [`postgres`], the second, for several servers
//! on one database. [`open`] picks one from a `--db` value.

pub mod accounts;
pub mod changes;
pub mod documents;
pub mod events;
pub mod open;
pub mod postgres;
pub mod records;
pub mod report_rows;
pub mod sqlite;
pub mod story_changes;
pub mod story_edits;
pub mod transfer;

pub use accounts::{Credentials, NewSession, NewUser, SessionRecord, TokenHash, UserRecord};
pub use changes::edits::{Edit, FeatureEdit, Refusal};
pub use events::{ChangeEvent, Subscription};
pub use records::{
    CollectionRow, EditOutcome, ExportFeature, ExportLayer, ExportReport, ExportSnapshot,
    HistoryRecord, ImportContext, ImportSummary, IndexedRow, StoredFeature, UpsertSummary,
    UpsertedFeature,
};
pub use story_edits::{
    StoredStory, StoryEdit, StoryEditKind, StoryEditOutcome, StoryHistoryRecord, StoryRefusal,
};

use crate::data_dir::{DataErrors, DataSet};
use atlas_model::api::{ReportDetail, ReportSummary, SearchResults};
use atlas_model::{Report, Story};
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;

/// What a store's methods return: boxed, so that `dyn Store` is possible.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Why a store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder for the database could not be made.
    #[error("creating {path}: {source}")]
    CreateDir {
        /// The folder.
        path: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The database refused or failed; a write was rolled back whole.
    #[error("the database: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("migrating the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The store holds, or was given, something that breaks the schema.
    #[error("{0}")]
    Invalid(String),
}

/// The atlas's content, wherever it is kept.
///
/// Every method is one snapshot: a change committing meanwhile is seen whole
/// or not at all. Every committed change is published to every subscription
/// ([`Store::subscribe`]).
pub trait Store: std::fmt::Debug + Send + Sync {
    /// Change events from now on: one per committed change.
    fn subscribe(&self) -> Subscription;

    /// A handle on this same store for the runtime this is called on, one of
    /// `share` worker runtimes: the connections it holds, and the work that
    /// keeps them, belong to that runtime alone (see the SQLite store's
    /// `for_this_runtime`). Must be called inside that runtime.
    fn for_this_runtime(&self, share: u32) -> Arc<dyn Store>;

    /// Starts noticing changes that other processes make to the same
    /// database, and publishing them as events too; runs on the current
    /// runtime until it stops.
    fn watch_other_processes(&self);

    /// How many features the store holds; 0 means it has never been seeded.
    fn feature_count(&self) -> StoreFuture<'_, u64>;

    /// Every collection, in the order of the data folder's layer files.
    fn collections(&self) -> StoreFuture<'_, Vec<CollectionRow>>;

    /// How many features a collection holds, and the bytes of their documents:
    /// what the read model reserves before [`Store::for_each_indexed`] fills it.
    fn indexed_size<'a>(&'a self, collection_id: &'a str) -> StoreFuture<'a, (u64, u64)>;

    /// Calls `each` with every feature of a collection, in id order; `false`
    /// when there is no such collection.
    fn for_each_indexed<'a>(
        &'a self,
        collection_id: &'a str,
        each: &'a mut (dyn FnMut(IndexedRow<'_>) + Send),
    ) -> StoreFuture<'a, bool>;

    /// One feature of one collection, or `None`.
    fn feature<'a>(
        &'a self,
        collection_id: &'a str,
        feature_id: &'a str,
    ) -> StoreFuture<'a, Option<StoredFeature>>;

    /// Every report in data order, with its passage count.
    fn reports(&self) -> StoreFuture<'_, Vec<ReportSummary>>;

    /// One report with its passages, the features citing each and the
    /// features each mentions (in data order); `None` if there is none.
    fn report<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<ReportDetail>>;

    /// One report's metadata and passages alone, as validation and quoting
    /// need them (cheap: no look at the features); `None` if there is none.
    fn report_text<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<Report>>;

    /// Every story, whole, in the order of the data folder's story files.
    fn stories(&self) -> StoreFuture<'_, Vec<Story>>;

    /// One story, whole; `None` if there is none.
    fn story<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<Story>>;

    /// Places and passages matching the words of `text`, at most `limit` of each.
    fn search<'a>(&'a self, text: &'a str, limit: u32) -> StoreFuture<'a, SearchResults>;

    /// Makes the store hold `data`: creates, updates and deletes features by
    /// id with a history row each ([`changes`]), and stories by id
    /// ([`story_changes`]), replaces reports and collections, all in one transaction, and publishes what changed. With
    /// `dry_run`, works out the same summary and writes nothing.
    fn import<'a>(&'a self, data: &'a DataSet, dry_run: bool) -> StoreFuture<'a, ImportSummary>;

    // Editing: one feature at a time, each edit one transaction with its
    // history row ([`changes::edits`]), published like an import.

    /// Creates, replaces, deletes or restores one feature if the lock it
    /// holds is current, with a history row naming who, in one transaction,
    /// and publishes the change; or says why not, writing nothing.
    fn edit<'a>(&'a self, edit: &'a FeatureEdit<'a>) -> StoreFuture<'a, EditOutcome>;

    /// Every history row of a feature, oldest first; empty when it never existed.
    fn history<'a>(&'a self, feature_id: &'a str) -> StoreFuture<'a, Vec<HistoryRecord>>;

    /// The deletion row of every feature deleted from a collection and not
    /// live since, the latest deletion first.
    fn deleted<'a>(&'a self, collection_id: &'a str) -> StoreFuture<'a, Vec<HistoryRecord>>;

    /// One story with its revision, the lock an edit of it holds; `None` if there is none.
    fn stored_story<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<StoredStory>>;

    /// Creates, replaces or deletes one story if the lock it holds is
    /// current, with a history row naming who, in one transaction
    /// ([`story_edits`]), and publishes the change; or says why not, writing
    /// nothing.
    fn edit_story<'a>(&'a self, edit: &'a StoryEdit<'a>) -> StoreFuture<'a, StoryEditOutcome>;

    /// Every history row of a story, oldest first; empty when it never had one.
    fn story_history<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Vec<StoryHistoryRecord>>;

    /// Adds an account; `false` when one of that name, in any ASCII case, exists.
    fn add_user<'a>(&'a self, user: &'a NewUser) -> StoreFuture<'a, bool>;

    /// Every account, in name order, without password hashes.
    fn users(&self) -> StoreFuture<'_, Vec<UserRecord>>;

    /// The account named `name` (in any ASCII case) with its password hash, or `None`.
    fn credentials<'a>(&'a self, name: &'a str) -> StoreFuture<'a, Option<Credentials>>;

    /// Replaces an account's password hash and ends all its sessions;
    /// `false` when there is no such account.
    fn set_password<'a>(&'a self, name: &'a str, password_hash: &'a str) -> StoreFuture<'a, bool>;

    /// Removes an account and ends all its sessions; `false` when there is none.
    fn remove_user<'a>(&'a self, name: &'a str) -> StoreFuture<'a, bool>;

    /// Starts a session (and forgets expired ones); `false` when its account
    /// no longer exists.
    fn start_session<'a>(&'a self, session: &'a NewSession) -> StoreFuture<'a, bool>;

    /// The session whose token hashes to `token_hash`, if it is live at `now`
    /// (Unix seconds), with its account's name and current role.
    fn session<'a>(
        &'a self,
        token_hash: &'a TokenHash,
        now: u64,
    ) -> StoreFuture<'a, Option<SessionRecord>>;

    /// Ends a session; `false` when there was none.
    fn end_session<'a>(&'a self, token_hash: &'a TokenHash) -> StoreFuture<'a, bool>;

    // Files in and out: `atlas export`, and importing a file into one layer.

    /// Every collection with its features, every report's file and every
    /// story, in one snapshot: what `atlas export` writes.
    fn export_snapshot(&self) -> StoreFuture<'_, ExportSnapshot>;

    /// What a file import into a collection is checked against.
    fn import_context(&self) -> StoreFuture<'_, ImportContext>;

    /// Adds or replaces `features` (validated, linking only passages that
    /// exist) in the collection `collection_id`, in one transaction, each
    /// change with a history row naming `by` ([`changes::plan_upserts`]), and
    /// publishes what changed. Refuses, writing nothing, a feature that
    /// belongs to another collection. With `dry_run`, works out the same
    /// summary and writes nothing.
    fn upsert_features<'a>(
        &'a self,
        collection_id: &'a str,
        features: &'a [atlas_model::AtlasFeature],
        by: &'a str,
        dry_run: bool,
    ) -> StoreFuture<'a, UpsertSummary>;
}

/// Why `import_dir` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The data folder has problems; nothing was written.
    #[error("{0}")]
    Data(#[from] DataErrors),
    /// The store refused the write; the transaction was rolled back.
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Loads and checks the data folder at `dir`, then imports it into `store`
/// (or, with `dry_run`, says what importing it would do).
pub async fn import_dir(
    store: &dyn Store,
    dir: &Path,
    dry_run: bool,
) -> Result<ImportSummary, ImportError> {
    // Reading is blocking file I/O; keep it off the async workers.
    let dir = dir.to_path_buf();
    let data = tokio::task::spawn_blocking(move || crate::data_dir::load(&dir))
        .await
        .map_err(|e| StoreError::Invalid(format!("reading the data folder: {e}")))??;
    Ok(store.import(&data, dry_run).await?)
}
