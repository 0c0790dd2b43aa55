//! The revision rules for stories, for any store: given the stories a store
//! holds and the ones it should hold, which are created, updated, deleted or
//! left alone.
//!
//! A story is kept as its canonical file text ([`Story::to_file_text`]); a
//! story whose text is unchanged keeps its revision and `updated_at`, a
//! changed one goes up by one, a new one starts one past the last revision
//! its history holds (at 1 when it has none), and a deleted one's history
//! row is one past its revision.

use super::changes::Change;
use atlas_model::Story;
use std::collections::{BTreeSet, HashMap, HashSet};

/// A story as the store holds it before the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousStory {
    /// Its canonical file text.
    pub text: String,
    /// Its place among the stories, from 0.
    pub position: i64,
    /// Its revision.
    pub revision: i64,
    /// When its text last changed.
    pub updated_at: String,
}

/// One story as the change leaves it.
#[derive(Debug)]
pub struct PlannedStory<'a> {
    /// The story as the data has it.
    pub story: &'a Story,
    /// Its canonical file text.
    pub text: String,
    /// Its place among the stories, from 0: the data's order.
    pub position: i64,
    /// Its revision after the change.
    pub revision: i64,
    /// When its text last changed.
    pub updated_at: String,
    /// `None` when it is unchanged.
    pub change: Option<Change>,
    /// Whether the store must write it: changed, or moved among the stories.
    pub rewrite: bool,
}

/// One story's change, by id: what `atlas import --dry-run` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryChange {
    /// The story.
    pub id: String,
    /// What happens to it.
    pub change: Change,
}

/// Everything one change set does to the stories.
#[derive(Debug, Default)]
pub struct StoryChangeSet<'a> {
    /// Every story of the data, in data order, with what happens to it.
    pub stories: Vec<PlannedStory<'a>>,
    /// The ids of the stories that go, in id order.
    pub deleted: Vec<String>,
}

impl StoryChangeSet<'_> {
    /// Every story created, updated or deleted, by id.
    pub fn changes(&self) -> Vec<StoryChange> {
        let written = self.stories.iter().filter_map(|row| {
            Some(StoryChange {
                id: row.story.id.clone(),
                change: row.change?,
            })
        });
        let deleted = self.deleted.iter().map(|id| StoryChange {
            id: id.clone(),
            change: Change::Delete,
        });
        written.chain(deleted).collect()
    }

    /// The stories whose answers change: those created, updated, deleted or
    /// moved in the list (the list's answer shows the order).
    pub fn touched(&self) -> BTreeSet<String> {
        self.stories
            .iter()
            .filter(|row| row.rewrite)
            .map(|row| row.story.id.clone())
            .chain(self.deleted.iter().cloned())
            .collect()
    }
}

/// Works out what applying `stories` to a store holding `previous` does, at
/// `now`; `last_history` is the last revision each story's history holds.
pub fn plan<'a>(
    stories: &'a [Story],
    previous: &HashMap<String, PreviousStory>,
    last_history: &HashMap<String, i64>,
    now: &str,
) -> StoryChangeSet<'a> {
    let mut planned = Vec::with_capacity(stories.len());
    for (position, story) in stories.iter().enumerate() {
        let text = story.to_file_text();
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        let old = previous.get(&story.id);
        let (change, revision, updated_at) = match old {
            None => (
                Some(Change::Create),
                last_history.get(&story.id).map_or(1, |last| last + 1),
                now.to_string(),
            ),
            Some(old) if old.text == text => (None, old.revision, old.updated_at.clone()),
            Some(old) => (Some(Change::Update), old.revision + 1, now.to_string()),
        };
        planned.push(PlannedStory {
            rewrite: change.is_some() || old.is_some_and(|old| old.position != position),
            story,
            text,
            position,
            revision,
            updated_at,
            change,
        });
    }
    let kept: HashSet<&str> = stories.iter().map(|s| s.id.as_str()).collect();
    let mut deleted: Vec<String> = previous
        .keys()
        .filter(|id| !kept.contains(id.as_str()))
        .cloned()
        .collect();
    deleted.sort();
    StoryChangeSet {
        stories: planned,
        deleted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(id: &str, title: &str) -> Story {
        let text = format!(
            r#"{{"id":"{id}","title":"{title}","author":"A","steps":[{{"title":"One","camera":{{"fit":[40.0,39.0,50.0,42.0]}}}}]}}"#
        );
        Story::from_file_text(&text).expect("a story")
    }

    /// What a store holds after applying `set`.
    fn applied(set: &StoryChangeSet<'_>) -> HashMap<String, PreviousStory> {
        set.stories
            .iter()
            .map(|row| {
                let held = PreviousStory {
                    text: row.text.clone(),
                    position: row.position,
                    revision: row.revision,
                    updated_at: row.updated_at.clone(),
                };
                (row.story.id.clone(), held)
            })
            .collect()
    }

    #[test]
    fn stories_are_created_kept_updated_moved_and_deleted_by_id() {
        let first = vec![story("a", "A"), story("b", "B"), story("c", "C")];
        let set = plan(
            &first,
            &HashMap::new(),
            &HashMap::new(),
            "2026-01-01T00:00:00Z",
        );
        assert!(set.changes().iter().all(|c| c.change == Change::Create));
        assert_eq!(set.touched().len(), 3);
        let held = applied(&set);

        let again = plan(&first, &held, &HashMap::new(), "2026-02-01T00:00:00Z");
        assert!(again.changes().is_empty());
        assert!(again.touched().is_empty());
        assert!(
            again
                .stories
                .iter()
                .all(|s| s.updated_at == "2026-01-01T00:00:00Z")
        );

        let second = vec![story("b", "B"), story("a", "Another title")];
        let set = plan(&second, &held, &HashMap::new(), "2026-02-01T00:00:00Z");
        assert_eq!(
            set.changes(),
            [
                StoryChange {
                    id: "a".into(),
                    change: Change::Update
                },
                StoryChange {
                    id: "c".into(),
                    change: Change::Delete
                },
            ]
        );
        assert_eq!(set.stories[1].revision, 2);
        assert_eq!(
            (set.stories[0].revision, set.stories[0].change),
            (1, None),
            "b only moved"
        );
        assert_eq!(
            set.touched().into_iter().collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        // Created again after its deletion, a story continues its history.
        let last = HashMap::from([("c".to_string(), 2)]);
        let back = plan(&first, &HashMap::new(), &last, "2026-03-01T00:00:00Z");
        assert_eq!(back.stories[2].revision, 3);
        assert_eq!(back.stories[0].revision, 1);
    }
}
