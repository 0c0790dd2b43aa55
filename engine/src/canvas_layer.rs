//! Layers too big for SVG, painted on one canvas over the SVG features and
//! under the labels (DESIGN.md: "If a layer grows past what SVG draws at 60
//! frames a second, that layer moves to canvas").
//!
//! The canvas is repainted when the zoom settles, a pan leaves its painted
//! margin, the filters or the selection change, or the theme flips; during a
//! gesture it moves with the map pane's CSS transform like everything else. Clicks and hovers find their
//! feature through a grid index, since a bitmap has no elements to hit.

use crate::canvas_paint::{MARGIN, Painter, Scene};
use crate::filters::Filters;
use crate::hit_grid::HitGrid;
use crate::map_data::{MapData, MapFeature};
use crate::map_view::MapFrame;
use crate::projection::{World, project, world_size};
use crate::shape::Shape;
use crate::state::MapState;
use crate::viewport::{Frame, Viewport};
use leptos::html;
use leptos::prelude::*;
use std::sync::{Arc, OnceLock};

/// How near (CSS px) the pointer must come to a canvas feature to hit it: a symbol's half-width.
const HIT_PX: f64 = 8.0;

/// The features painted on the canvas, and the index that finds them under the pointer.
#[derive(Clone, Default)]
pub struct CanvasFeatures {
    features: Arc<Vec<Arc<MapFeature>>>,
    /// Built on the first hover or click, not during the first render.
    grid: Arc<OnceLock<HitGrid>>,
}

impl CanvasFeatures {
    /// The atlas's features whose layer is painted on canvas.
    pub fn new(atlas: &MapData) -> CanvasFeatures {
        CanvasFeatures {
            features: Arc::new(
                atlas
                    .features
                    .iter()
                    .filter(|f| f.on_canvas)
                    .cloned()
                    .collect(),
            ),
            grid: Arc::default(),
        }
    }

    /// Whether any layer is painted on canvas.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// The shown feature under screen point (`x`, `y`) of `view`, if any.
    pub fn hit(
        &self,
        view: &Viewport,
        (x, y): (f64, f64),
        filters: &Filters,
    ) -> Option<Arc<MapFeature>> {
        if self.is_empty() {
            return None;
        }
        let grid = self.grid.get_or_init(|| {
            let shapes: Vec<&Shape> = self.features.iter().map(|f| &f.shape).collect();
            HitGrid::new(&shapes)
        });
        let at: World = project(view.screen_to_lonlat(x, y));
        let radius = HIT_PX / world_size(view.zoom);
        grid.nearest(
            |i| &self.features[i].shape,
            at,
            radius,
            |i| filters.shows(&self.features[i]),
        )
        .map(|i| self.features[i].clone())
    }
}

/// The canvas the big layers are painted on; nothing when every layer is SVG.
#[component]
pub fn CanvasLayer(
    /// The features to paint.
    features: CanvasFeatures,
) -> impl IntoView {
    if features.is_empty() {
        return None;
    }
    let state = expect_context::<MapState>();
    let frame = expect_context::<MapFrame>().0;
    let canvas = NodeRef::<html::Canvas>::new();
    // The painter holds DOM objects (the style probe): it stays on this thread.
    let painter = StoredValue::new_local(Painter::default());
    let theme = theme_changes();
    let last = StoredValue::new_local(None::<Painted>);
    let total = features.features.len().to_string();
    Effect::new(move |_| {
        let epoch = theme.get();
        let view = state.view.get();
        let frame = frame.get();
        let selected = state.selected.get();
        let Some(el) = canvas.get() else {
            return;
        };
        // Not in the guessed size the map starts with: that paint, the costliest
        // of the first render, would be redone as soon as the real size is known.
        if !state.measured.get() || view.width <= 0.0 || view.height <= 0.0 {
            return;
        }
        let offset = frame.offset(&view);
        let key = state.filters.with(|filters| PaintKey {
            frame,
            size: (view.width, view.height),
            filters: filters.clone(),
            selected: selected.clone(),
            epoch,
        });
        // A pan that keeps the screen inside the painted margin only moves the canvas.
        let shift = last.with_value(|l| {
            l.as_ref()
                .filter(|p| p.key == key)
                .map(|p| (offset.0 - p.offset.0, offset.1 - p.offset.1))
        });
        if let Some((dx, dy)) = shift
            && dx.abs() <= view.width * MARGIN
            && dy.abs() <= view.height * MARGIN
        {
            let _ = web_sys::HtmlElement::style(&el)
                .set_property("transform", &format!("translate({dx:.1}px, {dy:.1}px)"));
            return;
        }
        let restyle = last.with_value(|l| l.as_ref().is_some_and(|p| p.key.epoch != epoch));
        let scene = Scene {
            view: &view,
            frame: &frame,
            filters: &key.filters,
            selected: selected.as_deref(),
        };
        let painted = painter
            .try_update_value(|p| {
                if restyle {
                    p.restyle();
                }
                p.paint(&el, &features.features, &scene)
            })
            .unwrap_or(0);
        let _ = web_sys::HtmlElement::style(&el).remove_property("transform");
        last.set_value(Some(Painted { key, offset }));
        // Read by the benchmark and the browser tests: this layer is on screen.
        let _ = el.set_attribute("data-painted", &painted.to_string());
        let _ = el.set_attribute("data-features", &total);
    });
    Some(view! { <canvas class="feature-canvas" node_ref=canvas aria-hidden="true"></canvas> })
}

/// Everything but the pan that decides what the canvas shows.
#[derive(PartialEq)]
struct PaintKey {
    frame: Frame,
    size: (f64, f64),
    filters: Filters,
    selected: Option<String>,
    epoch: u32,
}

/// The last paint: what it showed, and where the frame then lay on screen.
struct Painted {
    key: PaintKey,
    offset: (f64, f64),
}

/// A counter bumped whenever the system switches between light and dark.
fn theme_changes() -> RwSignal<u32> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let epoch = RwSignal::new(0_u32);
    let query = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok())
        .flatten();
    if let Some(query) = query {
        let on_change = Closure::<dyn FnMut()>::new(move || epoch.update(|e| *e += 1));
        let _ =
            query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        // The map lives as long as the page, so the listener does too.
        on_change.forget();
    }
    epoch
}
