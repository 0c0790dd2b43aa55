//! The map before the wasm: the page's first view drawn on the server with
//! the map engine, written into the app's page as SVG so that a reader on a
//! slow connection sees the corridor at once, and a reader without JavaScript
//! or WebAssembly (or a search engine) sees the map and a linked feature's text.
//!
//! A link selects a feature with `?feature={id}` (the hash, which the app
//! writes, never reaches the server); the app reads the same query when the
//! hash names no feature. The app removes the drawing once its own map is up.

pub mod drawing;
pub mod feature_text;

use crate::store::events::{Seen, Subscription};
use crate::store::{Store, StoreError};
use atlas_map_engine::map_data::DETAIL_ZOOM;
use atlas_model::{AtlasFeature, Report};
use drawing::{Country, DrawnFeature};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Layers with more features than this are left out of the first view: the
/// app paints them on a canvas, and their SVG would outweigh the app itself.
pub const BIG_LAYER: u64 = 2000;

/// Why the first map could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum FirstMapError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The basemap file could not be read.
    #[error("basemap: {0}")]
    Basemap(#[from] std::io::Error),
    /// The basemap file is not GeoJSON.
    #[error("basemap: {0}")]
    BasemapJson(#[from] serde_json::Error),
}

/// Everything the first view draws, as of one version of the data.
#[derive(Debug)]
pub struct Drawing {
    features: Vec<DrawnFeature>,
    /// The light world (1:110m), for views before the engine's `DETAIL_ZOOM`.
    countries: Vec<Country>,
    /// The detailed world (1:50m), for closer views, as the app draws them.
    detailed_countries: Vec<Country>,
    reports: Vec<Report>,
    /// The map block with nothing selected, the same for every such page.
    plain: String,
}

impl Drawing {
    /// The map block for a page that selects `selected` (an unknown id selects
    /// nothing); an embedded page (`?embed=1`) gets it without the page's header.
    pub fn block(&self, selected: Option<&str>, embedded: bool) -> String {
        let block = match selected.and_then(|id| self.feature(id)) {
            Some(feature) => self.render(Some(feature)),
            None => self.plain.clone(),
        };
        if embedded {
            without_header(block)
        } else {
            block
        }
    }

    /// The drawn feature `id`.
    fn feature(&self, id: &str) -> Option<&DrawnFeature> {
        self.features.iter().find(|f| f.feature.id() == id)
    }

    fn render(&self, selected: Option<&DrawnFeature>) -> String {
        let drawn: Vec<&DrawnFeature> = self.features.iter().collect();
        let view = drawing::initial_view(&self.features, selected);
        let ids: Vec<&str> = selected.map(|f| f.feature.id()).into_iter().collect();
        let countries = if view.zoom >= DETAIL_ZOOM && !self.detailed_countries.is_empty() {
            &self.detailed_countries
        } else {
            &self.countries
        };
        let svg = drawing::svg(&view, countries, &drawn, &ids);
        let text = selected
            .map(|f| feature_text::article(&f.feature, &self.reports))
            .unwrap_or_default();
        format!(
            "<div id=\"first-map\" class=\"first-map\"><header class=\"topbar\"><h1>Corridor Atlas</h1>\
             <p class=\"first-map-tagline\">The Middle Corridor and the energy projects around it</p></header>\
             <noscript><p class=\"first-map-note\">The interactive map needs JavaScript; \
             the features are also listed at <a href=\"/collections?f=html\">/collections</a>.</p></noscript>\
             <div class=\"first-map-view\">{svg}</div>{text}</div>"
        )
    }
}

/// `block` without its first `<header>` element.
fn without_header(block: String) -> String {
    const END: &str = "</header>";
    match (block.find("<header"), block.find(END)) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{}", &block[..start], &block[end + END.len()..])
        }
        _ => block,
    }
}

/// The first map's drawing, made once per version of the data; cheap to
/// clone (all clones share it).
#[derive(Debug, Clone)]
pub struct FirstMap {
    memo: Arc<Mutex<Memo>>,
}

#[derive(Debug)]
struct Memo {
    changes: Subscription,
    drawing: Option<Arc<Drawing>>,
}

impl FirstMap {
    /// Nothing drawn yet; the drawing follows the store's `changes`.
    pub fn new(changes: Subscription) -> FirstMap {
        FirstMap {
            memo: Arc::new(Mutex::new(Memo {
                changes,
                drawing: None,
            })),
        }
    }

    /// The drawing of the data as it is now, made again only after a change.
    pub async fn drawing(
        &self,
        store: &dyn Store,
        data_dir: &Path,
    ) -> Result<Arc<Drawing>, FirstMapError> {
        let epoch = {
            let mut memo = self.lock();
            if memo.changes.catch_up() != Seen::Nothing {
                memo.drawing = None;
            }
            if let Some(drawing) = &memo.drawing {
                return Ok(drawing.clone());
            }
            memo.changes.epoch()
        };
        let drawing = Arc::new(draw(store, data_dir).await?);
        let mut memo = self.lock();
        // A drawing of data that changed meanwhile is served, not kept.
        if memo.changes.catch_up() == Seen::Nothing && memo.changes.epoch() == epoch {
            memo.drawing = Some(drawing.clone());
        }
        Ok(drawing)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Memo> {
        self.memo.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Reads the features, countries and reports and draws the plain block.
async fn draw(store: &dyn Store, data_dir: &Path) -> Result<Drawing, FirstMapError> {
    let mut features = Vec::new();
    for collection in store.collections().await? {
        if collection.count == 0 || collection.count > BIG_LAYER {
            continue;
        }
        let mut documents = Vec::new();
        store
            .for_each_indexed(&collection.id, &mut |row| {
                documents.push(row.document.to_string())
            })
            .await?;
        features.extend(documents.iter().filter_map(|text| {
            let feature: geojson::Feature = serde_json::from_str(text).ok()?;
            AtlasFeature::from_geojson(&feature).ok()
        }));
    }
    let features: Vec<DrawnFeature> = features.into_iter().map(DrawnFeature::new).collect();
    let mut reports = Vec::new();
    for summary in store.reports().await? {
        if let Some(report) = store.report_text(&summary.meta.id).await? {
            reports.push(report);
        }
    }
    // The light world, as the app opens on it; a data folder without one has the detailed world only.
    let basemap = data_dir.join("basemap");
    let detailed_countries = read_countries(&basemap.join("countries.geojson")).await?;
    let countries = read_countries(&basemap.join("countries-110m.geojson")).await?;
    let mut drawing = Drawing {
        features,
        // A data folder without a light world draws the detailed one at every zoom.
        countries: if countries.is_empty() {
            read_countries(&basemap.join("countries.geojson")).await?
        } else {
            countries
        },
        detailed_countries,
        reports,
        plain: String::new(),
    };
    drawing.plain = drawing.render(None);
    Ok(drawing)
}

/// The basemap's countries, projected; none when the file is missing.
async fn read_countries(path: &Path) -> Result<Vec<Country>, FirstMapError> {
    let text = match tokio::fs::read_to_string(path).await {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error.into()),
    };
    let collection: geojson::FeatureCollection = serde_json::from_str(&text)?;
    Ok(collection
        .features
        .iter()
        .filter_map(|f| {
            let value = &f.geometry.as_ref()?.value;
            let name = f.property("name").and_then(|n| n.as_str()).unwrap_or("");
            Some(Country {
                name: name.to_string(),
                shape: atlas_map_engine::shape::Shape::from_geometry(value),
                bbox: drawing::bbox_of(value)?,
            })
        })
        .collect())
}
