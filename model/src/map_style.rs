//! How features look, as the app's map and the server-drawn first map both
//! draw them: the CSS classes (styled by atlas.css), the stacking of routes,
//! and point symbols per kind, small geometric marks told apart by shape as
//! well as colour so they read in print and for colour-blind readers.

use crate::{FeatureKind, FeatureProperties};

/// CSS classes that style a feature by kind, status, route and commodity.
pub fn feature_classes(p: &FeatureProperties) -> String {
    let mut classes = format!(
        "feature kind-{} status-{}",
        p.kind.as_str(),
        p.status.as_str()
    );
    if let Some(route) = &p.route {
        classes.push_str(" route-");
        classes.push_str(route);
    }
    if let Some(commodity) = &p.facts.commodity {
        classes.push_str(" commodity-");
        classes.push_str(commodity);
    }
    if !p.status.is_built() {
        classes.push_str(" unbuilt");
    }
    classes
}

/// Draw order within the routes tier: pipelines under railways, the Middle Corridor on top.
pub fn route_rank(p: &FeatureProperties) -> u8 {
    match (p.kind.as_str(), p.route.as_deref()) {
        ("pipeline", _) => 0,
        (_, Some("middle-corridor")) => 3,
        (_, Some(_)) => 1,
        _ => 2,
    }
}

/// SVG path data for a kind's symbol, centred on (0, 0), about 14 px across.
pub fn symbol_path(kind: FeatureKind) -> &'static str {
    match kind {
        // Five-pointed star.
        FeatureKind::Capital => {
            "M0-7L1.6-2.2 6.7-2.2 2.6 0.9 4.1 5.7 0 2.8-4.1 5.7-2.6 0.9-6.7-2.2-1.6-2.2Z"
        }
        FeatureKind::City => "M-3.5 0a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0Z",
        FeatureKind::Port => "M-5-5H5V5H-5Z",
        FeatureKind::Hub => "M0-6.5L6.5 0 0 6.5-6.5 0Z",
        FeatureKind::BorderCrossing => "M-6-2.5H6V2.5H-6Z",
        FeatureKind::FreeEconomicZone => "M-6 0L-3-5.2H3L6 0 3 5.2H-3Z",
        FeatureKind::Terminal => "M-5.5-5.5H5.5L0 5.5Z",
        FeatureKind::Solar => "M-5 0a5 5 0 1 0 10 0a5 5 0 1 0-10 0Z",
        FeatureKind::Wind => "M0-6.5L6 5H-6Z",
        FeatureKind::Hydro => "M0-7C3 -2 5 0 5 2.5a5 5 0 0 1-10 0C-5 0-3-2 0-7Z",
        // Lines are not drawn as symbols; the legend draws a short line instead.
        FeatureKind::Rail | FeatureKind::Road | FeatureKind::Ferry | FeatureKind::Pipeline => {
            "M-6 0H6"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_site_kind_has_a_distinct_symbol() {
        let sites: Vec<_> = FeatureKind::ALL
            .into_iter()
            .filter(|k| !k.is_route())
            .collect();
        let mut paths: Vec<_> = sites.iter().map(|k| symbol_path(*k)).collect();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), sites.len());
    }
}
