//! `atlas user`: add, list, remove accounts and change their passwords.

use atlas_model::account::Role;
use atlas_server::accounts::{self, AccountError};
use atlas_server::clock;
use atlas_server::store::Store;
use atlas_server::store::open::Location;
use clap::{Args, Subcommand};
use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;

/// What `atlas user` does.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account; the password is asked for, or read as one line of stdin.
    Add(AddArgs),
    /// List the accounts: name, role and when each was added.
    List(DbOnly),
    /// Remove an account, which ends its sessions.
    Remove(NameArgs),
    /// Change an account's password, which ends its sessions.
    Passwd(NameArgs),
}

/// The database.
#[derive(Debug, Args)]
pub struct DbOnly {
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

/// `atlas user add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The account's name: ASCII letters, digits, `.`, `_`, `-` and `@`.
    name: String,
    /// What it may do: `editor` (features and stories) or `admin` (also accounts).
    #[arg(long, value_parser = parse_role)]
    role: Role,
    #[command(flatten)]
    db: DbOnly,
}

/// The commands that name one account.
#[derive(Debug, Args)]
pub struct NameArgs {
    /// The account's name.
    name: String,
    #[command(flatten)]
    db: DbOnly,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("must be one of {}", names.join(", "))
    })
}

/// Runs `atlas user …`.
pub async fn run(command: &UserCommand) -> Result<(), String> {
    match command {
        UserCommand::Add(args) => {
            let store = open(&args.db).await?;
            let password = read_password(&args.name)?;
            accounts::add_user(
                &*store,
                &args.name,
                args.role,
                password,
                clock::now_rfc3339(),
            )
            .await
            .map_err(message)?;
            println!("atlas user: added {} ({})", args.name, args.role);
        }
        UserCommand::List(db) => {
            let store = open(db).await?;
            let users = store.users().await.map_err(|e| e.to_string())?;
            let width = users.iter().map(|u| u.name.len()).max().unwrap_or(0);
            let mut out = std::io::stdout().lock();
            for user in &users {
                // A closed pipe (`| head`) means the reader has enough; stop quietly.
                if writeln!(
                    out,
                    "{:width$}  {:6}  {}",
                    user.name,
                    user.role.as_str(),
                    user.created
                )
                .is_err()
                {
                    break;
                }
            }
        }
        UserCommand::Remove(args) => {
            let store = open(&args.db).await?;
            accounts::remove_user(&*store, &args.name)
                .await
                .map_err(message)?;
            println!("atlas user: removed {}", args.name);
        }
        UserCommand::Passwd(args) => {
            let store = open(&args.db).await?;
            // Refuse an unknown name before asking for a password.
            if store
                .credentials(&args.name)
                .await
                .map_err(|e| e.to_string())?
                .is_none()
            {
                return Err(message(AccountError::Unknown(args.name.clone())));
            }
            let password = read_password(&args.name)?;
            accounts::set_password(&*store, &args.name, password)
                .await
                .map_err(message)?;
            println!("atlas user: changed the password of {}", args.name);
        }
    }
    Ok(())
}

async fn open(db: &DbOnly) -> Result<Arc<dyn Store>, String> {
    db.db.open().await.map_err(|e| e.to_string())
}

fn message(error: AccountError) -> String {
    format!("user: {error}")
}

/// The password: asked for twice without echo on a terminal, else the first line of stdin.
fn read_password(name: &str) -> Result<String, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {name}: "))
            .map_err(|e| format!("reading the password: {e}"))?;
        let again = rpassword::prompt_password("The same again: ")
            .map_err(|e| format!("reading the password: {e}"))?;
        if again != first {
            return Err("user: the passwords differ; nothing changed".into());
        }
        return Ok(first);
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("reading the password from stdin: {e}"))?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    Ok(password.strip_suffix('\r').unwrap_or(password).to_string())
}
