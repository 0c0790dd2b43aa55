//! Layers too big for SVG, painted on one canvas over the SVG features and
//! under the labels (DESIGN.md: "If a layer grows past what SVG draws at 60
//! frames a second, that layer moves to canvas").
//!
//! The canvas is repainted when the zoom settles, a pan leaves its painted
//! margin, the filters or the selection change, or the theme flips; during a
//! gesture it moves with the map pane's CSS transform like everything else. Clicks and hovers find their
//! feature through a grid index, since a bitmap has no elements to hit.

use crate::canvas_paint::{MARGIN, Painter, Scene};
use crate::feature_index::SharedIndex;
use crate::map_data::{MapData, MapFeature};
use crate::map_frame::MapFrame;
use crate::projection::{World, project, world_size};
use crate::state::MapState;
use crate::style::FeatureStyle;
use crate::viewport::{Frame, Viewport};
use atlas_model::Filters;
use atlas_model::number::Fixed;
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;

/// How near (CSS px) the pointer must come to a canvas feature to hit it: a symbol's half-width.
const HIT_PX: f64 = 8.0;

/// The features painted on the canvas, keyed, with the index that finds them
/// under the pointer; cheap to clone (shared). Features can come, change and
/// go after the first paint: each change updates the hit grid for that feature
/// alone and bumps a revision the canvas repaints on.
#[derive(Clone)]
pub struct CanvasFeatures {
    index: SharedIndex,
    revision: ArcRwSignal<u64>,
    /// Whether any layer is painted on canvas, though one loaded by viewport may hold nothing yet.
    used: bool,
}

impl CanvasFeatures {
    /// The canvas features of `data`: its index, filled with the features of
    /// `data.features` on canvas when it came empty.
    pub fn new(data: &MapData) -> CanvasFeatures {
        {
            let mut index = data.canvas.write();
            if index.is_empty() {
                for feature in data.features.iter().filter(|f| f.on_canvas) {
                    index.upsert(feature.clone());
                }
            }
        }
        let by_view = data
            .collections
            .iter()
            .any(|c| atlas_model::api::loads_by_view(c.number_of_features));
        CanvasFeatures {
            used: by_view || !data.canvas.read().is_empty(),
            index: data.canvas.clone(),
            revision: ArcRwSignal::new(0),
        }
    }

    /// Whether no layer is painted on canvas.
    pub fn is_empty(&self) -> bool {
        !self.used
    }

    /// How many features are held now.
    pub fn len(&self) -> usize {
        self.index.read().len()
    }

    /// How many changes have been made since the first paint (tracked).
    pub fn revision(&self) -> u64 {
        self.revision.get()
    }

    /// Adds the features whose ids are not held yet, and hands back those that were new.
    pub fn add(&self, features: impl IntoIterator<Item = Arc<MapFeature>>) -> Vec<Arc<MapFeature>> {
        let added: Vec<Arc<MapFeature>> = {
            let mut index = self.index.write();
            features
                .into_iter()
                .filter(|f| index.add_if_missing(f.clone()))
                .collect()
        };
        if !added.is_empty() {
            self.revision.update(|r| *r += 1);
        }
        added
    }

    /// Puts `feature` in place of the one with its id, or adds it: it alone is re-indexed.
    pub fn upsert(&self, feature: Arc<MapFeature>) {
        self.index.write().upsert(feature);
        self.revision.update(|r| *r += 1);
    }

    /// Takes feature `id` off the canvas.
    pub fn remove(&self, id: &str) {
        if self.index.write().remove(id) {
            self.revision.update(|r| *r += 1);
        }
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
        let at: World = project(view.screen_to_lonlat(x, y));
        let radius = HIT_PX / world_size(view.zoom);
        self.index.write().nearest(at, radius, filters)
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
    let style = expect_context::<FeatureStyle>();
    let canvas = NodeRef::<html::Canvas>::new();
    // The painter holds DOM objects (the style probe): it stays on this thread.
    let painter = StoredValue::new_local(Painter::default());
    let theme = theme_changes();
    let last = StoredValue::new_local(None::<Painted>);
    Effect::new(move |_| {
        let epoch = theme.get();
        let revision = features.revision();
        let view = state.view.get();
        let frame = frame.get();
        let selected = state.selection.get();
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
            revision,
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
            let _ = web_sys::HtmlElement::style(&el).set_property(
                "transform",
                &format!("translate({}px, {}px)", Fixed(dx, 1), Fixed(dy, 1)),
            );
            return;
        }
        let restyle = last.with_value(|l| l.as_ref().is_some_and(|p| p.key.epoch != epoch));
        let scene = Scene {
            view: &view,
            frame: &frame,
            filters: &key.filters,
            selected: &selected,
            style: &style,
        };
        let painted = painter
            .try_update_value(|p| {
                if restyle {
                    p.restyle();
                }
                p.paint(&el, features.index.read().features(), &scene)
            })
            .unwrap_or(0);
        let total = features.len().to_string();
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
    selected: Vec<String>,
    epoch: u32,
    /// The features' revision: new ones are painted at once.
    revision: u64,
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
