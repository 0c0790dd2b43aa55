//! `atlas export-site DIR`: the database and the built app as a static edition.

use atlas_model::api::ClientConfig;
use atlas_server::AppState;
use atlas_server::static_site;
use atlas_server::store::open::Location;
use clap::Args;
use std::path::PathBuf;

/// `atlas export-site`.
#[derive(Debug, Args)]
pub struct ExportSiteArgs {
    /// The database: a SQLite file's path or `sqlite:PATH`, or a PostgreSQL URL.
    #[arg(
        long,
        env = "ATLAS_DB",
        hide_env_values = true,
        default_value = "var/atlas.sqlite"
    )]
    db: Location,
    /// The data folder, for the basemap.
    #[arg(long, env = "ATLAS_DATA", default_value = "data")]
    data: PathBuf,
    /// The built app (Trunk's output).
    #[arg(long, env = "ATLAS_DIST", default_value = "dist")]
    dist: PathBuf,
    /// The folder to write the edition into: new or empty.
    dir: PathBuf,
}

/// `atlas export-site`: writes the edition and says what it holds.
pub async fn run(args: &ExportSiteArgs) -> Result<(), String> {
    let store = crate::file_command::open_existing(&args.db).await?;
    let state = AppState::new(
        store,
        args.dist.clone(),
        args.data.clone(),
        ClientConfig::default(),
    );
    let summary = static_site::export_site(state, &args.dir)
        .await
        .map_err(|e| format!("export-site: {e}"))?;
    println!(
        "atlas export-site: {} layers ({} features), {} reports, {} stories: {} files, {} bytes with their .br and .gz, into {}",
        summary.layers,
        summary.features,
        summary.reports,
        summary.stories,
        summary.files,
        summary.bytes,
        args.dir.display()
    );
    Ok(())
}
