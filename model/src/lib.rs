//! Corridor Atlas shared model: every type that crosses the wire between the
//! server and the app, and the rules both sides apply to them.
//!
//! No I/O lives here, so the same validation runs in the browser and the server.

pub mod account;
pub mod anchoring;
pub mod api;
pub mod bbox;
pub mod citation;
pub mod csv_reader;
pub mod feature;
pub mod filters;
mod flat_reading;
pub mod geodesy;
pub mod geometry_read;
pub mod history;
pub mod import_report;
pub mod kind;
pub mod map_style;
pub mod mentions;
pub mod merge_patch;
pub mod number;
pub mod passage_search;
pub mod properties;
pub mod quoting;
pub mod report;
pub mod scene;
pub mod scene_hash;
pub mod slug;
pub mod static_edition;
pub mod story;
pub mod story_check;
pub mod story_route;
pub mod text;
pub mod validation;

pub use bbox::Bbox;
pub use feature::{AtlasFeature, FeatureDocument};
pub use filters::Filters;
pub use kind::{FeatureKind, Precision, Status};
pub use properties::{Facts, FeatureProperties, PassageRef, Source};
pub use report::{Passage, PassageKind, Report, ReportMeta};
pub use scene::{Camera, PassageTarget, Scene};
pub use story::{StepCamera, Story, StoryList, StoryStep, StorySummary};
pub use validation::{
    ValidationError, validate_document, validate_feature, validate_feature_fully, validate_links,
};
