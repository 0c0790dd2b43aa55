//! A feature's properties as they appear in GeoJSON: the schema of `data/layers`.

use crate::anchoring::QuoteSelector;
use crate::kind::{FeatureKind, Precision, Status};
use serde::{Deserialize, Serialize};

/// Everything curated about a feature besides its geometry. What the server
/// owns (revision, `updated_at`) is not here: the store keeps it in columns of
/// its own and the API serves it beside `properties`, never inside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureProperties {
    /// Stable slug, equal to the feature's GeoJSON `id`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other spellings, for search and for finding mentions in reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// What the feature is.
    pub kind: FeatureKind,
    /// How far along it is.
    pub status: Status,
    /// When the status was last known true: a month (`2026-01`) or a day
    /// (`2026-01-15`), set by the editor who set the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_as_of: Option<String>,
    /// Numbers and names a reader wants at a glance.
    #[serde(default)]
    pub facts: Facts,
    /// How exactly the geometry is known.
    #[serde(default)]
    pub precision: Precision,
    /// Where the facts come from.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Report passages that speak of this feature.
    #[serde(default)]
    pub passages: Vec<PassageRef>,
    /// The route this feature is a leg of (a slug such as `middle-corridor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// Position of this leg along its route, from 1 in travel order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leg: Option<u32>,
}

impl FeatureProperties {
    /// The status as a reader sees it, with its date when an editor set one:
    /// "Operating, as of 2026-01".
    pub fn status_label(&self) -> String {
        match &self.status_as_of {
            Some(as_of) => format!("{}, as of {as_of}", self.status.label()),
            None => self.status.label().to_string(),
        }
    }
}

/// The facts a popup lists; every field is optional because projects differ.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// Nameplate capacity in megawatts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_mw: Option<f64>,
    /// Length in kilometres, as published (the map also measures its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length_km: Option<f64>,
    /// Year it opened, or is expected to open if not yet operating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<i32>,
    /// Partner countries and blocs: ISO 3166 alpha-2 codes, plus `EU`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<String>,
    /// Who runs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// What a pipeline carries: `gas` or `oil`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commodity: Option<String>,
    /// Capacity in its own unit, as text ("16 bcm/yr", "1.2 million b/d").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput: Option<String>,
}

/// A published source for a feature's facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the page or document.
    pub title: String,
    /// Where to read it.
    pub url: String,
    /// When it was read (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<String>,
}

/// A link from a feature to one passage of one report.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassageRef {
    /// The report's slug.
    pub report: String,
    /// The passage's id within that report.
    pub passage: String,
    /// The words the link is about, so it still lands when passage ids change;
    /// see `anchoring`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<QuoteSelector>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_label_carries_its_date_when_one_is_set() {
        let mut p: FeatureProperties = serde_json::from_value(serde_json::json!({
            "id": "khizi-absheron-wind", "name": "Khizi-Absheron", "kind": "wind",
            "status": "operating",
        }))
        .expect("properties");
        assert_eq!(p.status_label(), "Operating");
        p.status_as_of = Some("2026-01".into());
        assert_eq!(p.status_label(), "Operating, as of 2026-01");
        let text = serde_json::to_string(&p).expect("serializes");
        assert!(
            text.contains(r#""status":"operating","status_as_of":"2026-01""#),
            "{text}"
        );
    }
}
