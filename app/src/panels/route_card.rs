//! A route's own card: its legs in order, its main line's length apart from
//! branches, the passages about the route as a whole, and, for a transport
//! corridor, the facts beside those of the other corridors.

use super::passage_links::passage_list;
use crate::atlas::Atlas;
use crate::country_names::country_name;
use crate::map::navigate::{fit_features, show_feature};
use crate::routes::Route;
use crate::state::{AtlasState, MapState};
use atlas_model::FeatureKind;
use atlas_model::number::Fixed;
use leptos::prelude::*;
use std::sync::Arc;

/// Opens the card of route `slug` and fits the map to its legs beside the card.
pub fn open_route(state: MapState, atlas_state: AtlasState, atlas: &Arc<Atlas>, slug: &str) {
    let Some(route) = Route::of(atlas, slug) else {
        return;
    };
    state.deselect();
    atlas_state.route.set(Some(route.slug.clone()));
    let ids: Vec<String> = route.legs.iter().map(|l| l.id().to_string()).collect();
    let atlas = atlas.clone();
    // After the card is drawn, so the fit keeps clear of it.
    request_animation_frame(move || fit_features(state, &atlas, &ids));
}

/// A route's legs and lengths, with a button to its card; `current` marks the leg shown.
pub fn route_summary(route: &Route, current: Option<&str>) -> impl IntoView + use<> {
    let state = expect_context::<MapState>();
    let atlas_state = expect_context::<AtlasState>();
    let atlas = expect_context::<Arc<Atlas>>();
    let main = route.main_legs;
    let branch_km: f64 = route.legs[main..].iter().map(|l| l.length_km()).sum();
    let heading = if route.legs.len() > main {
        format!(
            "{}: {} legs, {} km as drawn; main line {} km (legs 1–{main}), branch {} km",
            route.name,
            route.legs.len(),
            Fixed(route.main_line_km() + branch_km, 0),
            Fixed(route.main_line_km(), 0),
            Fixed(branch_km, 0)
        )
    } else {
        let legs = match route.legs.len() {
            1 => "1 leg".to_string(),
            n => format!("{n} legs"),
        };
        format!(
            "{}: {legs}, {} km as drawn",
            route.name,
            Fixed(route.main_line_km(), 0)
        )
    };
    let items = route
        .legs
        .iter()
        .enumerate()
        .map(|(i, leg)| {
            let here = current == Some(leg.id());
            let label = format!("{} km", Fixed(leg.length_km(), 0));
            let name = leg.name().to_string();
            let leg = leg.clone();
            let branch = (i >= main).then(|| view! { <span class="leg-branch">" (branch)"</span> });
            view! {
                <li class:current=here>
                    <button type="button" class="leg-link" data-feature-id=leg.id().to_string() on:click=move |_| show_feature(state, &leg)>
                        {name}
                    </button>
                    {branch}
                    <span class="leg-length">{label}</span>
                </li>
            }
        })
        .collect_view();
    let slug = route.slug.clone();
    let about = current.map(|_| {
        let n = route.passages.len();
        let text = if n > 0 {
            format!("The {} as a whole, and {n} passages about it", route.name)
        } else {
            format!("The {} as a whole", route.name)
        };
        view! { <button type="button" class="route-open" on:click=move |_| open_route(state, atlas_state, &atlas, &slug)>{text}</button> }
    });
    view! {
        <h3>"Route"</h3>
        {about}
        <p class="route-total">{heading}</p>
        <ol class="legs">{items}</ol>
    }
}

/// The card of the open route, if any.
#[component]
pub fn RouteCard() -> impl IntoView {
    let atlas_state = expect_context::<AtlasState>();
    let atlas = expect_context::<Arc<Atlas>>();
    move || {
        let slug = atlas_state.route.get()?;
        let route = Route::of(&atlas, &slug)?;
        Some(view! { <Card route=route /> })
    }
}

#[component]
fn Card(route: Route) -> impl IntoView {
    let atlas_state = expect_context::<AtlasState>();
    let atlas = expect_context::<Arc<Atlas>>();
    let names = vec![route.name.clone()];
    let has_passages = !route.passages.is_empty();
    let passages = passage_list(names, route.passages.clone());
    let comparison = corridor(&route).then(|| comparison(&atlas, &route.slug));
    let close = move || atlas_state.route.set(None);
    view! {
        <section
            class="route-card"
            data-over-map=""
            role="dialog"
            aria-labelledby="route-card-title"
            tabindex="-1"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.stop_propagation();
                    close();
                }
            }
            on:pointerdown=|ev| ev.stop_propagation()
            on:wheel=|ev| ev.stop_propagation()
        >
            <button type="button" class="popup-close" aria-label="Close" on:click=move |_| close()>"×"</button>
            <h2 id="route-card-title">{route.name.clone()}</h2>
            <p class="kind-status">"Route"</p>
            {route_summary(&route, None)}
            <Show when=move || has_passages>
                <h3>"In the report"</h3>
                <ul class="passages">{passages.clone()}</ul>
            </Show>
            {comparison}
        </section>
    }
}

/// Whether a route carries goods overland and by ferry: a corridor to compare.
fn corridor(route: &Route) -> bool {
    route.legs.iter().all(|l| {
        matches!(
            l.feature.properties.kind,
            FeatureKind::Rail | FeatureKind::Road | FeatureKind::Ferry
        )
    })
}

/// The corridors side by side: length, countries, borders, seas, status; from the data.
fn comparison(atlas: &Atlas, current: &str) -> impl IntoView + use<> {
    let mut routes: Vec<Route> = Route::all(atlas).into_iter().filter(corridor).collect();
    // The open route first.
    crate::sort::sort_by_key(&mut routes, |r| r.slug != current);
    let head = routes
        .iter()
        .map(|r| view! { <th scope="col">{r.name.clone()}</th> })
        .collect_view();
    let row = |label: &'static str, cell: &dyn Fn(&Route) -> String| {
        let cells = routes
            .iter()
            .map(|r| view! { <td>{cell(r)}</td> })
            .collect_view();
        view! { <tr><th scope="row">{label}</th>{cells}</tr> }
    };
    let rows = vec![
        row("Main line", &|r| {
            format!("{} km as drawn", Fixed(r.main_line_km(), 0))
        }),
        row("Countries", &|r| {
            let names: Vec<String> = r
                .countries()
                .iter()
                .map(|c| country_name(c).unwrap_or_else(|| c.clone()))
                .collect();
            format!("{}: {}", names.len(), names.join(", "))
        }),
        row("Land borders", &|r| {
            r.border_and_sea_crossings().0.to_string()
        }),
        row("Sea crossings", &|r| {
            r.border_and_sea_crossings().1.to_string()
        }),
        row("Status", &|r| {
            r.statuses()
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join(", ")
        }),
    ];
    (routes.len() > 1).then(|| {
        view! {
            <h3>"The corridors compared"</h3>
            <table class="route-compare">
                <thead><tr><td></td>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="route-compare-note">"Counted along each main line from the data: partners in travel order, ferry legs as sea crossings."</p>
        }
    })
}
