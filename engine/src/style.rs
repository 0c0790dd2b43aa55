//! How features look and stack: a table of functions the page passes in, so
//! that the engine's layers and painters never name a kind, a route or a layer.

use crate::map_data::MapFeature;

/// The page's style table, provided as context by `MapView`.
#[derive(Clone, Copy)]
pub struct FeatureStyle {
    /// The CSS classes that give a feature its look; the canvas reads the same rules.
    pub classes: fn(&MapFeature) -> String,
    /// Stacking order of a line or area within its tier: higher draws on top.
    pub rank: fn(&MapFeature) -> u8,
    /// A site's symbol: SVG path data centred on (0, 0), about 14 px across.
    pub symbol: fn(&MapFeature) -> &'static str,
    /// A site label's priority: lower is placed first.
    pub label_priority: fn(&MapFeature) -> u32,
}
