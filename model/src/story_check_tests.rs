//! Tests of the story rules, on the shipped story and on broken copies of it.

use super::*;
use crate::properties::PassageRef;

const SHIPPED: &str = include_str!("../../data/stories/middle-corridor-in-six-steps.json");
const REPORT: &str = include_str!("../../data/reports/azerbaijan-china-partnership-2025.md");
const LAYERS: [(&str, &str); 5] = [
    (
        "corridors",
        include_str!("../../data/layers/corridors.geojson"),
    ),
    ("energy", include_str!("../../data/layers/energy.geojson")),
    ("hubs", include_str!("../../data/layers/hubs.geojson")),
    (
        "pipelines",
        include_str!("../../data/layers/pipelines.geojson"),
    ),
    ("places", include_str!("../../data/layers/places.geojson")),
];

fn shipped() -> Story {
    Story::from_file_text(SHIPPED).expect("the shipped story parses")
}

fn reports() -> Vec<Report> {
    vec![Report::parse(REPORT).expect("the report parses")]
}

/// Every feature id of the shipped layers, with its layer.
fn features() -> Vec<(String, &'static str)> {
    let mut features = Vec::new();
    for (layer, text) in LAYERS {
        let value: serde_json::Value = serde_json::from_str(text).expect("a layer parses");
        for feature in value["features"].as_array().expect("features") {
            let id = feature["id"].as_str().expect("an id");
            features.push((id.to_string(), layer));
        }
    }
    features
}

/// The errors of `story` checked whole against the shipped atlas.
fn errors(story: &Story) -> Vec<String> {
    let reports = reports();
    let features = features();
    let atlas = StoryContext::new(
        LAYERS.iter().map(|(id, _)| *id),
        features.iter().map(|(id, layer)| (id.as_str(), *layer)),
        &reports,
    );
    let mut errors = check_shape(story);
    errors.extend(check_references(story, &atlas));
    errors.iter().map(ToString::to_string).collect()
}

#[test]
fn the_shipped_story_is_in_its_canonical_form_and_passes_every_rule() {
    let story = shipped();
    assert_eq!(
        story.to_file_text(),
        SHIPPED,
        "write it with Story::to_file_text"
    );
    assert_eq!(story.id, "middle-corridor-in-six-steps");
    assert_eq!(story.steps.len(), 6);
    assert_eq!(errors(&story), Vec::<String>::new());
    assert!(repoint_moved_passages(&mut story.clone(), &reports()).is_empty());
}

#[test]
fn every_shipped_step_quotes_its_passage_verbatim_and_its_caption_does_not() {
    let report = &reports()[0];
    for (index, step) in shipped().steps.iter().enumerate() {
        let link = step.passage.as_ref().expect("every step links a passage");
        let quote = link.quote.as_ref().expect("with a quote selector");
        let passage = report.passage(&link.passage).expect("the passage exists");
        let at = passage.text.find(&quote.exact);
        assert!(
            at.is_some(),
            "step {}: {:?} verbatim",
            index + 1,
            quote.exact
        );
        let at = at.unwrap_or_default();
        assert!(
            passage.text[..at].ends_with(&quote.prefix),
            "step {}",
            index + 1
        );
        assert!(
            passage.text[at + quote.exact.len()..].starts_with(&quote.suffix),
            "step {}",
            index + 1
        );
        assert!(!step.caption.contains(&quote.exact), "step {}", index + 1);
        assert!(
            !step.caption.contains('“'),
            "step {}: no quotes in captions",
            index + 1
        );
        for coordinate in match step.camera {
            StepCamera::Fit(bbox) => bbox.to_array().to_vec(),
            StepCamera::View(c) => vec![c.zoom, c.lat, c.lon],
        } {
            let scaled = coordinate * 1e6;
            assert_eq!(scaled, scaled.round(), "step {}: 6 decimals", index + 1);
        }
    }
}

/// The shipped story with its `step`-th step (from 1) changed by `change`.
fn with_step(step: usize, change: impl FnOnce(&mut StoryStep)) -> Story {
    let mut story = shipped();
    change(&mut story.steps[step - 1]);
    story
}

fn assert_one(story: &Story, expected: &str) {
    assert_eq!(errors(story), vec![expected.to_string()]);
}

const ID: &str = "story middle-corridor-in-six-steps";

#[test]
fn unknown_features_and_layers_are_named_with_story_step_and_field() {
    let story = with_step(3, |s| s.highlight.push("baku-tbilisi-kars".into()));
    assert_one(
        &story,
        &format!(
            "{ID}, step 3: `highlight` names \"baku-tbilisi-kars\", which is not a feature of any layer"
        ),
    );
    let story = with_step(2, |s| {
        s.layers = Some(vec!["hubs".into(), "ports".into(), "corridors".into()])
    });
    assert_one(
        &story,
        &format!("{ID}, step 2: `layers` names \"ports\", which is not a layer"),
    );
    let story = with_step(5, |s| s.highlight.push("tanap".into()));
    assert_one(
        &story,
        &format!(
            "{ID}, step 5: `highlight` names \"tanap\", which is on layer \"pipelines\", and `layers` does not show it"
        ),
    );
}

#[test]
fn a_passage_link_that_does_not_resolve_says_why() {
    let story = with_step(1, |s| {
        if let Some(quote) = s.passage.as_mut().and_then(|p| p.quote.as_mut()) {
            quote.exact = "China views Azerbaijan as a node".into();
        }
    });
    assert_one(
        &story,
        &format!(
            "{ID}, step 1: `passage` links azerbaijan-china-partnership-2025#background-2, which does not resolve: the quote \"China views Azerbaijan as a node\" is in no passage of that report"
        ),
    );
    let story = with_step(6, |s| {
        s.passage = Some(PassageRef {
            report: "another-report".into(),
            passage: "summary-1".into(),
            quote: None,
        });
    });
    assert_one(
        &story,
        &format!(
            "{ID}, step 6: `passage` links another-report#summary-1, which does not resolve: no such report"
        ),
    );
}

#[test]
fn a_link_whose_passage_id_went_stale_is_repointed_by_its_quote() {
    let mut story = with_step(5, |s| {
        if let Some(link) = s.passage.as_mut() {
            link.passage = "background-9".into();
        }
    });
    assert_eq!(
        errors(&story),
        Vec::<String>::new(),
        "its quote still lands"
    );
    let moved = repoint_moved_passages(&mut story, &reports());
    assert_eq!(moved.len(), 1);
    assert_eq!(
        moved[0].to_string(),
        format!(
            "{ID}, step 5: passage link azerbaijan-china-partnership-2025#background-9 found its quote in azerbaijan-china-partnership-2025#background-3; update the passage id"
        )
    );
    assert_eq!(story, shipped());
}

#[test]
fn cameras_outside_the_world_are_refused_field_by_field() {
    let fit = |w, s, e, n| StepCamera::Fit(Bbox::new(w, s, e, n));
    let view = |zoom, lat, lon| StepCamera::View(Camera { zoom, lat, lon });
    for (camera, expected) in [
        (
            fit(40.0, 39.0, 50.0, 86.0),
            "`camera.fit` looks outside the world: north latitude 86 is beyond ±85.051129, the edge of the map",
        ),
        (
            fit(-181.0, 39.0, 50.0, 42.0),
            "`camera.fit` looks outside the world: west longitude -181 is beyond ±180",
        ),
        (
            fit(40.0, 42.0, 50.0, 39.0),
            "`camera.fit` is inverted: its south edge 42 lies north of its north edge 39",
        ),
        (
            fit(49.8, 40.4, 49.8, 40.4),
            "`camera.fit` is a single point: give a box with an area, or a `view` camera",
        ),
        (
            view(23.0, 40.0, 49.0),
            "`camera.view.zoom` is 23: a zoom level runs from 0 to 22",
        ),
        (
            view(5.0, -90.0, 49.0),
            "`camera.view.lat` looks outside the world: the centre latitude -90 is beyond ±85.051129, the edge of the map",
        ),
        (
            view(5.0, 40.0, 200.0),
            "`camera.view.lon` looks outside the world: the centre longitude 200 is beyond ±180",
        ),
    ] {
        let story = with_step(4, |s| s.camera = camera);
        assert_one(&story, &format!("{ID}, step 4: {expected}"));
    }
    // A box across the antimeridian is a box, not an inverted one.
    let story = with_step(1, |s| s.camera = fit(170.0, 50.0, -170.0, 60.0));
    assert_eq!(errors(&story), Vec::<String>::new());
}

#[test]
fn a_story_without_steps_or_titles_or_with_hidden_layers_is_refused() {
    let mut story = shipped();
    story.steps.clear();
    assert_one(
        &story,
        &format!("{ID}: `steps` is empty: a story needs at least one step"),
    );
    let story = with_step(2, |s| s.title = "  ".into());
    assert_one(&story, &format!("{ID}, step 2: `title` must not be empty"));
    let story = with_step(3, |s| {
        s.filters.hidden_layers.insert("energy".into());
    });
    assert_one(
        &story,
        &format!(
            "{ID}, step 3: `filters.hidden_layers` must be left out: a step's `layers` says which layers are shown"
        ),
    );
    let story = with_step(3, |s| s.filters.year = Some(1900));
    assert_one(
        &story,
        &format!(
            "{ID}, step 3: `filters.year` 1900 is outside the years the map offers (1992 to 2030)"
        ),
    );
    let mut story = shipped();
    story.id = "Middle Corridor".into();
    story.author = String::new();
    assert_eq!(
        errors(&story),
        [
            "story Middle Corridor: `id` must be a slug (lowercase a-z, 0-9 and dashes), got \"Middle Corridor\"",
            "story Middle Corridor: `author` must not be empty",
        ]
    );
}

#[test]
fn a_repeated_story_id_is_named_once_per_repeat() {
    let (one, two) = (shipped(), shipped());
    let mut other = shipped();
    other.id = "another".into();
    let errors = check_unique_ids([&one, &other, &two]);
    assert_eq!(
        errors
            .iter()
            .map(|(index, error)| (*index, error.to_string()))
            .collect::<Vec<_>>(),
        [(
            2,
            format!("{ID}: `id` \"middle-corridor-in-six-steps\" is the id of another story too")
        )]
    );
}
