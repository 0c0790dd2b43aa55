//! The stories of a data folder, `stories/*.json`: read in file-name order,
//! checked by the model's story rules (`atlas_model::story_check`) in the
//! same classes as the layers, and pointed at the passages holding their quotes.
//!
//! A folder without `stories/` has no stories; that is not a problem.

use super::{DataError, Layer, list, stem};
use atlas_model::story_check::{
    MovedStoryLink, StoryContext, StoryError, StoryProblem, check_references, check_shape,
    check_unique_ids, repoint_moved_passages,
};
use atlas_model::{Report, Story};
use std::path::{Path, PathBuf};

/// One story file, parsed.
#[derive(Debug, Clone)]
pub(super) struct StoryFile {
    /// Where it was read from, for messages.
    pub path: PathBuf,
    /// What it holds.
    pub story: Story,
}

/// Class 1: every file in `dir/stories` readable and shaped as a story.
pub(super) fn read(dir: &Path) -> Result<Vec<StoryFile>, Vec<DataError>> {
    let folder = dir.join("stories");
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let paths = list(&folder, "json").map_err(|error| vec![error])?;
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(source) => {
                errors.push(DataError::Io { path, source });
                continue;
            }
        };
        match Story::from_file_text(&text) {
            Ok(story) => files.push(StoryFile { path, story }),
            Err(source) => errors.push(DataError::StoryFile { path, source }),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Class 2: each story playable by itself, named by its file, its id unique.
pub(super) fn check_shapes(files: &[StoryFile]) -> Vec<DataError> {
    let mut errors = Vec::new();
    for file in files {
        let named = stem(&file.path).unwrap_or_default();
        if file.story.id != named {
            errors.push(story_error(
                file,
                StoryError {
                    story: file.story.id.clone(),
                    step: None,
                    field: "id".into(),
                    problem: StoryProblem::FileName {
                        id: file.story.id.clone(),
                        stem: named.to_string(),
                    },
                },
            ));
        }
        errors.extend(
            check_shape(&file.story)
                .into_iter()
                .map(|e| story_error(file, e)),
        );
    }
    // A repeat is named in the file of the later story, as for feature ids.
    for (index, error) in check_unique_ids(files.iter().map(|f| &f.story)) {
        errors.push(story_error(&files[index], error));
    }
    errors
}

/// Class 3: every layer, feature and passage a story names is in the data.
pub(super) fn check_references_in(
    files: &[StoryFile],
    layers: &[Layer],
    reports: &[Report],
) -> Vec<DataError> {
    let atlas = StoryContext::new(
        layers.iter().map(|l| l.id.as_str()),
        layers
            .iter()
            .flat_map(|l| l.features.iter().map(move |f| (f.id(), l.id.as_str()))),
        reports,
    );
    files
        .iter()
        .flat_map(|file| {
            check_references(&file.story, &atlas)
                .into_iter()
                .map(move |e| story_error(file, e))
        })
        .collect()
}

/// The stories, each link that landed by its quote pointed at its passage.
pub(super) fn finish(
    files: Vec<StoryFile>,
    reports: &[Report],
) -> (Vec<Story>, Vec<MovedStoryLink>) {
    let mut moved = Vec::new();
    let stories = files
        .into_iter()
        .map(|mut file| {
            moved.extend(repoint_moved_passages(&mut file.story, reports));
            file.story
        })
        .collect();
    (stories, moved)
}

fn story_error(file: &StoryFile, source: StoryError) -> DataError {
    DataError::Story {
        path: file.path.clone(),
        source,
    }
}
