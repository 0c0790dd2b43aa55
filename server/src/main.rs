//! `atlas`: serve the map, import the curated data, check it, suggest passage
//! links, or manage the accounts that may edit.
//!
//! Each subcommand takes only its own options.

use atlas_model::api::{ClientConfig, TileSource};
use atlas_server::data_dir::suggest;
use atlas_server::http::{connections, workers};
use atlas_server::store::changes::Change;
use atlas_server::store::open::Location;
use atlas_server::store::{ImportSummary, import_dir};
use atlas_server::{AppState, app_parts, data_dir};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod file_command;
mod migrate_command;
mod site_command;
mod user_command;

/// mimalloc keeps freed memory for reuse per thread: a page body of 400 kB is
/// not mapped and faulted in anew per request, and RSS stays flat under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Corridor Atlas: an interactive map of the Middle Corridor.
#[derive(Debug, Parser)]
#[command(name = "atlas", version, about)]
struct Cli {
    /// What to do; `serve` when none is named.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API and the app (the default); seeds an empty database from the data folder.
    Serve(ServeArgs),
    /// Apply the data folder to the database as one change set: creates,
    /// updates and deletes by id, each with a history row.
    Import(ImportArgs),
    /// Check the data folder: files, feature schema, passage links, stories; with
    /// `--sources`, also that every source URL answers.
    Check(CheckArgs),
    /// Write the database back as a data folder, in exactly the form of `data/`.
    Export(file_command::ExportArgs),
    /// Write the atlas as a static edition: the app, every layer, report and
    /// story as files (with .br and .gz), for any static host.
    ExportSite(site_command::ExportSiteArgs),
    /// Import a GeoJSON or CSV file into one layer, all rows or none.
    ImportFile(file_command::ImportFileArgs),
    /// List where reports name a feature whose passage links miss that passage.
    SuggestLinks(FolderArgs),
    /// Manage the accounts that may edit (`editor`) or also manage accounts (`admin`).
    #[command(subcommand)]
    User(user_command::UserCommand),
    /// Copy a whole atlas (features, history, reports, stories, accounts,
    /// sessions) from one database into another, empty one.
    Migrate(migrate_command::MigrateArgs),
}

/// The database, for every subcommand that uses it.
#[derive(Debug, Args)]
struct DbArgs {
    /// The database: a SQLite file's path (its folder is created if missing)
    /// or `sqlite:PATH`, or a PostgreSQL URL `postgres://user:password@host/db`.
    #[arg(
        long,
        env = "ATLAS_DB",
        hide_env_values = true,
        default_value = "var/atlas.sqlite"
    )]
    db: Location,
}

#[derive(Debug, Parser)]
#[command(name = "atlas serve")]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "ATLAS_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    #[command(flatten)]
    db: DbArgs,
    /// The curated data folder, which seeds an empty database and holds the basemap.
    #[arg(long, env = "ATLAS_DATA", default_value = "data")]
    data: PathBuf,
    /// The built app (Trunk's output).
    #[arg(long, env = "ATLAS_DIST", default_value = "dist")]
    dist: PathBuf,
    /// An XYZ raster tile URL template (`https://host/{z}/{x}/{y}.png`) readers may
    /// switch on; off by default, since the map must work offline.
    #[arg(long, env = "ATLAS_TILES_URL", requires = "tiles_attribution")]
    tiles_url: Option<String>,
    /// The credit the tile provider requires, shown while its tiles are on.
    #[arg(long, env = "ATLAS_TILES_ATTRIBUTION")]
    tiles_attribution: Option<String>,
    /// Readers reach the site over https (a proxy in front ends TLS): session
    /// cookies are `Secure`, and unsafe requests must come from `https://` pages.
    #[arg(long, env = "ATLAS_HTTPS")]
    https: bool,
}

#[derive(Debug, Args)]
struct ImportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The curated data folder to apply.
    #[arg(long, env = "ATLAS_DATA", default_value = "data")]
    data: PathBuf,
    /// Print what would be created, updated and deleted, by id, and change nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    folder: FolderArgs,
    /// Also ask every source URL (following a few redirects) and list the dead ones.
    #[arg(long)]
    sources: bool,
    /// With `--sources`: seconds to wait for each URL.
    #[arg(long, default_value_t = 15, requires = "sources", value_parser = clap::value_parser!(u64).range(1..=300))]
    timeout: u64,
}

#[derive(Debug, Args)]
struct FolderArgs {
    /// The data folder to read.
    #[arg(env = "ATLAS_DATA", default_value = "data")]
    data_dir: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "atlas_server=info,atlas=info,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        // Colour codes only help a terminal; in a log file they are noise.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let result = match cli.command {
        Some(Command::Check(args)) if args.sources => {
            let timeout = std::time::Duration::from_secs(args.timeout);
            tokio::runtime::Runtime::new()
                .map_err(|error| format!("starting the runtime: {error}"))
                .and_then(|runtime| {
                    runtime.block_on(file_command::check_sources(&args.folder.data_dir, timeout))
                })
        }
        Some(Command::Check(args)) => return check(&args.folder.data_dir),
        Some(Command::Export(args)) => tokio::runtime::Runtime::new()
            .map_err(|error| format!("starting the runtime: {error}"))
            .and_then(|runtime| runtime.block_on(file_command::run_export(&args))),
        Some(Command::ExportSite(args)) => tokio::runtime::Runtime::new()
            .map_err(|error| format!("starting the runtime: {error}"))
            .and_then(|runtime| runtime.block_on(site_command::run(&args))),
        Some(Command::ImportFile(args)) => tokio::runtime::Runtime::new()
            .map_err(|error| format!("starting the runtime: {error}"))
            .and_then(|runtime| runtime.block_on(file_command::run_import_file(&args))),
        Some(Command::SuggestLinks(args)) => return suggest_links(&args.data_dir),
        Some(Command::Import(args)) => tokio::runtime::Runtime::new()
            .map_err(|error| format!("starting the runtime: {error}"))
            .and_then(|runtime| runtime.block_on(import(&args))),
        Some(Command::User(command)) => tokio::runtime::Runtime::new()
            .map_err(|error| format!("starting the runtime: {error}"))
            .and_then(|runtime| runtime.block_on(user_command::run(&command))),
        Some(Command::Migrate(args)) => tokio::runtime::Runtime::new()
            .map_err(|error| format!("starting the runtime: {error}"))
            .and_then(|runtime| runtime.block_on(migrate_command::run(&args))),
        Some(Command::Serve(args)) => serve(&args),
        // `atlas` alone serves, with the options' environment and defaults.
        None => ServeArgs::try_parse_from(["atlas serve"])
            .map_err(|error| error.to_string())
            .and_then(|args| serve(&args)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("atlas: {message}");
    ExitCode::FAILURE
}

fn check(dir: &Path) -> ExitCode {
    match data_dir::load(dir) {
        Ok(data) => {
            // Still valid, but the file names a stale id: say so without failing.
            for moved in &data.moved_links {
                eprintln!("atlas check: note: {moved}");
            }
            for moved in &data.moved_story_links {
                eprintln!("atlas check: note: {moved}");
            }
            println!(
                "atlas check: ok: {} features in {} collections, {} reports, {} passages, {} stories",
                data.feature_count(),
                data.layers.len(),
                data.reports.len(),
                data.passage_count(),
                data.stories.len()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for error in &errors.0 {
                eprintln!("atlas check: {error}");
            }
            ExitCode::FAILURE
        }
    }
}

fn suggest_links(dir: &Path) -> ExitCode {
    match data_dir::load(dir) {
        Ok(data) => {
            let suggestions = suggest::suggest_links(&data);
            let mut out = std::io::stdout().lock();
            for suggestion in &suggestions {
                // A closed pipe (`| head`) means the reader has enough; stop quietly.
                if writeln!(out, "{suggestion}").is_err() {
                    return ExitCode::SUCCESS;
                }
            }
            eprintln!(
                "atlas suggest-links: {} unlinked mentions",
                suggestions.len()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for error in &errors.0 {
                eprintln!("atlas suggest-links: {error}");
            }
            ExitCode::FAILURE
        }
    }
}

async fn import(args: &ImportArgs) -> Result<(), String> {
    let store = args.db.db.open().await.map_err(|e| e.to_string())?;
    let summary = import_dir(&*store, &args.data, args.dry_run)
        .await
        .map_err(|e| format!("import failed, the database is unchanged:\n{e}"))?;
    if args.dry_run {
        let mut out = std::io::stdout().lock();
        for change in &summary.changes {
            // A closed pipe (`| head`) means the reader has enough; stop quietly.
            if writeln!(
                out,
                "{} {}/{}",
                change.change.as_str(),
                change.collection,
                change.id
            )
            .is_err()
            {
                return Ok(());
            }
        }
        for change in &summary.story_changes {
            if writeln!(out, "{} story/{}", change.change.as_str(), change.id).is_err() {
                return Ok(());
            }
        }
        eprintln!(
            "atlas import --dry-run: would create {}, update {} and delete {} features \
             and {} stories{}; nothing written",
            summary.created,
            summary.updated,
            summary.deleted,
            story_counts(&summary),
            if summary.event.reports {
                ", and rewrite the reports"
            } else {
                ""
            }
        );
        return Ok(());
    }
    println!(
        "atlas import: {} features in {} collections ({} new, {} changed, {} removed), {} reports, {} passages, {} stories ({} new, {} changed, {} removed)",
        summary.features,
        summary.collections,
        summary.created,
        summary.updated,
        summary.deleted,
        summary.reports,
        summary.passages,
        summary.stories,
        summary.stories_with(Change::Create),
        summary.stories_with(Change::Update),
        summary.stories_with(Change::Delete),
    );
    Ok(())
}

/// "create 1, update 0 and delete 2": what an import does to the stories.
fn story_counts(summary: &ImportSummary) -> String {
    format!(
        "create {}, update {} and delete {}",
        summary.stories_with(Change::Create),
        summary.stories_with(Change::Update),
        summary.stories_with(Change::Delete)
    )
}

/// Serves with one worker per core (see `atlas_server::http::workers`); this thread is the first.
fn serve(cli: &ServeArgs) -> Result<(), String> {
    let runtime = workers::runtime().map_err(|e| format!("starting the runtime: {e}"))?;
    // The store's watch is spawned here, on the first worker's runtime, and
    // runs while that worker serves.
    let (state, listeners) = runtime.block_on(async {
        let state = open_state(cli).await?;
        let listeners = workers::bind(cli.addr, workers::count())
            .map_err(|e| format!("listening on {}: {e}", cli.addr))?;
        Ok::<_, String>((state, listeners))
    })?;
    let workers = listeners.len();
    let addr = listeners
        .first()
        .and_then(|l| l.local_addr().ok())
        .unwrap_or(cli.addr);
    tracing::info!(workers, "listening on http://{addr}");
    let mut refusal_headers = axum::http::HeaderMap::new();
    state.security_headers().add_to(&mut refusal_headers);
    let limits = connections::Limits::new(MAX_CONNECTIONS / workers.max(1), refusal_headers);
    // Each worker gets a pool of its own: see `store::pool_for_this_runtime`.
    let make_app = move || app_parts(state.for_this_runtime(workers));
    workers::serve(&runtime, listeners, limits, make_app, stop_signal())
        .map_err(|e| format!("serving: {e}"))
}

/// The most connections served at once, over all workers.
const MAX_CONNECTIONS: usize = 1024;

/// Resolves at the first SIGINT or SIGTERM: either stops the server gracefully.
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let interrupt = async {
        // If the handler cannot be installed, this signal never stops the server.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT: stopping"),
        () = terminate => tracing::info!("SIGTERM: stopping"),
    }
}

/// Opens (and on first start seeds) the store, and starts watching it.
async fn open_state(cli: &ServeArgs) -> Result<AppState, String> {
    let store = cli.db.db.open().await.map_err(|e| e.to_string())?;
    let seeded = store.feature_count().await.map_err(|e| e.to_string())? > 0;
    if !seeded {
        // First start: fill the database from the curated data.
        let summary = import_dir(&*store, &cli.data, false)
            .await
            .map_err(|e| format!("seeding the database from {}:\n{e}", cli.data.display()))?;
        tracing::info!(
            features = summary.features,
            reports = summary.reports,
            stories = summary.stories,
            "seeded the database from {}",
            cli.data.display()
        );
    }
    // Publishes changes that `atlas import` in another process makes.
    store.watch_other_processes();
    Ok(AppState::new(
        store,
        cli.dist.clone(),
        cli.data.clone(),
        ClientConfig {
            tiles: tile_source(cli)?,
        },
    )
    .with_https(cli.https))
}

/// The configured tile source, checked: a template a browser can fetch, with a credit.
fn tile_source(cli: &ServeArgs) -> Result<Option<TileSource>, String> {
    let (Some(url), Some(attribution)) = (&cli.tiles_url, &cli.tiles_attribution) else {
        return Ok(None);
    };
    if atlas_server::http::security::origin_of(url).is_none() {
        return Err(format!(
            "--tiles-url {url:?}: must be an http(s) URL template"
        ));
    }
    if !(url.contains("{z}") && url.contains("{x}") && url.contains("{y}")) {
        return Err(format!(
            "--tiles-url {url:?}: must contain {{z}}, {{x}} and {{y}}"
        ));
    }
    if attribution.trim().is_empty() {
        return Err("--tiles-attribution: must not be empty; tile providers require credit".into());
    }
    Ok(Some(TileSource {
        url: url.clone(),
        attribution: attribution.clone(),
    }))
}
