//! The corridor's features: areas, routes and sites, each a focusable SVG group
//! whose `selected` class is the only thing selection changes.

use crate::feature_store::FeatureStore;
use crate::map_data::MapFeature;
use crate::map_frame::MapFrame;
use crate::navigate::anchor_of;
use crate::projection::world_size;
use crate::state::MapState;
use crate::style::FeatureStyle;
use atlas_model::number::Fixed;
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

/// One tier of features from the store, keyed: a changed feature re-renders alone.
#[component]
pub fn FeatureLayer(
    /// The features to draw.
    store: FeatureStore,
    /// Which features this group draws.
    tier: Tier,
) -> impl IntoView {
    let state = expect_context::<MapState>();
    let style = expect_context::<FeatureStyle>();
    // DOM order is both drawing order and Tab order: routes stack by rank and
    // then run leg by leg; sites follow the corridor from China westwards.
    // Recomputed when a feature comes, goes or changes. The list is keyed by
    // id and value, so an updated feature (a new value under its id) is the
    // one element rebuilt, and the rest stay as they are.
    let order = move || {
        let mut features: Vec<Arc<MapFeature>> = store
            .snapshot()
            .into_iter()
            // Layers too big for SVG are painted by the canvas layer instead.
            .filter(|f| !f.on_canvas && Tier::of(f) == tier)
            .collect();
        match tier {
            Tier::Routes => crate::sort::sort_by_key(&mut features, |f| {
                (
                    (style.rank)(f),
                    f.feature.properties.leg.unwrap_or(0),
                    f.id().to_string(),
                )
            }),
            Tier::Sites | Tier::Areas => crate::sort::sort_by(&mut features, |a, b| {
                b.bbox
                    .west
                    .total_cmp(&a.bbox.west)
                    .then_with(|| a.id().cmp(b.id()))
            }),
        }
        features
    };
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
                "--s:{};--ox:{};--oy:{}",
                Fixed(world_size(f.zoom), 6),
                Fixed(f.origin.0, 2),
                Fixed(f.origin.1, 2)
            )
        })
    };
    // The value's address tells versions apart: the store replaces a feature
    // with a new allocation while the old one is still held by its element.
    let key = |f: &Arc<MapFeature>| (f.id().to_string(), Arc::as_ptr(f) as usize);
    let item = move |f: Arc<MapFeature>| feature_view(state, style, f, tier);
    view! {
        <g class=class style=placement>
            <For each=order key=key children=item />
        </g>
    }
}

fn feature_view(
    state: MapState,
    style: FeatureStyle,
    feature: Arc<MapFeature>,
    tier: Tier,
) -> impl IntoView {
    let id = feature.id().to_string();
    let label = format!(
        "{}, {}",
        feature.name(),
        feature.feature.properties.kind.label()
    );
    // Each feature observes the selection through a memo: only those whose answer changes re-render.
    let is_selected = {
        let id = id.clone();
        Memo::new(move |_| state.selection.with(|s| s.contains(&id)))
    };
    // A site a cluster stands for is drawn by the cluster's marker, but stays
    // in the Tab order and shows itself when it has the focus.
    let clustered = {
        let clusters = use_context::<crate::clusters::Clusters>();
        let id = id.clone();
        move || tier == Tier::Sites && clusters.is_some_and(|c| c.gathers(&id))
    };
    let hidden = {
        let feature = feature.clone();
        move || !state.filters.with(|f| feature.shown_by(f))
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
            let symbol = (style.symbol)(&feature);
            view! {
                <circle class="hit" r="11" />
                <path class="symbol" d=symbol />
            }
            .into_any()
        }
    };
    // A site's world position is fixed; the layer's scale and origin (custom
    // properties set once on the sites group) place it, so a zoom restyles
    // thousands of sites natively instead of running a closure for each.
    let position = (tier == Tier::Sites).then(|| {
        let point = feature.shape.points[0];
        format!("--wx:{};--wy:{}", Fixed(point.x, 10), Fixed(point.y, 10))
    });
    // Lines and areas carry no label, so they keep a tooltip with their name.
    let tooltip =
        (tier != Tier::Sites).then(|| view! { <title>{feature.name().to_string()}</title> });

    view! {
        <g
            class=(style.classes)(&feature)
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
