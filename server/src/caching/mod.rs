//! Work done once and served many times: finished answers until the store
//! changes, files compressed once, and the codings both use.

pub mod answer_cache;
pub mod app_files;
pub mod compressed;
pub mod compressed_files;
pub mod content_coding;
