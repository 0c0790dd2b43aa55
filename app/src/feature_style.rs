//! The atlas's style table: the one place where kinds, statuses, routes and
//! commodities become looks (CSS classes in atlas.css), symbols, stacking and
//! label priority. The map engine draws by it without naming any of them.

use crate::atlas::MapFeature;
use atlas_map_engine::style::FeatureStyle;
use atlas_model::FeatureKind;
use atlas_model::map_style::{self, feature_classes, symbol_path};

/// How the atlas's features look, for `MapView`.
pub const ATLAS_STYLE: FeatureStyle = FeatureStyle {
    classes: style_classes,
    rank: route_rank,
    symbol: site_symbol,
    label_priority: site_priority,
};

/// CSS classes that style a feature by kind, status, route and commodity.
fn style_classes(feature: &MapFeature) -> String {
    feature_classes(&feature.feature.properties)
}

/// Draw order within the routes tier: pipelines under railways, the Middle Corridor on top.
fn route_rank(feature: &MapFeature) -> u8 {
    map_style::route_rank(&feature.feature.properties)
}

/// Label priority of a site by kind: capitals first, then cities, then ports.
fn site_priority(feature: &MapFeature) -> u32 {
    match feature.feature.properties.kind {
        FeatureKind::Capital => 0,
        FeatureKind::City => 3,
        FeatureKind::Port | FeatureKind::Hub | FeatureKind::FreeEconomicZone => 4,
        _ => 5,
    }
}

/// A site's symbol, by its kind.
fn site_symbol(feature: &MapFeature) -> &'static str {
    symbol_path(feature.feature.properties.kind)
}
