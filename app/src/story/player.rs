//! The story player: the map full screen, the step's caption and quote beside
//! it, and a presenter's controls. Each step flies the camera along the van
//! Wijk and Nuij path, draws its highlighted routes along their length and
//! fades layers in and out; the address is `/story/{id}/{step}`, so a reload
//! or a shared link opens that step, and Back and Forward walk the steps.

use super::caption::Markdown;
use super::channel::{self, Message};
use super::keys::{self, Command};
use super::route::{DRAFT_ID, StoryRoute};
use super::step_quote::StepQuote;
use super::swipe::Swipe;
use super::{StoryError, load_story};
use crate::atlas::{self, Atlas};
use crate::embed::{EmbedButton, OpenInAtlas};
use crate::export::dialog::ExportButton;
use crate::map::MapView;
use crate::map::camera::fly_to;
use crate::map::projection::LonLat;
use crate::map::route_draw::draw_in;
use crate::map::viewport::{Padding, Transform, Viewport};
use crate::offline::OfflineStoryButton;
use crate::reports::Reports;
use crate::state::{AtlasState, MapState};
use crate::{feature_style, places};
use atlas_model::{Camera, StepCamera, Story, StoryStep};
use leptos::prelude::*;
use std::sync::Arc;

/// How long a highlighted route takes to draw, in milliseconds.
const DRAW_MS: f64 = 1400.0;

/// The page at `/story/{id}/{step}`: loads the story and the atlas, then plays.
#[component]
pub fn StoryPage(
    /// The story and step the address asks for.
    route: StoryRoute,
) -> impl IntoView {
    let state = MapState::new();
    provide_context(state);
    crate::basemap_loading::load_light_world(state);
    provide_context(AtlasState::new());
    provide_context(Reports::load());
    let id = route.id.clone();
    let story = LocalResource::new(move || load_story(id.clone()));
    let atlas = LocalResource::new(|| async { atlas::load().await.map(Arc::new) });
    let first = route.step;
    let route_id = route.id.clone();
    let body = move || match (story.get(), atlas.get()) {
        (Some(Err(e)), _) => failed(e),
        (_, Some(Err(e))) => failed(StoryError::Api(e)),
        (Some(Ok(story)), Some(Ok(atlas))) => {
            let id = route_id.clone();
            view! { <Player story=Arc::new(story) atlas=atlas id=id first=first /> }.into_any()
        }
        _ => view! { <p class="status-message">"Loading the story…"</p> }.into_any(),
    };
    view! { <div class="app story-app">{body}</div> }
}

/// What the page says when the story cannot be shown.
pub fn failed(e: StoryError) -> AnyView {
    view! {
        <div class="status-message error" role="alert">
            <p>{format!("The story could not be shown: {e}")}</p>
            <a href="/">"Open the map"</a>
        </div>
    }
    .into_any()
}

/// Writes the step into the address, as a step Back can return to.
fn push_address(id: &str, step: usize) {
    let href = StoryRoute {
        id: id.to_string(),
        step,
        speaker: false,
    }
    .href();
    // An embedded story stays embedded as it steps.
    let href = if crate::embed::is_embedded() {
        format!("{href}{}", crate::embed::with_embed(""))
    } else {
        href
    };
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
    }
}

/// The step a story's address asks for now.
fn address_step() -> Option<usize> {
    let location = window().location();
    let path = location.pathname().ok()?;
    let query = location.search().unwrap_or_default();
    StoryRoute::parse(&path, &query).map(|r| r.step)
}

/// Plays `story`, known at the address as `id` (`draft` for the draft), from step `first`.
#[component]
fn Player(story: Arc<Story>, atlas: Arc<Atlas>, id: String, first: usize) -> impl IntoView {
    let state = expect_context::<MapState>();
    provide_context(atlas.clone());
    // The story and the map are in: the worker's first copies compete with nothing now,
    // and a presenter who opened the story once can play it with the network cut.
    crate::offline::register_service_worker();
    // No legend here: fits use the whole map but for the caption and controls.
    state.covered_left.set(0.0);
    let count = story.steps.len().max(1);
    let step = RwSignal::new(first.clamp(1, count));
    let black = RwSignal::new(false);
    let story = StoredValue::new(story);
    let id = StoredValue::new(id);

    // A step the presenter asked for: shown, written to the address, told to the speaker view.
    let go = move |n: usize| {
        let n = n.clamp(1, count);
        if n != step.get_untracked() {
            step.set(n);
            id.with_value(|id| push_address(id, n));
            channel::send(Message::Step(n));
        }
    };
    let leave = {
        let atlas = atlas.clone();
        move || {
            leave_to_reader(
                state,
                &atlas,
                story.with_value(|s| s.steps.get(step.get_untracked() - 1).cloned()),
            )
        }
    };
    keys::listen(move |command| match command {
        Command::Next => go(step.get_untracked() + 1),
        Command::Previous => go(step.get_untracked().saturating_sub(1)),
        Command::First => go(1),
        Command::Last => go(count),
        Command::FullScreen => keys::toggle_full_screen(),
        Command::Black => black.update(|b| *b = !*b),
        Command::Leave => leave(),
    });
    id.with_value(|story_id| {
        channel::open(story_id, move |message| match message {
            Message::Step(n) if n != step.get_untracked() && n <= count => {
                step.set(n);
                id.with_value(|id| push_address(id, n));
            }
            Message::Where => channel::send(Message::Step(step.get_untracked())),
            Message::Step(_) => {}
        });
    });
    let back = window_event_listener(leptos::ev::popstate, move |_| {
        if let Some(n) = address_step() {
            step.set(n.clamp(1, count));
            channel::send(Message::Step(step.get_untracked()));
        }
    });
    on_cleanup(move || back.remove());

    // The step on the map: jumps the first time (nowhere to fly from), flies after.
    let shown = StoredValue::new(None::<usize>);
    {
        let atlas = atlas.clone();
        Effect::new(move |_| {
            let n = step.get();
            if !state.measured.get() || shown.get_value() == Some(n) {
                return;
            }
            let jump = shown.get_value().is_none();
            shown.set_value(Some(n));
            if let Some(s) = story.with_value(|s| s.steps.get(n - 1).cloned()) {
                show_step(state, &atlas, &s, jump);
                document()
                    .set_title(&story.with_value(|story| format!("{} · {}", s.title, story.title)));
            }
        });
    }

    let current = move || story.with_value(|s| s.steps.get(step.get() - 1).cloned());
    let caption = move || {
        let s = current()?;
        let title = story.with_value(|s| s.title.clone());
        Some(view! {
            <p class="story-kicker">
                <span class="story-name">{title}</span>
                <span class="story-count">{format!("Step {} of {count}", step.get())}</span>
            </p>
            <h2 class="story-step-title">{s.title.clone()}</h2>
            <div class="story-caption-text"><Markdown source=s.caption.clone() /></div>
            {s.passage.clone().map(|link| view! { <StepQuote link=link /> })}
        })
    };
    let dots = (1..=count)
        .map(|n| {
            let title = story.with_value(|s| s.steps[n - 1].title.clone());
            view! {
                <button
                    type="button"
                    class="story-dot"
                    class:current=move || step.get() == n
                    aria-label=format!("Step {n}: {title}")
                    title=title.clone()
                    aria-current=move || (step.get() == n).then_some("step")
                    on:click=move |_| go(n)
                ></button>
            }
        })
        .collect_view();
    let speaker = move |_| {
        let href = id.with_value(|id| {
            StoryRoute {
                id: id.clone(),
                step: step.get_untracked(),
                speaker: true,
            }
            .href()
        });
        let _ = window().open_with_url_and_target_and_features(
            &href,
            "atlas-speaker",
            "popup,width=1000,height=680",
        );
    };
    let swipe = Swipe::new(move |forward| {
        go(if forward {
            step.get_untracked() + 1
        } else {
            step.get_untracked().saturating_sub(1)
        })
    });
    let leave_click = {
        let atlas = atlas.clone();
        move |_| {
            leave_to_reader(
                state,
                &atlas,
                story.with_value(|s| s.steps.get(step.get_untracked() - 1).cloned()),
            )
        }
    };
    let highlighting = move || state.selection.with(|s| !s.is_empty());
    // Embedded in a slide or a page, the player keeps to stepping and full screen.
    let embedded = crate::embed::is_embedded();
    let step_title = Signal::derive(move || current().map(|s| s.title).unwrap_or_default());
    // The draft lives in this browser only: there is nothing to fetch for it.
    let offline_id = id.with_value(|id| (id != DRAFT_ID).then(|| id.clone()));

    view! {
        <div class="story-player" data-step=move || step.get() class:highlighting=highlighting>
            <div class="map-column story-map">
                <MapView data=atlas style=feature_style::ATLAS_STYLE places=&places::PLACES credit=places::CREDIT>
                    {embedded.then(|| view! { <OpenInAtlas /> })}
                </MapView>
            </div>
            <section
                class="story-caption"
                aria-live="polite"
                on:pointerdown=move |ev| swipe.down(&ev)
                on:pointerup=move |ev| swipe.up(&ev)
            >
                {caption}
            </section>
            <nav
                class="story-controls"
                aria-label="Story steps"
                on:pointerdown=move |ev| swipe.down(&ev)
                on:pointerup=move |ev| swipe.up(&ev)
            >
                <button type="button" class="story-prev" aria-label="Previous step" disabled={move || step.get() <= 1} on:click=move |_| go(step.get_untracked().saturating_sub(1))>"‹"</button>
                <div class="story-dots">{dots}</div>
                <button type="button" class="story-next" aria-label="Next step" disabled={move || step.get() >= count} on:click=move |_| go(step.get_untracked() + 1)>"›"</button>
                <div class="story-tools">
                    <button type="button" class="story-tool" title="Full screen (F)" on:click=|_| keys::toggle_full_screen()>"Full screen"</button>
                    {(!embedded).then(|| view! {
                        <button type="button" class="story-tool" title="Black out the screen (B)" on:click=move |_| black.set(true)>"Black"</button>
                        <button type="button" class="story-tool" title="Open the speaker view in a second window" on:click=speaker>"Speaker view"</button>
                        <ExportButton title=step_title />
                        <EmbedButton />
                        {offline_id.map(|story| view! { <OfflineStoryButton story=story /> })}
                        <button type="button" class="story-tool story-leave" title="Leave the story (Esc)" on:click=leave_click>"Leave"</button>
                    })}
                </div>
            </nav>
            <div class="story-black" class:on=move || black.get() aria-hidden="true" on:click=move |_| black.set(false)></div>
        </div>
    }
}

/// Shows a step: its layers, filters and highlights, and its camera, flown to
/// (or jumped to, the first time), then its routes drawn along their length.
fn show_step(state: MapState, atlas: &Atlas, step: &StoryStep, jump: bool) {
    let collections: Vec<&str> = atlas.collections.iter().map(|c| c.id.as_str()).collect();
    let scene = step.scene(&collections);
    state.filters.set(scene.filters);
    state.popup_at.set(None);
    let known: Vec<String> = scene
        .selection
        .into_iter()
        .filter(|id| atlas.feature(id).is_some())
        .collect();
    state.selection.set(known.clone());
    let target = step_view(state, step.camera);
    let flight = if jump {
        state.gesture.set(Transform::IDENTITY);
        state.view.set(target);
        0.0
    } else {
        fly_to(state, target)
    };
    let routes: Vec<String> = known
        .into_iter()
        .filter(|id| {
            atlas
                .feature(id)
                .is_some_and(|f| f.shape.is_path() && !f.shape.is_area())
        })
        .collect();
    draw_in(&routes, flight, DRAW_MS);
}

/// Room kept between a fitted box and the caption, the controls and the edges.
const FIT_MARGIN: f64 = 24.0;
/// How far a fit to a box around one site may zoom in.
const SITE_ZOOM: f64 = 8.0;

/// Where a step's camera looks on this screen: a box fitted to what the
/// caption and controls leave free, or exactly the centre and zoom given.
fn step_view(state: MapState, camera: StepCamera) -> Viewport {
    match camera {
        StepCamera::Fit(bbox) => {
            let view = state.view.get_untracked();
            let mut target = Viewport::fit(bbox, view.width, view.height, free_of_panels());
            if bbox.width() < 0.05 && bbox.north - bbox.south < 0.05 {
                target.zoom = target.zoom.min(SITE_ZOOM);
            }
            target
        }
        StepCamera::View(Camera { zoom, lat, lon }) => Viewport {
            center: LonLat { lon, lat },
            zoom,
            ..state.view.get_untracked()
        }
        .clamped(),
    }
}

/// The map's edges less the caption and the controls: a card on the left and
/// a bar along the bottom, or on a phone one sheet along the bottom.
fn free_of_panels() -> Padding {
    let doc = document();
    let rect = |selector: &str| {
        doc.query_selector(selector)
            .ok()
            .flatten()
            .map(|el| el.get_bounding_client_rect())
    };
    let mut room = Padding::uniform(FIT_MARGIN);
    let Some(map) = rect(".story-map") else {
        return room;
    };
    let controls = rect(".story-controls");
    if let Some(k) = &controls {
        room.bottom = map.bottom() - k.top() + FIT_MARGIN;
    }
    if let Some(c) = rect(".story-caption") {
        if c.width() >= map.width() * 0.8 {
            room.bottom = room.bottom.max(map.bottom() - c.top() + FIT_MARGIN);
        } else {
            room.left = c.right() - map.left() + FIT_MARGIN;
        }
    }
    room
}

/// Leaves the story for the reader's map at the view shown now, with the
/// step's layers, filters, highlights and passage.
fn leave_to_reader(state: MapState, atlas: &Atlas, step: Option<StoryStep>) {
    state.settle();
    let collections: Vec<&str> = atlas.collections.iter().map(|c| c.id.as_str()).collect();
    let mut scene = step.map(|s| s.scene(&collections)).unwrap_or_default();
    let view = state.view.get_untracked();
    scene.camera = Some(Camera {
        zoom: view.zoom,
        lat: view.center.lat,
        lon: view.center.lon,
    });
    if document().fullscreen_element().is_some() {
        document().exit_fullscreen();
    }
    let _ = window().location().assign(&format!("/{}", scene.to_hash()));
}
