//! The corridor's features: areas, routes and sites, each a focusable SVG group
//! whose `selected` class is the only thing selection changes.

use crate::map_data::{MapData, MapFeature};
use crate::map_view::MapFrame;
use crate::navigate::anchor_of;
use crate::projection::world_size;
use crate::state::MapState;
use crate::symbols::symbol_path;
use leptos::prelude::*;
use std::sync::Arc;

/// Which features a layer group draws.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// Polygons (free economic zones).
    Areas,
    /// Lines (railways, ferries, pipelines).
    Routes,
    /// Points (ports, plants, cities).
    Sites,
}

impl Tier {
    fn of(feature: &MapFeature) -> Tier {
        if feature.shape.is_area() {
            Tier::Areas
        } else if feature.shape.is_path() {
            Tier::Routes
        } else {
            Tier::Sites
        }
    }
}

/// CSS classes that style a feature by kind, status, route and commodity.
pub fn style_classes(feature: &MapFeature) -> String {
    let p = &feature.feature.properties;
    let mut classes = format!(
        "feature kind-{} status-{}",
        p.kind.as_str(),
        p.status.as_str()
    );
    if let Some(route) = &p.route {
        classes.push_str(&format!(" route-{route}"));
    }
    if let Some(commodity) = &p.facts.commodity {
        classes.push_str(&format!(" commodity-{commodity}"));
    }
    if !p.status.is_built() {
        classes.push_str(" unbuilt");
    }
    classes
}

/// Draw order within the routes tier: pipelines under railways, the Middle Corridor on top.
fn route_rank(feature: &MapFeature) -> u8 {
    let p = &feature.feature.properties;
    match (p.kind.as_str(), p.route.as_deref()) {
        ("pipeline", _) => 0,
        (_, Some("middle-corridor")) => 3,
        (_, Some(_)) => 1,
        _ => 2,
    }
}

/// One tier of features.
#[component]
pub fn FeatureLayer(
    /// The loaded atlas.
    atlas: Arc<MapData>,
    /// Which features this group draws.
    tier: Tier,
    /// The selected feature, observed per feature.
    selection: Selector<Option<String>>,
) -> impl IntoView {
    let state = expect_context::<MapState>();
    let mut features: Vec<Arc<MapFeature>> = atlas
        .features
        .iter()
        // Layers too big for SVG are painted by the canvas layer instead.
        .filter(|f| !f.on_canvas && Tier::of(f) == tier)
        .cloned()
        .collect();
    // DOM order is both drawing order and Tab order: routes stack by rank and
    // then run leg by leg; sites follow the corridor from China westwards.
    match tier {
        Tier::Routes => crate::sort::sort_by_key(&mut features, |f| {
            (
                route_rank(f),
                f.feature.properties.leg.unwrap_or(0),
                f.id().to_string(),
            )
        }),
        Tier::Sites | Tier::Areas => crate::sort::sort_by(&mut features, |a, b| {
            b.bbox[0]
                .total_cmp(&a.bbox[0])
                .then_with(|| a.id().cmp(b.id()))
        }),
    }
    let items = features
        .into_iter()
        .map(|feature| feature_view(state, feature, tier, selection.clone()))
        .collect_view();
    let class = match tier {
        Tier::Areas => "layer areas",
        Tier::Routes => "layer routes",
        Tier::Sites => "layer sites",
    };
    let frame = expect_context::<MapFrame>().0;
    let placement = move || {
        (tier == Tier::Sites).then(|| {
            let f = frame.get();
            format!(
                "--s:{};--ox:{:.2};--oy:{:.2}",
                world_size(f.zoom),
                f.origin.0,
                f.origin.1
            )
        })
    };
    view! { <g class=class style=placement>{items}</g> }
}

fn feature_view(
    state: MapState,
    feature: Arc<MapFeature>,
    tier: Tier,
    selection: Selector<Option<String>>,
) -> impl IntoView {
    let id = feature.id().to_string();
    let label = format!(
        "{}, {}",
        feature.name(),
        feature.feature.properties.kind.label()
    );
    let selected_key = Some(id.clone());
    let is_selected = move || selection.selected(&selected_key);
    // A site a cluster stands for is drawn by the cluster's marker, but stays
    // in the Tab order and shows itself when it has the focus.
    let clustered = {
        let clusters = use_context::<crate::clusters::Clusters>();
        let id = id.clone();
        move || tier == Tier::Sites && clusters.is_some_and(|c| c.gathers(&id))
    };
    let hidden = {
        let feature = feature.clone();
        move || !state.filters.with(|f| f.shows(&feature))
    };

    let open = {
        let feature = feature.clone();
        move |at| state.select(feature.id(), at)
    };
    let on_click = {
        let open = open.clone();
        let feature = feature.clone();
        move |ev: leptos::ev::MouseEvent| {
            // While measuring, a click on a feature is a point of the measure: let the map have it.
            if state.measure.with_untracked(Option::is_some) {
                return;
            }
            ev.stop_propagation();
            // A click on a line points the popup where the reader clicked; a site's at the site.
            let at = if tier == Tier::Sites {
                anchor_of(&feature)
            } else {
                click_lonlat(state, &ev)
            };
            open(at);
        }
    };
    let on_key = {
        let feature = feature.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Enter" || ev.key() == " " {
                ev.prevent_default();
                ev.stop_propagation();
                open(anchor_of(&feature));
            }
        }
    };

    let body = match tier {
        Tier::Areas | Tier::Routes => {
            let f = feature.clone();
            let frame = expect_context::<MapFrame>().0;
            let d = Memo::new(move |_| f.shape.path(&frame.get()));
            view! {
                <path class="hit" d=d />
                <path class="casing" d=d />
                <path class="line" d=d />
            }
            .into_any()
        }
        Tier::Sites => {
            let kind = feature.feature.properties.kind;
            view! {
                <circle class="hit" r="11" />
                <path class="symbol" d=symbol_path(kind) />
            }
            .into_any()
        }
    };
    // A site's world position is fixed; the layer's scale and origin (custom
    // properties set once on the sites group) place it, so a zoom restyles
    // thousands of sites natively instead of running a closure for each.
    let position = (tier == Tier::Sites).then(|| {
        let point = feature.shape.points[0];
        format!("--wx:{:.10};--wy:{:.10}", point.x, point.y)
    });
    // Lines and areas carry no label, so they keep a tooltip with their name.
    let tooltip =
        (tier != Tier::Sites).then(|| view! { <title>{feature.name().to_string()}</title> });

    view! {
        <g
            class=style_classes(&feature)
            class:selected=is_selected
            class:clustered=clustered
            class:hidden=hidden
            data-feature-id=id
            style=position
            tabindex="0"
            role="button"
            aria-label=label
            on:click=on_click
            on:keydown=on_key
        >
            {tooltip}
            {body}
        </g>
    }
}

/// The geographic position under a mouse event on the map.
fn click_lonlat(state: MapState, ev: &leptos::ev::MouseEvent) -> super::projection::LonLat {
    use wasm_bindgen::JsCast;
    let rect = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(".map").ok().flatten())
        .map(|el| el.get_bounding_client_rect());
    let (left, top) = rect.map(|r| (r.left(), r.top())).unwrap_or((0.0, 0.0));
    let view = state.view.get_untracked();
    view.screen_to_lonlat(
        f64::from(ev.client_x()) - left,
        f64::from(ev.client_y()) - top,
    )
}
