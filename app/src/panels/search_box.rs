//! One search box for places and passages: names and aliases are matched here
//! as the reader types (forgiving of dashes, accents and case); passages come
//! from the server's full-text index. Arrows pick, Enter goes.

use crate::api;
use crate::atlas::Atlas;
use crate::atlas::MapFeature;
use crate::map::navigate::show_feature;
use crate::panels::route_card::open_route;
use crate::routes::Route;
use crate::search::{SearchIndex, name_matches};
use crate::state::{AtlasState, MapState};
use atlas_model::PassageTarget;
use atlas_model::api::{PassageHit, SnippetSegment};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use std::time::Duration;

/// How many places the list shows.
const MAX_PLACES: usize = 6;
/// How many passages the list shows.
const MAX_PASSAGES: usize = 5;
/// Passages are looked up once typing pauses this long.
const DEBOUNCE: Duration = Duration::from_millis(180);

/// One result: a route or a place found here, or a passage found by the server.
#[derive(Clone)]
enum Hit {
    Route(String, String),
    Place(Arc<MapFeature>),
    Passage(PassageHit),
}

impl PartialEq for Hit {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Hit::Place(a), Hit::Place(b)) => a.id() == b.id(),
            (Hit::Passage(a), Hit::Passage(b)) => a == b,
            (Hit::Route(a, _), Hit::Route(b, _)) => a == b,
            _ => false,
        }
    }
}

/// A combobox over every feature and every passage.
#[component]
pub fn SearchBox(
    /// The index of places to search.
    index: Arc<SearchIndex>,
) -> impl IntoView {
    let state = expect_context::<MapState>();
    let atlas_state = expect_context::<AtlasState>();
    let open_passage = atlas_state.passage;
    let atlas = expect_context::<Arc<Atlas>>();
    // Routes are found by their own names, before their legs.
    let routes: Vec<(String, String)> = Route::all(&atlas)
        .into_iter()
        .map(|r| (r.slug, r.name))
        .collect();
    // Stored, so the chooser stays `Copy` for every result row.
    let atlas = StoredValue::new(atlas);
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let open = RwSignal::new(false);
    let passages = RwSignal::new(Vec::<PassageHit>::new());
    let generation = StoredValue::new(0u64);

    // Ask the server for passages once typing pauses; a stale answer is dropped.
    Effect::new(move |_| {
        let q = query.get();
        let ticket = generation.get_value().wrapping_add(1);
        generation.set_value(ticket);
        if q.trim().chars().count() < 3 {
            passages.set(Vec::new());
            return;
        }
        set_timeout(
            move || {
                if generation.try_get_value() != Some(ticket) {
                    return;
                }
                spawn_local(async move {
                    let found = api::search(&q)
                        .await
                        .map(|r| r.passages)
                        .unwrap_or_default();
                    if generation.try_get_value() == Some(ticket) {
                        passages.set(found);
                    }
                });
            },
            DEBOUNCE,
        );
    });

    let results = Memo::new(move |_| {
        let places = query.with(|q| index.find(q, MAX_PLACES));
        let mut hits: Vec<Hit> = query.with(|q| {
            routes
                .iter()
                .filter(|(_, name)| name_matches(name, q))
                .map(|(slug, name)| Hit::Route(slug.clone(), name.clone()))
                .collect()
        });
        hits.extend(places.into_iter().map(Hit::Place));
        passages.with(|p| hits.extend(p.iter().take(MAX_PASSAGES).cloned().map(Hit::Passage)));
        hits
    });
    let choose = move |hit: &Hit| {
        match hit {
            Hit::Route(slug, name) => {
                atlas.with_value(|atlas| open_route(state, atlas_state, atlas, slug));
                query.set(name.clone());
            }
            Hit::Place(feature) => {
                show_feature(state, feature);
                query.set(feature.name().to_string());
            }
            Hit::Passage(p) => {
                open_passage.set(Some(PassageTarget {
                    report: p.report.clone(),
                    passage: Some(p.passage.clone()),
                }));
            }
        }
        open.set(false);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = results.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = (*a + 1) % n);
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + n - 1) % n);
            }
            "Enter" => {
                if let Some(hit) = results.with(|r| r.get(active.get_untracked()).cloned()) {
                    ev.prevent_default();
                    choose(&hit);
                }
            }
            "Escape" => {
                open.set(false);
                query.set(String::new());
            }
            _ => {}
        }
    };
    let expanded = move || open.get() && results.with(|r| !r.is_empty());
    view! {
        <div class="search" on:pointerdown=|ev| ev.stop_propagation()>
            // The field lies over the map: fits keep clear of it (see
            // map::navigate). Its list of results does not count: it is still
            // open when a result is chosen, and closes as the map moves.
            <input
                data-over-map=""
                type="search"
                class="search-input"
                placeholder="Search places and the report"
                aria-label="Search places and projects"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="search-results"
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || expanded().then(|| format!("search-result-{}", active.get()))
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    active.set(0);
                    open.set(true);
                }
                on:keydown=on_key
                on:focus=move |_| open.set(true)
                on:blur=move |_| open.set(false)
            />
            <ul id="search-results" class="search-results" role="listbox" hidden=move || !expanded()>
                {move || {
                    let hits = results.get();
                    let first_passage = hits.iter().position(|h| matches!(h, Hit::Passage(_)));
                    hits.into_iter()
                        .enumerate()
                        .map(|(i, hit)| {
                            let heading = if i == 0 && !matches!(hit, Hit::Passage(_)) {
                                Some("Places")
                            } else if Some(i) == first_passage {
                                Some("In the report")
                            } else {
                                None
                            };
                            view! {
                                {heading.map(|h| view! { <li class="search-group" role="presentation">{h}</li> })}
                                {result_row(i, hit, active, choose)}
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

fn result_row(
    i: usize,
    hit: Hit,
    active: RwSignal<usize>,
    choose: impl Fn(&Hit) + Copy + 'static,
) -> impl IntoView {
    let (id_attr, body) = match &hit {
        Hit::Route(slug, name) => (
            slug.clone(),
            view! {
                <span class="result-name">{name.clone()}</span>
                <span class="result-kind">"Route"</span>
            }
            .into_any(),
        ),
        Hit::Place(feature) => (
            feature.id().to_string(),
            view! {
                <span class="result-name">{feature.name().to_string()}</span>
                <span class="result-kind">{feature.feature.properties.kind.label()}</span>
            }
            .into_any(),
        ),
        Hit::Passage(p) => (
            format!("{}/{}", p.report, p.passage),
            view! {
                <span class="result-snippet">{snippet(&p.snippet)}</span>
                <span class="result-kind">{p.section.clone()}</span>
            }
            .into_any(),
        ),
    };
    let kind = match hit {
        Hit::Route(..) => "hit-place hit-route",
        Hit::Place(_) => "hit-place",
        Hit::Passage(_) => "hit-passage",
    };
    view! {
        <li
            id=format!("search-result-{i}")
            role="option"
            class=kind
            data-result=id_attr
            aria-selected=move || (active.get() == i).to_string()
            // mousedown, not click: the input's blur would close the list first.
            on:mousedown=move |ev| {
                ev.prevent_default();
                choose(&hit);
            }
        >
            {body}
        </li>
    }
}

/// A snippet's words, the matching ones marked; text only, never markup.
fn snippet(segments: &[SnippetSegment]) -> Vec<AnyView> {
    segments
        .iter()
        .map(|s| {
            if s.hit {
                view! { <mark>{s.text.clone()}</mark> }.into_any()
            } else {
                s.text.clone().into_any()
            }
        })
        .collect()
}
