//! The closed vocabularies of a feature: what it is, how far along, how exact.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a feature is; decides its symbol, its layer style and its legend entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureKind {
    /// A railway line or leg.
    Rail,
    /// A road leg.
    Road,
    /// A sea crossing by ferry or ro-ro.
    Ferry,
    /// A gas or oil pipeline.
    Pipeline,
    /// A sea port.
    Port,
    /// A free economic zone.
    FreeEconomicZone,
    /// A solar power plant.
    Solar,
    /// A wind farm, on- or offshore.
    Wind,
    /// A hydroelectric plant.
    Hydro,
    /// An oil or gas terminal.
    Terminal,
    /// A logistics hub or dry port.
    Hub,
    /// A border crossing.
    BorderCrossing,
    /// A national capital.
    Capital,
    /// Any other city.
    City,
}

impl FeatureKind {
    /// Every kind, in legend order.
    pub const ALL: [FeatureKind; 14] = [
        FeatureKind::Rail,
        FeatureKind::Road,
        FeatureKind::Ferry,
        FeatureKind::Pipeline,
        FeatureKind::Port,
        FeatureKind::FreeEconomicZone,
        FeatureKind::Hub,
        FeatureKind::BorderCrossing,
        FeatureKind::Terminal,
        FeatureKind::Solar,
        FeatureKind::Wind,
        FeatureKind::Hydro,
        FeatureKind::Capital,
        FeatureKind::City,
    ];

    /// The wire name, as in the GeoJSON `kind` property.
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureKind::Rail => "rail",
            FeatureKind::Road => "road",
            FeatureKind::Ferry => "ferry",
            FeatureKind::Pipeline => "pipeline",
            FeatureKind::Port => "port",
            FeatureKind::FreeEconomicZone => "free_economic_zone",
            FeatureKind::Solar => "solar",
            FeatureKind::Wind => "wind",
            FeatureKind::Hydro => "hydro",
            FeatureKind::Terminal => "terminal",
            FeatureKind::Hub => "hub",
            FeatureKind::BorderCrossing => "border_crossing",
            FeatureKind::Capital => "capital",
            FeatureKind::City => "city",
        }
    }

    /// A reader-facing name for legends and popups.
    pub fn label(self) -> &'static str {
        match self {
            FeatureKind::Rail => "Railway",
            FeatureKind::Road => "Road",
            FeatureKind::Ferry => "Ferry crossing",
            FeatureKind::Pipeline => "Pipeline",
            FeatureKind::Port => "Port",
            FeatureKind::FreeEconomicZone => "Free economic zone",
            FeatureKind::Solar => "Solar plant",
            FeatureKind::Wind => "Wind farm",
            FeatureKind::Hydro => "Hydropower",
            FeatureKind::Terminal => "Terminal",
            FeatureKind::Hub => "Logistics hub",
            FeatureKind::BorderCrossing => "Border crossing",
            FeatureKind::Capital => "Capital",
            FeatureKind::City => "City",
        }
    }

    /// Parses a wire name; `None` for anything not in the vocabulary.
    pub fn parse(name: &str) -> Option<FeatureKind> {
        FeatureKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether this kind is drawn as a line (routes and pipelines).
    pub fn is_route(self) -> bool {
        matches!(
            self,
            FeatureKind::Rail | FeatureKind::Road | FeatureKind::Ferry | FeatureKind::Pipeline
        )
    }

    /// Whether this kind is a place label rather than a project.
    pub fn is_place(self) -> bool {
        matches!(self, FeatureKind::Capital | FeatureKind::City)
    }
}

impl fmt::Display for FeatureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How far along a project is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In service.
    Operating,
    /// Being built.
    UnderConstruction,
    /// Decided and scheduled, not yet built.
    Planned,
    /// Talked about, not decided.
    Proposed,
    /// Abandoned.
    Cancelled,
}

impl Status {
    /// Every status, in legend order.
    pub const ALL: [Status; 5] = [
        Status::Operating,
        Status::UnderConstruction,
        Status::Planned,
        Status::Proposed,
        Status::Cancelled,
    ];

    /// The wire name, as in the GeoJSON `status` property.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Operating => "operating",
            Status::UnderConstruction => "under_construction",
            Status::Planned => "planned",
            Status::Proposed => "proposed",
            Status::Cancelled => "cancelled",
        }
    }

    /// A reader-facing name.
    pub fn label(self) -> &'static str {
        match self {
            Status::Operating => "Operating",
            Status::UnderConstruction => "Under construction",
            Status::Planned => "Planned",
            Status::Proposed => "Proposed",
            Status::Cancelled => "Cancelled",
        }
    }

    /// Whether the thing exists on the ground yet; not-yet-built routes draw dotted.
    pub fn is_built(self) -> bool {
        matches!(self, Status::Operating)
    }
}

/// How exactly a feature's geometry is known; shown to readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// Surveyed or taken from an authoritative map.
    #[default]
    Exact,
    /// Placed from descriptions; good to a few kilometres.
    Approximate,
}

impl Precision {
    /// A reader-facing name.
    pub fn label(self) -> &'static str {
        match self {
            Precision::Exact => "Exact",
            Precision::Approximate => "Approximate location",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_wire_name() {
        for kind in FeatureKind::ALL {
            assert_eq!(FeatureKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).expect("serialize");
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn unknown_kind_names_parse_to_none() {
        assert_eq!(FeatureKind::parse("spaceport"), None);
        assert_eq!(FeatureKind::parse(""), None);
    }
}
