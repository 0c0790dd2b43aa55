//! One collection's read model: an R-tree over its features' boxes, their
//! opening years, and their stored GeoJSON texts in one buffer, all in id
//! order, with a version that names its features' revisions.

use crate::store::IndexedRow;
use atlas_model::Bbox;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

/// The years a query's time filter touches; a `None` end is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearRange {
    /// The first year, or `None` for no lower bound.
    pub from: Option<i32>,
    /// The last year, or `None` for no upper bound.
    pub to: Option<i32>,
}

/// Which page of a collection's items to fetch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemsQuery {
    /// Only features whose box meets this one; west above east crosses the antimeridian.
    pub bbox: Option<Bbox>,
    /// Only features that opened within these years; `None` lets every feature
    /// through, including those without an opening year.
    pub opened: Option<YearRange>,
    /// At most this many.
    pub limit: i64,
    /// After skipping this many.
    pub offset: i64,
}

/// How many features a page holds, and how many match its filter in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageCounts {
    /// The features on this page.
    pub returned: u64,
    /// The features that match the filter, across all pages.
    pub matched: u64,
}

/// Room a page's buffer keeps after its documents for the members that close
/// the FeatureCollection (counts, links), so that it need not grow again.
pub const CLOSING_ROOM: usize = 2048;

/// A feature's box in the R-tree, with its position in id order.
type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// A collection's features, ready to answer any page of items from memory.
#[derive(Debug)]
pub struct CollectionIndex {
    tree: RTree<Entry>,
    /// Each feature's opening year, by position in id order.
    opened: Vec<Option<i64>>,
    /// Every feature's document, back to back in id order.
    documents: Vec<u8>,
    /// Where each feature's document starts in `documents`, plus its end.
    starts: Vec<usize>,
    /// A hash of every feature's id and revision, in id order.
    version: u64,
}

/// Collects a collection's features, in id order, into a [`CollectionIndex`].
#[derive(Debug)]
pub struct CollectionIndexBuilder {
    entries: Vec<Entry>,
    opened: Vec<Option<i64>>,
    documents: Vec<u8>,
    starts: Vec<usize>,
    version: Version,
}

/// FNV-1a over ids and revisions: equal exactly when the features and their
/// revisions are (but for a collision), since a revision goes up with every change.
#[derive(Debug, Clone, Copy)]
struct Version(u64);

impl Default for Version {
    fn default() -> Self {
        Version(0xcbf2_9ce4_8422_2325)
    }
}

impl Version {
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

impl Default for CollectionIndexBuilder {
    fn default() -> Self {
        CollectionIndexBuilder {
            entries: Vec::new(),
            opened: Vec::new(),
            documents: Vec::new(),
            starts: vec![0],
            version: Version::default(),
        }
    }
}

impl CollectionIndexBuilder {
    /// A builder with room for `features` features whose documents take `bytes`.
    ///
    /// The documents' buffer of a big collection is tens of megabytes: grown
    /// by doubling it would be copied on each step and leave the old copies
    /// to the allocator, half again the model's size in RSS for a while.
    pub fn with_capacity(features: usize, bytes: usize) -> Self {
        let mut starts = Vec::with_capacity(features + 1);
        starts.push(0);
        CollectionIndexBuilder {
            entries: Vec::with_capacity(features),
            opened: Vec::with_capacity(features),
            documents: Vec::with_capacity(bytes),
            starts,
            version: Version::default(),
        }
    }

    /// Adds the next feature in id order.
    pub fn push(&mut self, row: &IndexedRow<'_>) {
        let bbox = row.bbox;
        let position = self.opened.len();
        self.version.add(row.id.as_bytes());
        // A separator no slug holds, so that ids and revisions cannot run together.
        self.version.add(b"\0");
        self.version.add(&row.revision.to_le_bytes());
        self.entries.push(GeomWithData::new(
            Rectangle::from_corners([bbox.west, bbox.south], [bbox.east, bbox.north]),
            position,
        ));
        self.opened.push(row.opened);
        self.documents.extend_from_slice(row.document.as_bytes());
        self.starts.push(self.documents.len());
    }

    /// The finished index; bulk loading packs the tree tighter than inserts would.
    pub fn finish(mut self) -> CollectionIndex {
        // Kept for the collection's lifetime: no spare room if the size estimate was off.
        self.documents.shrink_to_fit();
        self.opened.shrink_to_fit();
        self.starts.shrink_to_fit();
        CollectionIndex {
            tree: RTree::bulk_load(self.entries),
            opened: self.opened,
            documents: self.documents,
            starts: self.starts,
            version: self.version.0,
        }
    }
}

impl CollectionIndex {
    /// How many features the collection holds.
    pub fn len(&self) -> usize {
        self.opened.len()
    }

    /// Whether the collection holds no feature.
    pub fn is_empty(&self) -> bool {
        self.opened.is_empty()
    }

    /// A hash of every feature's id and revision: it changes exactly when a
    /// feature is created, updated or deleted, so validators derive from it.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Appends the page `query` asks for to `out`: its features' GeoJSON
    /// texts, comma-separated, in id order. Nothing is parsed.
    pub fn write_page(&self, query: &ItemsQuery, out: &mut Vec<u8>) -> PageCounts {
        let years = query.opened;
        match query.bbox {
            Some(bbox) => {
                let mut hits = self.meeting(bbox);
                hits.retain(|&at| opened_within(self.opened[at], years));
                hits.sort_unstable();
                self.write_matches(hits.into_iter(), query, out)
            }
            None => self.write_matches(
                (0..self.len()).filter(|&at| opened_within(self.opened[at], years)),
                query,
                out,
            ),
        }
    }

    /// The positions of the features whose box meets `bbox`, in no order.
    ///
    /// The tree's test is exact and inclusive on the f64 corners, as SQL's
    /// `max_lon >= west AND min_lon <= east` was. Across the antimeridian the
    /// box is two ranges of longitude; the second takes only what the first
    /// did not, so no feature comes twice.
    fn meeting(&self, bbox: Bbox) -> Vec<usize> {
        let Bbox {
            west: w,
            south: s,
            east: e,
            north: n,
        } = bbox;
        let range = |west: f64, east: f64| AABB::from_corners([west, s], [east, n]);
        if w <= e {
            return self
                .tree
                .locate_in_envelope_intersecting(range(w, e))
                .map(|entry| entry.data)
                .collect();
        }
        let eastern = self
            .tree
            .locate_in_envelope_intersecting(range(w, f64::MAX));
        let western = self
            .tree
            .locate_in_envelope_intersecting(range(f64::MIN, e))
            .filter(|entry| entry.geom().upper()[0] < w);
        eastern.chain(western).map(|entry| entry.data).collect()
    }

    /// Counts `matches` (positions in ascending order) and writes the ones the
    /// page's offset and limit select.
    fn write_matches(
        &self,
        matches: impl Iterator<Item = usize>,
        query: &ItemsQuery,
        out: &mut Vec<u8>,
    ) -> PageCounts {
        let offset = usize::try_from(query.offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(query.limit).unwrap_or(0);
        let mut page = Vec::with_capacity(limit.min(1024));
        let mut matched = 0_usize;
        for at in matches {
            if matched >= offset && page.len() < limit {
                page.push(at);
            }
            matched += 1;
        }
        // One allocation of the right size: a body that grows by doubling
        // copies itself and leaves freed blocks of every size behind.
        let bytes: usize = page.iter().map(|&at| self.document(at).len() + 1).sum();
        out.reserve_exact(bytes + CLOSING_ROOM);
        for (i, &at) in page.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(self.document(at));
        }
        PageCounts {
            returned: page.len() as u64,
            matched: matched as u64,
        }
    }

    fn document(&self, at: usize) -> &[u8] {
        &self.documents[self.starts[at]..self.starts[at + 1]]
    }
}

/// Whether a feature opened in `opened` passes the filter `years`.
///
/// A feature without an opening year fails any temporal filter: it cannot be
/// said to lie in a range.
fn opened_within(opened: Option<i64>, years: Option<YearRange>) -> bool {
    let Some(years) = years else {
        return true;
    };
    let Some(year) = opened else {
        return false;
    };
    years.from.is_none_or(|from| year >= i64::from(from))
        && years.to.is_none_or(|to| year <= i64::from(to))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A collection of `(id, box, opened)`, documents `{"id":"..."}`, pushed in id order.
    fn index(features: &[(&str, Bbox, Option<i64>)]) -> CollectionIndex {
        let mut sorted = features.to_vec();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        let mut builder = CollectionIndexBuilder::default();
        for (id, bbox, opened) in sorted {
            builder.push(&IndexedRow {
                id,
                bbox,
                opened,
                revision: 1,
                document: &format!(r#"{{"id":"{id}"}}"#),
            });
        }
        builder.finish()
    }

    fn query(bbox: Option<Bbox>) -> ItemsQuery {
        ItemsQuery {
            bbox,
            opened: None,
            limit: 1000,
            offset: 0,
        }
    }

    /// The ids of a page, and its counts.
    fn page(index: &CollectionIndex, query: &ItemsQuery) -> (Vec<String>, PageCounts) {
        let mut out = Vec::new();
        let counts = index.write_page(query, &mut out);
        let features: Vec<serde_json::Value> =
            serde_json::from_slice(&[b"[", &out[..], b"]"].concat()).expect("a JSON array");
        let ids = features
            .iter()
            .map(|f| f["id"].as_str().unwrap_or_default().to_owned())
            .collect();
        (ids, counts)
    }

    fn point(lon: f64, lat: f64) -> Bbox {
        Bbox::point(lon, lat)
    }

    #[test]
    fn a_box_across_the_antimeridian_takes_both_sides_once_each() {
        let index = index(&[
            ("a-east", point(175.0, 0.0), None),
            ("b-west", point(-175.0, 0.0), None),
            ("c-middle", point(0.0, 0.0), None),
            ("d-wide", Bbox::new(-179.0, -1.0, 179.0, 1.0), None),
            ("e-north", point(179.0, 60.0), None),
        ]);
        let (ids, counts) = page(&index, &query(Some(Bbox::new(170.0, -10.0, -170.0, 10.0))));
        assert_eq!(ids, ["a-east", "b-west", "d-wide"]);
        assert_eq!(counts.matched, 3);
    }

    #[test]
    fn box_edges_count_as_meeting_with_exact_coordinates() {
        let index = index(&[
            ("edge", point(10.0, 20.0), None),
            ("just-out", point(10.000_000_000_001, 20.0), None),
        ]);
        let (ids, _) = page(&index, &query(Some(Bbox::new(0.0, 0.0, 10.0, 20.0))));
        assert_eq!(ids, ["edge"]);
    }

    #[test]
    fn a_temporal_filter_drops_features_without_an_opening_year() {
        let index = index(&[
            ("early", point(1.0, 1.0), Some(1990)),
            ("late", point(1.0, 1.0), Some(2020)),
            ("undated", point(1.0, 1.0), None),
        ]);
        let mut since_2000 = query(Some(Bbox::new(0.0, 0.0, 2.0, 2.0)));
        since_2000.opened = Some(YearRange {
            from: Some(2000),
            to: None,
        });
        assert_eq!(page(&index, &since_2000).0, ["late"]);
        since_2000.bbox = None;
        assert_eq!(page(&index, &since_2000).0, ["late"]);
        let (all, counts) = page(&index, &query(None));
        assert_eq!(all, ["early", "late", "undated"]);
        assert_eq!(counts.matched, 3);
    }

    #[test]
    fn pages_come_in_id_order_and_count_every_match() {
        let features: Vec<(String, Bbox)> = (0..50)
            .map(|i| (format!("f-{i:02}"), point(f64::from(49 - i), 0.0)))
            .collect();
        let borrowed: Vec<(&str, Bbox, Option<i64>)> = features
            .iter()
            .map(|(id, bbox)| (id.as_str(), *bbox, None))
            .collect();
        let index = index(&borrowed);
        let mut second = query(Some(Bbox::new(0.0, -1.0, 100.0, 1.0)));
        second.limit = 20;
        second.offset = 20;
        let (ids, counts) = page(&index, &second);
        let expected: Vec<String> = (20..40).map(|i| format!("f-{i:02}")).collect();
        assert_eq!(ids, expected);
        assert_eq!(
            counts,
            PageCounts {
                returned: 20,
                matched: 50
            }
        );
        second.offset = 60;
        assert_eq!(
            page(&index, &second).1,
            PageCounts {
                returned: 0,
                matched: 50
            }
        );
        second.offset = i64::MAX;
        assert_eq!(page(&index, &second).1.returned, 0);
    }

    #[test]
    fn an_empty_collection_answers_empty_pages() {
        let index = CollectionIndexBuilder::default().finish();
        assert!(index.is_empty());
        for bbox in [
            None,
            Some(Bbox::WORLD),
            Some(Bbox::new(170.0, 0.0, -170.0, 1.0)),
        ] {
            let mut out = Vec::new();
            assert_eq!(
                index.write_page(&query(bbox), &mut out),
                PageCounts {
                    returned: 0,
                    matched: 0
                }
            );
            assert!(out.is_empty());
        }
    }
}
