//! The story player's addresses: `/story/{id}/{step}` (steps counted from 1),
//! with `?speaker` for the speaker view. The reader keeps its `#map=…` hash
//! addresses on `/`; only paths under `/story/` belong to stories. Shared by
//! the story page, which reads its address, and the server, which answers
//! exactly these addresses with the story page.

/// What a story address asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRoute {
    /// The story's slug (`draft` for the story being made in this browser).
    pub id: String,
    /// The step shown, counted from 1.
    pub step: usize,
    /// Whether this is the speaker view.
    pub speaker: bool,
}

/// The story id of the draft kept in this browser.
pub const DRAFT_ID: &str = "draft";

impl StoryRoute {
    /// Reads a page's path and query; `None` for any page that is not a story's.
    /// A missing or unreadable step is the first.
    pub fn parse(path: &str, query: &str) -> Option<StoryRoute> {
        let rest = path.strip_prefix("/story/")?;
        let mut parts = rest.split('/').filter(|p| !p.is_empty());
        let id = parts.next()?;
        if !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return None;
        }
        let step = parts
            .next()
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|&s| s >= 1)
            .unwrap_or(1);
        let speaker = query
            .trim_start_matches('?')
            .split('&')
            .any(|p| p == "speaker" || p.starts_with("speaker="));
        Some(StoryRoute {
            id: id.to_string(),
            step,
            speaker,
        })
    }

    /// The address of this step (path and query).
    pub fn href(&self) -> String {
        let query = if self.speaker { "?speaker" } else { "" };
        format!("/story/{}/{}{query}", self.id, self.step)
    }

    /// The same story at another step.
    pub fn at(&self, step: usize) -> StoryRoute {
        StoryRoute {
            step,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_address_names_the_story_and_the_step() {
        let r = StoryRoute::parse("/story/middle-corridor-in-six-steps/3", "").expect("a story");
        assert_eq!(r.id, "middle-corridor-in-six-steps");
        assert_eq!(r.step, 3);
        assert!(!r.speaker);
        assert_eq!(r.href(), "/story/middle-corridor-in-six-steps/3");
    }

    #[test]
    fn the_speaker_view_is_a_query() {
        let r = StoryRoute::parse("/story/s/2", "?speaker").expect("a story");
        assert!(r.speaker);
        assert_eq!(r.at(4).href(), "/story/s/4?speaker");
    }

    #[test]
    fn a_missing_or_bad_step_is_the_first() {
        assert_eq!(StoryRoute::parse("/story/s", "").map(|r| r.step), Some(1));
        assert_eq!(StoryRoute::parse("/story/s/0", "").map(|r| r.step), Some(1));
        assert_eq!(StoryRoute::parse("/story/s/x", "").map(|r| r.step), Some(1));
    }

    #[test]
    fn other_pages_are_not_stories() {
        assert_eq!(StoryRoute::parse("/", ""), None);
        assert_eq!(StoryRoute::parse("/story/", ""), None);
        assert_eq!(StoryRoute::parse("/story/Bad%20Id/1", ""), None);
        assert_eq!(StoryRoute::parse("/collections", ""), None);
    }
}
