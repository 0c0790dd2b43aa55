//! Point symbols per feature kind: small geometric marks, told apart by shape
//! as well as colour so they read in print and for colour-blind readers.

use atlas_model::FeatureKind;

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
