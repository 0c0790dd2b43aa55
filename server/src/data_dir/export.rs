//! `atlas export`: the store written back as a data folder, in exactly the
//! form of `data/`, so that edits made in the atlas can be reviewed in git.
//!
//! `layers/{collection}.geojson` per collection (see [`super::json_text`]),
//! `reports/{id}.md` per report (its file as imported), `stories/{id}.json`
//! per story ([`atlas_model::Story::to_file_text`]). Files of those kinds
//! that the store no longer holds are removed, so a deletion shows in git too;
//! READMEs and everything else in the folder are left alone.

use super::json_text::{feature_value, layer_value, pretty};
use crate::store::{ExportSnapshot, Store, StoreError};
use atlas_model::Story;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Layer files written.
    pub layers: usize,
    /// Features in them.
    pub features: usize,
    /// Report files written.
    pub reports: usize,
    /// Story files written.
    pub stories: usize,
    /// Files removed because the store no longer holds what they held.
    pub removed: Vec<PathBuf>,
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The store could not be read.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A file or folder could not be written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The store holds something that cannot be written as a data file.
    #[error("{0}")]
    Content(String),
}

/// Writes everything `store` holds into the data folder `dir`.
pub async fn export(store: &dyn Store, dir: &Path) -> Result<ExportSummary, ExportError> {
    let snapshot = store.export_snapshot().await?;
    let dir = dir.to_path_buf();
    // Writing files is blocking I/O; keep it off the async workers.
    tokio::task::spawn_blocking(move || write_snapshot(&snapshot, &dir))
        .await
        .map_err(|e| ExportError::Content(format!("writing the data folder: {e}")))?
}

/// Writes `snapshot` into `dir` (see the module's documentation).
pub fn write_snapshot(snapshot: &ExportSnapshot, dir: &Path) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    let mut files = Vec::new();
    for layer in &snapshot.layers {
        let features = layer
            .features
            .iter()
            .map(|f| feature_value(&f.id, &f.properties, &f.geometry))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                ExportError::Content(format!("collection {}: stored JSON: {e}", layer.id))
            })?;
        summary.features += features.len();
        let text = pretty(&layer_value(&layer.title, &layer.description, features));
        files.push((format!("layers/{}.geojson", layer.id), text));
    }
    summary.layers = snapshot.layers.len();
    for report in &snapshot.reports {
        let Some(source) = &report.source else {
            return Err(ExportError::Content(format!(
                "report {} was stored before report files were kept; run `atlas import` once",
                report.id
            )));
        };
        files.push((format!("reports/{}.md", report.id), source.clone()));
    }
    summary.reports = snapshot.reports.len();
    summary.stories = story_files(&snapshot.stories, &mut files);
    for (name, text) in &files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ExportError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write_if_changed(&path, text)?;
    }
    let written: BTreeSet<PathBuf> = files.iter().map(|(name, _)| dir.join(name)).collect();
    for (folder, extension) in [
        ("layers", "geojson"),
        ("reports", "md"),
        ("stories", "json"),
    ] {
        summary
            .removed
            .extend(remove_stale(&dir.join(folder), extension, &written)?);
    }
    Ok(summary)
}

/// Adds a file for each story to `files`; returns how many.
fn story_files(stories: &[Story], files: &mut Vec<(String, String)>) -> usize {
    for story in stories {
        files.push((format!("stories/{}.json", story.id), story.to_file_text()));
    }
    stories.len()
}

/// Writes `text` to `path` unless it holds it already, so unchanged files keep their times.
fn write_if_changed(path: &Path, text: &str) -> Result<(), ExportError> {
    if std::fs::read(path).is_ok_and(|held| held == text.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Removes the files ending in `.{extension}` in `folder` (a README excepted)
/// that this export did not write; returns them.
fn remove_stale(
    folder: &Path,
    extension: &str,
    written: &BTreeSet<PathBuf>,
) -> Result<Vec<PathBuf>, ExportError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExportError::Io { path, source }
    };
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(io(folder)(error)),
    };
    let mut removed = Vec::new();
    for entry in entries {
        let path = entry.map_err(io(folder))?.path();
        let readme = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.eq_ignore_ascii_case("readme.md"));
        if path.extension().and_then(|e| e.to_str()) == Some(extension)
            && !readme
            && !written.contains(&path)
        {
            std::fs::remove_file(&path).map_err(io(&path))?;
            removed.push(path);
        }
    }
    removed.sort();
    Ok(removed)
}
