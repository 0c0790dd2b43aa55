//! A story: an ordered list of steps a presenter walks a room through, each a
//! saved view of the map with a caption, a passage and speaker notes.
//!
//! Stories are data, like layers and reports: one pretty JSON file each in
//! `data/stories/`, written by [`Story::to_file_text`] so that a file read and
//! written again is the same bytes (the reviewable form `atlas export` keeps).

use crate::bbox::Bbox;
use crate::filters::Filters;
use crate::properties::PassageRef;
use crate::scene::{Camera, PassageTarget, Scene};
use serde::{Deserialize, Serialize};

/// A presenter's story about the corridor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    /// Its slug, also its file name (`data/stories/{id}.json`) and URL part.
    pub id: String,
    /// Its title, as the player and the story list show it.
    pub title: String,
    /// Who made it.
    pub author: String,
    /// One or two sentences on what it shows.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The steps, in the order they are shown.
    pub steps: Vec<StoryStep>,
}

/// One step of a story: what the map shows and what is said about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryStep {
    /// Its heading.
    pub title: String,
    /// What the room reads, in Markdown (rendered as text: no HTML passes).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caption: String,
    /// Where the map looks.
    pub camera: StepCamera,
    /// The collections shown; `None` shows every one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<String>>,
    /// The other filters (kinds, statuses, partner, year); its
    /// `hidden_layers` stays empty, as `layers` says which are shown.
    #[serde(default, skip_serializing_if = "no_filters")]
    pub filters: Filters,
    /// The features highlighted, by slug; routes among them are drawn along
    /// their length as the step opens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlight: Vec<String>,
    /// The report passage the step quotes, linked as layers link them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passage: Option<PassageRef>,
    /// What the presenter reads in the speaker view, in Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// A story as `/api/stories` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorySummary {
    /// Its slug.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who made it.
    pub author: String,
    /// What it shows, if said.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// How many steps it has.
    pub steps: usize,
}

/// What `/api/stories` answers: every story, in data order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryList {
    /// Each story's summary.
    pub stories: Vec<StorySummary>,
}

/// Where a step's map looks: a box to fit, or a centre and zoom.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum StepCamera {
    /// Fit this box to the map, whatever the screen's shape.
    Fit(Bbox),
    /// Look at exactly this centre and zoom.
    View(Camera),
}

/// Whether `filters` filter nothing (so a step file need not name them).
fn no_filters(filters: &Filters) -> bool {
    !filters.is_active()
}

impl Story {
    /// The story as the list of stories names it.
    pub fn summary(&self) -> StorySummary {
        StorySummary {
            id: self.id.clone(),
            title: self.title.clone(),
            author: self.author.clone(),
            description: self.description.clone(),
            steps: self.steps.len(),
        }
    }

    /// Reads a story file's text.
    pub fn from_file_text(text: &str) -> Result<Story, serde_json::Error> {
        // From bytes, as the app reads every answer: one copy of the parser for these types in the wasm.
        serde_json::from_slice(text.as_bytes())
    }

    /// The story as its file holds it: pretty JSON, fields in a fixed order,
    /// camera numbers to 6 decimals at most (as every data file keeps
    /// coordinates), ending in a newline.
    pub fn to_file_text(&self) -> String {
        let mut story = self.clone();
        for step in &mut story.steps {
            step.camera = step.camera.rounded();
        }
        // A story holds only strings, numbers and lists: serializing cannot fail.
        let mut text = serde_json::to_string_pretty(&story).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl StepCamera {
    /// This camera with every number rounded to 6 decimals. A number read
    /// from a text of 6 decimals or fewer comes back as the same number.
    pub fn rounded(self) -> StepCamera {
        let round = |x: f64| (x * 1e6).round() / 1e6;
        match self {
            StepCamera::Fit(b) => StepCamera::Fit(Bbox::new(
                round(b.west),
                round(b.south),
                round(b.east),
                round(b.north),
            )),
            StepCamera::View(c) => StepCamera::View(Camera {
                zoom: round(c.zoom),
                lat: round(c.lat),
                lon: round(c.lon),
            }),
        }
    }
}

impl StoryStep {
    /// The scene this step shows, given every collection's id (to hide those
    /// `layers` leaves out). A `Fit` camera leaves the scene's camera empty:
    /// the box is fitted by whoever knows the screen.
    pub fn scene(&self, collections: &[&str]) -> Scene {
        let mut filters = self.filters.clone();
        if let Some(shown) = &self.layers {
            filters.hidden_layers = collections
                .iter()
                .filter(|c| !shown.iter().any(|s| s == *c))
                .map(|c| c.to_string())
                .collect();
        }
        Scene {
            camera: match self.camera {
                StepCamera::View(camera) => Some(camera),
                StepCamera::Fit(_) => None,
            },
            selection: self.highlight.clone(),
            route: None,
            passage: self.passage.as_ref().map(|p| PassageTarget {
                report: p.report.clone(),
                passage: Some(p.passage.clone()),
            }),
            filters,
            tiles: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{
  "id": "s",
  "title": "T",
  "author": "A",
  "steps": [
    {
      "title": "One",
      "caption": "The *route*.",
      "camera": {
        "fit": [
          73.5,
          35.0,
          -170.0,
          55.0
        ]
      },
      "layers": [
        "corridors"
      ],
      "highlight": [
        "middle-corridor"
      ],
      "notes": "Say it slowly."
    },
    {
      "title": "Two",
      "camera": {
        "view": {
          "zoom": 7.5,
          "lat": 40.1,
          "lon": 49.4
        }
      },
      "filters": {
        "year": 2025
      }
    }
  ]
}
"#;

    #[test]
    fn a_story_file_reads_and_writes_back_to_the_same_bytes() {
        let story = Story::from_file_text(FILE).expect("parses");
        assert_eq!(story.steps.len(), 2);
        assert_eq!(
            story.steps[0].camera,
            StepCamera::Fit(Bbox::new(73.5, 35.0, -170.0, 55.0))
        );
        assert_eq!(story.to_file_text(), FILE);
    }

    #[test]
    fn a_camera_captured_from_the_screen_is_written_with_6_decimals() {
        let mut story = Story::from_file_text(FILE).expect("parses");
        story.steps[1].camera = StepCamera::View(Camera {
            zoom: 7.123_456_789,
            lat: 40.409_312_345_6,
            lon: 49.866_999_999_9,
        });
        let text = story.to_file_text();
        assert!(
            text.contains("\"zoom\": 7.123457,\n") && text.contains("\"lat\": 40.409312,\n"),
            "{text}"
        );
        assert!(text.contains("\"lon\": 49.867\n"), "{text}");
        let again = Story::from_file_text(&text).expect("parses");
        assert_eq!(again.to_file_text(), text);
    }

    #[test]
    fn unknown_fields_are_refused() {
        let text = FILE.replace("\"notes\"", "\"note\"");
        assert!(Story::from_file_text(&text).is_err());
    }

    #[test]
    fn a_step_becomes_a_scene_showing_only_its_layers() {
        let story = Story::from_file_text(FILE).expect("parses");
        let scene = story.steps[0].scene(&["corridors", "energy", "hubs"]);
        assert_eq!(scene.camera, None);
        assert_eq!(scene.selection, vec!["middle-corridor".to_string()]);
        assert_eq!(
            scene.filters.hidden_layers.iter().collect::<Vec<_>>(),
            vec!["energy", "hubs"]
        );
        let scene = story.steps[1].scene(&["corridors"]);
        assert_eq!(scene.camera.map(|c| c.zoom), Some(7.5));
        assert!(scene.filters.hidden_layers.is_empty());
        assert_eq!(scene.filters.year, Some(2025));
    }
}
