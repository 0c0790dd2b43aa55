//! The panels around the map: the popup, the report reader, the legend.

pub mod legend;
pub mod popup;
pub mod quote;
pub mod report_reader;
