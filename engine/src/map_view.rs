//! The map component: measures itself, routes input to the gestures, and
//! stacks the basemap, the features, the canvas of big layers and the labels
//! under one gesture transform.

use crate::basemap_layer::BasemapLayer;
use crate::canvas_layer::{CanvasFeatures, CanvasLayer};
use crate::controls::{MapControls, PlaceButton};
use crate::feature_layer::{FeatureLayer, Tier};
use crate::feature_store::FeatureStore;
use crate::gestures::Gestures;
use crate::labels::LabelLayer;
use crate::map_data::MapData;
use crate::map_frame::MapFrame;
use crate::measure::{MeasureLayer, MeasureReadout};
use crate::navigate::anchor_of;
use crate::scale_bar::ScaleBar;
use crate::state::MapState;
use crate::style::FeatureStyle;
use crate::tile_layer::TileLayer;
use crate::viewport::Frame;
use atlas_model::number::Fixed;
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;

/// The interactive map.
#[component]
pub fn MapView(
    /// The data to draw.
    data: Arc<MapData>,
    /// How features look and stack.
    style: FeatureStyle,
    /// The places the map's buttons fit.
    places: &'static [PlaceButton],
    /// Who the drawn data comes from, for the attribution line.
    credit: &'static str,
    /// What the page lays over the map (a popup), drawn above the controls.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let state = expect_context::<MapState>();
    let gestures = Gestures::new(state);
    let container = NodeRef::<html::Div>::new();
    // Layer coordinates change only when the zoom does; pans move the frame group.
    let frame =
        Memo::new(move |previous: Option<&Frame>| Frame::follow(previous, &state.view.get()));
    provide_context(MapFrame(frame));
    provide_context(style);
    // The features in a keyed store, for the layers and for the page (a writer updates it).
    let store = FeatureStore::new(&data.features);
    provide_context(store.clone());
    // Clusters first: labels skip the sites a cluster stands for.
    provide_context(crate::clusters::Clusters::new(state, &data));
    provide_context(crate::labels::PlacedLabels::new(state, &data, style));
    let canvas = CanvasFeatures::new(&data);
    // For the page: a layer loaded by viewport adds its features as they come.
    provide_context(canvas.clone());
    let canvas_under = canvas.clone();
    let canvas_hover = canvas.clone();
    // The SVGs are drawn in the frame's layer coordinates and moved as a whole
    // by a CSS transform: a settled pan moves composited layers instead of
    // re-rasterising every country and feature.
    let frame_shift = move || {
        let (dx, dy) = frame.get().offset(&state.view.get());
        format!("translate({}px, {}px)", Fixed(dx, 1), Fixed(dy, 1))
    };

    let local = move |client_x: i32, client_y: i32| -> (f64, f64) {
        container
            .get_untracked()
            .map(|el| {
                let r = el.get_bounding_client_rect();
                (
                    f64::from(client_x) - r.left(),
                    f64::from(client_y) - r.top(),
                )
            })
            .unwrap_or_default()
    };
    let first_view = use_context::<FirstView>();
    let measure = move || {
        if let Some(el) = container.get_untracked() {
            let (w, h) = (f64::from(el.client_width()), f64::from(el.client_height()));
            if w > 0.0 && h > 0.0 {
                state.view.update(|v| {
                    // Keep the centre; a resize shows more or less around it,
                    // and never more than the world.
                    v.width = w;
                    v.height = h;
                    *v = v.clamped();
                });
                // Once: the first measurement. Measuring runs inside an effect,
                // which must not follow what placing reads.
                if let Some(place) = first_view.and_then(FirstView::take) {
                    untrack(place);
                }
                state.measured.set(true);
            }
        }
    };
    // The map resizes with the window and when the report reader opens beside it.
    Effect::new(move |_| {
        if let Some(el) = container.get() {
            measure();
            observe_resizes(&el, measure);
        }
    });

    // The layers are drawn once the map knows its size: drawn at a guessed size,
    // every path would be projected and written twice on the way in.
    let measured = Memo::new(move |_| state.measured.get());
    let clustered = data.clone();
    // As text here: an `f64` attribute would be written by core's float formatter.
    let width = move || Fixed(state.view.get().width, 2).to_string();
    let height = move || Fixed(state.view.get().height, 2).to_string();
    let zoom_class = move || {
        let z = state.view.get().zoom;
        format!("map-svg z{}", z.floor().clamp(0.0, 20.0) as u8)
    };
    let everything = data.bbox();
    let tiles_credit = data.config.tiles.as_ref().map(|t| t.attribution.clone());

    view! {
        <div
            class="map"
            class:measuring=move || state.measure.with(Option::is_some)
            class:tiles-on=move || state.tiles_on.get()
            node_ref=container
            tabindex="0"
            role="application"
            aria-label="Map of the Middle Corridor. Arrow keys pan, plus and minus zoom, Tab walks the features, Enter opens one."
            on:pointerdown=move |ev| gestures.pointer_down(&ev)
            on:pointermove={
                let canvas = canvas_hover;
                move |ev| {
                    gestures.pointer_move(&ev);
                    // With no button down the pointer is hovering: say what it is over.
                    if ev.buttons() == 0 && !canvas.is_empty() {
                        let at = local(ev.client_x(), ev.client_y());
                        let hit = state
                            .filters
                            .with_untracked(|f| canvas.hit(&state.view.get_untracked(), at, f));
                        hover(container, hit.as_deref());
                    }
                }
            }
            on:pointerup=move |ev| gestures.pointer_up(&ev)
            on:pointercancel=move |ev| gestures.pointer_up(&ev)
            on:wheel=move |ev| gestures.wheel(&ev, local(ev.client_x(), ev.client_y()))
            on:dblclick=move |ev| gestures.double_click(local(ev.client_x(), ev.client_y()))
            on:keydown=move |ev| { gestures.key(&ev); }
            on:click=move |ev| {
                if gestures.take_swallowed_click() {
                    return;
                }
                let (x, y) = local(ev.client_x(), ev.client_y());
                let view = state.view.get_untracked();
                if state.measure.with_untracked(Option::is_some) {
                    let at = view.screen_to_lonlat(x, y);
                    state.measure.update(|m| if let Some(points) = m { points.push(at) });
                } else if let Some(hit) = state.filters.with_untracked(|f| canvas_under.hit(&view, (x, y), f)) {
                    // A site's popup points at the site; a line's where the reader clicked.
                    let at = if hit.shape.is_path() { view.screen_to_lonlat(x, y) } else { anchor_of(&hit) };
                    state.select(hit.id(), at);
                } else {
                    state.deselect();
                }
            }
        >
            <div class="map-pane" style:transform=move || state.gesture.get().css()>
                {data.config.tiles.clone().map(|source| view! { <TileLayer source=source /> })}
                <svg class=zoom_class style:transform=frame_shift width=width height=height xmlns="http://www.w3.org/2000/svg">
                    {move || measured.get().then(|| view! { <BasemapLayer /> })}
                </svg>
                <svg class=move || format!("{} overlay", zoom_class()) style:transform=frame_shift width=width height=height xmlns="http://www.w3.org/2000/svg">
                    {move || measured.get().then(|| {
                        let store = store.clone();
                        view! {
                            <FeatureLayer store=store.clone() tier=Tier::Areas />
                            <FeatureLayer store=store.clone() tier=Tier::Routes />
                            <FeatureLayer store=store tier=Tier::Sites />
                            <crate::clusters::ClusterLayer data=clustered.clone() />
                        }
                    })}
                </svg>
                // Over the SVG features: one composited layer fewer under every
                // frame of a gesture than a canvas between two SVGs (a quarter of
                // the long frames in the benchmark). Its features never take the
                // pointer from an SVG feature: the canvas lets events through.
                <CanvasLayer features=canvas />
                <svg class=move || { let large = state.view.with(|v| v.width >= super::labels::LARGE_LABELS_WIDTH); format!("{} labels-svg{}", zoom_class(), if large { " large" } else { "" }) } style:transform=frame_shift width=width height=height xmlns="http://www.w3.org/2000/svg">
                    <LabelLayer />
                </svg>
                // The measure is drawn in screen coordinates, so it stays out of the moving frame.
                <svg class="map-svg measure-svg" width=width height=height xmlns="http://www.w3.org/2000/svg">
                    <MeasureLayer />
                </svg>
            </div>
            <MapControls everything=everything places=places />
            <ScaleBar />
            <MeasureReadout />
            {children.map(|c| c())}
            <div class="attribution" on:pointerdown=|ev| ev.stop_propagation()>
                "Basemap: "
                <a href="https://www.naturalearthdata.com/" target="_blank" rel="noopener">"Natural Earth"</a>
                " · Data: "{credit}
                {move || state.tiles_on.get().then(|| tiles_credit.clone()).flatten().map(|credit| format!(" · Tiles: {credit}"))}
            </div>
        </div>
    }
}

/// What a page does to the view once the map knows its size and before the
/// layers are first drawn (the reader fits the corridor, or a shared
/// selection), provided as context to [`MapView`]: the layers are then drawn
/// once, at the view the reader will see.
#[derive(Clone, Copy)]
pub struct FirstView(StoredValue<Option<Box<dyn FnOnce()>>, LocalStorage>);

impl FirstView {
    /// Places the first view with `place`, called once with the map's size known.
    pub fn new(place: impl FnOnce() + 'static) -> FirstView {
        FirstView(StoredValue::new_local(Some(Box::new(place))))
    }

    /// The placing, the first time it is asked for.
    fn take(self) -> Option<Box<dyn FnOnce()>> {
        self.0.try_update_value(Option::take).flatten()
    }
}

/// Says what the pointer hovers on the canvas: a pointer cursor and the feature's name as a tooltip.
fn hover(container: NodeRef<html::Div>, hit: Option<&crate::map_data::MapFeature>) {
    let Some(el) = container.get_untracked() else {
        return;
    };
    let _ = el
        .class_list()
        .toggle_with_force("over-feature", hit.is_some());
    match hit {
        Some(feature) => {
            let _ = el.set_attribute("title", feature.name());
        }
        None => {
            let _ = el.remove_attribute("title");
        }
    }
}

/// Calls `on_resize` whenever `el` changes size.
fn observe_resizes(el: &web_sys::HtmlElement, on_resize: impl Fn() + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| on_resize());
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(el);
    }
    // The map lives as long as the page, so the callback is handed to JS for good.
    callback.forget();
}
