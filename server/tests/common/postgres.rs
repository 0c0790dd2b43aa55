//! PostgreSQL for the tests: `ATLAS_TEST_POSTGRES` names a template database
//! with PostGIS on a server the tests may create databases on
//! (`scripts/with-postgres.sh` starts one and sets it); each test gets a
//! fresh database of its own, made from that template. Without the variable
//! the tests that need PostgreSQL say so and pass without running.
//!
//! `ATLAS_TEST_STORE=postgres` makes every `TestServer` a PostgreSQL one, so
//! the whole server suite runs against the second store.

use sqlx::Connection;
use std::sync::atomic::{AtomicU64, Ordering};

/// The template database's URL, if the tests have a PostgreSQL server.
pub fn template_url() -> Option<String> {
    std::env::var("ATLAS_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// Whether every `TestServer` should be a PostgreSQL one.
pub fn suite_on_postgres() -> bool {
    std::env::var("ATLAS_TEST_STORE").is_ok_and(|store| store == "postgres")
}

/// Prints why a test that needs PostgreSQL did not run.
pub fn skipped(test: &str) {
    eprintln!("skipped {test}: set ATLAS_TEST_POSTGRES (scripts/with-postgres.sh does) to run it");
}

/// The URL of a new, empty database made from the template; `None` without
/// `ATLAS_TEST_POSTGRES`.
pub async fn fresh_database() -> Option<String> {
    static MADE: AtomicU64 = AtomicU64::new(0);
    let template = template_url()?;
    let (server, rest) = template
        .rsplit_once('/')
        .expect("ATLAS_TEST_POSTGRES is postgres://…/database");
    let template_name = rest.split('?').next().unwrap_or(rest);
    let name = format!(
        "atlas_test_{}_{}",
        std::process::id(),
        MADE.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("connects to the test PostgreSQL server");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE {name} TEMPLATE {template_name}"
    )))
    .execute(&mut admin)
    .await
    .expect("creates a test database");
    admin.close().await.expect("disconnects");
    Some(format!("{server}/{name}"))
}
