//! `atlas`: serve the map, import the curated data, check it, or suggest passage links.

use atlas_model::api::{ClientConfig, TileSource};
use atlas_server::store::import::import_dir;
use atlas_server::{AppState, app, connections, data_dir, store, suggest, workers};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc keeps freed memory for reuse per thread: a page body of 400 kB is
/// not mapped and faulted in anew per request, and RSS stays flat under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Corridor Atlas: an interactive map of the Middle Corridor.
#[derive(Debug, Parser)]
#[command(name = "atlas", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Address to listen on.
    #[arg(
        long,
        env = "ATLAS_ADDR",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    addr: SocketAddr,
    /// The SQLite database file (its folder is created if missing).
    #[arg(
        long,
        env = "ATLAS_DB",
        default_value = "var/atlas.sqlite",
        global = true
    )]
    db: PathBuf,
    /// The curated data folder.
    #[arg(long, env = "ATLAS_DATA", default_value = "data", global = true)]
    data: PathBuf,
    /// The built app (Trunk's output).
    #[arg(long, env = "ATLAS_DIST", default_value = "dist", global = true)]
    dist: PathBuf,
    /// An XYZ raster tile URL template (`https://host/{z}/{x}/{y}.png`) readers may
    /// switch on; off by default, since the map must work offline.
    #[arg(
        long,
        env = "ATLAS_TILES_URL",
        global = true,
        requires = "tiles_attribution"
    )]
    tiles_url: Option<String>,
    /// The credit the tile provider requires, shown while its tiles are on.
    #[arg(long, env = "ATLAS_TILES_ATTRIBUTION", global = true)]
    tiles_attribution: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API and the app (the default); seeds an empty database from the data folder.
    Serve,
    /// Replace the database's content with the data folder's, in one transaction.
    Import,
    /// Check the data folder: files, feature schema, passage links.
    Check {
        /// The folder to check (default: --data).
        data_dir: Option<PathBuf>,
    },
    /// List where reports name a feature whose passage links miss that passage.
    SuggestLinks {
        /// The folder to read (default: --data).
        data_dir: Option<PathBuf>,
    },
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
    match cli.command {
        Some(Command::Check { ref data_dir }) => check(data_dir.as_deref().unwrap_or(&cli.data)),
        Some(Command::SuggestLinks { ref data_dir }) => {
            suggest_links(data_dir.as_deref().unwrap_or(&cli.data))
        }
        ref command => {
            let result = match command {
                Some(Command::Import) => tokio::runtime::Runtime::new()
                    .map_err(|error| format!("starting the runtime: {error}"))
                    .and_then(|runtime| runtime.block_on(import(&cli))),
                _ => serve(&cli),
            };
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => fail(&message),
            }
        }
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
            println!(
                "atlas check: ok: {} features in {} collections, {} reports, {} passages",
                data.feature_count(),
                data.layers.len(),
                data.reports.len(),
                data.passage_count()
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

async fn import(cli: &Cli) -> Result<(), String> {
    let pool = store::open(&cli.db).await.map_err(|e| e.to_string())?;
    let summary = import_dir(&pool, &cli.data)
        .await
        .map_err(|e| format!("import failed, the database is unchanged:\n{e}"))?;
    println!(
        "atlas import: {} features in {} collections ({} new, {} changed, {} removed), {} reports, {} passages",
        summary.features,
        summary.collections,
        summary.created,
        summary.updated,
        summary.deleted,
        summary.reports,
        summary.passages
    );
    Ok(())
}

/// Serves with one worker per core (see `atlas_server::workers`); this thread is the first.
fn serve(cli: &Cli) -> Result<(), String> {
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
    let make_app = move || app(state.for_this_runtime(workers));
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
async fn open_state(cli: &Cli) -> Result<AppState, String> {
    let pool = store::open(&cli.db).await.map_err(|e| e.to_string())?;
    let seeded = store::feature_count(&pool)
        .await
        .map_err(|e| e.to_string())?
        > 0;
    if !seeded {
        // First start: fill the database from the curated data.
        let summary = import_dir(&pool, &cli.data)
            .await
            .map_err(|e| format!("seeding the database from {}:\n{e}", cli.data.display()))?;
        tracing::info!(
            features = summary.features,
            reports = summary.reports,
            "seeded the database from {}",
            cli.data.display()
        );
    }
    // Drops cached answers when `atlas import` in another process changes the store.
    atlas_server::cache::watch_store(pool.clone());
    let state = AppState {
        db: pool,
        dist: cli.dist.clone(),
        data: cli.data.clone(),
        config: ClientConfig {
            tiles: tile_source(cli)?,
        },
        cache: atlas_server::cache::AnswerCache::default(),
        spatial: atlas_server::spatial::SpatialIndex::default(),
        page_buffers: atlas_server::page_buffers::PageBuffers::default(),
        files: Default::default(),
        collections: Default::default(),
    };
    Ok(state)
}

/// The configured tile source, checked: a template a browser can fetch, with a credit.
fn tile_source(cli: &Cli) -> Result<Option<TileSource>, String> {
    let (Some(url), Some(attribution)) = (&cli.tiles_url, &cli.tiles_attribution) else {
        return Ok(None);
    };
    if atlas_server::security::origin_of(url).is_none() {
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
