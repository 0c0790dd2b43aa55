//! Everything the map draws, loaded once and projected once.

use crate::api::{self, ApiError};
use crate::map::label_anchor::label_point;
use crate::map::projection::{LonLat, World};
use crate::map::shape::Shape;
use atlas_model::AtlasFeature;
use atlas_model::api::Collection;
use atlas_model::{Bbox, geodesy};
use std::sync::{Arc, OnceLock};

/// A feature ready to draw: typed, projected, measured.
#[derive(Debug)]
pub struct MapFeature {
    /// The validated feature.
    pub feature: AtlasFeature,
    /// The collection (layer) it belongs to.
    pub collection: String,
    /// Its geometry in world coordinates.
    pub shape: Shape,
    /// Its geographic bounding box.
    pub bbox: Bbox,
    /// Geodesic length in km for lines, measured when first asked: Karney's
    /// geodesics over every vertex of a big layer would hold up the first render.
    pub length: OnceLock<f64>,
    /// Whether its layer is too big for SVG and is painted on a canvas instead.
    pub on_canvas: bool,
}

impl MapFeature {
    /// The feature's stable slug.
    pub fn id(&self) -> &str {
        self.feature.id()
    }

    /// The feature's display name.
    pub fn name(&self) -> &str {
        &self.feature.properties.name
    }

    /// Geodesic length in km for lines; 0 otherwise.
    pub fn length_km(&self) -> f64 {
        *self
            .length
            .get_or_init(|| geodesy::length_km(&self.feature.geometry.value))
    }
}

/// A country of the basemap.
#[derive(Debug)]
pub struct Country {
    /// Its English name, for titles.
    pub name: String,
    /// Its outline in world coordinates.
    pub shape: Shape,
    /// Where its name goes (inside its largest part), and that part's width in world units.
    pub label: Option<(World, f64)>,
}

/// A sea label of the basemap.
#[derive(Debug, Clone)]
pub struct SeaLabel {
    /// The sea's name.
    pub name: String,
    /// Where to write it.
    pub at: LonLat,
}

/// The loaded atlas.
#[derive(Debug, Default)]
pub struct Atlas {
    /// Map layers in the server's order.
    pub collections: Vec<Collection>,
    /// Every feature of every layer.
    pub features: Vec<Arc<MapFeature>>,
    /// Natural Earth countries.
    pub countries: Vec<Country>,
    /// Natural Earth sea labels.
    pub seas: Vec<SeaLabel>,
    /// The server's set-up (the optional tile source).
    pub config: atlas_model::api::ClientConfig,
}

impl Atlas {
    /// Looks a feature up by slug.
    pub fn feature(&self, id: &str) -> Option<&Arc<MapFeature>> {
        self.features.iter().find(|f| f.id() == id)
    }

    /// The box around every feature: the corridor from China to Europe.
    pub fn bbox(&self) -> Option<Bbox> {
        self.features.iter().fold(None, |acc: Option<Bbox>, f| {
            Some(acc.map_or(f.bbox, |b| b.union(&f.bbox)))
        })
    }
}

/// Past this many features a layer is painted on a canvas: SVG keeps every
/// feature a focusable element, which stops being fluid in the thousands.
pub const CANVAS_THRESHOLD: usize = 2000;

/// Loads layers, features and basemap from the server, every request at once.
pub async fn load() -> Result<Atlas, ApiError> {
    let (collections, countries, seas, config) = futures::join!(
        api::collections(),
        api::basemap("countries"),
        api::basemap("seas"),
        api::config(),
    );
    let collections = collections?.collections;
    let layers =
        futures::future::try_join_all(collections.iter().map(|c| api::all_items(&c.id))).await?;
    let mut features = Vec::new();
    for (collection, layer) in collections.iter().zip(layers) {
        let on_canvas = layer.len() > CANVAS_THRESHOLD;
        features.extend(
            layer
                .into_iter()
                .map(|feature| Arc::new(prepare(feature, &collection.id, on_canvas))),
        );
    }
    let countries = countries?
        .features
        .into_iter()
        .filter_map(|f| {
            let name = f.name().unwrap_or_default().to_string();
            let value = f.geometry?.value;
            Some(Country {
                name,
                label: label_point(&value),
                shape: Shape::from_geometry(&value),
            })
        })
        .collect();
    let seas = seas?
        .features
        .into_iter()
        .filter_map(|f| {
            let name = f.name()?.to_string();
            let p = geodesy::positions(&f.geometry?.value)
                .first()
                .map(|p| LonLat {
                    lon: p[0],
                    lat: p[1],
                })?;
            Some(SeaLabel { name, at: p })
        })
        .collect();
    Ok(Atlas {
        collections,
        features,
        countries,
        seas,
        // An older server without /api/config simply offers no tiles.
        config: config.unwrap_or_default(),
    })
}

fn prepare(feature: AtlasFeature, collection: &str, on_canvas: bool) -> MapFeature {
    let value = &feature.geometry.value;
    let bbox = geodesy::bbox(value).unwrap_or(Bbox::point(0.0, 0.0));
    MapFeature {
        shape: Shape::from_geometry(value),
        bbox,
        length: OnceLock::new(),
        collection: collection.to_string(),
        on_canvas,
        feature,
    }
}
