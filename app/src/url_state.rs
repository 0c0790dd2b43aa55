//! The address bar as the map's memory: `#map=zoom/lat/lon` as OpenStreetMap
//! writes it, then `&feature=`, `&route=`, `&passage=report/passage`, and the filters:
//! `&hide=` layers, `&off=` kinds and statuses, `&partner=` (with `&places=partner`
//! when places without that partner are left out too), `&year=`, `&tiles=on`.

use crate::filters::{Filters, YEARS};
use atlas_model::{FeatureKind, Status};

/// A passage of a report, as the reader opens it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PassageTarget {
    /// The report's slug.
    pub report: String,
    /// The passage id; `None` opens the report at its top.
    pub passage: Option<String>,
}

/// What the address records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UrlState {
    /// Zoom, latitude and longitude.
    pub map: Option<(f64, f64, f64)>,
    /// The selected feature's slug.
    pub feature: Option<String>,
    /// The route whose card is open.
    pub route: Option<String>,
    /// The open report passage.
    pub passage: Option<PassageTarget>,
    /// The reader's filters.
    pub filters: Filters,
    /// Whether the optional web tiles are on.
    pub tiles: bool,
}

impl UrlState {
    /// Reads a location hash (with or without the leading `#`); ignores what it does not know.
    pub fn parse(hash: &str) -> UrlState {
        let mut state = UrlState::default();
        for pair in hash.trim_start_matches('#').split('&') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            match key {
                "map" => state.map = parse_map(value),
                "feature" if is_token(value) => state.feature = Some(value.to_string()),
                "route" if is_token(value) => state.route = Some(value.to_string()),
                "passage" => {
                    let (report, passage) = match value.split_once('/') {
                        Some((r, p)) => (r, Some(p)),
                        None => (value, None),
                    };
                    if is_token(report) && passage.is_none_or(is_token) {
                        state.passage = Some(PassageTarget {
                            report: report.to_string(),
                            passage: passage.map(str::to_string),
                        });
                    }
                }
                "hide" => {
                    // Extended, not collected: collecting into a BTreeSet compiles a sort of its own.
                    state.filters.hidden_layers.clear();
                    state
                        .filters
                        .hidden_layers
                        .extend(value.split(',').filter(|s| is_token(s)).map(str::to_string));
                }
                "off" => {
                    for name in value.split(',') {
                        if let Some(kind) = FeatureKind::parse(name) {
                            state.filters.hidden_kinds.insert(kind);
                        } else if let Some(status) =
                            Status::ALL.into_iter().find(|s| s.as_str() == name)
                        {
                            state.filters.hidden_statuses.insert(status);
                        }
                    }
                }
                "partner" if value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase()) => {
                    state.filters.partner = Some(value.to_string());
                }
                "places" => state.filters.partner_places = value == "partner",
                "tiles" => state.tiles = value == "on",
                "year" => {
                    state.filters.year = value
                        .parse::<i32>()
                        .ok()
                        .filter(|y| (YEARS.0..=YEARS.1).contains(y));
                }
                _ => {}
            }
        }
        state
    }

    /// Writes the hash, leading `#` included.
    pub fn to_hash(&self) -> String {
        let mut parts = Vec::new();
        if let Some((zoom, lat, lon)) = self.map {
            // Four decimals of a degree is ~10 m: finer than any zoom we allow needs.
            parts.push(format!("map={}/{lat:.4}/{lon:.4}", trim_zoom(zoom)));
        }
        if let Some(feature) = &self.feature {
            parts.push(format!("feature={feature}"));
        }
        if let Some(route) = &self.route {
            parts.push(format!("route={route}"));
        }
        if let Some(target) = &self.passage {
            match &target.passage {
                Some(p) => parts.push(format!("passage={}/{p}", target.report)),
                None => parts.push(format!("passage={}", target.report)),
            }
        }
        let f = &self.filters;
        if !f.hidden_layers.is_empty() {
            parts.push(format!(
                "hide={}",
                f.hidden_layers
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(",")
            ));
        }
        let off: Vec<&str> = f
            .hidden_kinds
            .iter()
            .map(|k| k.as_str())
            .chain(f.hidden_statuses.iter().map(|s| s.as_str()))
            .collect();
        if !off.is_empty() {
            parts.push(format!("off={}", off.join(",")));
        }
        if let Some(partner) = &f.partner {
            parts.push(format!("partner={partner}"));
        }
        if f.partner.is_some() && f.partner_places {
            parts.push("places=partner".into());
        }
        if let Some(year) = f.year {
            parts.push(format!("year={year}"));
        }
        if self.tiles {
            parts.push("tiles=on".into());
        }
        format!("#{}", parts.join("&"))
    }
}

fn trim_zoom(zoom: f64) -> String {
    let s = format!("{zoom:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn parse_map(value: &str) -> Option<(f64, f64, f64)> {
    let mut it = value
        .split('/')
        .map(|s| parse_number(s).filter(|v| v.is_finite()));
    let (zoom, lat, lon) = (it.next()??, it.next()??, it.next()??);
    let ok = (0.0..=22.0).contains(&zoom)
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon);
    ok.then_some((zoom, lat, lon))
}

/// A number as the app writes them (`46.1234`, `-7`). serde_json's parser, which the
/// app carries anyway, rather than `f64::from_str`: that one's correctly-rounded
/// algorithm brings a 20 kB table of powers of five into the download for three
/// numbers in the address, where a last-digit rounding difference cannot matter.
fn parse_number(s: &str) -> Option<f64> {
    serde_json::from_str(s).ok()
}

/// Slugs only: a hand-edited address must not smuggle anything else into the app.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_view_feature_route_and_passage() {
        let state = UrlState {
            map: Some((6.5, 41.2, 46.0)),
            feature: Some("baku-tbilisi-kars-railway".into()),
            route: Some("middle-corridor".into()),
            passage: Some(PassageTarget {
                report: "r".into(),
                passage: Some("background-4".into()),
            }),
            filters: Filters::default(),
            tiles: false,
        };
        let hash = state.to_hash();
        assert_eq!(
            hash,
            "#map=6.5/41.2000/46.0000&feature=baku-tbilisi-kars-railway&route=middle-corridor&passage=r/background-4"
        );
        assert_eq!(UrlState::parse(&hash), state);
    }

    #[test]
    fn round_trips_filters() {
        let state = UrlState {
            filters: Filters {
                hidden_layers: ["pipelines".to_string()].into(),
                hidden_kinds: [FeatureKind::Solar].into(),
                hidden_statuses: [Status::Planned].into(),
                partner: Some("CN".into()),
                partner_places: true,
                year: Some(2017),
            },
            tiles: true,
            ..UrlState::default()
        };
        let hash = state.to_hash();
        assert_eq!(
            hash,
            "#hide=pipelines&off=solar,planned&partner=CN&places=partner&year=2017&tiles=on"
        );
        assert_eq!(UrlState::parse(&hash), state);
    }

    #[test]
    fn reads_openstreetmap_style_integer_zoom() {
        assert_eq!(
            UrlState::parse("#map=5/40.4093/49.8671").map,
            Some((5.0, 40.4093, 49.8671))
        );
    }

    #[test]
    fn ignores_malformed_and_hostile_values() {
        let state = UrlState::parse(
            "#map=5/999/1&feature=<img>&passage=../x&junk&partner=cn&year=1066&off=nope",
        );
        assert_eq!(state, UrlState::default());
    }

    #[test]
    fn numbers_parse_as_the_app_writes_them() {
        assert_eq!(parse_number("5"), Some(5.0));
        assert_eq!(parse_number("-7.25"), Some(-7.25));
        assert_eq!(parse_number("41.2000"), Some(41.2));
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("1e999"), None);
    }
}
