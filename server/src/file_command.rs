//! `atlas export`, `atlas import-file` and `atlas check --sources`: files in
//! and out of the database, and the sources' URLs checked.

use atlas_server::data_dir::{self, export};
use atlas_server::file_import::{self, Action, FileKind, ImportFileError, ImportReport};
use atlas_server::remote::sources;
use atlas_server::store::Store;
use atlas_server::store::open::Location;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Who the history rows of `atlas import-file` name.
pub const IMPORT_FILE: &str = "import-file";

/// `atlas export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The database: a SQLite file's path or `sqlite:PATH`, or a PostgreSQL
    /// URL `postgres://user:password@host/db`.
    #[arg(
        long,
        env = "ATLAS_DB",
        hide_env_values = true,
        default_value = "var/atlas.sqlite"
    )]
    db: Location,
    /// The folder to write: `layers/`, `reports/` and `stories/` in it are made to match the database.
    dir: PathBuf,
}

/// `atlas import-file`.
#[derive(Debug, Args)]
pub struct ImportFileArgs {
    /// The database: a SQLite file's path or `sqlite:PATH`, or a PostgreSQL
    /// URL `postgres://user:password@host/db`.
    #[arg(
        long,
        env = "ATLAS_DB",
        hide_env_values = true,
        default_value = "var/atlas.sqlite"
    )]
    db: Location,
    /// The layer (collection id) the file's features go into.
    #[arg(long)]
    layer: String,
    /// Print what each row would do, and change nothing.
    #[arg(long)]
    dry_run: bool,
    /// A GeoJSON file (`.geojson`, `.json`) or a CSV file (`.csv`) with `lon` and `lat` columns.
    file: PathBuf,
}

/// `atlas export`: the database written back as a data folder.
pub async fn run_export(args: &ExportArgs) -> Result<(), String> {
    let store = open_existing(&args.db).await?;
    let summary = export::export(&*store, &args.dir)
        .await
        .map_err(|e| format!("export: {e}"))?;
    for removed in &summary.removed {
        println!("removed {}", removed.display());
    }
    println!(
        "atlas export: {} features in {} layers, {} reports, {} stories into {}",
        summary.features,
        summary.layers,
        summary.reports,
        summary.stories,
        args.dir.display()
    );
    Ok(())
}

/// `atlas import-file`: one file's features into one layer, all or nothing.
pub async fn run_import_file(args: &ImportFileArgs) -> Result<(), String> {
    let name = args.file.display().to_string();
    let kind = FileKind::from_name(&name).ok_or_else(|| {
        format!("import-file: {name}: name the format by the extension .geojson, .json or .csv")
    })?;
    let bytes = std::fs::read(&args.file).map_err(|e| format!("import-file: {name}: {e}"))?;
    let store = open_existing(&args.db).await?;
    let result = file_import::import_file(
        &*store,
        &args.layer,
        kind,
        &bytes,
        IMPORT_FILE,
        args.dry_run,
    )
    .await;
    match result {
        Ok(report) => {
            print_rows(&report);
            let words = if report.dry_run {
                ["would create", "update", "leave", "reject"]
            } else {
                ["created", "updated", "left", "rejected"]
            };
            eprintln!(
                "atlas import-file: {} {}, {} {}, {} {} unchanged, {} {}{}",
                words[0],
                report.created,
                words[1],
                report.updated,
                words[2],
                report.unchanged,
                words[3],
                report.rejected,
                if report.dry_run {
                    "; nothing written"
                } else {
                    ""
                }
            );
            if report.rejected > 0 {
                return Err(format!(
                    "import-file: {} rows are rejected; applying would write nothing",
                    report.rejected
                ));
            }
            Ok(())
        }
        Err(ImportFileError::Rejected(report)) => {
            print_rows(&report);
            Err(format!(
                "import-file: {} of {} rows are rejected; nothing was written",
                report.rejected,
                report.rows.len()
            ))
        }
        Err(error) => Err(format!("import-file: {name}: {error}")),
    }
}

/// One line per row: `row 3 create alat`, or `row 4 reject x: properties.kind: …`.
fn print_rows(report: &ImportReport) {
    let mut out = std::io::stdout().lock();
    for row in &report.rows {
        let action = match row.action {
            Action::Create => "create",
            Action::Update => "update",
            Action::Unchanged => "unchanged",
            Action::Reject => "reject",
        };
        let id = row.id.as_deref().unwrap_or("-");
        let mut line = format!("row {} {action} {}/{id}", row.row, report.collection);
        for reason in &row.reasons {
            line.push_str(&format!("\n  {}: {}", reason.field, reason.reason));
        }
        // A closed pipe (`| head`) means the reader has enough; stop quietly.
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
}

/// `atlas check --sources`: every source URL of the data folder asked; the dead ones listed.
pub async fn check_sources(dir: &Path, timeout: Duration) -> Result<(), String> {
    let data = data_dir::load(dir).map_err(|errors| {
        format!("check: the data folder has problems; run `atlas check` first:\n{errors}")
    })?;
    let urls = sources::cited_urls(&data);
    let count = urls.len();
    let dead = sources::dead_sources(urls, timeout)
        .await
        .map_err(|e| format!("check --sources: {e}"))?;
    for source in &dead {
        println!(
            "dead {} ({}): cited by {}",
            source.url,
            source.reason,
            source.features.join(", ")
        );
    }
    if dead.is_empty() {
        println!("atlas check --sources: ok: {count} source URLs answer");
        Ok(())
    } else {
        Err(format!(
            "check --sources: {} of {count} source URLs are dead",
            dead.len()
        ))
    }
}

/// The store at `db`, which must exist: exporting or importing into a new, empty one is a mistake.
pub(crate) async fn open_existing(db: &Location) -> Result<Arc<dyn Store>, String> {
    if !db.exists() {
        return Err(format!(
            "{db}: no database there (give --db, or run `atlas import` first)"
        ));
    }
    db.open().await.map_err(|e| e.to_string())
}
