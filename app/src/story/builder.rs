//! Making a story from the reader's map: "Add this view as a step" captures
//! what the map shows into the draft, whose steps are titled, captioned,
//! given notes, reordered and deleted here, played with the player, and
//! downloaded as a story file or opened from one.

use super::draft::{self, Draft};
use super::route::{DRAFT_ID, StoryRoute};
use crate::atlas::Atlas;
use crate::state::{AtlasState, MapState};
use atlas_model::StoryStep;
use atlas_model::story_check::check_shape;
use leptos::prelude::*;
use std::sync::Arc;

/// Whether the builder panel is open; provided by the page.
#[derive(Clone, Copy)]
pub struct BuilderOpen(pub RwSignal<bool>);

/// The top bar's button that opens the builder, with the draft's step count.
#[component]
pub fn BuilderButton() -> impl IntoView {
    let open = expect_context::<BuilderOpen>().0;
    let draft = expect_context::<Draft>().0;
    let label = move || match draft.with(|d| d.steps.len()) {
        0 => "Make a story".to_string(),
        n => format!("Story draft ({n})"),
    };
    view! {
        <button
            type="button"
            class="open-builder"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {label}
        </button>
    }
}

/// The draft story's panel beside the map.
#[component]
pub fn StoryBuilder() -> impl IntoView {
    let open = expect_context::<BuilderOpen>().0;
    let draft = expect_context::<Draft>().0;
    let state = expect_context::<MapState>();
    let atlas_state = expect_context::<AtlasState>();
    let atlas = expect_context::<Arc<Atlas>>();
    let message = RwSignal::new(None::<String>);

    let add = move |_| {
        let number = draft.with_untracked(|d| d.steps.len()) + 1;
        let step = draft::capture(state, atlas_state, &atlas, number);
        draft.update(|d| d.steps.push(step));
        message.set(Some(format!("Step {number} added.")));
    };
    let count = move || draft.with(|d| d.steps.len());
    let play_href = StoryRoute {
        id: DRAFT_ID.into(),
        step: 1,
        speaker: false,
    }
    .href();
    let open_file = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let Some(file) = input.files().and_then(|f| f.item(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match draft::open_file(file).await {
                Ok(story) => {
                    let n = story.steps.len();
                    draft.set(story);
                    message.set(Some(format!("Opened a story of {n} steps.")));
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        });
    };

    view! {
        <aside class="story-builder" aria-label="Story draft" hidden=move || !open.get()>
            <header class="story-builder-head">
                <h2>"Story draft"</h2>
                <button type="button" class="story-builder-close" aria-label="Close the story draft" on:click=move |_| open.set(false)>"×"</button>
            </header>
            <ShippedStories />
            <label class="story-field">
                "Title"
                <input
                    class="story-title-input"
                    prop:value=move || draft.with(|d| d.title.clone())
                    on:input=move |ev| {
                        let title = event_target_value(&ev);
                        draft.update(|d| {
                            d.id = draft::slug_of(&title);
                            d.title = title;
                        });
                    }
                />
            </label>
            <label class="story-field">
                "Author"
                <input
                    class="story-author-input"
                    prop:value=move || draft.with(|d| d.author.clone())
                    on:input=move |ev| draft.update(|d| d.author = event_target_value(&ev))
                />
            </label>
            <button type="button" class="story-add" on:click=add>"Add this view as a step"</button>
            <p class="story-builder-message" role="status">{move || message.get()}</p>
            <ul class="story-builder-problems" aria-label="What the story file still needs">
                {move || {
                    draft
                        .with(check_shape)
                        .into_iter()
                        .map(|problem| view! { <li>{problem.to_string()}</li> })
                        .collect_view()
                }}
            </ul>
            <ol class="story-draft-steps">
                <For each=move || 0..count() key=|i| *i children=move |i| view! { <StepEditor index=i /> } />
            </ol>
            <div class="story-builder-tools">
                <a class="story-play" href=play_href aria-disabled={move || (count() == 0).to_string()}>"Play"</a>
                <button type="button" class="story-download" disabled={move || count() == 0} on:click=move |_| draft.with_untracked(draft::download)>"Download"</button>
                <label class="story-open">
                    "Open a story file"
                    <input type="file" accept=".json,application/json" on:change=open_file />
                </label>
                <button
                    type="button"
                    class="story-clear"
                    on:click=move |_| {
                        if window().confirm_with_message("Start a new story? The draft's steps are removed.").unwrap_or(false) {
                            draft.set(draft::empty());
                        }
                    }
                >
                    "Start over"
                </button>
            </div>
        </aside>
    }
}

/// The stories the atlas serves, each a link to play it.
#[component]
fn ShippedStories() -> impl IntoView {
    let stories = LocalResource::new(crate::api::stories);
    move || {
        let list = stories.get()?.ok()?.stories;
        if list.is_empty() {
            return None;
        }
        let items = list
            .into_iter()
            .map(|s| {
                let href = StoryRoute {
                    id: s.id.clone(),
                    step: 1,
                    speaker: false,
                }
                .href();
                view! {
                    <li>
                        <a href=href>{s.title}</a>
                        {format!(" · {} steps", s.steps)}
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="shipped-stories" aria-label="Stories to present">
                <h3>"Present a story"</h3>
                <ul>{items}</ul>
            </section>
        })
    }
}

/// One step of the draft: its title, caption and notes, and its place in the order.
#[component]
fn StepEditor(index: usize) -> impl IntoView {
    let draft = expect_context::<Draft>().0;
    let field = move |read: fn(&StoryStep) -> String| {
        move || draft.with(|d| d.steps.get(index).map(read).unwrap_or_default())
    };
    let edit = move |write: fn(&mut StoryStep, String), value: String| {
        draft.update(|d| {
            if let Some(step) = d.steps.get_mut(index) {
                write(step, value);
            }
        });
    };
    let count = move || draft.with(|d| d.steps.len());
    let swap = move |a: usize, b: usize| {
        draft.update(|d| {
            if a < d.steps.len() && b < d.steps.len() {
                d.steps.swap(a, b);
            }
        });
    };
    let n = index + 1;
    view! {
        <li class="story-draft-step">
            <input
                class="step-title"
                aria-label=format!("Step {n} title")
                prop:value=field(|s| s.title.clone())
                on:input=move |ev| edit(|s, v| s.title = v, event_target_value(&ev))
            />
            <textarea
                class="step-caption"
                aria-label=format!("Step {n} caption")
                placeholder="Caption: Markdown, *emphasis*, **strong**, [links](https://…), - lists"
                prop:value=field(|s| s.caption.clone())
                on:input=move |ev| edit(|s, v| s.caption = v, event_target_value(&ev))
            ></textarea>
            <textarea
                class="step-notes"
                aria-label=format!("Step {n} speaker notes")
                placeholder="Speaker notes"
                prop:value=field(|s| s.notes.clone())
                on:input=move |ev| edit(|s, v| s.notes = v, event_target_value(&ev))
            ></textarea>
            <div class="step-tools">
                <button type="button" aria-label=format!("Move step {n} up") disabled={index == 0} on:click=move |_| swap(index - 1, index)>"↑"</button>
                <button type="button" aria-label=format!("Move step {n} down") disabled={move || index + 1 >= count()} on:click=move |_| swap(index, index + 1)>"↓"</button>
                <button
                    type="button"
                    aria-label=format!("Delete step {n}")
                    on:click=move |_| draft.update(|d| {
                        if index < d.steps.len() {
                            d.steps.remove(index);
                        }
                    })
                >
                    "Delete"
                </button>
            </div>
        </li>
    }
}
