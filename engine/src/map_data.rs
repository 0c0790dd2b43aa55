//! Everything the map draws, projected once: features and sea labels (the
//! basemap's countries come apart, in [`crate::state::MapState`]).

use crate::feature_index::SharedIndex;
use crate::projection::{LonLat, World};
use crate::shape::Shape;
use atlas_model::api::Collection;
use atlas_model::{AtlasFeature, Filters};
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

    /// Whether the reader's filters let it show.
    pub fn shown_by(&self, filters: &Filters) -> bool {
        filters.shows(&self.collection, &self.feature.properties)
    }

    /// Geodesic length in km for lines; 0 otherwise.
    pub fn length_km(&self) -> f64 {
        *self
            .length
            .get_or_init(|| geodesy::length_km(&self.feature.geometry.value))
    }
}

/// The zoom from which the light world (Natural Earth 1:110m) looks coarse
/// and the detailed one (1:50m) is drawn instead.
pub const DETAIL_ZOOM: f64 = 4.5;

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

/// The data a map draws.
#[derive(Debug, Default)]
pub struct MapData {
    /// Map layers in the server's order.
    pub collections: Vec<Collection>,
    /// Every feature of every layer.
    pub features: Vec<Arc<MapFeature>>,
    /// Natural Earth sea labels.
    pub seas: Vec<SeaLabel>,
    /// The server's set-up (the optional tile source).
    pub config: atlas_model::api::ClientConfig,
    /// The features painted on canvas, keyed, with their hit grid: those of
    /// `features` on canvas, and those of layers loaded by viewport as they come.
    pub canvas: SharedIndex,
}

impl MapData {
    /// Looks a feature up by slug, among the features loaded whole and those loaded by viewport.
    pub fn feature(&self, id: &str) -> Option<Arc<MapFeature>> {
        match self.features.iter().find(|f| f.id() == id) {
            Some(feature) => Some(feature.clone()),
            None => self.canvas.get(id),
        }
    }

    /// The box around every feature.
    pub fn bbox(&self) -> Option<Bbox> {
        Bbox::covering(self.features.iter().map(|f| f.bbox))
    }
}
