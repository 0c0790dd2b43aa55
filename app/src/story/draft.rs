//! The story being made in this browser: kept in local storage so it survives
//! a reload, captured from the reader's map one view at a time, and written to
//! or read from a story file.

use crate::atlas::Atlas;
use crate::state::{AtlasState, MapState};
use atlas_model::{Camera, PassageRef, StepCamera, Story, StoryStep};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The local storage key the draft is kept under.
const STORAGE_KEY: &str = "atlas-story-draft";

/// The draft story, shared by the builder and the top bar; saved on every change.
#[derive(Clone, Copy)]
pub struct Draft(pub RwSignal<Story>);

impl Draft {
    /// The draft this browser kept, or a new empty one; saved from now on.
    pub fn load() -> Draft {
        let story = stored().unwrap_or_else(empty);
        let draft = Draft(RwSignal::new(story));
        Effect::new(move |_| draft.0.with(save));
        draft
    }
}

/// A new story with no steps.
pub fn empty() -> Story {
    Story {
        id: "my-story".into(),
        title: "My story".into(),
        author: String::new(),
        description: String::new(),
        steps: Vec::new(),
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The draft kept in local storage, if any can be read.
pub fn stored() -> Option<Story> {
    let text = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    Story::from_file_text(&text).ok()
}

fn save(story: &Story) {
    if let Some(storage) = storage() {
        // A full or refused storage loses the draft on reload; nothing else breaks.
        let _ = storage.set_item(STORAGE_KEY, &story.to_file_text());
    }
}

/// A story id made from a title: lowercase words joined by dashes.
pub fn slug_of(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "my-story".into()
    } else {
        slug
    }
}

/// Rounds to `places` decimals, as story files keep coordinates.
fn round(x: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (x * k).round() / k
}

/// The reader's map as it is now, as a story step: camera, layers, filters,
/// selection (with the open route's legs) and open passage.
pub fn capture(
    state: MapState,
    atlas_state: AtlasState,
    atlas: &Atlas,
    number: usize,
) -> StoryStep {
    state.settle();
    let view = state.view.get_untracked();
    let mut filters = state.filters.get_untracked();
    let hidden = std::mem::take(&mut filters.hidden_layers);
    let layers = (!hidden.is_empty()).then(|| {
        atlas
            .collections
            .iter()
            .map(|c| c.id.clone())
            .filter(|id| !hidden.contains(id))
            .collect::<Vec<_>>()
    });
    let mut highlight = state.selection.get_untracked();
    if let Some(route) = atlas_state
        .route
        .get_untracked()
        .and_then(|slug| crate::routes::Route::of(atlas, &slug))
    {
        for leg in &route.legs {
            if !highlight.iter().any(|id| id == leg.id()) {
                highlight.push(leg.id().to_string());
            }
        }
    }
    // A feature on a layer the step hides could not be seen: it is left out.
    highlight.retain(|id| {
        atlas
            .feature(id)
            .is_some_and(|f| !hidden.contains(&f.collection))
    });
    let title = highlight
        .first()
        .and_then(|id| atlas.feature(id))
        .map(|f| f.name().to_string())
        .unwrap_or_else(|| format!("Step {number}"));
    let passage = atlas_state.passage.get_untracked().and_then(|t| {
        Some(PassageRef {
            report: t.report,
            passage: t.passage?,
            quote: None,
        })
    });
    StoryStep {
        title,
        caption: String::new(),
        camera: StepCamera::View(Camera {
            zoom: round(view.zoom, 2),
            lat: round(view.center.lat, 6),
            lon: round(view.center.lon, 6),
        }),
        layers,
        filters,
        highlight,
        passage,
        notes: String::new(),
    }
}

/// Offers the story as a file to save, named after its id.
pub fn download(story: &Story) {
    let text = story.to_file_text();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(&format!("{}.json", story.id));
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Why a story file could not be opened.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OpenError {
    /// The browser could not read the file.
    #[error("the file could not be read")]
    Unreadable,
    /// The file is not a story.
    #[error("this is not a story file: {0}")]
    NotAStory(String),
}

/// Reads a story file the presenter picked.
pub async fn open_file(file: web_sys::File) -> Result<Story, OpenError> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| OpenError::Unreadable)?
        .as_string()
        .ok_or(OpenError::Unreadable)?;
    Story::from_file_text(&text).map_err(|e| OpenError::NotAStory(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_makes_a_slug() {
        assert_eq!(
            slug_of("The Caspian, in 3 steps!"),
            "the-caspian-in-3-steps"
        );
        assert_eq!(slug_of("  "), "my-story");
        assert_eq!(slug_of("Ünïcode Köln"), "n-code-k-ln");
    }
}
