//! Reads the curated data folder (`data/`) into memory and checks it whole:
//! what `atlas check` reports on and what `atlas import` writes to the store.
//!
//! Problems come in classes checked in order: files that cannot be read or
//! parsed, then features and reports that break the schema, then passage links
//! that do not resolve. Every problem of the first failing class is returned, so
//! one run of `atlas check` shows a curator all the typos in one go.

mod stories;
pub mod suggest;

use atlas_model::anchoring::resolve;
use atlas_model::geodesy;
use atlas_model::report::ReportError;
use atlas_model::slug::is_slug;
use atlas_model::story_check::{MovedStoryLink, StoryError};
use atlas_model::{AtlasFeature, Report, Story, ValidationError, validate_feature, validate_links};
use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};

/// One layer file: a collection of features.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// The file's stem, a slug.
    pub id: String,
    /// The `title` foreign member.
    pub title: String,
    /// The `description` foreign member, empty when absent.
    pub description: String,
    /// Where it was read from, for messages.
    pub path: PathBuf,
    /// Its features, validated, in file order.
    pub features: Vec<AtlasFeature>,
}

/// A whole data folder, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSet {
    /// Layers in file-name order, which is also their order on the map's list.
    pub layers: Vec<Layer>,
    /// Reports in file-name order.
    pub reports: Vec<Report>,
    /// Stories in file-name order (`stories/*.json`).
    pub stories: Vec<Story>,
    /// Links whose passage id was stale but whose quote was found in another
    /// passage; the features above already point at the new passage.
    pub moved_links: Vec<MovedLink>,
    /// The same for the stories' passage links.
    pub moved_story_links: Vec<MovedStoryLink>,
}

/// A passage link that landed by its quote in a passage other than the one it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedLink {
    /// The feature holding the link.
    pub feature: String,
    /// The report slug.
    pub report: String,
    /// The passage id the file names.
    pub from: String,
    /// The passage that holds the quote now.
    pub to: String,
}

impl fmt::Display for MovedLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "feature {}: passage link {}#{} found its quote in {}#{}; update the passage id",
            self.feature, self.report, self.from, self.report, self.to
        )
    }
}

impl DataSet {
    /// How many features all layers hold.
    pub fn feature_count(&self) -> usize {
        self.layers.iter().map(|l| l.features.len()).sum()
    }

    /// How many passages all reports hold.
    pub fn passage_count(&self) -> usize {
        self.reports.iter().map(|r| r.passages.len()).sum()
    }
}

/// One problem with the data folder; its message starts with the file at fault.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A file or folder could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A layer file is not JSON.
    #[error("{}: not valid JSON: {source}", path.display())]
    Json {
        /// The layer file.
        path: PathBuf,
        /// Where and why parsing stopped.
        source: serde_json::Error,
    },
    /// A layer or report file is not shaped as a layer or report file must be.
    #[error("{}: {reason}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A feature breaks the schema.
    #[error("{}: {source}", path.display())]
    Feature {
        /// The layer file holding it.
        path: PathBuf,
        /// What is wrong, naming the feature and field.
        source: ValidationError,
    },
    /// A feature is not a GeoJSON Feature at all (say, an unknown geometry type).
    #[error("{}: feature {feature}: not a GeoJSON Feature: {reason}", path.display())]
    NotAFeature {
        /// The layer file holding it.
        path: PathBuf,
        /// Its `properties.id`, or `#n` for the n-th feature of the file.
        feature: String,
        /// What the GeoJSON parser said.
        reason: String,
    },
    /// A report file does not parse.
    #[error("{}: {source}", path.display())]
    Report {
        /// The report file.
        path: PathBuf,
        /// What is wrong, with its line.
        source: ReportError,
    },
    /// A story file is not JSON, or not shaped as a story (a field unknown,
    /// missing or of the wrong type).
    #[error("{}: not a story file: {source}", path.display())]
    StoryFile {
        /// The story file.
        path: PathBuf,
        /// Where and why parsing stopped.
        source: serde_json::Error,
    },
    /// A story breaks a rule, or names a layer, feature or passage the data lacks.
    #[error("{}: {source}", path.display())]
    Story {
        /// The story file.
        path: PathBuf,
        /// The story, step and field at fault.
        source: StoryError,
    },
    /// A feature id is repeated or a passage link does not resolve.
    #[error("{}: {source}", path.display())]
    Link {
        /// The layer file holding the feature.
        path: PathBuf,
        /// The feature, report and passage at fault.
        source: ValidationError,
    },
}

/// Every problem of the first class that had any.
#[derive(Debug)]
pub struct DataErrors(pub Vec<DataError>);

impl fmt::Display for DataErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DataErrors {}

/// Reads `dir/layers/*.geojson`, `dir/reports/*.md` and `dir/stories/*.json`
/// and checks them all.
pub fn load(dir: &Path) -> Result<DataSet, DataErrors> {
    let layer_files = list(&dir.join("layers"), "geojson").map_err(one)?;
    let report_files = list(&dir.join("reports"), "md").map_err(one)?;

    // Class 1: every file readable, layers valid JSON and shaped as layers.
    let mut errors = Vec::new();
    let mut raw_layers = Vec::new();
    for path in layer_files {
        match read_layer(&path) {
            Ok(raw) => raw_layers.push(raw),
            Err(error) => errors.push(error),
        }
    }
    let mut report_sources = Vec::new();
    for path in report_files {
        match std::fs::read_to_string(&path) {
            Ok(source) => report_sources.push((path, source)),
            Err(source) => errors.push(DataError::Io { path, source }),
        }
    }
    let story_files = stories::read(dir).unwrap_or_else(|story_errors| {
        errors.extend(story_errors);
        Vec::new()
    });
    if !errors.is_empty() {
        return Err(DataErrors(errors));
    }

    // Class 2: features, reports and stories obey the schema.
    let mut layers = Vec::new();
    for raw in raw_layers {
        let mut features = Vec::new();
        for (index, value) in raw.features.into_iter().enumerate() {
            match check_feature(&raw.path, index, value) {
                Ok(feature) => features.push(feature),
                Err(error) => errors.push(error),
            }
        }
        layers.push(Layer {
            id: raw.id,
            title: raw.title,
            description: raw.description,
            path: raw.path,
            features,
        });
    }
    let mut reports = Vec::new();
    for (path, source) in report_sources {
        match Report::parse(&source) {
            Ok(report) if Some(report.meta.id.as_str()) != stem(&path) => {
                errors.push(DataError::File {
                    reason: format!(
                        "front matter id {:?} must equal the file name's stem",
                        report.meta.id
                    ),
                    path,
                });
            }
            Ok(report) => reports.push(report),
            Err(source) => errors.push(DataError::Report { path, source }),
        }
    }
    errors.extend(stories::check_shapes(&story_files));
    if !errors.is_empty() {
        return Err(DataErrors(errors));
    }

    // Class 3: ids unique across layers, every passage link resolves.
    let features: Vec<AtlasFeature> = layers
        .iter()
        .flat_map(|l| l.features.iter().cloned())
        .collect();
    for source in validate_links(&features, &reports) {
        let path = layer_of(&layers, source.feature()).unwrap_or_else(|| dir.join("layers"));
        errors.push(DataError::Link { path, source });
    }
    errors.extend(stories::check_references_in(
        &story_files,
        &layers,
        &reports,
    ));
    if !errors.is_empty() {
        return Err(DataErrors(errors));
    }
    let moved_links = repoint_moved_links(&mut layers, &reports);
    let (stories, moved_story_links) = stories::finish(story_files, &reports);
    Ok(DataSet {
        layers,
        reports,
        stories,
        moved_links,
        moved_story_links,
    })
}

/// Points every link that landed by its quote at the passage that holds it, so
/// the store and the API only ever carry passage ids that exist.
fn repoint_moved_links(layers: &mut [Layer], reports: &[Report]) -> Vec<MovedLink> {
    let mut moved = Vec::new();
    for feature in layers.iter_mut().flat_map(|l| l.features.iter_mut()) {
        let id = feature.properties.id.clone();
        for link in &mut feature.properties.passages {
            let Some(report) = reports.iter().find(|r| r.meta.id == link.report) else {
                continue;
            };
            if let Ok(resolved) = resolve(link, report)
                && resolved.moved
            {
                moved.push(MovedLink {
                    feature: id.clone(),
                    report: link.report.clone(),
                    from: std::mem::replace(&mut link.passage, resolved.passage_id.clone()),
                    to: resolved.passage_id,
                });
            }
        }
    }
    moved
}

/// A layer file read and shaped, its features not yet validated.
struct RawLayer {
    id: String,
    title: String,
    description: String,
    path: PathBuf,
    features: Vec<Value>,
}

fn read_layer(path: &Path) -> Result<RawLayer, DataError> {
    let file = |reason: String| DataError::File {
        path: path.to_path_buf(),
        reason,
    };
    let id = stem(path).unwrap_or_default().to_string();
    if !is_slug(&id) {
        return Err(file(format!(
            "the file name's stem {id:?} must be a slug (it becomes the collection id)"
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let value: Value = serde_json::from_str(&text).map_err(|source| DataError::Json {
        path: path.to_path_buf(),
        source,
    })?;
    let Value::Object(mut object) = value else {
        return Err(file("must be a GeoJSON FeatureCollection object".into()));
    };
    if object.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(file("`type` must be \"FeatureCollection\"".into()));
    }
    let title = match object.get("title").and_then(Value::as_str) {
        Some(title) if !title.trim().is_empty() => title.to_string(),
        _ => {
            return Err(file(
                "`title` is required: the layer's name in the app".into(),
            ));
        }
    };
    let description = match object.get("description") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(_) => return Err(file("`description` must be a string".into())),
    };
    let Some(Value::Array(features)) = object.remove("features") else {
        return Err(file("`features` must be an array".into()));
    };
    Ok(RawLayer {
        id,
        title,
        description,
        path: path.to_path_buf(),
        features,
    })
}

fn check_feature(path: &Path, index: usize, value: Value) -> Result<AtlasFeature, DataError> {
    // Name the feature by its id when it has one, else by its place in the file.
    let name = value
        .get("properties")
        .and_then(|p| p.get("id"))
        .and_then(Value::as_str)
        .map_or_else(|| format!("#{}", index + 1), str::to_string);
    let geojson: geojson::Feature =
        serde_json::from_value(value).map_err(|e| DataError::NotAFeature {
            path: path.to_path_buf(),
            feature: name,
            reason: e.to_string(),
        })?;
    let feature = validate_feature(&geojson).map_err(|source| DataError::Feature {
        path: path.to_path_buf(),
        source,
    })?;
    // The store indexes every feature by its box, so a geometry needs a position.
    if geodesy::bbox(&feature.geometry.value).is_none() {
        return Err(DataError::Feature {
            path: path.to_path_buf(),
            source: ValidationError::Geometry {
                feature: feature.id().to_string(),
                reason: "has no positions".into(),
            },
        });
    }
    Ok(feature)
}

/// The files in `dir` ending in `.{extension}`, sorted by name; a README is not data.
fn list(dir: &Path, extension: &str) -> Result<Vec<PathBuf>, DataError> {
    let io = |source| DataError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let is_readme = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.eq_ignore_ascii_case("readme.md"));
        if path.extension().and_then(|e| e.to_str()) == Some(extension) && !is_readme {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn stem(path: &Path) -> Option<&str> {
    path.file_stem().and_then(|s| s.to_str())
}

fn one(error: DataError) -> DataErrors {
    DataErrors(vec![error])
}

/// The file of the last layer holding `feature`: for a repeated id, the second copy is the culprit.
fn layer_of(layers: &[Layer], feature: &str) -> Option<PathBuf> {
    layers
        .iter()
        .rev()
        .find(|l| l.features.iter().any(|f| f.id() == feature))
        .map(|l| l.path.clone())
}
