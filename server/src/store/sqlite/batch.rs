//! Multi-row `INSERT`s for the import.
//!
//! sqlx runs SQLite on a thread of its own, so every statement is a round trip
//! between threads; one per row was most of what importing 100,000 features
//! cost. One statement per [`ROWS_PER_STATEMENT`] rows makes that negligible,
//! and the statement text, built once per shape, stays in sqlx's cache of
//! prepared statements.

use sqlx::query::Query;
use sqlx::sqlite::SqliteArguments;
use sqlx::{AssertSqlSafe, Sqlite, SqliteConnection};
use std::sync::Arc;

/// Rows per statement: 256 rows of the widest table (16 columns) bind 4,096
/// values, well under SQLite's limit of 32,766.
pub const ROWS_PER_STATEMENT: usize = 256;

/// A statement being bound.
pub type SqliteQuery<'q> = Query<'q, Sqlite, SqliteArguments>;

/// `{head} VALUES (?, ?), (?, ?)` for `rows` rows of `columns` values each.
///
/// Only placeholders are added to `head`, a fixed `INSERT INTO t (a, b)`
/// written in this crate; values are always bound, never pasted.
fn statement(head: &str, columns: usize, rows: usize) -> Arc<str> {
    let mut tuple = String::from("(?");
    for _ in 1..columns {
        tuple.push_str(", ?");
    }
    tuple.push(')');
    let mut sql = String::with_capacity(head.len() + 8 + rows * (tuple.len() + 2));
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&tuple);
    }
    sql.into()
}

/// Inserts `rows` with `head` (`INSERT INTO t (a, b)`), `columns` values per
/// row, which `bind` adds to the statement in column order.
pub async fn insert_all<'r, R>(
    conn: &mut SqliteConnection,
    head: &'static str,
    columns: usize,
    rows: &'r [R],
    bind: impl Fn(SqliteQuery<'r>, &'r R) -> SqliteQuery<'r>,
) -> Result<(), sqlx::Error> {
    let full = statement(head, columns, ROWS_PER_STATEMENT);
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = if chunk.len() == ROWS_PER_STATEMENT {
            full.clone()
        } else {
            statement(head, columns, chunk.len())
        };
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for row in chunk {
            query = bind(query, row);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_has_one_placeholder_tuple_per_row() {
        assert_eq!(
            &*statement("INSERT INTO t (a, b)", 2, 3),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)"
        );
        assert_eq!(
            &*statement("INSERT INTO t (a)", 1, 1),
            "INSERT INTO t (a) VALUES (?)"
        );
    }
}
