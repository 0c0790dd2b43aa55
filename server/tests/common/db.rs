//! The test store's database, whichever engine it is: parameterless queries
//! that read alike on SQLite and PostgreSQL, for tests that look at the tables.

use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, PgPool, SqlitePool};

/// The pool of a test store.
#[derive(Debug, Clone)]
pub enum Db {
    /// A SQLite file's.
    Sqlite(SqlitePool),
    /// A PostgreSQL database's.
    Postgres(PgPool),
}

impl Db {
    /// Whether the store is SQLite's (whose own tables, such as FTS5's, a test may check).
    pub fn is_sqlite(&self) -> bool {
        matches!(self, Db::Sqlite(_))
    }

    /// The one value of the one row `sql` reads.
    pub async fn scalar<T>(&self, sql: &'static str) -> Result<T, sqlx::Error>
    where
        (T,): for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>,
        T: Send + Unpin,
    {
        match self {
            Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
    }

    /// The one row `sql` reads.
    pub async fn one<T>(&self, sql: &'static str) -> Result<T, sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        match self {
            Db::Sqlite(pool) => sqlx::query_as(sql).fetch_one(pool).await,
            Db::Postgres(pool) => sqlx::query_as(sql).fetch_one(pool).await,
        }
    }

    /// Every row `sql` reads.
    pub async fn all<T>(&self, sql: &'static str) -> Result<Vec<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        match self {
            Db::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await,
            Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        }
    }
}
