//! Routes as things of their own: the Middle Corridor is more than its legs.
//! A route gathers the features that carry its slug, in leg order; its main
//! line runs from the first leg on, each leg starting on the one before, and
//! a leg that starts elsewhere opens a branch (the Black Sea legs leave the
//! Baku–Tbilisi–Kars railway at Tbilisi). Facts compared between routes come from the data alone.

use crate::atlas::{Atlas, MapFeature};
use atlas_model::{FeatureKind, PassageRef, Status};
use std::sync::Arc;

/// A leg that starts this close, in degrees, to the leg before it continues the main line.
const JOIN_DEGREES: f64 = 1.0;

/// A route and its legs.
#[derive(Debug, Clone)]
pub struct Route {
    /// The slug its legs carry (`middle-corridor`).
    pub slug: String,
    /// Its name ("Middle Corridor").
    pub name: String,
    /// Every leg, in leg order.
    pub legs: Vec<Arc<MapFeature>>,
    /// How many legs, from the first, make up the main line; the rest are branches.
    pub main_legs: usize,
    /// Passages linked from every leg: they speak of the route, not of one leg.
    pub passages: Vec<PassageRef>,
}

impl Route {
    /// Every route of the atlas, in the order its first legs appear.
    pub fn all(atlas: &Atlas) -> Vec<Route> {
        let mut slugs: Vec<String> = Vec::new();
        for f in &atlas.features {
            if let Some(slug) = &f.feature.properties.route
                && !slugs.contains(slug)
            {
                slugs.push(slug.clone());
            }
        }
        slugs
            .into_iter()
            .filter_map(|slug| Route::of(atlas, &slug))
            .collect()
    }

    /// The route `slug`, if any feature carries it.
    pub fn of(atlas: &Atlas, slug: &str) -> Option<Route> {
        let mut legs: Vec<Arc<MapFeature>> = atlas
            .features
            .iter()
            .filter(|f| f.feature.properties.route.as_deref() == Some(slug))
            .cloned()
            .collect();
        if legs.is_empty() {
            return None;
        }
        crate::sort::sort_by_key(&mut legs, |f| {
            (
                f.feature.properties.leg.unwrap_or(u32::MAX),
                f.id().to_string(),
            )
        });
        let main_legs = main_line_length(&legs);
        let mut passages: Vec<PassageRef> = legs[0].feature.properties.passages.clone();
        // With one leg there is nothing to tell apart: its passages stay its own.
        if legs.len() > 1 {
            passages.retain(|p| {
                legs.iter().all(|leg| {
                    leg.feature
                        .properties
                        .passages
                        .iter()
                        .any(|q| same_passage(p, q))
                })
            });
        } else {
            passages.clear();
        }
        Some(Route {
            name: crate::panels::popup::route_name(slug),
            slug: slug.to_string(),
            legs,
            main_legs,
            passages,
        })
    }

    /// The legs of the main line.
    pub fn main_line(&self) -> &[Arc<MapFeature>] {
        &self.legs[..self.main_legs]
    }

    /// The main line's length in km, as drawn (geodesic), branches apart.
    pub fn main_line_km(&self) -> f64 {
        self.main_line().iter().map(|l| l.length_km()).sum()
    }

    /// Whether `link` speaks of the route as a whole.
    pub fn speaks_of_route(&self, link: &PassageRef) -> bool {
        self.passages.iter().any(|p| same_passage(p, link))
    }

    /// The countries the main line crosses, in travel order (ISO codes; `EU` left out):
    /// each leg lists its partners in travel order.
    pub fn countries(&self) -> Vec<String> {
        self.crossings().0
    }

    /// Land borders and sea crossings on the main line: a change of country
    /// within a land leg or between land legs is a border; a ferry leg is a sea crossing.
    pub fn border_and_sea_crossings(&self) -> (usize, usize) {
        let (_, borders, seas) = self.crossings();
        (borders, seas)
    }

    fn crossings(&self) -> (Vec<String>, usize, usize) {
        let mut countries: Vec<String> = Vec::new();
        let (mut borders, mut seas) = (0, 0);
        for leg in self.main_line() {
            let by_sea = leg.feature.properties.kind == FeatureKind::Ferry;
            if by_sea {
                seas += 1;
            }
            for code in &leg.feature.properties.facts.partners {
                if code == "EU" || countries.last() == Some(code) {
                    continue;
                }
                // A ferry's far shore is reached by sea, not over a border.
                if !countries.is_empty() && !by_sea {
                    borders += 1;
                }
                countries.push(code.clone());
            }
        }
        (countries, borders, seas)
    }

    /// The statuses of its main line, each once ("Operating").
    pub fn statuses(&self) -> Vec<Status> {
        let mut statuses: Vec<Status> = Vec::new();
        for leg in self.main_line() {
            let s = leg.feature.properties.status;
            if !statuses.contains(&s) {
                statuses.push(s);
            }
        }
        statuses
    }
}

fn same_passage(a: &PassageRef, b: &PassageRef) -> bool {
    a.report == b.report && a.passage == b.passage
}

/// How many legs, from the first, join on: each starts on (or near) the leg
/// before it. A ferry lands at one port and the railway leaves from another
/// nearby (Alat and Baku), hence the tolerance.
fn main_line_length(legs: &[Arc<MapFeature>]) -> usize {
    let mut n = 1;
    while n < legs.len() {
        let previous = atlas_model::geodesy::positions(&legs[n - 1].feature.geometry.value);
        let Some(start) = atlas_model::geodesy::positions(&legs[n].feature.geometry.value)
            .first()
            .map(|p| (p[0], p[1]))
        else {
            break;
        };
        let joins = previous
            .iter()
            .any(|p| (p[0] - start.0).hypot(p[1] - start.1) <= JOIN_DEGREES);
        if !joins {
            break;
        }
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::shape::Shape;
    use atlas_model::validate_feature;
    use serde_json::json;
    use std::sync::OnceLock;

    fn leg(
        id: &str,
        kind: &str,
        n: u32,
        line: &[[f64; 2]],
        partners: &[&str],
        passages: &[&str],
    ) -> Arc<MapFeature> {
        let raw = json!({
            "type": "Feature", "id": id,
            "geometry": {"type": "LineString", "coordinates": line},
            "properties": {"id": id, "name": id, "kind": kind, "status": "operating",
                "route": "middle-corridor", "leg": n,
                "facts": {"partners": partners},
                "passages": passages.iter().map(|p| json!({"report": "r", "passage": p})).collect::<Vec<_>>(),
                "sources": [{"title": "t", "url": "https://example.org/t"}]}
        });
        let f = validate_feature(&serde_json::from_value(raw).expect("geojson")).expect("valid");
        let shape = Shape::from_geometry(&f.geometry.value);
        Arc::new(MapFeature {
            feature: f,
            collection: "corridors".into(),
            shape,
            bbox: atlas_model::Bbox::point(0.0, 0.0),
            length: OnceLock::new(),
            on_canvas: false,
        })
    }

    fn corridor() -> Atlas {
        Atlas {
            features: vec![
                leg(
                    "caspian-ferry",
                    "ferry",
                    2,
                    &[[51.2, 43.6], [49.4, 39.9]],
                    &["KZ", "AZ"],
                    &["general", "ferry"],
                ),
                leg(
                    "china-kazakhstan",
                    "rail",
                    1,
                    &[[108.9, 34.3], [51.2, 43.6]],
                    &["CN", "KZ"],
                    &["general"],
                ),
                leg(
                    "btk",
                    "rail",
                    3,
                    &[[49.4, 39.9], [44.8, 41.7], [43.1, 40.6]],
                    &["AZ", "GE", "TR"],
                    &["general", "btk"],
                ),
                leg(
                    "kars-istanbul",
                    "rail",
                    4,
                    &[[43.1, 40.6], [28.8, 41.0]],
                    &["TR"],
                    &["general"],
                ),
                leg(
                    "black-sea-rail",
                    "rail",
                    5,
                    &[[44.8, 41.7], [41.7, 42.1]],
                    &["GE"],
                    &["general"],
                ),
            ],
            ..Atlas::default()
        }
    }

    #[test]
    fn legs_come_in_order_and_a_branch_leaves_the_main_line() {
        let route = Route::of(&corridor(), "middle-corridor").expect("route");
        let ids: Vec<&str> = route.legs.iter().map(|l| l.id()).collect();
        assert_eq!(
            ids,
            [
                "china-kazakhstan",
                "caspian-ferry",
                "btk",
                "kars-istanbul",
                "black-sea-rail"
            ]
        );
        // The Black Sea leg starts on the railway at Tbilisi, not where Kars–Istanbul ends.
        assert_eq!(route.main_legs, 4);
        assert_eq!(route.name, "Middle Corridor");
    }

    #[test]
    fn passages_on_every_leg_belong_to_the_route() {
        let route = Route::of(&corridor(), "middle-corridor").expect("route");
        let ids: Vec<&str> = route.passages.iter().map(|p| p.passage.as_str()).collect();
        assert_eq!(ids, ["general"]);
    }

    #[test]
    fn countries_borders_and_seas_are_counted_along_the_main_line() {
        let route = Route::of(&corridor(), "middle-corridor").expect("route");
        assert_eq!(route.countries(), ["CN", "KZ", "AZ", "GE", "TR"]);
        // CN→KZ and AZ→GE→TR by land; KZ→AZ by sea.
        assert_eq!(route.border_and_sea_crossings(), (3, 1));
    }
}
