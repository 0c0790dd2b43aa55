//! The SQLite store: opening it, and the queries each resource needs.
//!
//! Everything that knows SQL lives under this module, so another database can
//! take SQLite's place by replacing it alone.

pub mod batch;
pub mod features;
pub mod import;
mod import_plan;
pub mod reports;
pub mod search;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use std::path::Path;
use std::time::Duration;

/// Why the store could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder for the database file could not be made.
    #[error("creating {path}: {source}")]
    CreateDir {
        /// The folder.
        path: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// SQLite refused to open or configure the file.
    #[error("opening the database: {0}")]
    Open(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migrating the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens (creating if needed) the database file at `path` and brings its schema up to date.
pub async fn open(path: &Path) -> Result<SqlitePool, StoreError> {
    open_with(path, pool_options()).await
}

/// The pool's settings: one connection per core (at least two), sqlx's defaults otherwise.
pub fn pool_options() -> SqlitePoolOptions {
    SqlitePoolOptions::new().max_connections(connections())
}

/// [`open`] with the pool's settings given, as tests give a short idle time-out.
pub async fn open_with(path: &Path, pool: SqlitePoolOptions) -> Result<SqlitePool, StoreError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
            path: parent.display().to_string(),
            source,
        })?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        // WAL lets readers go on while an import writes.
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        // An import holds the write lock for a moment; wait rather than fail.
        .busy_timeout(Duration::from_secs(5));
    let pool = pool.connect_with(options).await?;
    sqlx::migrate!().run(&pool).await?;
    // A store imported before migration 0004 gets its documents once, here.
    features::fill_documents(&pool).await?;
    Ok(pool)
}

/// How many connections the pool opens: one per core, at least two.
///
/// Queries are CPU-bound work on SQLite's side; a connection beyond the cores
/// adds no speed, only a thread, a page cache and, for a box query, a megabyte
/// of buffers in flight, which is what made RSS wander under a soak.
fn connections() -> u32 {
    std::thread::available_parallelism()
        .map_or(2, |cores| u32::try_from(cores.get()).unwrap_or(u32::MAX))
        .max(2)
}

/// A pool over the same database as `pool`, with the same settings, whose
/// connections and maintenance task belong to the runtime this is called on;
/// `share` pools of it together hold about as many connections as `pool` may.
///
/// A pool must not be shared by several current-thread runtimes: sqlx 0.9.0
/// counts idle connections with a counter that a release on one thread and an
/// acquire on another can wrap below zero, and its maintenance task then loops
/// without yielding, which stalls that runtime and holds connections from the
/// others (sqlx issue 3645). With one pool per runtime every acquire, release
/// and maintenance pass of a pool runs on one thread, one after the other.
/// Connects lazily; must be called inside the runtime that will use it.
pub fn pool_for_this_runtime(pool: &SqlitePool, share: u32) -> SqlitePool {
    let options = pool.options().clone();
    let connections = (options.get_max_connections() / share.max(1)).max(2);
    options
        .max_connections(connections)
        .connect_lazy_with((*pool.connect_options()).clone())
}

/// How many features the store holds; 0 means it has never been seeded.
pub async fn feature_count(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM features")
        .fetch_one(pool)
        .await
}

/// How many imports the store has seen, across every process that wrote it.
pub async fn generation(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT generation FROM store_generation WHERE id = 1")
        .fetch_one(pool)
        .await
}
