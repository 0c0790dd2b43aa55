//! The PostgreSQL store: one database, shared by any number of `atlas serve`
//! processes, opened as a pool, migrated on open (`server/migrations-postgres/`).
//!
//! Mirrors the SQLite engine file for file; the revision, history and story
//! rules are the store-neutral ones of [`crate::store::changes`]. Writes that
//! plan from what they read take one advisory lock
//! ([`writes::lock_writes`]), as SQLite's writes take its one write lock, so
//! two servers' edits against one revision are decided one after the other.

pub mod accounts;
pub mod features;
pub mod files;
pub mod history;
pub mod import;
pub mod reports;
pub mod rows;
pub mod search;
pub mod stories;
pub mod story_writes;
pub mod watch;
pub mod writes;

use super::changes::edits::FeatureEdit;
use super::events::{self, ChangeEvent, Subscription};
use super::story_edits::{StoredStory, StoryEdit, StoryEditOutcome, StoryHistoryRecord};
use super::{
    CollectionRow, EditOutcome, ExportSnapshot, HistoryRecord, ImportContext, ImportSummary,
    IndexedRow, Store, StoreError, StoreFuture, StoredFeature, UpsertSummary,
};
use super::{Credentials, NewSession, NewUser, SessionRecord, TokenHash, UserRecord};
use crate::data_dir::DataSet;
use atlas_model::api::{ReportDetail, ReportSummary, SearchResults};
use atlas_model::{Report, Story};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::AtomicI64;
use tokio::sync::broadcast;

/// The atlas in a PostgreSQL database; cheap to clone (all clones share the
/// pool and the subscribers).
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    events: broadcast::Sender<ChangeEvent>,
    /// The store generation this process has published events up to
    /// (see [`watch`]).
    published: Arc<AtomicI64>,
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user:pass@host:port/db`)
    /// and brings its schema up to date.
    pub async fn open(url: &str) -> Result<PgStore, StoreError> {
        PgStore::open_with(url, pool_options()).await
    }

    /// [`PgStore::open`] with the pool's settings given.
    pub async fn open_with(url: &str, pool: PgPoolOptions) -> Result<PgStore, StoreError> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = pool.connect_with(options).await?;
        // sqlx takes an advisory lock while it migrates: servers starting
        // together migrate one after the other.
        sqlx::migrate!("./migrations-postgres").run(&pool).await?;
        let generation = watch::generation(&pool).await?;
        Ok(PgStore {
            pool,
            events: events::channel(),
            published: Arc::new(AtomicI64::new(generation)),
        })
    }

    /// The pool, for tests that look at the tables themselves.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// The pool's settings: [`connections`] connections, sqlx's defaults otherwise.
pub fn pool_options() -> PgPoolOptions {
    PgPoolOptions::new().max_connections(connections())
}

/// How many connections the pool opens: two per core, at least four. The
/// work is the database server's, and a connection waits on the network.
fn connections() -> u32 {
    std::thread::available_parallelism()
        .map_or(2, |cores| u32::try_from(cores.get()).unwrap_or(u32::MAX))
        .saturating_mul(2)
        .max(4)
}

/// A pool over the same database as `pool` for the runtime this is called
/// on, for the reason the SQLite store keeps one per runtime (a pool must not
/// be shared by several current-thread runtimes); connects lazily.
fn pool_for_this_runtime(pool: &PgPool, share: u32) -> PgPool {
    let options = pool.options().clone();
    let connections = (options.get_max_connections() / share.max(1)).max(2);
    options
        .max_connections(connections)
        .connect_lazy_with((*pool.connect_options()).clone())
}

impl Store for PgStore {
    fn subscribe(&self) -> Subscription {
        Subscription::new(self.events.subscribe())
    }

    fn for_this_runtime(&self, share: u32) -> Arc<dyn Store> {
        Arc::new(PgStore {
            pool: pool_for_this_runtime(&self.pool, share),
            ..self.clone()
        })
    }

    fn watch_other_processes(&self) {
        watch::spawn(self.clone());
    }

    fn feature_count(&self) -> StoreFuture<'_, u64> {
        Box::pin(features::feature_count(&self.pool))
    }

    fn collections(&self) -> StoreFuture<'_, Vec<CollectionRow>> {
        Box::pin(features::collections(&self.pool))
    }

    fn indexed_size<'a>(&'a self, collection_id: &'a str) -> StoreFuture<'a, (u64, u64)> {
        Box::pin(features::indexed_size(&self.pool, collection_id))
    }

    fn for_each_indexed<'a>(
        &'a self,
        collection_id: &'a str,
        each: &'a mut (dyn FnMut(IndexedRow<'_>) + Send),
    ) -> StoreFuture<'a, bool> {
        Box::pin(features::for_each_indexed(&self.pool, collection_id, each))
    }

    fn feature<'a>(
        &'a self,
        collection_id: &'a str,
        feature_id: &'a str,
    ) -> StoreFuture<'a, Option<StoredFeature>> {
        Box::pin(features::feature(&self.pool, collection_id, feature_id))
    }

    fn reports(&self) -> StoreFuture<'_, Vec<ReportSummary>> {
        Box::pin(reports::list(&self.pool))
    }

    fn report<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<ReportDetail>> {
        Box::pin(reports::detail(&self.pool, id))
    }

    fn report_text<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<Report>> {
        Box::pin(reports::text(&self.pool, id))
    }

    fn stories(&self) -> StoreFuture<'_, Vec<Story>> {
        Box::pin(stories::list(&self.pool))
    }

    fn story<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<Story>> {
        Box::pin(stories::one(&self.pool, id))
    }

    fn search<'a>(&'a self, text: &'a str, limit: u32) -> StoreFuture<'a, SearchResults> {
        Box::pin(search::search(&self.pool, text, limit))
    }

    fn import<'a>(&'a self, data: &'a DataSet, dry_run: bool) -> StoreFuture<'a, ImportSummary> {
        Box::pin(import::import(self, data, dry_run))
    }

    fn edit<'a>(&'a self, edit: &'a FeatureEdit<'a>) -> StoreFuture<'a, EditOutcome> {
        Box::pin(writes::edit(self, edit))
    }

    fn history<'a>(&'a self, feature_id: &'a str) -> StoreFuture<'a, Vec<HistoryRecord>> {
        Box::pin(history::history(&self.pool, feature_id))
    }

    fn deleted<'a>(&'a self, collection_id: &'a str) -> StoreFuture<'a, Vec<HistoryRecord>> {
        Box::pin(history::deleted(&self.pool, collection_id))
    }

    fn stored_story<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<StoredStory>> {
        Box::pin(story_writes::stored(&self.pool, id))
    }

    fn edit_story<'a>(&'a self, edit: &'a StoryEdit<'a>) -> StoreFuture<'a, StoryEditOutcome> {
        Box::pin(story_writes::edit(self, edit))
    }

    fn story_history<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Vec<StoryHistoryRecord>> {
        Box::pin(story_writes::history(&self.pool, id))
    }

    fn add_user<'a>(&'a self, user: &'a NewUser) -> StoreFuture<'a, bool> {
        Box::pin(accounts::add_user(&self.pool, user))
    }

    fn users(&self) -> StoreFuture<'_, Vec<UserRecord>> {
        Box::pin(accounts::users(&self.pool))
    }

    fn credentials<'a>(&'a self, name: &'a str) -> StoreFuture<'a, Option<Credentials>> {
        Box::pin(accounts::credentials(&self.pool, name))
    }

    fn set_password<'a>(&'a self, name: &'a str, password_hash: &'a str) -> StoreFuture<'a, bool> {
        Box::pin(accounts::set_password(&self.pool, name, password_hash))
    }

    fn remove_user<'a>(&'a self, name: &'a str) -> StoreFuture<'a, bool> {
        Box::pin(accounts::remove_user(&self.pool, name))
    }

    fn start_session<'a>(&'a self, session: &'a NewSession) -> StoreFuture<'a, bool> {
        Box::pin(accounts::start_session(&self.pool, session))
    }

    fn session<'a>(
        &'a self,
        token_hash: &'a TokenHash,
        now: u64,
    ) -> StoreFuture<'a, Option<SessionRecord>> {
        Box::pin(accounts::session(&self.pool, token_hash, now))
    }

    fn end_session<'a>(&'a self, token_hash: &'a TokenHash) -> StoreFuture<'a, bool> {
        Box::pin(accounts::end_session(&self.pool, token_hash))
    }

    fn export_snapshot(&self) -> StoreFuture<'_, ExportSnapshot> {
        Box::pin(files::export_snapshot(self))
    }

    fn import_context(&self) -> StoreFuture<'_, ImportContext> {
        Box::pin(files::import_context(self))
    }

    fn upsert_features<'a>(
        &'a self,
        collection_id: &'a str,
        features: &'a [atlas_model::AtlasFeature],
        by: &'a str,
        dry_run: bool,
    ) -> StoreFuture<'a, UpsertSummary> {
        Box::pin(files::upsert_features(
            self,
            collection_id,
            features,
            by,
            dry_run,
        ))
    }
}
