//! Opening a store from a `--db` value (or `ATLAS_DB`): a `postgres://` or
//! `postgresql://` URL is a PostgreSQL database with PostGIS; a `sqlite:` URL
//! or a plain path is a SQLite file, the default.

use super::postgres::PgStore;
use super::sqlite::SqliteStore;
use super::{Store, StoreError};
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

/// Where a store is kept, as `--db` names it.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl FromStr for Location {
    type Err = String;

    /// ```
    /// use atlas_server::store::open::Location;
    /// use std::path::PathBuf;
    /// let parse = |s: &str| s.parse::<Location>();
    /// assert_eq!(parse("var/atlas.sqlite"), Ok(Location::Sqlite("var/atlas.sqlite".into())));
    /// assert_eq!(parse("sqlite:var/a.sqlite"), Ok(Location::Sqlite("var/a.sqlite".into())));
    /// assert_eq!(parse("sqlite:///srv/a.sqlite"), Ok(Location::Sqlite("/srv/a.sqlite".into())));
    /// assert!(matches!(parse("postgres://atlas@db/atlas"), Ok(Location::Postgres(_))));
    /// assert!(parse("mysql://db/atlas").is_err());
    /// assert!(parse("").is_err());
    /// ```
    fn from_str(value: &str) -> Result<Location, String> {
        if value.starts_with("postgres://") || value.starts_with("postgresql://") {
            return Ok(Location::Postgres(value.to_string()));
        }
        let path = match value.strip_prefix("sqlite:") {
            // `sqlite://relative` and `sqlite:///absolute`, as sqlx writes them.
            Some(rest) => rest.strip_prefix("//").unwrap_or(rest),
            None if value.contains("://") => {
                return Err(format!(
                    "{value:?}: not a database this atlas knows; give a file path, \
                     sqlite:PATH or postgres://…"
                ));
            }
            None => value,
        };
        if path.is_empty() {
            return Err("the database path is empty".into());
        }
        Ok(Location::Sqlite(PathBuf::from(path)))
    }
}

impl fmt::Display for Location {
    /// The location for messages: a URL's password is never shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&without_password(url)),
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({self})")
    }
}

/// `url` with the password between `:` and `@` of its authority replaced by `***`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user_info, host)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{tail}")
        }
        _ => url.to_string(),
    }
}

impl Location {
    /// Whether a store is there already: a SQLite file exists, or (always) a
    /// PostgreSQL database, whose server says for itself if it is not.
    pub fn exists(&self) -> bool {
        match self {
            Location::Sqlite(path) => path.is_file(),
            Location::Postgres(_) => true,
        }
    }

    /// Opens (creating a SQLite file if needed) and migrates the store.
    pub async fn open(&self) -> Result<Arc<dyn Store>, StoreError> {
        Ok(match self {
            Location::Sqlite(path) => Arc::new(SqliteStore::open(path).await?),
            Location::Postgres(url) => Arc::new(PgStore::open(url).await?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_shown_in_a_message_hides_its_password() {
        let location: Location = "postgres://atlas:s3cret@db:5432/atlas"
            .parse()
            .expect("a URL");
        assert_eq!(location.to_string(), "postgres://atlas:***@db:5432/atlas");
        let plain: Location = "postgres://atlas@db/atlas".parse().expect("a URL");
        assert_eq!(plain.to_string(), "postgres://atlas@db/atlas");
    }
}
