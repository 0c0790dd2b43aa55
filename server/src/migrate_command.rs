//! `atlas migrate --from sqlite:var/atlas.sqlite --to postgres://…`: a whole
//! atlas moved into an empty PostgreSQL database (`store::transfer`).

use atlas_server::store::open::Location;
use atlas_server::store::postgres::PgStore;
use atlas_server::store::sqlite::SqliteStore;
use atlas_server::store::transfer;
use clap::Args;

/// `atlas migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The database to copy from: a SQLite file's path or `sqlite:PATH`.
    #[arg(long)]
    from: Location,
    /// The empty PostgreSQL database to copy into: `postgres://user:password@host/db`.
    #[arg(long)]
    to: Location,
}

/// Copies the atlas at `--from` into `--to`.
pub async fn run(args: &MigrateArgs) -> Result<(), String> {
    let (Location::Sqlite(path), Location::Postgres(url)) = (&args.from, &args.to) else {
        return Err(format!(
            "atlas migrate copies from a SQLite file into PostgreSQL; \
             --from {} --to {} is not that",
            args.from, args.to
        ));
    };
    if !path.is_file() {
        return Err(format!("{}: no database there", path.display()));
    }
    let from = SqliteStore::open(path).await.map_err(|e| e.to_string())?;
    let to = PgStore::open(url).await.map_err(|e| e.to_string())?;
    let summary = transfer::sqlite_to_postgres(&from, &to)
        .await
        .map_err(|e| format!("migrate failed, {} is unchanged:\n{e}", args.to))?;
    let counts: Vec<String> = summary
        .tables
        .iter()
        .map(|(table, rows)| format!("{rows} {table}"))
        .collect();
    println!(
        "atlas migrate: copied {} into {}: {}",
        args.from,
        args.to,
        counts.join(", ")
    );
    Ok(())
}
