//! Work done once and served many times: finished answers until the store
//! changes, files and the app's page compressed once, and the codings they use.

pub mod answer_cache;
pub mod app_files;
pub mod app_page;
pub mod compressed;
pub mod compressed_files;
pub mod content_coding;
