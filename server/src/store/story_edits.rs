//! The revision and history rules for one edit of one story through the API,
//! for any store, as [`super::changes::edits`] has them for features: a
//! changed story goes up by one revision, an unchanged one keeps it, a story
//! created again after a deletion continues its history, and every change
//! writes a history row holding the story's text before and after. An edit
//! names the revision it was made against, and is refused when the story
//! has moved on.

use super::changes::Change;
use super::events::ChangeEvent;
use super::story_changes::PreviousStory;
use atlas_model::Story;
use std::collections::BTreeSet;

/// What an editor asks of one story.
#[derive(Debug, Clone, Copy)]
pub enum StoryEditKind<'a> {
    /// Add it; refused when a story has its id.
    Create(&'a Story),
    /// Replace its content.
    Replace(&'a Story),
    /// Remove it; its history stays.
    Delete,
}

/// One edit of a story, with the lock it holds and who makes it.
#[derive(Debug, Clone, Copy)]
pub struct StoryEdit<'a> {
    /// The story's id.
    pub story_id: &'a str,
    /// The revision the editor saw (from `If-Match`); `None` only to create.
    pub expected: Option<i64>,
    /// What to do.
    pub edit: StoryEditKind<'a>,
    /// The signed-in account's name, for the history row.
    pub who: &'a str,
}

/// A story as the store holds it, with its revision.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredStory {
    /// The story, read back from its stored text.
    pub story: Story,
    /// Its revision.
    pub revision: i64,
}

/// Why a story edit was refused; nothing was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryRefusal {
    /// No story of that id.
    NoSuchStory,
    /// A story already has the id.
    Exists,
    /// The story is at another revision than the one the editor saw.
    Stale,
}

/// What a story edit did, or why it did nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum StoryEditOutcome {
    /// Written in one transaction with its history row, and published; or,
    /// when `change` is `None`, found unchanged and not written.
    Done {
        /// What happened.
        change: Option<Change>,
        /// The story's revision now (the deletion's, for a deletion).
        revision: i64,
        /// The story as now stored; `None` once deleted.
        story: Option<StoredStory>,
    },
    /// Refused; nothing was written.
    Refused {
        /// Why.
        refusal: StoryRefusal,
        /// The story as now stored, when there is one: what a 412 shows.
        current: Option<StoredStory>,
    },
}

/// One row of a story's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryHistoryRecord {
    /// The story's id.
    pub story_id: String,
    /// The revision the change made.
    pub revision: i64,
    /// The story's file text before; `None` for a creation.
    pub before: Option<String>,
    /// Its file text after; `None` for a deletion.
    pub after: Option<String>,
    /// When (RFC 3339).
    pub changed_at: String,
    /// Who: an account's name, or `import`.
    pub changed_by: String,
}

/// Everything one story edit does, worked out before anything is written.
#[derive(Debug)]
pub struct PlannedStoryEdit {
    /// What happens; `None` when the text is unchanged and nothing is written.
    pub change: Option<Change>,
    /// Its revision after the edit (the deletion's, for a deletion).
    pub revision: i64,
    /// When its text last changed.
    pub updated_at: String,
    /// Its canonical file text after the edit; `None` once deleted.
    pub after: Option<String>,
    /// Its file text before, if it had one.
    pub before: Option<String>,
    /// What the edit touches, for the store's subscribers.
    pub event: ChangeEvent,
}

/// Works out what `edit` does to a store holding `live` (the story, if
/// there is one) and `last_history` (the last revision its history holds),
/// at `now`, or why it is refused.
pub fn plan_story_edit(
    edit: &StoryEdit<'_>,
    live: Option<&PreviousStory>,
    last_history: Option<i64>,
    now: &str,
) -> Result<PlannedStoryEdit, StoryRefusal> {
    let content = match (edit.edit, live) {
        (StoryEditKind::Create(_), Some(_)) => return Err(StoryRefusal::Exists),
        (StoryEditKind::Create(story), None) => Some(story),
        (StoryEditKind::Replace(_) | StoryEditKind::Delete, None) => {
            return Err(StoryRefusal::NoSuchStory);
        }
        // The lock first: an edit made against another revision changes nothing.
        (_, Some(live)) if edit.expected != Some(live.revision) => {
            return Err(StoryRefusal::Stale);
        }
        (StoryEditKind::Replace(story), Some(_)) => Some(story),
        (StoryEditKind::Delete, Some(_)) => None,
    };
    let before = live.map(|live| live.text.clone());
    let event = ChangeEvent {
        stories: BTreeSet::from([edit.story_id.to_string()]),
        ..ChangeEvent::default()
    };
    let Some(story) = content else {
        return Ok(PlannedStoryEdit {
            change: Some(Change::Delete),
            revision: live.map_or(1, |live| live.revision + 1),
            updated_at: now.to_string(),
            after: None,
            before,
            event,
        });
    };
    let text = story.to_file_text();
    let (change, revision, updated_at) = match live {
        Some(live) if live.text == text => (None, live.revision, live.updated_at.clone()),
        Some(live) => (Some(Change::Update), live.revision + 1, now.to_string()),
        None => (
            Some(Change::Create),
            last_history.map_or(1, |last| last + 1),
            now.to_string(),
        ),
    };
    Ok(PlannedStoryEdit {
        event: if change.is_some() {
            event
        } else {
            ChangeEvent::default()
        },
        change,
        revision,
        updated_at,
        after: Some(text),
        before,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(title: &str) -> Story {
        let text = format!(
            r#"{{"id":"a","title":"{title}","author":"A","steps":[{{"title":"One","camera":{{"fit":[40.0,39.0,50.0,42.0]}}}}]}}"#
        );
        Story::from_file_text(&text).expect("a story")
    }

    fn held(story: &Story, revision: i64) -> PreviousStory {
        PreviousStory {
            text: story.to_file_text(),
            position: 0,
            revision,
            updated_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    fn edit<'a>(expected: Option<i64>, kind: StoryEditKind<'a>) -> StoryEdit<'a> {
        StoryEdit {
            story_id: "a",
            expected,
            edit: kind,
            who: "ed",
        }
    }

    const NOW: &str = "2026-02-01T00:00:00Z";

    #[test]
    fn a_story_is_replaced_one_revision_up_and_refused_when_stale() {
        let old = story("Old");
        let new = story("New");
        let live = held(&old, 3);
        let plan = plan_story_edit(
            &edit(Some(3), StoryEditKind::Replace(&new)),
            Some(&live),
            Some(3),
            NOW,
        )
        .expect("not refused");
        assert_eq!((plan.change, plan.revision), (Some(Change::Update), 4));
        assert!(plan.before.is_some_and(|b| b.contains("Old")));
        assert_eq!(plan.event.stories.iter().collect::<Vec<_>>(), ["a"]);
        for kind in [StoryEditKind::Replace(&new), StoryEditKind::Delete] {
            let refused = plan_story_edit(&edit(Some(2), kind), Some(&live), Some(3), NOW);
            assert_eq!(refused.err(), Some(StoryRefusal::Stale));
        }
        let same = plan_story_edit(
            &edit(Some(3), StoryEditKind::Replace(&old)),
            Some(&live),
            Some(3),
            NOW,
        )
        .expect("not refused");
        assert_eq!((same.change, same.revision), (None, 3));
        assert!(same.event.is_empty());
    }

    #[test]
    fn a_deleted_story_created_again_continues_its_revisions() {
        let old = story("Old");
        let plan = plan_story_edit(&edit(None, StoryEditKind::Create(&old)), None, Some(4), NOW)
            .expect("not refused");
        assert_eq!((plan.change, plan.revision), (Some(Change::Create), 5));
        let live = held(&old, 5);
        let again = plan_story_edit(
            &edit(None, StoryEditKind::Create(&old)),
            Some(&live),
            Some(5),
            NOW,
        );
        assert_eq!(again.err(), Some(StoryRefusal::Exists));
        let gone = plan_story_edit(
            &edit(Some(5), StoryEditKind::Delete),
            Some(&live),
            None,
            NOW,
        )
        .expect("not refused");
        assert_eq!((gone.change, gone.revision), (Some(Change::Delete), 6));
        assert!(gone.after.is_none());
    }
}
