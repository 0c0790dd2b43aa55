//! Queries behind the stories resources, and the import's writes of them
//! with their history rows.
//!
//! Each story is kept as its canonical file text, read back into a `Story`.

use crate::store::StoreError;
use crate::store::story_changes::{PreviousStory, StoryChangeSet};
use atlas_model::Story;
use sqlx::{PgPool, Postgres, Row, Transaction};
use std::collections::HashMap;

/// Every story, in data-folder order.
pub async fn list(pool: &PgPool) -> Result<Vec<Story>, StoreError> {
    sqlx::query_scalar::<_, String>("SELECT text FROM stories ORDER BY position, id")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|text| parse(text))
        .collect()
}

/// One story; `None` if there is no such story.
pub async fn one(pool: &PgPool, id: &str) -> Result<Option<Story>, StoreError> {
    sqlx::query_scalar::<_, String>("SELECT text FROM stories WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .map(|text| parse(&text))
        .transpose()
}

/// What the store holds of the stories, as the change rules need it.
pub async fn previous(
    tx: &mut Transaction<'static, Postgres>,
) -> Result<HashMap<String, PreviousStory>, StoreError> {
    let rows = sqlx::query("SELECT id, text, position, revision, updated_at FROM stories")
        .fetch_all(&mut **tx)
        .await?;
    let mut held = HashMap::with_capacity(rows.len());
    for row in rows {
        held.insert(
            row.try_get("id")?,
            PreviousStory {
                text: row.try_get("text")?,
                position: row.try_get("position")?,
                revision: row.try_get("revision")?,
                updated_at: row.try_get("updated_at")?,
            },
        );
    }
    Ok(held)
}

/// The last revision each story's history holds, deleted stories' included.
pub async fn last_history(
    tx: &mut Transaction<'static, Postgres>,
) -> Result<HashMap<String, i64>, StoreError> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT story_id, MAX(revision) FROM story_history GROUP BY story_id")
            .fetch_all(&mut **tx)
            .await?;
    Ok(rows.into_iter().collect())
}

/// Deletes the stories that go and writes the ones created, changed or
/// moved, with a history row for each change (its text before, from
/// `previous`, and after), changed at `now` by `by`.
pub async fn write(
    tx: &mut Transaction<'static, Postgres>,
    set: &StoryChangeSet<'_>,
    previous: &HashMap<String, PreviousStory>,
    now: &str,
    by: &str,
) -> Result<(), StoreError> {
    for id in &set.deleted {
        sqlx::query("DELETE FROM stories WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        if let Some(old) = previous.get(id) {
            let row = (id.as_str(), old.revision + 1, Some(old.text.as_str()), None);
            insert_history(tx, row, now, by).await?;
        }
    }
    for row in set.stories.iter().filter(|row| row.change.is_some()) {
        let before = previous.get(&row.story.id).map(|old| old.text.as_str());
        let history = (
            row.story.id.as_str(),
            row.revision,
            before,
            Some(row.text.as_str()),
        );
        insert_history(tx, history, now, by).await?;
    }
    for row in set.stories.iter().filter(|row| row.rewrite) {
        sqlx::query(
            "INSERT INTO stories (id, position, text, revision, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO UPDATE SET position = excluded.position, text = excluded.text, \
             revision = excluded.revision, updated_at = excluded.updated_at",
        )
        .bind(&row.story.id)
        .bind(row.position)
        .bind(&row.text)
        .bind(row.revision)
        .bind(&row.updated_at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Adds one history row: the story, its revision, its text before and after.
async fn insert_history(
    tx: &mut Transaction<'static, Postgres>,
    (id, revision, before, after): (&str, i64, Option<&str>, Option<&str>),
    now: &str,
    by: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO story_history (story_id, revision, before, after, changed_at, changed_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(revision)
    .bind(before)
    .bind(after)
    .bind(now)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A story from its stored file text.
pub(super) fn parse(text: &str) -> Result<Story, StoreError> {
    Story::from_file_text(text).map_err(|e| StoreError::Invalid(format!("stored story: {e}")))
}
