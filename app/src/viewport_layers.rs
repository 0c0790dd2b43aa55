//! Layers past a few thousand features, loaded by viewport: when the view
//! settles, the squares of the tile grid it and a margin around it cover are
//! asked with `bbox` requests (view_tiles.rs), nearest the centre first, a few
//! at a time; what comes is kept (each feature once, by id) in the canvas
//! layer and the search index, so panning back costs nothing and a pan asks
//! only for what it newly shows. A small status says while the view is loading.

use crate::api;
use crate::atlas::{Atlas, prepare};
use crate::map::canvas_layer::CanvasFeatures;
use crate::search::SearchIndex;
use crate::state::MapState;
use crate::view_tiles::{PAGE_LIMIT, Tile, loads_whole, tiles_for};
use atlas_model::Bbox;
use atlas_model::api::{Collection, loads_by_view};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use std::time::Duration;

/// Requests under way at once: enough to fill a slow link, few enough that
/// the squares nearest the centre come first.
const IN_FLIGHT: usize = 4;

/// How long the view must rest before its squares are asked, so a fling
/// does not ask for every square it passes over (the opening view is asked at once).
const SETTLE: Duration = Duration::from_millis(150);

/// Pages read of one square at most, past which it counts as shown in part.
const MAX_PAGES: usize = 20;

/// Where a square of one layer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Progress {
    Loading,
    /// Every feature in it is held.
    Whole,
    /// One page of it is held: a zoomed-out view of a dense layer.
    Part,
    /// Its request failed; asked again when the view next settles on it.
    Failed,
}

/// A square of one layer (the layer's place in the list of layers loaded by viewport).
type Key = (usize, Tile);

/// What the loader knows: which squares the view wants and how far each is.
/// A list, not a map: it holds a few hundred squares at most, and a map type
/// of its own would cost the download more than the scans cost the loader.
#[derive(Default)]
struct Loader {
    wanted: Vec<Key>,
    progress: Vec<(Key, Progress)>,
    in_flight: usize,
}

impl Loader {
    fn of(&self, key: &Key) -> Option<Progress> {
        self.progress
            .iter()
            .find(|(k, _)| k == key)
            .map(|&(_, p)| p)
    }

    fn set(&mut self, key: Key, progress: Progress) {
        match self.progress.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = progress,
            None => self.progress.push((key, progress)),
        }
    }

    fn forget(&mut self, key: &Key) {
        self.progress.retain(|(k, _)| k != key);
    }
}

/// The state the status line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ViewState {
    Loading,
    Part,
    Complete,
    Failed,
}

impl ViewState {
    fn as_str(self) -> &'static str {
        match self {
            ViewState::Loading => "loading",
            ViewState::Part => "part",
            ViewState::Complete => "complete",
            ViewState::Failed => "failed",
        }
    }
}

/// A layer loaded by viewport: its id, title and box.
#[derive(Clone)]
struct Layer {
    id: String,
    title: String,
    extent: Option<Bbox>,
}

fn layer_of(c: &Collection) -> Layer {
    Layer {
        id: c.id.clone(),
        title: c.title.clone(),
        extent: c
            .extent
            .as_ref()
            .and_then(|e| Bbox::covering(e.spatial.bbox.iter().copied())),
    }
}

/// Loads the big layers of `atlas` for the view as it moves, and says how far
/// it is; nothing when every layer was loaded whole. Lives inside the map
/// (its canvas layer is provided there).
#[component]
pub fn ViewportLayers(
    /// The atlas, whose collections say which layers are big.
    atlas: Arc<Atlas>,
    /// The search index the loaded features join.
    search: Arc<SearchIndex>,
) -> impl IntoView {
    let layers: Vec<Layer> = atlas
        .collections
        .iter()
        .filter(|c| loads_by_view(c.number_of_features))
        .map(layer_of)
        .collect();
    if layers.is_empty() {
        return None;
    }
    let state = expect_context::<MapState>();
    let canvas = expect_context::<CanvasFeatures>();
    let loader = StoredValue::new_local(Loader::default());
    let shown = RwSignal::new(ViewState::Loading);
    let layers = StoredValue::new(layers);
    let search = StoredValue::new(search);
    let context = Context {
        layers,
        loader,
        shown,
        canvas: StoredValue::new(canvas),
        search,
    };
    // The view's squares, asked once it has rested a moment.
    let settled = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let view = state.view.get();
        if !state.measured.get() || view.width <= 0.0 {
            return;
        }
        let ticket = settled.with_value(|t| t + 1);
        settled.set_value(ticket);
        if ticket == 1 {
            // The opening view is no fling: its squares are asked at once.
            context.want(&view);
            return;
        }
        set_timeout(
            move || {
                if settled.get_value() == ticket {
                    context.want(&view);
                }
            },
            SETTLE,
        );
    });
    let titles = layers.with_value(|l| {
        l.iter()
            .map(|l| l.title.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let text = move || match shown.get() {
        ViewState::Loading => format!("Loading {titles} for this view…"),
        ViewState::Part => format!("{titles}: part shown. Zoom in to see every feature here."),
        ViewState::Failed => {
            format!("{titles} could not be loaded here. Move the map to try again.")
        }
        ViewState::Complete => String::new(),
    };
    Some(view! {
        <p
            class="view-loading"
            role="status"
            aria-live="polite"
            data-state=move || shown.get().as_str()
            hidden=move || shown.get() == ViewState::Complete
            on:pointerdown=|ev| ev.stop_propagation()
        >
            {text}
        </p>
    })
}

/// Everything a request needs, `Copy` so each task takes its own.
#[derive(Clone, Copy)]
struct Context {
    layers: StoredValue<Vec<Layer>>,
    loader: StoredValue<Loader, LocalStorage>,
    shown: RwSignal<ViewState>,
    canvas: StoredValue<CanvasFeatures>,
    search: StoredValue<Arc<SearchIndex>>,
}

impl Context {
    /// The view settled on `view`: its squares become the wanted ones.
    fn want(self, view: &crate::map::viewport::Viewport) {
        let wanted: Vec<Key> = self.layers.with_value(|layers| {
            layers
                .iter()
                .enumerate()
                .flat_map(|(i, layer)| {
                    tiles_for(view, layer.extent.as_ref())
                        .into_iter()
                        .map(move |t| (i, t))
                })
                .collect()
        });
        self.loader.update_value(|l| {
            // A square that failed is asked again when the view comes back to it.
            l.progress.retain(|(_, p)| *p != Progress::Failed);
            l.wanted = wanted;
        });
        self.pump();
    }

    /// Starts requests for wanted squares not yet asked, up to [`IN_FLIGHT`] at once.
    fn pump(self) {
        loop {
            let next = self.loader.try_update_value(|l| {
                if l.in_flight >= IN_FLIGHT {
                    return None;
                }
                let key = *l.wanted.iter().find(|k| l.of(k).is_none())?;
                l.set(key, Progress::Loading);
                l.in_flight += 1;
                Some(key)
            });
            match next.flatten() {
                Some(key) => spawn_local(self.load(key)),
                None => break,
            }
        }
        self.show();
    }

    /// Whether the view still wants square `key`.
    fn still_wanted(self, key: Key) -> bool {
        self.loader.with_value(|l| l.wanted.contains(&key))
    }

    /// Loads square `key` page by page: every page from the deeper zooms, one
    /// page below them; stops paging once the view has moved away.
    async fn load(self, key: Key) {
        let (index, tile) = key;
        let Some(layer) = self.layers.with_value(|l| l.get(index).cloned()) else {
            return;
        };
        let mut path = api::items_in_box_path(&layer.id, &tile.bbox_param(), PAGE_LIMIT);
        let mut pages = 0;
        let outcome = loop {
            let (features, next) = match api::items_page(&path).await {
                Ok(page) => page,
                Err(e) => {
                    leptos::logging::warn!("{} for {tile:?}: {e}", layer.id);
                    break Progress::Failed;
                }
            };
            pages += 1;
            self.keep(&layer.id, features);
            match next {
                None => break Progress::Whole,
                Some(href) if loads_whole(&tile) && pages < MAX_PAGES => {
                    if !self.still_wanted(key) {
                        // Asked afresh should the view come back; what came is kept.
                        self.loader.update_value(|l| {
                            l.forget(&key);
                            l.in_flight -= 1;
                        });
                        self.pump();
                        return;
                    }
                    path = href;
                }
                Some(_) => break Progress::Part,
            }
        };
        self.loader.update_value(|l| {
            l.set(key, outcome);
            l.in_flight -= 1;
        });
        self.pump();
    }

    /// Hands a page's features to the canvas and the search index, each once.
    fn keep(self, layer: &str, features: Vec<atlas_model::AtlasFeature>) {
        let prepared = features
            .into_iter()
            .map(|f| Arc::new(prepare(f, layer, true)));
        let added = self.canvas.with_value(|c| c.add(prepared));
        self.search.with_value(|s| {
            for feature in added {
                s.upsert(feature);
            }
        });
    }

    /// Sets the status from the wanted squares' progress.
    fn show(self) {
        let now = self.loader.with_value(|l| {
            let of = |k: &Key| l.of(k);
            if l.wanted
                .iter()
                .any(|k| matches!(of(k), None | Some(Progress::Loading)))
            {
                ViewState::Loading
            } else if l.wanted.iter().any(|k| of(k) == Some(Progress::Failed)) {
                ViewState::Failed
            } else if l.wanted.iter().any(|k| of(k) == Some(Progress::Part)) {
                ViewState::Part
            } else {
                ViewState::Complete
            }
        });
        if self.shown.get_untracked() != now {
            self.shown.set(now);
        }
    }
}
