//! The feature form: its fields as typed (`fields`), judged by the server's
//! rules (`check`), and on screen (`view`, `rows`).

pub mod check;
pub mod fields;
pub mod passages;
pub mod rows;
pub mod view;
