//! The closed vocabularies of a feature: what it is, how far along, how exact.

/// Gives a closed vocabulary its wire names, the same way for every one:
/// `ALL` (in the order listed), `as_str`, `parse`, `Display`, and serde's
/// `Serialize` and `Deserialize` through the same two functions.
macro_rules! wire_names {
    ($type:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $type {
            /// Every value, in legend order.
            pub const ALL: [$type; [$($name),+].len()] = [$($type::$variant),+];

            /// The wire name, as in GeoJSON properties, URLs and the store.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($type::$variant => $name),+
                }
            }

            /// Parses a wire name; `None` for anything not in the vocabulary.
            pub fn parse(name: &str) -> Option<$type> {
                match name {
                    $($name => Some($type::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str($crate::kind::WireName {
                    parse: $type::parse,
                    names: &[$($name),+],
                })
            }
        }
    };
}
pub(crate) use wire_names;

/// Reads a wire name through its enum's `parse`: serde reads and writes the
/// same names as the rest of the atlas, and refuses others as serde's own
/// enums do (`unknown variant `x`, expected one of …`).
pub(crate) struct WireName<T: 'static> {
    /// The enum's `parse`.
    pub(crate) parse: fn(&str) -> Option<T>,
    /// Every wire name, for the error.
    pub(crate) names: &'static [&'static str],
}

impl<T> serde::de::Visitor<'_> for WireName<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("one of")?;
        for name in self.names {
            write!(f, " `{name}`")?;
        }
        Ok(())
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<T, E> {
        (self.parse)(name).ok_or_else(|| E::unknown_variant(name, self.names))
    }
}

/// What a feature is; decides its symbol, its layer style and its legend entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

wire_names!(FeatureKind {
    Rail => "rail",
    Road => "road",
    Ferry => "ferry",
    Pipeline => "pipeline",
    Port => "port",
    FreeEconomicZone => "free_economic_zone",
    Hub => "hub",
    BorderCrossing => "border_crossing",
    Terminal => "terminal",
    Solar => "solar",
    Wind => "wind",
    Hydro => "hydro",
    Capital => "capital",
    City => "city",
});

impl FeatureKind {
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

/// How far along a project is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

wire_names!(Status {
    Operating => "operating",
    UnderConstruction => "under_construction",
    Planned => "planned",
    Proposed => "proposed",
    Cancelled => "cancelled",
});

impl Status {
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Precision {
    /// Surveyed or taken from an authoritative map.
    #[default]
    Exact,
    /// Placed from descriptions; good to a few kilometres.
    Approximate,
}

wire_names!(Precision {
    Exact => "exact",
    Approximate => "approximate",
});

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
    fn every_status_and_precision_round_trips_through_its_wire_name() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).expect("serialize");
            assert_eq!(json, format!("\"{status}\""));
        }
        for precision in Precision::ALL {
            assert_eq!(Precision::parse(precision.as_str()), Some(precision));
            let json = serde_json::to_string(&precision).expect("serialize");
            assert_eq!(json, format!("\"{precision}\""));
        }
    }

    #[test]
    fn unknown_kind_names_parse_to_none() {
        assert_eq!(FeatureKind::parse("spaceport"), None);
        assert_eq!(FeatureKind::parse(""), None);
    }
}
