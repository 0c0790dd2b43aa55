//! The search box: names and aliases, forgiving of dashes, accents and case;
//! arrows pick a result, Enter flies to it and opens its popup.

use crate::atlas::MapFeature;
use crate::map::navigate::show_feature;
use crate::search::SearchIndex;
use crate::state::MapState;
use leptos::prelude::*;
use std::sync::Arc;

/// How many results the list shows.
const MAX_RESULTS: usize = 8;

/// A combobox over every feature.
#[component]
pub fn SearchBox(
    /// The index to search.
    index: Arc<SearchIndex>,
) -> impl IntoView {
    let state = expect_context::<MapState>();
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let open = RwSignal::new(false);
    let results = Memo::new(move |_| {
        query.with(|q| {
            index
                .find(q, MAX_RESULTS)
                .into_iter()
                .map(ResultItem)
                .collect::<Vec<_>>()
        })
    });
    let choose = move |feature: &MapFeature| {
        show_feature(state, feature);
        query.set(feature.name().to_string());
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
                let picked = results.with(|r| r.get(active.get_untracked()).map(|r| r.0.clone()));
                if let Some(feature) = picked {
                    ev.prevent_default();
                    choose(&feature);
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
            <input
                type="search"
                class="search-input"
                placeholder="Search places and projects"
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
                    results
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, ResultItem(feature))| {
                            let kind = feature.feature.properties.kind.label();
                            let name = feature.name().to_string();
                            let id = feature.id().to_string();
                            view! {
                                <li
                                    id=format!("search-result-{i}")
                                    role="option"
                                    data-feature-id=id
                                    aria-selected=move || (active.get() == i).to_string()
                                    // mousedown, not click: the input's blur would close the list first.
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        choose(&feature);
                                    }
                                >
                                    <span class="result-name">{name}</span>
                                    <span class="result-kind">{kind}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// A result, compared by feature id so the memo can skip unchanged lists.
#[derive(Clone)]
struct ResultItem(Arc<MapFeature>);

impl PartialEq for ResultItem {
    fn eq(&self, other: &Self) -> bool {
        self.0.id() == other.0.id()
    }
}
