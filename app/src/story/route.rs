//! The story player's addresses, as `atlas_model::story_route` reads them
//! (the server answers the same addresses with the story page).

pub use atlas_model::story_route::{DRAFT_ID, StoryRoute};
