//! Everything the map draws, loaded from the server and projected once: the
//! layers loaded whole at start, the big ones by viewport as the reader looks around.

use crate::api::{self, ApiError};
use atlas_map_engine::label_anchor::label_point;
pub use atlas_map_engine::map_data::{Country, MapData as Atlas, MapFeature, SeaLabel};
use atlas_map_engine::projection::LonLat;
use atlas_map_engine::shape::Shape;
use atlas_model::AtlasFeature;
use atlas_model::api::loads_by_view;
use atlas_model::geodesy;
use std::sync::{Arc, OnceLock};

/// Past this many features a layer is painted on a canvas: SVG keeps every
/// feature a focusable element, which stops being fluid in the thousands.
pub const CANVAS_THRESHOLD: usize = 2000;

/// A basemap layer's countries, projected, with their label points.
pub fn countries_of(layer: api::BasemapLayer) -> Vec<Country> {
    layer
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
        .collect()
}

/// Loads layers, features and sea labels from the server, every request at
/// once; the countries come apart (basemap_loading.rs).
pub async fn load() -> Result<Atlas, ApiError> {
    let (collections, seas, config) =
        futures::join!(api::collections(), api::basemap("seas"), api::config());
    let collections = collections?.collections;
    // A layer past a few thousand features comes by viewport (viewport_layers.rs), not whole.
    let layers = futures::future::try_join_all(collections.iter().map(|c| async {
        if loads_by_view(c.number_of_features) {
            Ok(Vec::new())
        } else {
            api::all_items(&c.id).await
        }
    }))
    .await?;
    let mut features = Vec::new();
    for (collection, layer) in collections.iter().zip(layers) {
        let on_canvas = layer.len() > CANVAS_THRESHOLD;
        features.extend(
            layer
                .into_iter()
                .map(|feature| Arc::new(prepare(feature, &collection.id, on_canvas))),
        );
    }
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
        seas,
        // An older server without /api/config simply offers no tiles.
        config: config.unwrap_or_default(),
        canvas: Default::default(),
    })
}

/// A feature of layer `collection` typed for the map: projected and boxed.
pub fn prepare(feature: AtlasFeature, collection: &str, on_canvas: bool) -> MapFeature {
    let value = &feature.geometry.value;
    let bbox = geodesy::bbox(value).unwrap_or(atlas_model::Bbox::point(0.0, 0.0));
    MapFeature {
        shape: Shape::from_geometry(value),
        bbox,
        length: OnceLock::new(),
        collection: collection.to_string(),
        on_canvas,
        feature,
    }
}
