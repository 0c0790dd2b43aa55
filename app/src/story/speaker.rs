//! The speaker view, `/story/{id}/{step}?speaker`, for a second window the
//! room does not see: the notes, the step shown and the next one, and a
//! timer. It follows the player and drives it (see `channel`).

use super::caption::{Markdown, plain_text};
use super::channel::{self, Message};
use super::keys::{self, Command};
use super::load_story;
use super::player::failed;
use super::route::StoryRoute;
use atlas_model::Story;
use leptos::prelude::*;
use std::time::Duration;

/// The page at `/story/{id}/{step}?speaker`.
#[component]
pub fn SpeakerPage(
    /// The story and step the address asks for.
    route: StoryRoute,
) -> impl IntoView {
    let id = route.id.clone();
    let story = LocalResource::new(move || load_story(id.clone()));
    let first = route.step;
    let route_id = route.id.clone();
    let body = move || match story.get() {
        Some(Err(e)) => failed(e),
        Some(Ok(story)) => {
            let id = route_id.clone();
            view! { <Speaker story=story id=id first=first /> }.into_any()
        }
        None => view! { <p class="status-message">"Loading the story…"</p> }.into_any(),
    };
    view! { <div class="app speaker-app">{body}</div> }
}

/// Minutes and seconds, `m:ss`.
pub fn clock(ms: f64) -> String {
    let seconds = (ms.max(0.0) / 1000.0).floor() as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Writes the step into the speaker window's address, without a history step.
fn replace_address(id: &str, step: usize) {
    let href = StoryRoute {
        id: id.to_string(),
        step,
        speaker: true,
    }
    .href();
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
    }
}

/// The notes of `story`, known at the address as `id`, from step `first`.
#[component]
fn Speaker(story: Story, id: String, first: usize) -> impl IntoView {
    let count = story.steps.len().max(1);
    let step = RwSignal::new(first.clamp(1, count));
    let story = StoredValue::new(story);
    let id = StoredValue::new(id);
    let go = move |n: usize| {
        let n = n.clamp(1, count);
        if n != step.get_untracked() {
            step.set(n);
            id.with_value(|id| replace_address(id, n));
            channel::send(Message::Step(n));
        }
    };
    id.with_value(|story_id| {
        channel::open(story_id, move |message| {
            if let Message::Step(n) = message
                && n <= count
                && n != step.get_untracked()
            {
                step.set(n);
                id.with_value(|id| replace_address(id, n));
            }
        });
    });
    // The player, if open, says where it is.
    channel::send(Message::Where);
    keys::listen(move |command| match command {
        Command::Next => go(step.get_untracked() + 1),
        Command::Previous => go(step.get_untracked().saturating_sub(1)),
        Command::First => go(1),
        Command::Last => go(count),
        Command::FullScreen => keys::toggle_full_screen(),
        Command::Black | Command::Leave => {}
    });

    let started = RwSignal::new(js_sys::Date::now());
    let now = RwSignal::new(js_sys::Date::now());
    let ticking = set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        Duration::from_millis(500),
    );
    on_cleanup(move || {
        if let Ok(handle) = ticking {
            handle.clear();
        }
    });

    let step_at = move |n: usize| story.with_value(|s| s.steps.get(n.wrapping_sub(1)).cloned());
    let current = move || {
        let n = step.get();
        let s = step_at(n)?;
        Some(view! {
            <h2 class="speaker-step-title">{format!("{n}. {}", s.title)}</h2>
            <div class="speaker-caption"><Markdown source=s.caption.clone() /></div>
            <h3 class="speaker-heading">"Notes"</h3>
            <div class="speaker-notes">
                {if s.notes.trim().is_empty() {
                    view! { <p class="speaker-empty">"No notes for this step."</p> }.into_any()
                } else {
                    view! { <Markdown source=s.notes.clone() /> }.into_any()
                }}
            </div>
        })
    };
    let next = move || {
        let n = step.get() + 1;
        match step_at(n) {
            Some(s) => view! {
                <h3 class="speaker-heading">"Next"</h3>
                <p class="speaker-next-title">{format!("{n}. {}", s.title)}</p>
                <p class="speaker-next-caption">{plain_text(&s.caption)}</p>
            }
            .into_any(),
            None => view! {
                <h3 class="speaker-heading">"Next"</h3>
                <p class="speaker-next-title">"The end of the story."</p>
            }
            .into_any(),
        }
    };
    let title = story.with_value(|s| s.title.clone());
    view! {
        <div class="speaker-view" data-step=move || step.get()>
            <header class="speaker-bar">
                <p class="speaker-story">{title}</p>
                <p class="speaker-count">{move || format!("Step {} of {count}", step.get())}</p>
                <p class="speaker-timer" role="timer" aria-label="Time since the start">
                    {move || clock(now.get() - started.get())}
                </p>
                <button type="button" on:click=move |_| started.set(js_sys::Date::now())>"Restart timer"</button>
                <button type="button" aria-label="Previous step" disabled={move || step.get() <= 1} on:click=move |_| go(step.get_untracked().saturating_sub(1))>"‹ Previous"</button>
                <button type="button" aria-label="Next step" disabled={move || step.get() >= count} on:click=move |_| go(step.get_untracked() + 1)>"Next ›"</button>
            </header>
            <main class="speaker-main">
                <section class="speaker-current" aria-live="polite">{current}</section>
                <aside class="speaker-upcoming">{next}</aside>
            </main>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn the_timer_reads_minutes_and_seconds() {
        assert_eq!(clock(0.0), "0:00");
        assert_eq!(clock(61_500.0), "1:01");
        assert_eq!(clock(3_600_000.0), "60:00");
    }
}
