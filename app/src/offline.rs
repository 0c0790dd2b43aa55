//! Offline use: the service worker (`public/sw.js`, served by the server with
//! its build's version) keeps the app, the basemap and the API answers the
//! page has seen; "Make this story available offline" fetches through it
//! everything every step of a story needs, and says when that is done.
//!
//! The story player places [`OfflineStoryButton`] or calls [`save_story_offline`].

use crate::api::{self, ApiError};
use atlas_model::api::app_items_pages;
use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen_futures::JsFuture;
use web_sys::ServiceWorkerContainer;

/// Why a story could not be kept for offline use.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OfflineError {
    /// The browser has no service workers here (an old browser, or a page not served over https).
    #[error("this browser cannot keep pages for offline use here")]
    Unsupported,
    /// The service worker is installed but does not yet serve this page.
    #[error("offline use starts once the page has been reloaded")]
    NotYetServed,
    /// A request failed: what it was, and why.
    #[error("{path} could not be fetched: {error}")]
    Fetch {
        /// The path that failed.
        path: String,
        /// Why.
        error: ApiError,
    },
    /// The story's file could not be read.
    #[error("the story could not be read: {0}")]
    Story(String),
}

/// The service worker container, where the browser offers one.
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = window().navigator();
    let present = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    present.then(|| navigator.service_worker())
}

/// Registers the service worker, once per page; quietly nothing where it is not offered.
pub fn register_service_worker() {
    let Some(container) = container() else {
        return;
    };
    let registration = container.register("/sw.js");
    leptos::task::spawn_local(async move {
        // A failed registration leaves the page working online, as before.
        let _ = JsFuture::from(registration).await;
    });
}

/// Every path the start of the app needs: the reader's page and the story
/// page, the layers, the basemap, the settings and the reports' list.
async fn app_paths() -> Result<Vec<String>, OfflineError> {
    let collections = api::collections()
        .await
        .map_err(|error| OfflineError::Fetch {
            path: "/collections".into(),
            error,
        })?;
    let mut paths: Vec<String> = [
        "/index.html",
        // The story page by its file name: what the worker shows at a story's address offline.
        "/story/index.html",
        "/collections",
        "/api/config",
        "/api/basemap/countries",
        "/api/basemap/seas",
        "/api/reports",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    for collection in &collections.collections {
        paths.extend(app_items_pages(
            &collection.id,
            collection.number_of_features,
        ));
    }
    Ok(paths)
}

/// Of a story (`atlas_model::Story`), what offline use needs: its id and the
/// reports its steps quote. Read alone, so the app carries no reader of the rest.
#[derive(Deserialize)]
pub struct StoryNeeds {
    id: String,
    steps: Vec<StepNeeds>,
}

#[derive(Deserialize)]
struct StepNeeds {
    #[serde(default)]
    passage: Option<ReportNeeded>,
}

#[derive(Deserialize)]
struct ReportNeeded {
    report: String,
}

/// The paths a story adds to the app's: itself, the stories' list and the reports its steps quote.
pub fn story_paths(story: &StoryNeeds) -> Vec<String> {
    let mut paths = vec![
        "/api/stories".to_string(),
        format!("/api/stories/{}", story.id),
    ];
    for step in &story.steps {
        if let Some(passage) = &step.passage {
            let report = format!("/api/reports/{}", passage.report);
            if !paths.contains(&report) {
                paths.push(report);
            }
        }
    }
    paths
}

/// Fetches through the service worker everything every step of story `id`
/// needs, so that it plays with the network cut; answers how many answers are kept.
pub async fn save_story_offline(id: &str) -> Result<usize, OfflineError> {
    let container = container().ok_or(OfflineError::Unsupported)?;
    let ready = container.ready().map_err(|_| OfflineError::Unsupported)?;
    JsFuture::from(ready)
        .await
        .map_err(|_| OfflineError::Unsupported)?;
    if container.controller().is_none() {
        return Err(OfflineError::NotYetServed);
    }
    let story_path = format!("/api/stories/{id}");
    let body = api::fetch_to_keep(&story_path)
        .await
        .map_err(|error| OfflineError::Fetch {
            path: story_path.clone(),
            error,
        })?;
    let story: StoryNeeds =
        serde_json::from_slice(&body).map_err(|e| OfflineError::Story(e.to_string()))?;
    let mut paths = app_paths().await?;
    paths.extend(story_paths(&story));
    let fetches = paths.iter().map(|path| async move {
        api::fetch_to_keep(path)
            .await
            .map_err(|error| OfflineError::Fetch {
                path: path.clone(),
                error,
            })
    });
    futures::future::try_join_all(fetches).await?;
    Ok(paths.len())
}

/// What the offline button last did.
#[derive(Clone, Debug, PartialEq)]
enum Saving {
    Idle,
    Busy,
    Done(usize),
    Failed(String),
}

/// "Make this story available offline", and what came of it.
#[component]
pub fn OfflineStoryButton(
    /// The story's slug.
    #[prop(into)]
    story: Signal<String>,
) -> impl IntoView {
    let saving = RwSignal::new(Saving::Idle);
    let save = move |_| {
        let id = story.get_untracked();
        saving.set(Saving::Busy);
        leptos::task::spawn_local(async move {
            saving.set(match save_story_offline(&id).await {
                Ok(n) => Saving::Done(n),
                Err(e) => Saving::Failed(e.to_string()),
            });
        });
    };
    let said = move || match saving.get() {
        Saving::Idle => String::new(),
        Saving::Busy => "Saving every step for offline use…".to_string(),
        Saving::Done(n) => format!("Available offline: every step is saved ({n} files)."),
        Saving::Failed(why) => format!("Not saved: {why}."),
    };
    view! {
        <span class="offline-story">
            <button
                type="button"
                class="tool-button offline-save"
                prop:disabled=move || saving.get() == Saving::Busy
                on:click=save
            >
                "Make this story available offline"
            </button>
            <span class="offline-status" role="status" aria-live="polite" data-state=move || match saving.get() {
                Saving::Idle => "idle",
                Saving::Busy => "busy",
                Saving::Done(_) => "done",
                Saving::Failed(_) => "failed",
            }>{said}</span>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_needs_itself_the_list_and_each_quoted_report_once() {
        let story: StoryNeeds = serde_json::from_str(
            r#"{"id":"s","title":"T","author":"A","steps":[
                {"title":"1","camera":{"view":{"zoom":4,"lat":40,"lon":50}},"passage":{"report":"r","passage":"p-1"}},
                {"title":"2","camera":{"view":{"zoom":4,"lat":40,"lon":50}},"passage":{"report":"r","passage":"p-2"}},
                {"title":"3","camera":{"view":{"zoom":4,"lat":40,"lon":50}}}
            ]}"#,
        )
        .expect("a story");
        assert_eq!(
            story_paths(&story),
            vec!["/api/stories", "/api/stories/s", "/api/reports/r"]
        );
    }
}
