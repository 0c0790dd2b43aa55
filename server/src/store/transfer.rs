//! `atlas migrate`: a whole atlas moved from a SQLite file into an empty
//! PostgreSQL database, table by table: collections, features, their
//! history, reports and passages, links, stories and their history,
//! accounts and sessions. Both schemas keep the same tables and columns;
//! PostgreSQL's extra columns (a feature's aliases and kind label, a
//! passage's report title) are worked out from the rows copied, and its
//! generated ones (shape, search words) by the database.
//!
//! The source is read in one snapshot; the target is written in one
//! transaction under its write lock, and refused unless it is empty.

use super::postgres::PgStore;
use super::postgres::{watch, writes::lock_writes};
use super::sqlite::SqliteStore;
use super::{ChangeEvent, StoreError};
use atlas_model::{FeatureProperties, ReportMeta};
use futures_util::TryStreamExt;
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;

/// How a column is read and bound.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Text, perhaps NULL.
    Text,
    /// An integer, perhaps NULL.
    Int,
    /// A float.
    Float,
    /// Bytes.
    Bytes,
}

/// One table to copy: its name and columns, in the order both schemas share.
struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
}

use Kind::{Bytes, Float, Int, Text};

/// Every table, parents before children.
const TABLES: &[Table] = &[
    Table {
        name: "collections",
        columns: &[
            ("id", Text),
            ("title", Text),
            ("description", Text),
            ("position", Int),
        ],
    },
    Table {
        name: "features",
        columns: &[
            ("id", Text),
            ("collection_id", Text),
            ("kind", Text),
            ("status", Text),
            ("name", Text),
            ("properties", Text),
            ("geometry", Text),
            ("min_lon", Float),
            ("min_lat", Float),
            ("max_lon", Float),
            ("max_lat", Float),
            ("opened", Int),
            ("revision", Int),
            ("updated_at", Text),
            ("document", Text),
            ("position", Int),
        ],
    },
    Table {
        name: "feature_history",
        columns: &[
            ("feature_id", Text),
            ("revision", Int),
            ("collection_id", Text),
            ("before", Text),
            ("after", Text),
            ("changed_at", Text),
            ("changed_by", Text),
            ("restored_from", Int),
        ],
    },
    Table {
        name: "reports",
        columns: &[
            ("id", Text),
            ("meta", Text),
            ("position", Int),
            ("source", Text),
        ],
    },
    Table {
        name: "passages",
        columns: &[
            ("report_id", Text),
            ("id", Text),
            ("position", Int),
            ("section", Text),
            ("kind", Text),
            ("text", Text),
        ],
    },
    Table {
        name: "passage_links",
        columns: &[
            ("feature_id", Text),
            ("report_id", Text),
            ("passage_id", Text),
        ],
    },
    Table {
        name: "stories",
        columns: &[
            ("id", Text),
            ("position", Int),
            ("text", Text),
            ("revision", Int),
            ("updated_at", Text),
        ],
    },
    Table {
        name: "story_history",
        columns: &[
            ("story_id", Text),
            ("revision", Int),
            ("before", Text),
            ("after", Text),
            ("changed_at", Text),
            ("changed_by", Text),
        ],
    },
    Table {
        name: "users",
        columns: &[
            ("id", Int),
            ("name", Text),
            ("role", Text),
            ("password_hash", Text),
            ("created_at", Text),
        ],
    },
    Table {
        name: "sessions",
        columns: &[
            ("token_hash", Bytes),
            ("user_id", Int),
            ("created_at", Int),
            ("expires_at", Int),
        ],
    },
];

/// One column's values, as read.
#[derive(Debug)]
enum Values {
    Text(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Float(Vec<f64>),
    Bytes(Vec<Vec<u8>>),
}

/// What `atlas migrate` copied: rows per table, in copying order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransferSummary {
    /// Each table with its row count.
    pub tables: Vec<(&'static str, usize)>,
}

/// Copies everything `from` holds into `to`, which must be empty.
pub async fn sqlite_to_postgres(
    from: &SqliteStore,
    to: &PgStore,
) -> Result<TransferSummary, StoreError> {
    let mut read = from.pool().begin().await?;
    let mut tx = to.pool().begin().await?;
    lock_writes(&mut tx).await?;
    let held: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM collections) + (SELECT COUNT(*) FROM feature_history) \
         + (SELECT COUNT(*) FROM reports) + (SELECT COUNT(*) FROM stories) \
         + (SELECT COUNT(*) FROM story_history) + (SELECT COUNT(*) FROM users)",
    )
    .fetch_one(&mut *tx)
    .await?;
    if held > 0 {
        return Err(StoreError::Invalid(
            "the target database is not empty: atlas migrate copies into an empty one only".into(),
        ));
    }
    let mut summary = TransferSummary::default();
    let mut event = ChangeEvent {
        reports: true,
        ..ChangeEvent::default()
    };
    let mut report_titles = HashMap::new();
    for table in TABLES {
        let mut columns = read_table(&mut read, table).await?;
        let rows = row_count(&columns);
        let mut names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
        match table.name {
            "features" => {
                let (aliases, labels) = feature_words(&columns[5])?;
                columns.extend([Values::Text(aliases), Values::Text(labels)]);
                names.extend(["aliases", "kind_label"]);
                if let Values::Text(ids) = &columns[0] {
                    event.features.extend(ids.iter().flatten().cloned());
                }
            }
            "collections" => {
                if let Values::Text(ids) = &columns[0] {
                    event.collections.extend(ids.iter().flatten().cloned());
                }
            }
            "stories" => {
                if let Values::Text(ids) = &columns[0] {
                    event.stories.extend(ids.iter().flatten().cloned());
                }
            }
            "reports" => report_titles = titles(&columns[0], &columns[1])?,
            "passages" => {
                let Values::Text(reports) = &columns[0] else {
                    return Err(StoreError::Invalid("passages without report ids".into()));
                };
                let titles = reports
                    .iter()
                    .map(|id| id.as_ref().and_then(|id| report_titles.get(id)).cloned())
                    .collect();
                columns.push(Values::Text(titles));
                names.push("report_title");
            }
            _ => {}
        }
        write_table(&mut tx, table.name, &names, &columns).await?;
        summary.tables.push((table.name, rows));
    }
    // Accounts keep their ids; new ones continue after them.
    sqlx::query(
        "SELECT setval(pg_get_serial_sequence('users', 'id'), COALESCE(MAX(id), 0) + 1, false) \
         FROM users",
    )
    .execute(&mut *tx)
    .await?;
    watch::mark(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(summary)
}

/// How many rows the columns hold.
fn row_count(columns: &[Values]) -> usize {
    match columns.first() {
        Some(Values::Text(v)) => v.len(),
        Some(Values::Int(v)) => v.len(),
        Some(Values::Float(v)) => v.len(),
        Some(Values::Bytes(v)) => v.len(),
        None => 0,
    }
}

/// Every row of `table` in the SQLite store, column by column.
async fn read_table(
    read: &mut sqlx::SqliteConnection,
    table: &Table,
) -> Result<Vec<Values>, StoreError> {
    let names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let sql = format!("SELECT {} FROM {}", names.join(", "), table.name);
    let mut columns: Vec<Values> = table
        .columns
        .iter()
        .map(|(_, kind)| match kind {
            Text => Values::Text(Vec::new()),
            Int => Values::Int(Vec::new()),
            Float => Values::Float(Vec::new()),
            Bytes => Values::Bytes(Vec::new()),
        })
        .collect();
    // The statement names only this module's fixed tables and columns.
    let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(read);
    while let Some(row) = rows.try_next().await? {
        for (index, values) in columns.iter_mut().enumerate() {
            match values {
                Values::Text(v) => v.push(row.try_get(index)?),
                Values::Int(v) => v.push(row.try_get(index)?),
                Values::Float(v) => v.push(row.try_get(index)?),
                Values::Bytes(v) => v.push(row.try_get(index)?),
            }
        }
    }
    Ok(columns)
}

/// Rows per statement when writing.
const ROWS_PER_STATEMENT: usize = 2_000;

/// Writes the columns into `table` of the PostgreSQL store, a chunk of rows
/// per statement, each column bound as one array.
async fn write_table(
    tx: &mut sqlx::PgConnection,
    table: &str,
    names: &[&str],
    columns: &[Values],
) -> Result<(), StoreError> {
    let arrays: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, values)| {
            let kind = match values {
                Values::Text(_) => "text",
                Values::Int(_) => "int8",
                Values::Float(_) => "float8",
                Values::Bytes(_) => "bytea",
            };
            format!("${}::{kind}[]", i + 1)
        })
        .collect();
    // Ids of accounts are copied, not generated.
    let overriding = if table == "users" {
        " OVERRIDING SYSTEM VALUE"
    } else {
        ""
    };
    let sql = format!(
        "INSERT INTO {table} ({}){overriding} SELECT * FROM UNNEST({})",
        names.join(", "),
        arrays.join(", ")
    );
    let rows = row_count(columns);
    let mut start = 0;
    while start < rows {
        let end = (start + ROWS_PER_STATEMENT).min(rows);
        // The statement names only this module's fixed tables and columns.
        let mut query = sqlx::query(AssertSqlSafe(sql.clone()));
        for values in columns {
            query = match values {
                Values::Text(v) => query.bind(v[start..end].to_vec()),
                Values::Int(v) => query.bind(v[start..end].to_vec()),
                Values::Float(v) => query.bind(v[start..end].to_vec()),
                Values::Bytes(v) => query.bind(v[start..end].to_vec()),
            };
        }
        query.execute(&mut *tx).await?;
        start = end;
    }
    Ok(())
}

/// Two text columns: aliases and kind labels.
type Words = (Vec<Option<String>>, Vec<Option<String>>);

/// Each feature's aliases and kind label, as the search columns want them,
/// from its stored properties.
fn feature_words(properties: &Values) -> Result<Words, StoreError> {
    let Values::Text(properties) = properties else {
        return Err(StoreError::Invalid("features without properties".into()));
    };
    let mut aliases = Vec::with_capacity(properties.len());
    let mut labels = Vec::with_capacity(properties.len());
    for json in properties {
        let p: FeatureProperties = serde_json::from_str(json.as_deref().unwrap_or("null"))
            .map_err(|e| StoreError::Invalid(format!("stored properties: {e}")))?;
        aliases.push(Some(p.aliases.join("; ")));
        labels.push(Some(p.kind.label().to_string()));
    }
    Ok((aliases, labels))
}

/// Each report's title by id, from its stored metadata.
fn titles(ids: &Values, metas: &Values) -> Result<HashMap<String, String>, StoreError> {
    let (Values::Text(ids), Values::Text(metas)) = (ids, metas) else {
        return Err(StoreError::Invalid("reports without metadata".into()));
    };
    let mut titles = HashMap::with_capacity(ids.len());
    for (id, meta) in ids.iter().zip(metas) {
        let meta: ReportMeta = serde_json::from_str(meta.as_deref().unwrap_or("null"))
            .map_err(|e| StoreError::Invalid(format!("stored report: {e}")))?;
        titles.insert(id.clone().unwrap_or_default(), meta.title);
    }
    Ok(titles)
}
