//! The rules every feature obeys, applied alike by `atlas check`, the importer,
//! the editing API and the app's forms.

use crate::anchoring::{AnchorError, resolve};
use crate::feature::{AtlasFeature, FeatureDocument};
use crate::kind::{FeatureKind, Status};
use crate::number::trimmed;
use crate::properties::FeatureProperties;
use crate::report::Report;
use crate::slug::is_slug;
use geojson::{Feature, Geometry, GeometryValue, Position, feature::Id};
use std::collections::HashSet;

mod every;
mod formats;

pub use every::validate_feature_fully;
pub use formats::{check_month_or_day, is_web_url};

/// Why a feature or a link was refused; each names the feature and the field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValidationError {
    /// The feature has no usable `id`.
    #[error("feature {feature}: id must be a slug (lowercase a-z, 0-9 and dashes), got {id:?}")]
    BadId {
        /// The feature as best it can be named.
        feature: String,
        /// The offending id.
        id: String,
    },
    /// The top-level `id` and `properties.id` disagree.
    #[error("feature {feature}: top-level id {top:?} differs from properties.id")]
    IdMismatch {
        /// The slug in `properties.id`.
        feature: String,
        /// The top-level `id`.
        top: String,
    },
    /// A property is missing, of the wrong type, or not in its vocabulary.
    #[error("feature {feature}: property `{field}`: {reason}")]
    Property {
        /// The feature as best it can be named.
        feature: String,
        /// The property path, such as `kind` or `facts.capacity_mw`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The geometry is missing or malformed.
    #[error("feature {feature}: geometry: {reason}")]
    Geometry {
        /// The feature's slug.
        feature: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A coordinate is not a finite WGS 84 longitude/latitude.
    #[error("feature {feature}: coordinate [{}, {}] {reason}", trimmed(*.lon, 6), trimmed(*.lat, 6))]
    Coordinate {
        /// The feature's slug.
        feature: String,
        /// The longitude as given.
        lon: f64,
        /// The latitude as given.
        lat: f64,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Two features share one id.
    #[error("feature {feature}: id is used by more than one feature")]
    DuplicateId {
        /// The repeated slug.
        feature: String,
    },
    /// A passage link points at a report or passage that does not exist.
    #[error("feature {feature}: passage link {report}#{passage} does not resolve: {reason}")]
    DanglingPassage {
        /// The feature holding the link.
        feature: String,
        /// The report slug linked.
        report: String,
        /// The passage id linked.
        passage: String,
        /// What is missing: the report, the passage, or the quoted words (named).
        reason: String,
    },
}

impl ValidationError {
    /// The slug (or best name) of the feature at fault.
    pub fn feature(&self) -> &str {
        match self {
            ValidationError::BadId { feature, .. }
            | ValidationError::IdMismatch { feature, .. }
            | ValidationError::Property { feature, .. }
            | ValidationError::Geometry { feature, .. }
            | ValidationError::Coordinate { feature, .. }
            | ValidationError::DuplicateId { feature }
            | ValidationError::DanglingPassage { feature, .. } => feature,
        }
    }

    /// The field at fault, as a path into the GeoJSON feature.
    pub fn field(&self) -> String {
        match self {
            ValidationError::BadId { .. } | ValidationError::DuplicateId { .. } => "id".into(),
            ValidationError::IdMismatch { .. } => "id".into(),
            ValidationError::Property { field, .. } => format!("properties.{field}"),
            ValidationError::Geometry { .. } | ValidationError::Coordinate { .. } => {
                "geometry".into()
            }
            ValidationError::DanglingPassage { .. } => "properties.passages".into(),
        }
    }
}

impl ValidationError {
    /// What is wrong, without naming the feature or the field: what a form
    /// shows beside the field.
    pub fn reason(&self) -> String {
        match self {
            ValidationError::BadId { id, .. } => {
                format!("must be a slug (lowercase a-z, 0-9 and dashes), got {id:?}")
            }
            ValidationError::IdMismatch { top, .. } => {
                format!("the top-level id {top:?} differs from properties.id")
            }
            ValidationError::Property { reason, .. } | ValidationError::Geometry { reason, .. } => {
                reason.clone()
            }
            ValidationError::Coordinate {
                lon, lat, reason, ..
            } => format!(
                "coordinate [{}, {}] {reason}",
                trimmed(*lon, 6),
                trimmed(*lat, 6)
            ),
            ValidationError::DuplicateId { .. } => "is used by more than one feature".into(),
            ValidationError::DanglingPassage {
                report,
                passage,
                reason,
                ..
            } => format!("link {report}#{passage} does not resolve: {reason}"),
        }
    }
}

/// Checks one GeoJSON feature against the schema and returns it typed.
pub fn validate_feature(feature: &Feature) -> Result<AtlasFeature, ValidationError> {
    let empty = geojson::JsonObject::new();
    let raw = feature.properties.as_ref().unwrap_or(&empty);
    let name_hint = raw
        .get("id")
        .and_then(|v| v.as_str())
        .or_else(|| raw.get("name").and_then(|v| v.as_str()))
        .unwrap_or("(unnamed)")
        .to_string();
    let property = |field: &str, reason: String| ValidationError::Property {
        feature: name_hint.clone(),
        field: field.to_string(),
        reason,
    };

    // Check the vocabulary fields by hand first so the message names the field.
    for (field, known) in [
        ("kind", FeatureKind::ALL.map(FeatureKind::as_str).to_vec()),
        ("status", Status::ALL.map(Status::as_str).to_vec()),
    ] {
        match raw.get(field) {
            None => return Err(property(field, "is required".into())),
            Some(v) => match v.as_str() {
                Some(s) if known.contains(&s) => {}
                _ => {
                    return Err(property(
                        field,
                        format!("unknown value {v}; expected one of {}", known.join(", ")),
                    ));
                }
            },
        }
    }
    let properties: FeatureProperties =
        serde_json::from_value(serde_json::Value::Object(raw.clone()))
            .map_err(|e| property(&serde_field(&e), e.to_string()))?;

    let top = match &feature.id {
        Some(Id::String(top)) => Some(top.as_str()),
        Some(Id::Number(n)) => {
            return Err(ValidationError::IdMismatch {
                feature: properties.id,
                top: n.to_string(),
            });
        }
        None => None,
    };
    let geometry = check_typed(top, &properties, feature.geometry.as_ref())?;
    Ok(AtlasFeature {
        properties,
        geometry: geometry.clone(),
    })
}

/// Checks a feature that was read straight into its types (see
/// [`FeatureDocument`]): the rules serde cannot state, the same as for
/// [`validate_feature`].
pub fn validate_document(document: FeatureDocument) -> Result<AtlasFeature, ValidationError> {
    let FeatureDocument {
        id,
        properties,
        geometry,
    } = document;
    check_typed(id.as_deref(), &properties, geometry.as_ref())?;
    // `check_typed` has refused a missing geometry already; this only moves it out.
    let geometry = geometry.ok_or_else(|| missing_geometry(&properties.id))?;
    Ok(AtlasFeature {
        properties,
        geometry,
    })
}

fn missing_geometry(id: &str) -> ValidationError {
    ValidationError::Geometry {
        feature: id.to_string(),
        reason: "is required".into(),
    }
}

/// The checks that follow typing: the slug, the ids' agreement, the name,
/// facts, sources and geometry. Returns the geometry, now known to be there,
/// or the first error [`collect_typed`] finds.
fn check_typed<'g>(
    top: Option<&str>,
    properties: &FeatureProperties,
    geometry: Option<&'g Geometry>,
) -> Result<&'g Geometry, ValidationError> {
    let mut errors = Vec::new();
    let geometry = collect_typed(top, properties, geometry, &mut errors);
    match (errors.into_iter().next(), geometry) {
        (Some(first), _) => Err(first),
        (None, Some(geometry)) => Ok(geometry),
        (None, None) => Err(missing_geometry(&properties.id)),
    }
}

/// Every error of the checks that follow typing, in the order
/// [`check_typed`] reports the first; the geometry, if there is one.
fn collect_typed<'g>(
    top: Option<&str>,
    properties: &FeatureProperties,
    geometry: Option<&'g Geometry>,
    errors: &mut Vec<ValidationError>,
) -> Option<&'g Geometry> {
    let id = properties.id.clone();
    if !is_slug(&id) {
        errors.push(ValidationError::BadId {
            feature: id.clone(),
            id: id.clone(),
        });
    }
    if let Some(top) = top.filter(|top| *top != id) {
        errors.push(ValidationError::IdMismatch {
            feature: id.clone(),
            top: top.to_string(),
        });
    }
    let name = |reason: &str| ValidationError::Property {
        feature: id.clone(),
        field: "name".into(),
        reason: reason.into(),
    };
    if properties.name.trim().is_empty() {
        errors.push(name("must not be empty"));
    } else if properties.name.chars().count() > 200 {
        errors.push(name("must be at most 200 characters"));
    }
    if let Some(as_of) = &properties.status_as_of
        && let Err(reason) = check_month_or_day(as_of)
    {
        errors.push(ValidationError::Property {
            feature: id.clone(),
            field: "status_as_of".into(),
            reason,
        });
    }
    check_facts(properties, errors);
    check_sources(properties, errors);
    match geometry {
        None => errors.push(missing_geometry(&id)),
        Some(geometry) => check_geometry(&id, Some(properties.kind), &geometry.value, errors),
    }
    geometry
}

/// Checks that ids are unique and that every passage link lands in a passage
/// (by its id, or by its quote after an edit; see `anchoring::resolve`).
pub fn validate_links(features: &[AtlasFeature], reports: &[Report]) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for feature in features {
        if !seen.insert(feature.id()) {
            errors.push(ValidationError::DuplicateId {
                feature: feature.id().to_string(),
            });
        }
        link_errors(&feature.properties, reports, &mut errors);
    }
    errors
}

/// Adds an error for every passage link of `properties` that lands in no
/// passage of `reports`.
fn link_errors(
    properties: &FeatureProperties,
    reports: &[Report],
    errors: &mut Vec<ValidationError>,
) {
    for link in &properties.passages {
        let resolved = match reports.iter().find(|r| r.meta.id == link.report) {
            None => Err(AnchorError::NoSuchReport),
            Some(report) => resolve(link, report),
        };
        if let Err(reason) = resolved {
            errors.push(ValidationError::DanglingPassage {
                feature: properties.id.clone(),
                report: link.report.clone(),
                passage: link.passage.clone(),
                reason: reason.to_string(),
            });
        }
    }
}

/// Pulls the field name out of a serde message such as "missing field `name`".
fn serde_field(error: &serde_json::Error) -> String {
    let message = error.to_string();
    message
        .split('`')
        .nth(1)
        .filter(|f| !f.contains(' '))
        .unwrap_or("(properties)")
        .to_string()
}

fn check_facts(p: &FeatureProperties, errors: &mut Vec<ValidationError>) {
    let bad = |field: &str, reason: &str| ValidationError::Property {
        feature: p.id.clone(),
        field: format!("facts.{field}"),
        reason: reason.to_string(),
    };
    let f = &p.facts;
    for (field, value) in [("capacity_mw", f.capacity_mw), ("length_km", f.length_km)] {
        if let Some(v) = value
            && (!v.is_finite() || v < 0.0)
        {
            errors.push(bad(field, "must be a non-negative number"));
        }
    }
    if let Some(year) = f.opened
        && !(1800..=2100).contains(&year)
    {
        errors.push(bad("opened", "must be a year between 1800 and 2100"));
    }
    if let Some(code) = f.partners.iter().find(|c| !is_partner_code(c)) {
        errors.push(bad(
            "partners",
            &format!("{code:?} is not an ISO 3166 alpha-2 code or EU"),
        ));
    }
}

/// Every feature says where its facts come from, with a link a reader can follow.
fn check_sources(p: &FeatureProperties, errors: &mut Vec<ValidationError>) {
    let bad = |field: String, reason: &str| ValidationError::Property {
        feature: p.id.clone(),
        field,
        reason: reason.to_string(),
    };
    if p.sources.is_empty() {
        errors.push(bad("sources".into(), "must list at least one source"));
    }
    for (i, source) in p.sources.iter().enumerate() {
        if source.title.trim().is_empty() {
            errors.push(bad(format!("sources[{i}].title"), "must not be empty"));
        }
        if !is_web_url(&source.url) {
            errors.push(bad(format!("sources[{i}].url"), "must be an http(s) URL"));
        }
    }
}

fn is_partner_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// The most coordinate errors listed for one feature: one bad import can
/// hold thousands, and the first few say what is wrong.
const MAX_COORDINATE_ERRORS: usize = 20;

/// Checks a geometry's structure, that it suits `kind` (when the kind is
/// known), and every position.
fn check_geometry(
    id: &str,
    kind: Option<FeatureKind>,
    value: &GeometryValue,
    errors: &mut Vec<ValidationError>,
) {
    let bad = |reason: String| ValidationError::Geometry {
        feature: id.to_string(),
        reason,
    };
    let mut structure = |result: Result<(), String>| {
        if let Err(reason) = result {
            errors.push(bad(reason));
        }
    };
    let positions: Vec<&Position> = match value {
        GeometryValue::Point { coordinates } => vec![coordinates],
        GeometryValue::MultiPoint { coordinates } => coordinates.iter().collect(),
        GeometryValue::LineString { coordinates } => {
            structure(check_line(coordinates));
            coordinates.iter().collect()
        }
        GeometryValue::MultiLineString { coordinates } => {
            if coordinates.is_empty() {
                structure(Err("a MultiLineString needs at least one line".into()));
            }
            for line in coordinates {
                structure(check_line(line));
            }
            coordinates.iter().flatten().collect()
        }
        GeometryValue::Polygon { coordinates } => {
            structure(check_polygon(coordinates));
            coordinates.iter().flatten().collect()
        }
        GeometryValue::MultiPolygon { coordinates } => {
            for polygon in coordinates {
                structure(check_polygon(polygon));
            }
            coordinates.iter().flatten().flatten().collect()
        }
        GeometryValue::GeometryCollection { .. } => {
            errors.push(bad(
                "GeometryCollection is not supported; use one feature per part".into(),
            ));
            return;
        }
    };
    let is_line = matches!(
        value,
        GeometryValue::LineString { .. } | GeometryValue::MultiLineString { .. }
    );
    if let Some(kind) = kind {
        if kind.is_route() && !is_line {
            errors.push(bad(format!(
                "a {} must be a LineString or MultiLineString, got {}",
                kind.as_str(),
                value.type_name()
            )));
        }
        if !kind.is_route() && is_line {
            errors.push(bad(format!("a {} cannot be a line", kind.as_str())));
        }
    }
    errors.extend(
        positions
            .into_iter()
            .filter_map(|position| check_position(id, position).err())
            .take(MAX_COORDINATE_ERRORS),
    );
}

fn check_position(id: &str, position: &Position) -> Result<(), ValidationError> {
    let coordinate = |lon: f64, lat: f64, reason| ValidationError::Coordinate {
        feature: id.to_string(),
        lon,
        lat,
        reason,
    };
    let s = position.as_slice();
    if s.len() < 2 || s.len() > 3 {
        let lon = s.first().copied().unwrap_or(f64::NAN);
        let lat = s.get(1).copied().unwrap_or(f64::NAN);
        return Err(coordinate(lon, lat, "must have two or three numbers"));
    }
    let (lon, lat) = (s[0], s[1]);
    if !lon.is_finite() || !lat.is_finite() {
        return Err(coordinate(lon, lat, "is not a finite number"));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(coordinate(lon, lat, "has a longitude outside -180..180"));
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(coordinate(lon, lat, "has a latitude outside -90..90"));
    }
    Ok(())
}

fn check_line(line: &[Position]) -> Result<(), String> {
    if line.len() < 2 {
        return Err(format!(
            "a line needs at least 2 positions, got {}",
            line.len()
        ));
    }
    Ok(())
}

fn check_polygon(rings: &[Vec<Position>]) -> Result<(), String> {
    if rings.is_empty() {
        return Err("a polygon needs an outer ring".into());
    }
    for ring in rings {
        if ring.len() < 4 {
            return Err(format!(
                "a ring needs at least 4 positions, got {}",
                ring.len()
            ));
        }
        if ring.first() != ring.last() {
            return Err("a ring must end where it starts".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn feature(value: serde_json::Value) -> Feature {
        serde_json::from_value(value).expect("test fixture is GeoJSON")
    }

    fn btk() -> serde_json::Value {
        json!({
            "type": "Feature",
            "id": "baku-tbilisi-kars-railway",
            "geometry": {"type": "LineString", "coordinates": [[49.87, 40.41], [44.8, 41.7], [43.1, 40.6]]},
            "properties": {
                "id": "baku-tbilisi-kars-railway",
                "name": "Baku-Tbilisi-Kars railway",
                "kind": "rail",
                "status": "operating",
                "facts": {"opened": 2017, "partners": ["AZ", "GE", "TR"]},
                "passages": [{"report": "r", "passage": "background-4"}],
                "sources": [{"title": "ADY: Baku-Tbilisi-Kars", "url": "https://ady.az/"}]
            }
        })
    }

    #[test]
    fn a_well_formed_railway_validates() {
        let typed = validate_feature(&feature(btk())).expect("valid");
        assert_eq!(typed.id(), "baku-tbilisi-kars-railway");
        assert_eq!(typed.properties.kind, FeatureKind::Rail);
    }

    #[test]
    fn out_of_range_latitude_is_refused_with_its_coordinate() {
        let mut f = btk();
        f["geometry"]["coordinates"][1] = json!([44.8, 91.5]);
        let err = validate_feature(&feature(f)).expect_err("lat 91.5");
        assert_eq!(err.field(), "geometry");
        assert_eq!(
            err.to_string(),
            "feature baku-tbilisi-kars-railway: coordinate [44.8, 91.5] has a latitude outside -90..90"
        );
    }

    #[test]
    fn out_of_range_longitude_is_refused() {
        let mut f = btk();
        f["geometry"]["coordinates"][0] = json!([200.0, 40.0]);
        let err = validate_feature(&feature(f)).expect_err("lon 200");
        assert!(
            err.to_string().contains("longitude outside -180..180"),
            "{err}"
        );
    }

    #[test]
    fn unknown_kind_is_refused_naming_the_field_and_the_vocabulary() {
        let mut f = btk();
        f["properties"]["kind"] = json!("spaceport");
        let err = validate_feature(&feature(f)).expect_err("unknown kind");
        assert_eq!(err.field(), "properties.kind");
        let message = err.to_string();
        assert!(message.contains("unknown value \"spaceport\""), "{message}");
        assert!(message.contains("rail, road, ferry"), "{message}");
    }

    #[test]
    fn empty_name_is_refused() {
        let mut f = btk();
        f["properties"]["name"] = json!("   ");
        let err = validate_feature(&feature(f)).expect_err("empty name");
        assert_eq!(err.field(), "properties.name");
        assert_eq!(
            err.to_string(),
            "feature baku-tbilisi-kars-railway: property `name`: must not be empty"
        );
    }

    #[test]
    fn missing_name_is_refused_by_field() {
        let mut f = btk();
        f["properties"]
            .as_object_mut()
            .expect("object")
            .remove("name");
        let err = validate_feature(&feature(f)).expect_err("no name");
        assert_eq!(err.field(), "properties.name");
    }

    #[test]
    fn a_railway_drawn_as_a_point_is_refused() {
        let mut f = btk();
        f["geometry"] = json!({"type": "Point", "coordinates": [49.0, 40.0]});
        let err = validate_feature(&feature(f)).expect_err("point railway");
        assert!(err.to_string().contains("must be a LineString"), "{err}");
    }

    #[test]
    fn open_polygon_rings_are_refused() {
        let f = json!({
            "type": "Feature", "id": "alat",
            "geometry": {"type": "Polygon", "coordinates": [[[49.4, 39.9], [49.5, 39.9], [49.5, 40.0], [49.4, 40.0]]]},
            "properties": {"id": "alat", "name": "Alat", "kind": "free_economic_zone", "status": "operating",
                "sources": [{"title": "Alat FEZ", "url": "https://alat.gov.az/"}]}
        });
        let err = validate_feature(&feature(f)).expect_err("open ring");
        assert!(
            err.to_string().contains("must end where it starts"),
            "{err}"
        );
    }

    #[test]
    fn a_feature_without_sources_is_refused() {
        let mut f = btk();
        f["properties"]["sources"] = json!([]);
        let err = validate_feature(&feature(f)).expect_err("no sources");
        assert_eq!(
            err.to_string(),
            "feature baku-tbilisi-kars-railway: property `sources`: must list at least one source"
        );
    }

    #[test]
    fn a_source_without_a_web_address_is_refused() {
        let mut f = btk();
        f["properties"]["sources"] = json!([{"title": "A book", "url": "javascript:alert(1)"}]);
        let err = validate_feature(&feature(f)).expect_err("bad url");
        assert_eq!(err.field(), "properties.sources[0].url");
    }

    #[test]
    fn top_level_id_must_match_the_property() {
        let mut f = btk();
        f["id"] = json!("btk");
        let err = validate_feature(&feature(f)).expect_err("mismatch");
        assert!(matches!(err, ValidationError::IdMismatch { .. }));
    }

    #[test]
    fn lowercase_partner_codes_are_refused() {
        let mut f = btk();
        f["properties"]["facts"]["partners"] = json!(["az"]);
        let err = validate_feature(&feature(f)).expect_err("partner");
        assert_eq!(err.field(), "properties.facts.partners");
    }

    #[test]
    fn dangling_passage_links_name_feature_report_and_passage() {
        let typed = validate_feature(&feature(btk())).expect("valid");
        let report = crate::report::Report::parse(
            "---\nid: r\ntitle: T\nauthor: A\npublisher: P\ndate: 2025-04\n---\n\n## S\n\nSome text. {#background-1}\n",
        )
        .expect("report parses");
        let errors = validate_links(&[typed], &[report]);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].to_string(),
            "feature baku-tbilisi-kars-railway: passage link r#background-4 does not resolve: no such passage in that report"
        );
    }

    #[test]
    fn a_link_whose_quote_is_gone_names_feature_report_and_quote() {
        let mut f = btk();
        f["properties"]["passages"][0]["quote"] =
            json!({"exact": "Baku-Tbilisi-Kars railway", "prefix": "the ", "suffix": " and"});
        let typed = validate_feature(&feature(f)).expect("valid");
        let report = crate::report::Report::parse(
            "---\nid: r\ntitle: T\nauthor: A\npublisher: P\ndate: 2025-04\n---\n\n## S\n\nThe BTK line. {#background-4}\n",
        )
        .expect("report parses");
        let errors = validate_links(&[typed], &[report]);
        assert_eq!(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "feature baku-tbilisi-kars-railway: passage link r#background-4 does not resolve: the quote \"Baku-Tbilisi-Kars railway\" is in no passage of that report"
            ]
        );
    }

    #[test]
    fn the_typed_path_agrees_with_the_raw_path() {
        let typed = |v: serde_json::Value| {
            validate_document(serde_json::from_value(v).expect("parses into its types"))
        };
        let mut cases = vec![btk()];
        for (pointer, value) in [
            ("/geometry/coordinates/1", json!([44.8, 91.5])),
            ("/properties/name", json!("   ")),
            ("/properties/id", json!("Not A Slug")),
            ("/id", json!("another-feature")),
            (
                "/geometry",
                json!({"type": "Point", "coordinates": [49.0, 40.0]}),
            ),
            ("/geometry", json!(null)),
            ("/properties/facts/opened", json!(1066)),
        ] {
            let mut case = btk();
            *case.pointer_mut(pointer).expect("fixture has the field") = value;
            cases.push(case);
        }
        for case in cases {
            assert_eq!(typed(case.clone()), validate_feature(&feature(case)));
        }
    }
}
