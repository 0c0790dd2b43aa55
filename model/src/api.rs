//! Wire types of the HTTP API that are not GeoJSON: collections, reports, problems.

use crate::kind::FeatureKind;
use crate::mentions::Mention;
use crate::report::{Passage, ReportMeta};
use serde::{Deserialize, Serialize};

/// A hypermedia link, as OGC API - Features writes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Target URL, absolute or relative to the server root.
    pub href: String,
    /// Relation type (`self`, `items`, `next`, ...).
    pub rel: String,
    /// Media type of the target.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Human title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Link {
    /// A link to `href` of relation `rel`, whose target is of `media_type`.
    pub fn new(href: impl Into<String>, rel: &str, media_type: &str) -> Link {
        Link {
            href: href.into(),
            rel: rel.into(),
            media_type: Some(media_type.into()),
            title: None,
        }
    }

    /// This link with a human title.
    pub fn titled(mut self, title: impl Into<String>) -> Link {
        self.title = Some(title.into());
        self
    }
}

/// The spatial extent of a collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extent {
    /// Spatial part.
    pub spatial: SpatialExtent,
}

/// Bounding boxes in CRS84.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpatialExtent {
    /// `[[west, south, east, north]]`.
    pub bbox: Vec<crate::Bbox>,
    /// Always CRS84.
    pub crs: String,
}

/// One collection (a layer of the map), as `/collections/{id}` answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collection {
    /// Slug, the layer file's stem.
    pub id: String,
    /// Human title.
    pub title: String,
    /// One-sentence description.
    #[serde(default)]
    pub description: String,
    /// Where its features lie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extent: Option<Extent>,
    /// Always `feature`.
    #[serde(rename = "itemType", default = "feature_item_type")]
    pub item_type: String,
    /// CRSs offered (CRS84 only).
    #[serde(default)]
    pub crs: Vec<String>,
    /// How many features it holds (an extension the app uses for layer counts).
    #[serde(rename = "numberOfFeatures", default)]
    pub number_of_features: u64,
    /// Links to itself and its items.
    #[serde(default)]
    pub links: Vec<Link>,
}

fn feature_item_type() -> String {
    "feature".into()
}

/// The `/collections` document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collections {
    /// Every collection.
    pub collections: Vec<Collection>,
    /// Links to itself.
    #[serde(default)]
    pub links: Vec<Link>,
}

/// The page size the app asks a layer's items in: the server's largest.
pub const APP_PAGE_LIMIT: u32 = 10_000;

/// The path of a layer's first page of items as the app requests it, so the
/// server can tell the browser to preload exactly that answer.
pub fn app_items_path(collection: &str) -> String {
    format!("/collections/{collection}/items?limit={APP_PAGE_LIMIT}")
}

/// Past this many features a layer is not loaded whole: the app asks for the
/// part the reader looks at (`bbox` requests by view), as the view moves.
pub const VIEWPORT_THRESHOLD: u64 = 5_000;

/// Whether a layer of `count` features is loaded by viewport rather than whole.
pub fn loads_by_view(count: u64) -> bool {
    count > VIEWPORT_THRESHOLD
}

/// Every page the app requests for a layer of `count` features loaded whole:
/// the first, then each `next` link as the server writes it (`&offset=` after
/// the limit); none for a layer loaded by viewport, whose requests follow the view.
pub fn app_items_pages(collection: &str, count: u64) -> Vec<String> {
    if loads_by_view(count) {
        return Vec::new();
    }
    let first = app_items_path(collection);
    let mut pages = vec![first.clone()];
    let mut offset = u64::from(APP_PAGE_LIMIT);
    while offset < count {
        pages.push(format!("{first}&offset={offset}"));
        offset += u64::from(APP_PAGE_LIMIT);
    }
    pages
}

/// The CRS84 identifier OGC API - Features uses.
pub const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

/// A report in the list of reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "crate::flat_reading::FlatReport")]
pub struct ReportSummary {
    /// Attribution and terms.
    #[serde(flatten)]
    pub meta: ReportMeta,
    /// How many passages it has.
    pub passage_count: u32,
}

/// The `/api/reports` document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportList {
    /// Every report.
    pub reports: Vec<ReportSummary>,
}

/// A feature named briefly, as a passage lists the features citing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureRef {
    /// The feature's slug.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// What it is.
    pub kind: FeatureKind,
    /// The collection it belongs to.
    pub collection: String,
}

/// A passage with the features that cite it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "crate::flat_reading::FlatPassage")]
pub struct CitedPassage {
    /// The passage itself.
    #[serde(flatten)]
    pub passage: Passage,
    /// Features whose `passages` link here.
    pub features: Vec<FeatureRef>,
    /// Where the text names a feature (`mentions::Gazetteer`), as byte ranges of `text`.
    #[serde(default)]
    pub mentions: Vec<Mention>,
}

/// The `/api/reports/{id}` document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "crate::flat_reading::FlatReport")]
pub struct ReportDetail {
    /// Attribution and terms.
    #[serde(flatten)]
    pub meta: ReportMeta,
    /// Passages in reading order, each with its citing features.
    pub passages: Vec<CitedPassage>,
}

/// One parameter or field that was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvalidParam {
    /// The parameter or field name.
    pub name: String,
    /// Why it was refused.
    pub reason: String,
}

/// An RFC 7807 problem document, the body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI naming the problem type (`about:blank` when the status says it all).
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, for a human.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The parameters or fields at fault, when the request was malformed.
    #[serde(
        rename = "invalid-params",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub invalid_params: Vec<InvalidParam>,
    /// Every field of a refused body and why, when it broke the model's rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One field of a refused body, and why: what an editing form shows beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field, as a path into the GeoJSON feature (`properties.name`, `geometry`).
    pub field: String,
    /// Why it was refused.
    pub reason: String,
}

/// A raster XYZ tile source the server's operator has configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TileSource {
    /// URL template with `{z}`, `{x}` and `{y}`, e.g. `https://tile.example.org/{z}/{x}/{y}.png`.
    pub url: String,
    /// The credit the tile provider requires, shown while the tiles are on.
    pub attribution: String,
}

/// What the app needs to know about the server's set-up: the `/api/config` document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientConfig {
    /// Web map tiles, if the operator offers any; off unless the reader turns them on.
    #[serde(default)]
    pub tiles: Option<TileSource>,
}

/// A piece of a search snippet: plain text, and whether it matched the query.
///
/// Snippets come as segments rather than HTML so the app shows them as text
/// and never injects markup from the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetSegment {
    /// The text, verbatim.
    pub text: String,
    /// Whether these are words the query matched (shown highlighted).
    pub hit: bool,
}

/// A feature found by `/api/search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceHit {
    /// The feature's slug.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// What it is.
    pub kind: FeatureKind,
    /// The collection it belongs to.
    pub collection: String,
    /// Its name or alias with the matching words marked.
    pub snippet: Vec<SnippetSegment>,
}

/// A report passage found by `/api/search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassageHit {
    /// The report's slug.
    pub report: String,
    /// The report's title.
    #[serde(default)]
    pub report_title: String,
    /// The passage's id.
    pub passage: String,
    /// The heading it stands under.
    pub section: String,
    /// Words around the match, with the matching words marked.
    pub snippet: Vec<SnippetSegment>,
}

/// The `/api/search` document: places and passages, each best match first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Features whose name, aliases or kind match.
    pub places: Vec<PlaceHit>,
    /// Passages whose text, section or report title match.
    pub passages: Vec<PassageHit>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_written_as_ogc_api_writes_links() {
        let plain = Link::new("/collections", "self", "application/json");
        assert_eq!(
            serde_json::to_value(&plain).expect("serializes"),
            serde_json::json!({"href": "/collections", "rel": "self", "type": "application/json"})
        );
        let titled = plain.titled("Layers");
        assert_eq!(titled.title.as_deref(), Some("Layers"));
    }

    #[test]
    fn the_app_asks_a_small_layer_whole_and_a_big_one_by_view() {
        assert_eq!(
            app_items_pages("energy", 8),
            ["/collections/energy/items?limit=10000"]
        );
        assert_eq!(app_items_pages("points", VIEWPORT_THRESHOLD).len(), 1);
        assert!(app_items_pages("points", VIEWPORT_THRESHOLD + 1).is_empty());
        assert!(loads_by_view(100_000) && !loads_by_view(2_500));
    }
}
