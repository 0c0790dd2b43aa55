//! The legend: what each line style and symbol means, and the layers with their counts.

use super::feature_list::FeatureList;
use super::filter_panel::FilterPanel;
use crate::atlas::Atlas;
use crate::map::export::{LegendEntry, LegendMark};
use crate::state::{AtlasState, MapState};
use atlas_model::FeatureKind;
use atlas_model::filters::is_undated;
use atlas_model::map_style::symbol_path;
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

/// The side panel: legend and layers, filters, and the list of visible features.
#[component]
pub fn Legend() -> impl IntoView {
    let atlas = expect_context::<Arc<Atlas>>();
    let state = expect_context::<MapState>();
    let open = expect_context::<AtlasState>().legend_open;
    let tab = RwSignal::new(Tab::Legend);
    let filters_shown =
        Memo::new(move |shown: Option<&bool>| shown == Some(&true) || tab.get() == Tab::Filters);
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
    let symbols = site_kinds(&atlas)
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
            let checked = move || !state.filters.with(|f| f.hidden_layers.contains(&id));
            view! {
                <li>
                    <label>
                        <input
                            type="checkbox"
                            data-layer=c.id.clone()
                            prop:checked=checked
                            on:change=move |_| state.filters.update(|f| {
                                if !f.hidden_layers.remove(&toggle_id) {
                                    f.hidden_layers.insert(toggle_id.clone());
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
    // With a year chosen, the legend says why features of unknown year are still drawn.
    let undated = atlas
        .features
        .iter()
        .filter(|f| is_undated(&f.feature.properties))
        .count();
    let undated_note = move || {
        state.filters.with(|f| f.year).map(|year| {
            view! {
                <p class="undated-note">
                    <strong>"Year unknown: "</strong>
                    {format!("{undated} features whose opening year is not known are drawn in {year}, as in every year; their popups say so.")}
                </p>
            }
        })
    };
    // Web tiles are offered only when the server's operator configured a source.
    let tiles_toggle = atlas.config.tiles.as_ref().map(|source| {
        let host = source.url.split('/').nth(2).unwrap_or("the web").to_string();
        view! {
            <li>
                <label title=format!("Raster tiles from {host}; needs the internet")>
                    <input type="checkbox" class="tiles-toggle" prop:checked=move || state.tiles_on.get() on:change=move |_| state.tiles_on.update(|t| *t = !*t) />
                    {format!("Web map tiles ({host})")}
                </label>
            </li>
        }
    });
    view! {
        <section class="legend side-panel" data-over-map="" class:collapsed=move || !open.get() aria-label="Legend, filters and list">
            <div class="tabs" role="tablist">
                {Tab::ALL.map(|t| view! {
                    <button
                        type="button"
                        role="tab"
                        class=format!("tab tab-{}", t.slug())
                        aria-selected=move || (tab.get() == t && open.get()).to_string()
                        on:click=move |_| {
                            // The open tab's button folds the panel; another tab's unfolds it there.
                            if tab.get_untracked() == t { open.update(|o| *o = !*o) } else { open.set(true) }
                            tab.set(t);
                        }
                    >
                        {t.label()}
                    </button>
                })}
            </div>
            <div class="legend-body" role="tabpanel" hidden=move || tab.get() != Tab::Legend>
                <h3>"Layers"</h3>
                <ul class="layers">{layers}{tiles_toggle}</ul>
                <h3>"Routes"</h3>
                <ul>{lines}</ul>
                <h3>"Sites"</h3>
                <ul class="symbols">{symbols}</ul>
                {undated_note}
            </div>
            <div class="legend-body" role="tabpanel" hidden=move || tab.get() != Tab::Filters>
                // Built the first time it is shown, then kept: the map's first render
                // need not wait for the partner countries' names.
                {move || filters_shown.get().then(|| view! { <FilterPanel /> })}
            </div>
            <div class="legend-body" role="tabpanel" hidden=move || tab.get() != Tab::List>
                // Built only while shown: it follows every move of the map.
                {move || (tab.get() == Tab::List && open.get()).then(|| view! { <FeatureList /> })}
            </div>
        </section>
    }
}

/// The kinds of site on the map, in the vocabulary's order.
fn site_kinds(atlas: &Atlas) -> Vec<FeatureKind> {
    FeatureKind::ALL
        .into_iter()
        .filter(|k| {
            !k.is_route()
                && atlas
                    .features
                    .iter()
                    .any(|f| f.feature.properties.kind == *k)
        })
        .collect()
}

/// The legend as an exported picture draws it: the line styles, then the kinds of site on the map.
pub fn export_legend(atlas: &Atlas) -> Vec<LegendEntry> {
    let lines = LINE_STYLES.iter().map(|(classes, label)| LegendEntry {
        label: (*label).to_string(),
        mark: LegendMark::Line {
            classes: (*classes).to_string(),
        },
    });
    let sites = site_kinds(atlas).into_iter().map(|kind| LegendEntry {
        label: kind.label().to_string(),
        mark: LegendMark::Symbol {
            classes: format!("feature kind-{}", kind.as_str()),
            path: symbol_path(kind).to_string(),
        },
    });
    lines.chain(sites).collect()
}

/// The side panel's tabs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Legend,
    Filters,
    List,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Legend, Tab::Filters, Tab::List];

    fn label(self) -> &'static str {
        match self {
            Tab::Legend => "Legend",
            Tab::Filters => "Filters",
            Tab::List => "List",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Tab::Legend => "legend",
            Tab::Filters => "filters",
            Tab::List => "list",
        }
    }
}
