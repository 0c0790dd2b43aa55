//! Briefing mode: stories played to a room (`player`), the presenter's second
//! window (`speaker`), and the reader's tools to make one (`builder`, `draft`).
//! The player and the speaker view are the story page's ([`app::StoryApp`],
//! a build of its own); the builder and the draft are the reader's.

pub mod app;
pub mod builder;
pub mod caption;
pub mod channel;
pub mod draft;
pub mod keys;
pub mod markdown;
pub mod player;
pub mod route;
pub mod speaker;
pub mod step_quote;
pub mod swipe;

use crate::api::{self, ApiError};
use atlas_model::Story;
use route::{DRAFT_ID, StoryRoute};

/// Why a story cannot be played.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoryError {
    /// The server could not give it.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The address names the draft, and this browser keeps none.
    #[error(
        "this browser keeps no story draft; make one from the map with \"Add this view as a step\""
    )]
    NoDraft,
    /// The story has no steps to show.
    #[error("the story has no steps")]
    NoSteps,
}

/// The story `id`: the draft from this browser's storage, or the server's.
pub async fn load_story(id: String) -> Result<Story, StoryError> {
    let story = if id == DRAFT_ID {
        draft::stored().ok_or(StoryError::NoDraft)?
    } else {
        api::story(&id).await?
    };
    if story.steps.is_empty() {
        return Err(StoryError::NoSteps);
    }
    Ok(story)
}

/// The story address of the page now open, if it is a story's.
pub fn current_route() -> Option<StoryRoute> {
    let location = leptos::prelude::window().location();
    let path = location.pathname().ok()?;
    let query = location.search().unwrap_or_default();
    StoryRoute::parse(&path, &query)
}
