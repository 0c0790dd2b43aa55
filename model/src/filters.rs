//! What the reader has chosen to see: layers, kinds, statuses, a partner, a year.

use crate::kind::{FeatureKind, Status};
use crate::properties::FeatureProperties;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The first and last years the time slider offers.
pub const YEARS: (i32, i32) = (1992, 2030);

/// The reader's filters; the default shows everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filters {
    /// Collections switched off.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub hidden_layers: BTreeSet<String>,
    /// Kinds switched off.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub hidden_kinds: BTreeSet<FeatureKind>,
    /// Statuses switched off.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub hidden_statuses: BTreeSet<Status>,
    /// Only projects with this partner (places stay, to orient the reader).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    /// With a partner chosen, leave out the places without it as well, so that
    /// what is counted is only what the reader asked for.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub partner_places: bool,
    /// The corridor as it stood in this year: only what had opened by then;
    /// features whose year is unknown stay in every year (see [`is_undated`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

impl Filters {
    /// Whether a feature of `collection` with properties `p` passes every filter.
    pub fn shows(&self, collection: &str, p: &FeatureProperties) -> bool {
        if self.hidden_layers.contains(collection)
            || self.hidden_kinds.contains(&p.kind)
            || self.hidden_statuses.contains(&p.status)
        {
            return false;
        }
        if let Some(partner) = &self.partner
            && (!p.kind.is_place() || self.partner_places)
            && !p.facts.partners.iter().any(|c| c == partner)
        {
            return false;
        }
        if p.kind.is_place() {
            return true;
        }
        match (self.year, p.facts.opened) {
            // Not yet opened in that year.
            (Some(year), Some(opened)) => opened <= year,
            // Its year is unknown: it may well have stood, so it stays, marked undated.
            (Some(_), None) | (None, _) => true,
        }
    }

    /// Whether any filter is set.
    pub fn is_active(&self) -> bool {
        *self != Filters::default()
    }
}

/// Whether a feature is placed in time by the year filter but has no known year.
pub fn is_undated(p: &FeatureProperties) -> bool {
    !p.kind.is_place() && p.facts.opened.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn props(
        kind: &str,
        status: &str,
        opened: Option<i32>,
        partners: &[&str],
    ) -> FeatureProperties {
        serde_json::from_value(json!({
            "id": "x", "name": "X", "kind": kind, "status": status,
            "facts": {"opened": opened, "partners": partners},
            "sources": [{"title": "t", "url": "https://example.org"}]
        }))
        .expect("properties")
    }

    #[test]
    fn the_default_shows_everything() {
        assert!(Filters::default().shows("energy", &props("solar", "planned", None, &[])));
    }

    #[test]
    fn a_year_hides_what_had_not_opened_yet() {
        let f = Filters {
            year: Some(2010),
            ..Filters::default()
        };
        assert!(!f.shows("energy", &props("port", "operating", Some(2017), &[])));
        assert!(f.shows("energy", &props("port", "operating", Some(2006), &[])));
    }

    #[test]
    fn a_feature_without_a_known_year_stands_in_every_year() {
        let undated = props("port", "operating", None, &[]);
        for year in [YEARS.0, 2015, YEARS.1] {
            let f = Filters {
                year: Some(year),
                ..Filters::default()
            };
            assert!(f.shows("hubs", &undated), "{year}");
        }
        assert!(is_undated(&undated));
        assert!(!is_undated(&props("capital", "operating", None, &[])));
        assert!(!is_undated(&props("port", "operating", Some(1963), &[])));
    }

    #[test]
    fn places_without_the_partner_go_only_when_asked() {
        let mut f = Filters {
            partner: Some("CN".into()),
            ..Filters::default()
        };
        let xian = props("city", "operating", None, &[]);
        let beijing = props("capital", "operating", None, &["CN"]);
        assert!(f.shows("places", &xian));
        f.partner_places = true;
        assert!(!f.shows("places", &xian));
        assert!(f.shows("places", &beijing));
        // Without a partner chosen the setting changes nothing.
        f.partner = None;
        assert!(f.shows("places", &xian));
    }

    #[test]
    fn a_partner_filter_keeps_places_for_orientation() {
        let f = Filters {
            partner: Some("CN".into()),
            ..Filters::default()
        };
        assert!(f.shows("energy", &props("solar", "planned", None, &["AZ", "CN"])));
        assert!(!f.shows("energy", &props("solar", "planned", None, &["AZ"])));
        assert!(f.shows("energy", &props("capital", "operating", None, &[])));
    }

    #[test]
    fn kinds_statuses_and_layers_switch_off() {
        let solar = props("solar", "planned", None, &[]);
        let f = Filters {
            hidden_kinds: [FeatureKind::Solar].into(),
            ..Filters::default()
        };
        assert!(!f.shows("energy", &solar));
        let f = Filters {
            hidden_statuses: [Status::Planned].into(),
            ..Filters::default()
        };
        assert!(!f.shows("energy", &solar));
        let f = Filters {
            hidden_layers: ["energy".to_string()].into(),
            ..Filters::default()
        };
        assert!(!f.shows("energy", &solar));
        assert!(f.shows("rail", &solar));
    }
}
