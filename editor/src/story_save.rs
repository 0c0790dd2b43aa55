//! Saving the story made in the reader's briefing mode to the atlas. The
//! reader keeps its draft in this browser's local storage (the same origin,
//! so the editor reads it); the editor sees it, its check (the model's
//! `story_check`, as the server runs it), and "Save to the atlas": a new
//! story, or a replacement of the one with that id, named by its `ETag`. A
//! version saved meanwhile is not overwritten without the editor's word. The
//! server's stories are listed with their history.

use crate::api::EditApiError;
use crate::api::stories::{create, history, replace, stories, story};
use crate::history::when;
use atlas_app::atlas::Atlas;
use atlas_model::story_check::{StoryContext, check_references, check_shape};
use atlas_model::{Report, Story};
use leptos::prelude::*;
use std::sync::Arc;

/// Every problem the server would find in `story`, against the atlas's layers,
/// features and `reports` when they are known.
pub fn problems(story: &Story, atlas: Option<&Atlas>, reports: Option<&[Report]>) -> Vec<String> {
    let mut out: Vec<String> = check_shape(story).iter().map(ToString::to_string).collect();
    if let (Some(atlas), Some(reports)) = (atlas, reports) {
        let context = StoryContext::new(
            atlas.collections.iter().map(|c| c.id.as_str()),
            atlas
                .features
                .iter()
                .map(|f| (f.id(), f.collection.as_str())),
            reports,
        );
        out.extend(
            check_references(story, &context)
                .iter()
                .map(ToString::to_string),
        );
    }
    out
}

/// Where a save stands.
#[derive(Debug, Clone, PartialEq)]
enum SaveState {
    /// Nothing asked yet.
    Idle,
    /// The server has a story with the draft's id this editor has not saved:
    /// replace it, or not.
    Exists { theirs: Story, etag: String },
    /// Someone saved the story after this editor last read it.
    Stale { theirs: Story, etag: String },
    /// Saved; its `ETag`, for the next save.
    Saved { etag: String },
    /// Refused or failed.
    Failed(String),
}

/// The reports as the model's checks take them.
async fn load_reports() -> Result<Vec<Report>, String> {
    let list = atlas_app::api::reports().await.map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for summary in list.reports {
        let detail = atlas_app::api::report(&summary.meta.id)
            .await
            .map_err(|e| e.to_string())?;
        out.push(Report {
            meta: detail.meta,
            passages: detail.passages.into_iter().map(|p| p.passage).collect(),
        });
    }
    Ok(out)
}

/// "Save to the atlas" for the reader's draft, and the server's stories.
#[component]
pub fn StorySave(
    /// The atlas the story's references are checked against, once loaded.
    #[prop(into)]
    atlas: Signal<Option<Arc<Atlas>>>,
) -> impl IntoView {
    let draft = RwSignal::new(atlas_app::story::draft::stored());
    let reports = LocalResource::new(load_reports);
    let state = RwSignal::new(SaveState::Idle);
    let saved_list = RwSignal::new(0u32);
    let found = Memo::new(move |_| {
        let reports = reports.get().and_then(Result::ok);
        draft.with(|d| {
            d.as_ref()
                .map(|story| atlas.with(|a| problems(story, a.as_deref(), reports.as_deref())))
        })
    });
    let finish = move |result: Result<crate::api::Answer, EditApiError>| match result {
        Ok(answer) => {
            state.set(SaveState::Saved {
                etag: answer.etag.unwrap_or_default(),
            });
            saved_list.update(|n| *n += 1);
        }
        Err(EditApiError::Stale { etag, current }) => match serde_json::from_slice(&current) {
            Ok(theirs) => state.set(SaveState::Stale { theirs, etag }),
            Err(e) => state.set(SaveState::Failed(e.to_string())),
        },
        Err(e) => state.set(SaveState::Failed(e.to_string())),
    };
    let save = move || {
        let Some(mine) = draft.get_untracked() else {
            return;
        };
        let known = match state.get_untracked() {
            SaveState::Saved { etag } => Some(etag),
            _ => None,
        };
        leptos::task::spawn_local(async move {
            let result = match known {
                Some(etag) => replace(&mine, &etag).await,
                None => match story(&mine.id).await {
                    Ok(None) => create(&mine).await,
                    Ok(Some((theirs, etag))) => {
                        state.set(SaveState::Exists { theirs, etag });
                        return;
                    }
                    Err(e) => Err(e),
                },
            };
            finish(result);
        });
    };
    let replace_theirs = move |etag: String| {
        let Some(mine) = draft.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move { finish(replace(&mine, &etag).await) });
    };
    let choice = move || match state.get() {
        SaveState::Idle => None,
        SaveState::Exists { theirs, etag } | SaveState::Stale { theirs, etag } => {
            let stale = matches!(state.get_untracked(), SaveState::Stale { .. });
            let what = if stale {
                "Someone saved this story after you last did"
            } else {
                "The atlas already has a story with this id"
            };
            let theirs_words = format!(
                "{what}: “{}” by {}, {} steps. Replace it with your draft, or keep theirs \
                 (give your draft another title in the reader to save it beside it).",
                theirs.title,
                theirs.author,
                theirs.steps.len()
            );
            Some(view! {
                <div class="story-choice" role="alert">
                    <p>{theirs_words}</p>
                    <div class="panel-actions">
                        <button type="button" class="primary"
                            on:click=move |_| replace_theirs(etag.clone())>"Replace theirs with my draft"</button>
                        <button type="button" on:click=move |_| state.set(SaveState::Idle)>"Keep theirs"</button>
                    </div>
                </div>
            }
            .into_any())
        }
        SaveState::Saved { .. } => draft.get().map(|d| {
            view! {
                <p class="form-status saved" role="status">"Saved to the atlas. "
                    <a href=format!("/story/{}/1", d.id)>"Play it"</a>
                </p>
            }
            .into_any()
        }),
        SaveState::Failed(e) => Some(
            view! { <p class="form-status error" role="alert">{format!("Not saved: {e}")}</p> }
                .into_any(),
        ),
    };
    let summary = move || {
        match draft.get() {
        None => view! {
            <p class="hint">"No story draft in this browser. Make one in the reader: “Make a story”, \
                then add views as steps."</p>
        }
        .into_any(),
        Some(story) => {
            let problems = found.get().unwrap_or_default();
            let ok = problems.is_empty();
            view! {
                <div class="story-draft">
                    <p><strong class="story-title">{story.title.clone()}</strong>
                        {format!(" · {} · {} steps · id {}", story.author, story.steps.len(), story.id)}</p>
                    <ol class="story-steps">
                        {story.steps.iter().map(|s| view! { <li>{s.title.clone()}</li> }).collect_view()}
                    </ol>
                    {if ok {
                        view! { <p class="check ok">"Checked: no problems found."</p> }.into_any()
                    } else {
                        view! {
                            <div class="check problems">
                                <p>"Fix these in the reader before saving:"</p>
                                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                            </div>
                        }.into_any()
                    }}
                    <div class="panel-actions">
                        <button type="button" class="primary" prop:disabled=!ok
                            on:click=move |_| save()>"Save to the atlas"</button>
                        <button type="button" on:click=move |_| {
                            draft.set(atlas_app::story::draft::stored());
                            state.set(SaveState::Idle);
                        }>"Read the draft again"</button>
                    </div>
                </div>
            }
            .into_any()
        }
    }
    };
    view! {
        <section class="story-save" aria-label="Stories">
            <h3>"Your draft"</h3>
            {summary}
            {choice}
            <h3>"Stories in the atlas"</h3>
            <ServerStories reload=saved_list />
        </section>
    }
}

/// The server's stories, each with its history on request.
#[component]
fn ServerStories(reload: RwSignal<u32>) -> impl IntoView {
    let list = LocalResource::new(move || {
        reload.track();
        stories()
    });
    move || {
        match list.get() {
        None => view! { <p class="hint">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="form-status error">{e.to_string()}</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ul class="server-stories">
                {list.stories.into_iter().map(|s| view! { <StoryItem id=s.id title=s.title steps=s.steps /> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
    }
}

/// One server story: its title, a link to play it, and its history.
#[component]
fn StoryItem(id: String, title: String, steps: usize) -> impl IntoView {
    let open = RwSignal::new(false);
    let story_id = id.clone();
    let revisions = LocalResource::new(move || {
        let (open, id) = (open.get(), story_id.clone());
        async move { if open { Some(history(&id).await) } else { None } }
    });
    let items = move || {
        match revisions.get() {
        None | Some(None) => None,
        Some(Some(Err(e))) => Some(view! { <p class="hint">{e.to_string()}</p> }.into_any()),
        Some(Some(Ok(h))) => Some(
            view! {
                <ol class="revision-list compact">
                    {h.revisions.into_iter().rev().map(|r| view! {
                        <li>{format!("Revision {} · {} by {} · {}", r.revision,
                            crate::history::change_words(&r), r.changed_by, when(&r.changed_at))}</li>
                    }).collect_view()}
                </ol>
            }
            .into_any(),
        ),
    }
    };
    view! {
        <li class="server-story" data-story-id=id.clone()>
            <a href=format!("/story/{id}/1")>{title}</a>
            {format!(" · {steps} steps ")}
            <button type="button" class="link-button" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"History"</button>
            {items}
        </li>
    }
}
