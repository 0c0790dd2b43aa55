//! The SQLite store: the queries each resource needs, and the import.

pub mod batch;
pub mod features;
pub mod import;
pub mod reports;
pub mod search;
