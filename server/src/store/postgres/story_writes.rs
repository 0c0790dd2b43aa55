//! One edit of one story, as one transaction: the story's row, its history
//! row and the change marks, all or nothing; then the change event. Takes
//! the write lock first, as feature edits do, so two edits against one
//! revision are decided one after the other.

use super::PgStore;
use super::stories::parse;
use super::watch;
use crate::clock::now_rfc3339;
use crate::store::StoreError;
use crate::store::changes::Change;
use crate::store::story_changes::PreviousStory;
use crate::store::story_edits::{
    self, StoredStory, StoryEdit, StoryEditOutcome, StoryHistoryRecord,
};
use sqlx::{PgPool, Row};

/// Applies `edit` (see [`crate::store::Store::edit_story`]).
pub async fn edit(store: &PgStore, edit: &StoryEdit<'_>) -> Result<StoryEditOutcome, StoreError> {
    let now = now_rfc3339();
    let mut tx = store.pool.begin().await?;
    super::writes::lock_writes(&mut tx).await?;
    let live =
        sqlx::query("SELECT text, position, revision, updated_at FROM stories WHERE id = $1")
            .bind(edit.story_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| {
                Ok::<_, sqlx::Error>(PreviousStory {
                    text: row.try_get("text")?,
                    position: row.try_get("position")?,
                    revision: row.try_get("revision")?,
                    updated_at: row.try_get("updated_at")?,
                })
            })
            .transpose()?;
    let last_history: Option<i64> =
        sqlx::query_scalar("SELECT MAX(revision) FROM story_history WHERE story_id = $1")
            .bind(edit.story_id)
            .fetch_one(&mut *tx)
            .await?;
    let stored = |live: &PreviousStory| {
        Ok::<_, StoreError>(StoredStory {
            story: parse(&live.text)?,
            revision: live.revision,
        })
    };
    let plan = match story_edits::plan_story_edit(edit, live.as_ref(), last_history, &now) {
        Ok(plan) => plan,
        Err(refusal) => {
            // Dropping the transaction rolls it back; it wrote nothing.
            return Ok(StoryEditOutcome::Refused {
                refusal,
                current: live.as_ref().map(stored).transpose()?,
            });
        }
    };
    let Some(change) = plan.change else {
        return Ok(StoryEditOutcome::Done {
            change: None,
            revision: plan.revision,
            story: live.as_ref().map(stored).transpose()?,
        });
    };
    match (&plan.after, change) {
        (Some(text), Change::Create) => {
            sqlx::query(
                "INSERT INTO stories (id, position, text, revision, updated_at) \
                 SELECT $1, COALESCE(MAX(position) + 1, 0), $2, $3, $4 FROM stories",
            )
            .bind(edit.story_id)
            .bind(text)
            .bind(plan.revision)
            .bind(&plan.updated_at)
            .execute(&mut *tx)
            .await?;
        }
        (Some(text), _) => {
            sqlx::query(
                "UPDATE stories SET text = $1, revision = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(text)
            .bind(plan.revision)
            .bind(&plan.updated_at)
            .bind(edit.story_id)
            .execute(&mut *tx)
            .await?;
        }
        (None, _) => {
            sqlx::query("DELETE FROM stories WHERE id = $1")
                .bind(edit.story_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    sqlx::query(
        "INSERT INTO story_history (story_id, revision, before, after, changed_at, changed_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(edit.story_id)
    .bind(plan.revision)
    .bind(plan.before.as_deref())
    .bind(plan.after.as_deref())
    .bind(&now)
    .bind(edit.who)
    .execute(&mut *tx)
    .await?;
    let generation = watch::mark(&mut tx, &plan.event).await?;
    tx.commit().await?;
    watch::published_own(store, generation);
    // No subscriber is no error: a command-line store has none.
    let _ = store.events.send(plan.event.clone());
    Ok(StoryEditOutcome::Done {
        change: Some(change),
        revision: plan.revision,
        story: plan
            .after
            .as_deref()
            .map(|text| {
                Ok::<_, StoreError>(StoredStory {
                    story: parse(text)?,
                    revision: plan.revision,
                })
            })
            .transpose()?,
    })
}

/// One story with its revision; `None` if there is no such story.
pub async fn stored(pool: &PgPool, id: &str) -> Result<Option<StoredStory>, StoreError> {
    let Some(row) = sqlx::query("SELECT text, revision FROM stories WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(StoredStory {
        story: parse(row.try_get("text")?)?,
        revision: row.try_get("revision")?,
    }))
}

/// Every history row of a story, oldest first.
pub async fn history(pool: &PgPool, id: &str) -> Result<Vec<StoryHistoryRecord>, StoreError> {
    let rows = sqlx::query(
        "SELECT revision, before, after, changed_at, changed_by FROM story_history \
         WHERE story_id = $1 ORDER BY revision",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(StoryHistoryRecord {
                story_id: id.to_string(),
                revision: row.try_get("revision")?,
                before: row.try_get("before")?,
                after: row.try_get("after")?,
                changed_at: row.try_get("changed_at")?,
                changed_by: row.try_get("changed_by")?,
            })
        })
        .collect()
}
