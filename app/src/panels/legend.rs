//! The legend: what each line style and symbol means, and the layers with their counts.

use crate::atlas::Atlas;
use crate::map::symbols::symbol_path;
use crate::state::MapState;
use atlas_model::FeatureKind;
use leptos::prelude::*;
use std::sync::Arc;

/// Line styles shown in the legend: (CSS classes, label).
const LINE_STYLES: [(&str, &str); 6] = [
    (
        "feature kind-rail route-middle-corridor",
        "Middle Corridor (rail)",
    ),
    ("feature kind-ferry route-middle-corridor", "Ferry crossing"),
    (
        "feature kind-rail route-northern-corridor",
        "Northern Corridor via Russia",
    ),
    ("feature kind-pipeline commodity-gas", "Gas pipeline"),
    ("feature kind-pipeline commodity-oil", "Oil pipeline"),
    ("feature kind-rail unbuilt", "Planned or under construction"),
];

/// The legend panel, collapsible.
#[component]
pub fn Legend() -> impl IntoView {
    let state = expect_context::<MapState>();
    let atlas = expect_context::<Arc<Atlas>>();
    let open = state.legend_open;
    let lines = LINE_STYLES
        .iter()
        .map(|(class, label)| {
            view! {
                <li>
                    <svg class="legend-swatch" width="34" height="14" aria-hidden="true">
                        <g class=*class><path class="casing" d="M3 7H31" /><path class="line" d="M3 7H31" /></g>
                    </svg>
                    {*label}
                </li>
            }
        })
        .collect_view();
    let kinds: Vec<FeatureKind> = FeatureKind::ALL
        .into_iter()
        .filter(|k| {
            !k.is_route()
                && atlas
                    .features
                    .iter()
                    .any(|f| f.feature.properties.kind == *k)
        })
        .collect();
    let symbols = kinds
        .into_iter()
        .map(|kind| {
            view! {
                <li>
                    <svg class="legend-swatch" width="18" height="16" aria-hidden="true">
                        <g class=format!("feature kind-{}", kind.as_str()) transform="translate(9 8)">
                            <path class="symbol" d=symbol_path(kind) />
                        </g>
                    </svg>
                    {kind.label()}
                </li>
            }
        })
        .collect_view();
    let layers = atlas
        .collections
        .iter()
        .map(|c| {
            let id = c.id.clone();
            let toggle_id = id.clone();
            let checked = move || !state.hidden.with(|h| h.contains(&id));
            view! {
                <li>
                    <label>
                        <input
                            type="checkbox"
                            data-layer=c.id.clone()
                            prop:checked=checked
                            on:change=move |_| state.hidden.update(|h| {
                                if !h.remove(&toggle_id) {
                                    h.insert(toggle_id.clone());
                                }
                            })
                        />
                        {c.title.clone()}
                        <span class="count">{c.number_of_features}</span>
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="legend" class:collapsed=move || !open.get() aria-label="Legend and layers">
            <button type="button" class="legend-toggle" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                "Legend"
            </button>
            <div class="legend-body">
                <h3>"Layers"</h3>
                <ul class="layers">{layers}</ul>
                <h3>"Routes"</h3>
                <ul>{lines}</ul>
                <h3>"Sites"</h3>
                <ul class="symbols">{symbols}</ul>
            </div>
        </section>
    }
}
