//! The rules a story obeys, applied alike by `atlas check`, the importer and
//! the app's story drafts: a shape that can be played ([`check_shape`]), and
//! references that land in the atlas it is told over ([`check_references`]).
//!
//! Every error names the story, the step (numbered from 1, as the player's
//! URLs number them) and the field at fault.

use crate::anchoring::{AnchorError, resolve};
use crate::bbox::Bbox;
use crate::filters::YEARS;
use crate::report::Report;
use crate::scene::Camera;
use crate::slug::is_slug;
use crate::story::{StepCamera, Story, StoryStep};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// The northern and southern edge of the Web Mercator world the map draws.
pub const MAX_LATITUDE: f64 = 85.051_129;
/// The closest zoom level a step may ask for.
pub const MAX_ZOOM: f64 = 22.0;

/// One thing wrong with a story, naming the story, the step and the field.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryError {
    /// The story's id, as its file gives it.
    pub story: String,
    /// The step at fault, numbered from 1; `None` for the story as a whole.
    pub step: Option<usize>,
    /// The field at fault, as a path into the step (`camera.fit`, `highlight`).
    pub field: String,
    /// What is wrong with it.
    pub problem: StoryProblem,
}

impl fmt::Display for StoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "story {}", self.story)?;
        if let Some(step) = self.step {
            write!(f, ", step {step}")?;
        }
        write!(f, ": `{}` {}", self.field, self.problem)
    }
}

impl std::error::Error for StoryError {}

/// What is wrong with a story's field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoryProblem {
    /// The story's id is not a slug.
    #[error("must be a slug (lowercase a-z, 0-9 and dashes), got {0:?}")]
    BadId(String),
    /// The story's id is not the name of its file.
    #[error("{id:?} must equal the file name's stem, {stem:?}")]
    FileName {
        /// The id the story gives.
        id: String,
        /// The stem of the file it is in.
        stem: String,
    },
    /// Another story has the same id.
    #[error("{0:?} is the id of another story too")]
    DuplicateId(String),
    /// A text that must be there is empty.
    #[error("must not be empty")]
    Empty,
    /// The story has no steps to show.
    #[error("is empty: a story needs at least one step")]
    NoSteps,
    /// A camera looks outside the world the map draws.
    #[error("{0}")]
    OutsideWorld(String),
    /// A fit box's south edge lies north of its north edge.
    #[error("is inverted: its south edge {south} lies north of its north edge {north}")]
    InvertedBox {
        /// The south edge given.
        south: f64,
        /// The north edge given.
        north: f64,
    },
    /// A fit box is a single point, which no zoom level fits.
    #[error("is a single point: give a box with an area, or a `view` camera")]
    PointBox,
    /// `filters.hidden_layers` is set, which `layers` decides in a story.
    #[error("must be left out: a step's `layers` says which layers are shown")]
    HiddenLayers,
    /// The year filter is outside the years the time slider offers.
    #[error("{0} is outside the years the map offers ({first} to {last})", first = YEARS.0, last = YEARS.1)]
    YearOutOfRange(i32),
    /// A layer id that no layer has.
    #[error("names {0:?}, which is not a layer")]
    UnknownLayer(String),
    /// A feature id that no feature has.
    #[error("names {0:?}, which is not a feature of any layer")]
    UnknownFeature(String),
    /// A highlighted feature lies on a layer the step does not show.
    #[error("names {feature:?}, which is on layer {layer:?}, and `layers` does not show it")]
    HiddenFeature {
        /// The feature highlighted.
        feature: String,
        /// Its layer.
        layer: String,
    },
    /// The passage link lands in no passage.
    #[error("links {report}#{passage}, which does not resolve: {reason}")]
    DanglingPassage {
        /// The report slug linked.
        report: String,
        /// The passage id linked.
        passage: String,
        /// What is missing: the report, the passage, or the quoted words.
        reason: AnchorError,
    },
}

/// What a story's references are checked against: the atlas's layers, its
/// features (each with its layer) and its reports.
#[derive(Debug, Clone)]
pub struct StoryContext<'a> {
    layers: HashSet<&'a str>,
    features: HashMap<&'a str, &'a str>,
    reports: &'a [Report],
}

impl<'a> StoryContext<'a> {
    /// The context of `layers`, `features` as (feature id, layer id) pairs, and `reports`.
    pub fn new(
        layers: impl IntoIterator<Item = &'a str>,
        features: impl IntoIterator<Item = (&'a str, &'a str)>,
        reports: &'a [Report],
    ) -> StoryContext<'a> {
        StoryContext {
            layers: layers.into_iter().collect(),
            features: features.into_iter().collect(),
            reports,
        }
    }
}

/// A story passage link that landed by its quote in a passage other than the one it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedStoryLink {
    /// The story.
    pub story: String,
    /// The step, numbered from 1.
    pub step: usize,
    /// The report slug.
    pub report: String,
    /// The passage id the file names.
    pub from: String,
    /// The passage that holds the quote now.
    pub to: String,
}

impl fmt::Display for MovedStoryLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "story {}, step {}: passage link {}#{} found its quote in {}#{}; update the passage id",
            self.story, self.step, self.report, self.from, self.report, self.to
        )
    }
}

/// Checks what a story is by itself: its id, title and author, at least one
/// step, and in each step a title, a camera inside the world and filters a
/// step may set.
pub fn check_shape(story: &Story) -> Vec<StoryError> {
    let mut errors = Vec::new();
    let mut error = |step: Option<usize>, field: &str, problem| {
        errors.push(StoryError {
            story: story.id.clone(),
            step,
            field: field.to_string(),
            problem,
        });
    };
    if !is_slug(&story.id) {
        error(None, "id", StoryProblem::BadId(story.id.clone()));
    }
    for (field, text) in [("title", &story.title), ("author", &story.author)] {
        if text.trim().is_empty() {
            error(None, field, StoryProblem::Empty);
        }
    }
    if story.steps.is_empty() {
        error(None, "steps", StoryProblem::NoSteps);
    }
    for (index, step) in story.steps.iter().enumerate() {
        let number = Some(index + 1);
        if step.title.trim().is_empty() {
            error(number, "title", StoryProblem::Empty);
        }
        for (field, problem) in camera_problems(&step.camera) {
            error(number, field, problem);
        }
        if !step.filters.hidden_layers.is_empty() {
            error(number, "filters.hidden_layers", StoryProblem::HiddenLayers);
        }
        if let Some(year) = step.filters.year
            && !(YEARS.0..=YEARS.1).contains(&year)
        {
            error(number, "filters.year", StoryProblem::YearOutOfRange(year));
        }
    }
    errors
}

/// What is wrong with a camera, by field: boxes and centres inside the Web
/// Mercator world, boxes the right way up, zoom levels the map has.
fn camera_problems(camera: &StepCamera) -> Vec<(&'static str, StoryProblem)> {
    let mut problems = Vec::new();
    let outside = |what: String| StoryProblem::OutsideWorld(what);
    match *camera {
        StepCamera::Fit(Bbox {
            west,
            south,
            east,
            north,
        }) => {
            for (edge, lon) in [("west", west), ("east", east)] {
                if !longitude_ok(lon) {
                    problems.push(("camera.fit", outside(lon_reason(edge, lon))));
                }
            }
            for (edge, lat) in [("south", south), ("north", north)] {
                if !latitude_ok(lat) {
                    problems.push(("camera.fit", outside(lat_reason(edge, lat))));
                }
            }
            if south > north {
                problems.push(("camera.fit", StoryProblem::InvertedBox { south, north }));
            } else if south == north && west == east {
                problems.push(("camera.fit", StoryProblem::PointBox));
            }
        }
        StepCamera::View(Camera { zoom, lat, lon }) => {
            if !(0.0..=MAX_ZOOM).contains(&zoom) {
                problems.push((
                    "camera.view.zoom",
                    outside(format!("is {zoom}: a zoom level runs from 0 to {MAX_ZOOM}")),
                ));
            }
            if !latitude_ok(lat) {
                problems.push(("camera.view.lat", outside(lat_reason("the centre", lat))));
            }
            if !longitude_ok(lon) {
                problems.push(("camera.view.lon", outside(lon_reason("the centre", lon))));
            }
        }
    }
    problems
}

fn latitude_ok(lat: f64) -> bool {
    (-MAX_LATITUDE..=MAX_LATITUDE).contains(&lat)
}

fn longitude_ok(lon: f64) -> bool {
    (-180.0..=180.0).contains(&lon)
}

fn lat_reason(what: &str, lat: f64) -> String {
    format!(
        "looks outside the world: {what} latitude {lat} is beyond ±{MAX_LATITUDE}, the edge of the map"
    )
}

fn lon_reason(what: &str, lon: f64) -> String {
    format!("looks outside the world: {what} longitude {lon} is beyond ±180")
}

/// Checks what a story names in the atlas: the layers shown, the features
/// highlighted (each on a layer the step shows) and the passage linked.
pub fn check_references(story: &Story, atlas: &StoryContext<'_>) -> Vec<StoryError> {
    let mut errors = Vec::new();
    for (index, step) in story.steps.iter().enumerate() {
        for (field, problem) in step_reference_problems(step, atlas) {
            errors.push(StoryError {
                story: story.id.clone(),
                step: Some(index + 1),
                field: field.to_string(),
                problem,
            });
        }
    }
    errors
}

fn step_reference_problems(
    step: &StoryStep,
    atlas: &StoryContext<'_>,
) -> Vec<(&'static str, StoryProblem)> {
    let mut problems = Vec::new();
    for layer in step.layers.iter().flatten() {
        if !atlas.layers.contains(layer.as_str()) {
            problems.push(("layers", StoryProblem::UnknownLayer(layer.clone())));
        }
    }
    for feature in &step.highlight {
        match atlas.features.get(feature.as_str()) {
            None => problems.push(("highlight", StoryProblem::UnknownFeature(feature.clone()))),
            Some(layer) if !shows(step, layer) => {
                problems.push((
                    "highlight",
                    StoryProblem::HiddenFeature {
                        feature: feature.clone(),
                        layer: layer.to_string(),
                    },
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(link) = &step.passage {
        let resolved = match atlas.reports.iter().find(|r| r.meta.id == link.report) {
            None => Err(AnchorError::NoSuchReport),
            Some(report) => resolve(link, report),
        };
        if let Err(reason) = resolved {
            problems.push((
                "passage",
                StoryProblem::DanglingPassage {
                    report: link.report.clone(),
                    passage: link.passage.clone(),
                    reason,
                },
            ));
        }
    }
    problems
}

/// Whether `step` shows the layer `layer`: every layer when it names none.
fn shows(step: &StoryStep, layer: &str) -> bool {
    step.layers
        .as_ref()
        .is_none_or(|shown| shown.iter().any(|s| s == layer))
}

/// The stories whose id an earlier story already has: each repeat's index
/// in `stories`, with its error.
pub fn check_unique_ids<'s>(
    stories: impl IntoIterator<Item = &'s Story>,
) -> Vec<(usize, StoryError)> {
    let mut seen = HashSet::new();
    stories
        .into_iter()
        .enumerate()
        .filter(|(_, story)| !seen.insert(story.id.as_str()))
        .map(|(index, story)| {
            let error = StoryError {
                story: story.id.clone(),
                step: None,
                field: "id".into(),
                problem: StoryProblem::DuplicateId(story.id.clone()),
            };
            (index, error)
        })
        .collect()
}

/// Points every passage link of `story` that landed by its quote at the
/// passage holding it, so the store and the API carry only passage ids that
/// exist; returns what moved. Links that do not resolve are left alone
/// ([`check_references`] reports them).
pub fn repoint_moved_passages(story: &mut Story, reports: &[Report]) -> Vec<MovedStoryLink> {
    let mut moved = Vec::new();
    for (index, step) in story.steps.iter_mut().enumerate() {
        let Some(link) = step.passage.as_mut() else {
            continue;
        };
        let Some(report) = reports.iter().find(|r| r.meta.id == link.report) else {
            continue;
        };
        if let Ok(resolved) = resolve(link, report)
            && resolved.moved
        {
            moved.push(MovedStoryLink {
                story: story.id.clone(),
                step: index + 1,
                report: link.report.clone(),
                from: std::mem::replace(&mut link.passage, resolved.passage_id.clone()),
                to: resolved.passage_id,
            });
        }
    }
    moved
}

#[cfg(test)]
#[path = "story_check_tests.rs"]
mod tests;
