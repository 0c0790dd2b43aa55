//! The list of features in view: the accessible way through the data, kept in
//! step with the map (select in one, highlighted in the other).

use crate::atlas::Atlas;
use crate::map::navigate::show_feature;
use crate::state::MapState;
use leptos::prelude::*;
use std::sync::Arc;

/// The most features the list shows at once.
const MAX_LISTED: usize = 300;

/// Features that are in view and pass the filters, by name.
#[component]
pub fn FeatureList() -> impl IntoView {
    let state = expect_context::<MapState>();
    let atlas = expect_context::<Arc<Atlas>>();
    let visible = {
        let atlas = atlas.clone();
        Memo::new(move |_| {
            let bounds = state.view.get().bounds();
            let mut ids: Vec<(String, String)> = state.filters.with(|filters| {
                atlas
                    .features
                    .iter()
                    .filter(|f| f.shown_by(filters) && bounds.intersects(&f.bbox))
                    .map(|f| (f.name().to_string(), f.id().to_string()))
                    .collect()
            });
            crate::sort::sort(&mut ids);
            ids
        })
    };
    let count = move || visible.with(Vec::len);
    // A list longer than this is no way through the data: ask for a closer view instead.
    let listed = move || visible.with(|v| v.iter().take(MAX_LISTED).cloned().collect::<Vec<_>>());
    view! {
        <p class="list-count">
            {move || match count() {
                n if n > MAX_LISTED => format!("{n} features in view; the first {MAX_LISTED} by name. Zoom in or filter to see the rest."),
                n => format!("{n} features in view"),
            }}
        </p>
        <ul class="feature-list">
            <For each=listed key=|(_, id)| id.clone() let:item>
                {
                    let (name, id) = item;
                    let atlas = atlas.clone();
                    let selected_id = id.clone();
                    let kind = atlas.feature(&id).map(|f| f.feature.properties.kind.label()).unwrap_or_default();
                    view! {
                        <li>
                            <button
                                type="button"
                                class="list-item"
                                data-feature-id=id.clone()
                                class:selected=move || state.selection.with(|s| s.contains(&selected_id))
                                on:click=move |_| {
                                    if let Some(f) = atlas.feature(&id) {
                                        show_feature(state, &f);
                                    }
                                }
                            >
                                <span class="list-name">{name}</span>
                                <span class="list-kind">{kind}</span>
                            </button>
                        </li>
                    }
                }
            </For>
        </ul>
    }
}
