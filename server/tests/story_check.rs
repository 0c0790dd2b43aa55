//! `atlas check` on data folders with broken stories: each kind of problem
//! fails the check with a message naming the file, the story, the step and
//! the field.

mod common;

use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

/// The fixture story as JSON, to break.
fn sample() -> Value {
    let text = std::fs::read_to_string(common::fixture("data/stories/sample-story.json"))
        .expect("the fixture story");
    serde_json::from_str(&text).expect("JSON")
}

/// Runs `atlas check` on `dir`: whether it passed, its stdout and its stderr.
fn check(dir: &Path) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .arg("check")
        .arg(dir)
        .output()
        .expect("atlas runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The fixture data folder with `stories/sample-story.json` holding `text`;
/// `atlas check` must fail on it, and its stderr is returned.
fn refused(text: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    common::copy_fixture("data", dir.path());
    std::fs::write(dir.path().join("stories/sample-story.json"), text).expect("write");
    let (passed, _, stderr) = check(dir.path());
    assert!(!passed, "atlas check passed: {stderr}");
    assert!(stderr.contains("stories/sample-story.json: "), "{stderr}");
    stderr
}

/// [`refused`] with the fixture story changed by `change`.
fn refused_with(change: impl FnOnce(&mut Value)) -> String {
    let mut story = sample();
    change(&mut story);
    refused(&serde_json::to_string_pretty(&story).expect("JSON"))
}

#[test]
fn the_fixture_story_passes() {
    let (passed, stdout, stderr) = check(&common::fixture("data"));
    assert!(passed, "{stderr}");
    assert!(stdout.contains("1 stories"), "{stdout}");
}

#[test]
fn unknown_feature_ids_and_layers_are_named() {
    let stderr = refused_with(|s| s["steps"][1]["highlight"] = json!(["baku", "bakuu"]));
    assert!(
        stderr.contains(
            "story sample-story, step 2: `highlight` names \"bakuu\", which is not a feature of any layer"
        ),
        "{stderr}"
    );
    let stderr = refused_with(|s| s["steps"][0]["layers"] = json!(["cities", "ports"]));
    assert!(
        stderr
            .contains("story sample-story, step 1: `layers` names \"ports\", which is not a layer"),
        "{stderr}"
    );
    let stderr =
        refused_with(|s| s["steps"][0]["highlight"] = json!(["baku-tbilisi-kars-railway"]));
    assert!(
        stderr.contains("step 1: `highlight` names \"baku-tbilisi-kars-railway\", which is on layer \"rail\", and `layers` does not show it"),
        "{stderr}"
    );
}

#[test]
fn a_passage_link_that_does_not_resolve_is_refused() {
    let stderr = refused_with(|s| {
        s["steps"][1]["passage"]["quote"]["exact"] = json!("The railway closed in 2017.");
    });
    assert!(
        stderr.contains(
            "story sample-story, step 2: `passage` links sample-report#background-4, which does not resolve: the quote \"The railway closed in 2017.\" is in no passage of that report"
        ),
        "{stderr}"
    );
    let stderr = refused_with(|s| {
        s["steps"][1]["passage"] = json!({"report": "sample-report", "passage": "background-9"});
    });
    assert!(
        stderr.contains("step 2: `passage` links sample-report#background-9, which does not resolve: no such passage in that report"),
        "{stderr}"
    );
}

#[test]
fn cameras_outside_the_world_are_refused() {
    for (camera, expected) in [
        (
            json!({"fit": [43.0, 40.0, 50.0, 89.0]}),
            "step 2: `camera.fit` looks outside the world: north latitude 89 is beyond ±85.051129",
        ),
        (
            json!({"fit": [43.0, 42.0, 50.0, 40.0]}),
            "step 2: `camera.fit` is inverted: its south edge 42 lies north of its north edge 40",
        ),
        (
            json!({"view": {"zoom": 30.0, "lat": 40.4, "lon": 49.9}}),
            "step 2: `camera.view.zoom` is 30: a zoom level runs from 0 to 22",
        ),
        (
            json!({"view": {"zoom": 5.0, "lat": 40.4, "lon": 190.0}}),
            "step 2: `camera.view.lon` looks outside the world: the centre longitude 190 is beyond ±180",
        ),
    ] {
        let stderr = refused_with(|s| s["steps"][1]["camera"] = camera);
        assert!(stderr.contains(expected), "{expected} in {stderr}");
    }
}

#[test]
fn empty_steps_untitled_steps_and_hidden_layers_are_refused() {
    let stderr = refused_with(|s| s["steps"] = json!([]));
    assert!(
        stderr.contains("story sample-story: `steps` is empty: a story needs at least one step"),
        "{stderr}"
    );
    let stderr = refused_with(|s| s["steps"][1]["title"] = json!(""));
    assert!(
        stderr.contains("story sample-story, step 2: `title` must not be empty"),
        "{stderr}"
    );
    let stderr = refused_with(|s| s["steps"][0]["filters"] = json!({"hidden_layers": ["rail"]}));
    assert!(
        stderr.contains("step 1: `filters.hidden_layers` must be left out: a step's `layers` says which layers are shown"),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_a_story_says_where_and_why() {
    let stderr = refused_with(|s| {
        if let Some(step) = s["steps"][0].as_object_mut() {
            step.remove("title");
        }
    });
    assert!(
        stderr.contains("not a story file: missing field `title`"),
        "{stderr}"
    );
    let stderr = refused_with(|s| s["steps"][0]["note"] = json!("typo"));
    assert!(
        stderr.contains("not a story file: unknown field `note`"),
        "{stderr}"
    );
    let stderr = refused("{\"id\": ");
    assert!(stderr.contains("not a story file: EOF"), "{stderr}");
}

#[test]
fn a_story_named_unlike_its_file_and_a_repeated_id_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::copy_fixture("data", dir.path());
    std::fs::copy(
        dir.path().join("stories/sample-story.json"),
        dir.path().join("stories/sample-story-copy.json"),
    )
    .expect("copy");
    let (passed, _, stderr) = check(dir.path());
    assert!(!passed);
    // Files are read in name order: `sample-story-copy` comes first, so the
    // repeat is named in `sample-story.json`.
    assert!(
        stderr.contains(
            "stories/sample-story-copy.json: story sample-story: `id` \"sample-story\" must equal the file name's stem, \"sample-story-copy\""
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "stories/sample-story.json: story sample-story: `id` \"sample-story\" is the id of another story too"
        ),
        "{stderr}"
    );
}

#[test]
fn a_link_whose_passage_id_went_stale_passes_with_a_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::copy_fixture("data", dir.path());
    let mut story = sample();
    story["steps"][1]["passage"]["passage"] = json!("background-2");
    std::fs::write(
        dir.path().join("stories/sample-story.json"),
        serde_json::to_string_pretty(&story).expect("JSON"),
    )
    .expect("write");
    let (passed, _, stderr) = check(dir.path());
    assert!(passed, "{stderr}");
    assert!(
        stderr.contains(
            "note: story sample-story, step 2: passage link sample-report#background-2 found its quote in sample-report#background-4"
        ),
        "{stderr}"
    );
}
