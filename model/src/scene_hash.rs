//! The address bar's form of a scene: `#map=zoom/lat/lon` as OpenStreetMap
//! writes it, then `&feature=` (slugs, comma-separated), `&route=`,
//! `&passage=report/passage`, and the filters: `&hide=` layers, `&off=` kinds
//! and statuses, `&partner=` (with `&places=partner` when places without that
//! partner are left out too), `&year=`, `&tiles=on`. Parsing ignores what it does not know or trust.

use crate::filters::YEARS;
use crate::kind::{FeatureKind, Status};
use crate::number::parse_decimal;
use crate::number::{Fixed, trimmed};
use crate::scene::{Camera, PassageTarget, Scene};

impl Scene {
    /// Reads a location hash (with or without the leading `#`); ignores what it does not know.
    pub fn from_hash(hash: &str) -> Scene {
        let mut scene = Scene::default();
        for pair in hash.trim_start_matches('#').split('&') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            match key {
                "map" => scene.camera = parse_map(value),
                "feature" => {
                    scene.selection.clear();
                    for id in value.split(',').filter(|s| is_token(s)) {
                        if !scene.selection.iter().any(|s| s == id) {
                            scene.selection.push(id.to_string());
                        }
                    }
                }
                "route" if is_token(value) => scene.route = Some(value.to_string()),
                "passage" => {
                    let (report, passage) = match value.split_once('/') {
                        Some((r, p)) => (r, Some(p)),
                        None => (value, None),
                    };
                    if is_token(report) && passage.is_none_or(is_token) {
                        scene.passage = Some(PassageTarget {
                            report: report.to_string(),
                            passage: passage.map(str::to_string),
                        });
                    }
                }
                "hide" => {
                    // Extended, not collected: collecting into a BTreeSet compiles a sort of its own.
                    scene.filters.hidden_layers.clear();
                    scene
                        .filters
                        .hidden_layers
                        .extend(value.split(',').filter(|s| is_token(s)).map(str::to_string));
                }
                "off" => {
                    for name in value.split(',') {
                        if let Some(kind) = FeatureKind::parse(name) {
                            scene.filters.hidden_kinds.insert(kind);
                        } else if let Some(status) =
                            Status::ALL.into_iter().find(|s| s.as_str() == name)
                        {
                            scene.filters.hidden_statuses.insert(status);
                        }
                    }
                }
                "route" if is_token(value) => scene.route = Some(value.to_string()),
                "partner" if value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase()) => {
                    scene.filters.partner = Some(value.to_string());
                }
                "places" => scene.filters.partner_places = value == "partner",
                "tiles" => scene.tiles = value == "on",
                "year" => {
                    scene.filters.year = value
                        .parse::<i32>()
                        .ok()
                        .filter(|y| (YEARS.0..=YEARS.1).contains(y));
                }
                _ => {}
            }
        }
        scene
    }

    /// Writes the hash, leading `#` included.
    pub fn to_hash(&self) -> String {
        let mut parts = Vec::new();
        if let Some(Camera { zoom, lat, lon }) = self.camera {
            // Four decimals of a degree is ~10 m: finer than any zoom we allow needs.
            parts.push(format!(
                "map={}/{}/{}",
                trimmed(zoom, 2),
                Fixed(lat, 4),
                Fixed(lon, 4)
            ));
        }
        if !self.selection.is_empty() {
            parts.push(format!("feature={}", self.selection.join(",")));
        }
        if let Some(route) = &self.route {
            parts.push(format!("route={route}"));
        }
        if let Some(target) = &self.passage {
            match &target.passage {
                Some(p) => parts.push(format!("passage={}/{p}", target.report)),
                None => parts.push(format!("passage={}", target.report)),
            }
        }
        let f = &self.filters;
        if !f.hidden_layers.is_empty() {
            parts.push(format!(
                "hide={}",
                f.hidden_layers
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(",")
            ));
        }
        let off: Vec<&str> = f
            .hidden_kinds
            .iter()
            .map(|k| k.as_str())
            .chain(f.hidden_statuses.iter().map(|s| s.as_str()))
            .collect();
        if !off.is_empty() {
            parts.push(format!("off={}", off.join(",")));
        }
        if let Some(partner) = &f.partner {
            parts.push(format!("partner={partner}"));
        }
        if f.partner.is_some() && f.partner_places {
            parts.push("places=partner".into());
        }
        if let Some(year) = f.year {
            parts.push(format!("year={year}"));
        }
        if self.tiles {
            parts.push("tiles=on".into());
        }
        format!("#{}", parts.join("&"))
    }
}

fn parse_map(value: &str) -> Option<Camera> {
    let mut it = value.split('/').map(parse_decimal);
    let (zoom, lat, lon) = (it.next()??, it.next()??, it.next()??);
    let ok = (0.0..=22.0).contains(&zoom)
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon);
    ok.then_some(Camera { zoom, lat, lon })
}

/// Slugs only: a hand-edited address must not smuggle anything else into the app.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::Filters;

    #[test]
    fn round_trips_view_feature_route_and_passage() {
        let scene = Scene {
            camera: Some(Camera {
                zoom: 6.5,
                lat: 41.2,
                lon: 46.0,
            }),
            selection: vec!["baku-tbilisi-kars-railway".into()],
            route: Some("middle-corridor".into()),
            passage: Some(PassageTarget {
                report: "r".into(),
                passage: Some("background-4".into()),
            }),
            filters: Filters::default(),
            tiles: false,
        };
        let hash = scene.to_hash();
        assert_eq!(
            hash,
            "#map=6.5/41.2000/46.0000&feature=baku-tbilisi-kars-railway&route=middle-corridor&passage=r/background-4"
        );
        assert_eq!(Scene::from_hash(&hash), scene);
    }

    #[test]
    fn round_trips_a_selection_of_several_features_in_order() {
        let scene = Scene {
            selection: vec!["tap".into(), "scp".into(), "tanap".into()],
            ..Scene::default()
        };
        let hash = scene.to_hash();
        assert_eq!(hash, "#feature=tap,scp,tanap");
        assert_eq!(Scene::from_hash(&hash), scene);
        // A slug named twice is selected once; a hostile one is dropped, the rest kept.
        assert_eq!(
            Scene::from_hash("#feature=scp,<b>,scp,tap").selection,
            ["scp", "tap"]
        );
    }

    #[test]
    fn round_trips_filters() {
        let scene = Scene {
            filters: Filters {
                hidden_layers: ["pipelines".to_string()].into(),
                hidden_kinds: [FeatureKind::Solar].into(),
                hidden_statuses: [Status::Planned].into(),
                partner: Some("CN".into()),
                partner_places: true,
                year: Some(2017),
            },
            tiles: true,
            ..Scene::default()
        };
        let hash = scene.to_hash();
        assert_eq!(
            hash,
            "#hide=pipelines&off=solar,planned&partner=CN&places=partner&year=2017&tiles=on"
        );
        assert_eq!(Scene::from_hash(&hash), scene);
    }

    #[test]
    fn an_empty_scene_writes_an_empty_hash() {
        assert_eq!(Scene::default().to_hash(), "#");
        assert_eq!(Scene::from_hash("#"), Scene::default());
        assert_eq!(Scene::from_hash(""), Scene::default());
    }

    #[test]
    fn reads_openstreetmap_style_integer_zoom() {
        assert_eq!(
            Scene::from_hash("#map=5/40.4093/49.8671").camera,
            Some(Camera {
                zoom: 5.0,
                lat: 40.4093,
                lon: 49.8671
            })
        );
    }

    #[test]
    fn ignores_malformed_and_hostile_values() {
        let scene = Scene::from_hash(
            "#map=5/999/1&feature=<img>&passage=../x&junk&partner=cn&year=1066&off=nope",
        );
        assert_eq!(scene, Scene::default());
    }
}
