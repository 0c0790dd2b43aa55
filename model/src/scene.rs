//! What the map shows at one moment: the camera, the filters, the selection
//! and the open report passage. The address bar holds one (see `scene_hash`);
//! a story step will be one too.

use crate::filters::Filters;
use serde::{Deserialize, Serialize};

/// Where the map looks: a zoom level and the centre's latitude and longitude.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Camera {
    /// Web Mercator zoom level.
    pub zoom: f64,
    /// Latitude of the centre, degrees.
    pub lat: f64,
    /// Longitude of the centre, degrees.
    pub lon: f64,
}

/// A passage of a report, as the reader opens it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassageTarget {
    /// The report's slug.
    pub report: String,
    /// The passage id; `None` opens the report at its top.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passage: Option<String>,
}

/// Everything that decides what the map shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scene {
    /// Where the map looks; `None` leaves the view where it is (or fits the corridor).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub camera: Option<Camera>,
    /// The selected features' slugs, in order; the popup opens on the first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub selection: Vec<String>,
    /// The route whose card is open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// The open report passage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passage: Option<PassageTarget>,
    /// The reader's filters.
    pub filters: Filters,
    /// Whether the optional web tiles are on.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub tiles: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scene_round_trips_through_json() {
        let scene = Scene {
            camera: Some(Camera {
                zoom: 6.5,
                lat: 41.2,
                lon: 46.0,
            }),
            selection: vec!["scp".into(), "tanap".into()],
            route: None,
            passage: Some(PassageTarget {
                report: "r".into(),
                passage: None,
            }),
            filters: Filters::default(),
            tiles: true,
        };
        let json = serde_json::to_string(&scene).expect("serializes");
        assert_eq!(
            json,
            r#"{"camera":{"zoom":6.5,"lat":41.2,"lon":46.0},"selection":["scp","tanap"],"passage":{"report":"r"},"filters":{},"tiles":true}"#
        );
        assert_eq!(serde_json::from_str::<Scene>(&json).expect("parses"), scene);
        assert_eq!(
            serde_json::from_str::<Scene>("{}").expect("parses"),
            Scene::default()
        );
    }
}
