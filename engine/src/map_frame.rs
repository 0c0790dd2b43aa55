//! The layer coordinates the map's layers draw in, shared as context.

use crate::viewport::Frame;
use leptos::prelude::*;

/// The layer coordinates the map's paths and symbols are drawn in, as context.
#[derive(Clone, Copy)]
pub struct MapFrame(pub Memo<Frame>);
