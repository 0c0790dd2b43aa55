//! The panels around the map: the popup, the report reader, the legend.

pub mod feature_list;
pub mod filter_panel;
pub mod legend;
pub mod passage_links;
pub mod passage_view;
pub mod popup;
pub mod popup_focus;
pub mod quote;
pub mod report_reader;
pub mod route_card;
pub mod search_box;
