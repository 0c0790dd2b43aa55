//! The reports API's documents read as they are written: flat.
//!
//! [`ReportSummary`], [`ReportDetail`] and [`CitedPassage`] write their
//! report's attribution or their passage inline (serde's `flatten`). Reading
//! with `flatten` buffers every such object whole and reads it a second time,
//! which in the wasm is a second way of reading JSON for every type inside;
//! these structs name the inline members instead, so each is read in one pass.

use crate::api::{CitedPassage, FeatureRef, ReportDetail, ReportSummary};
use crate::mentions::Mention;
use crate::report::{Passage, PassageKind, ReportMeta};
use serde::Deserialize;

/// A report's attribution with the members beside it in a summary or a detail.
#[derive(Deserialize)]
pub(crate) struct FlatReport {
    id: String,
    title: String,
    #[serde(default)]
    subtitle: Option<String>,
    author: String,
    publisher: String,
    date: String,
    #[serde(default)]
    publisher_url: Option<String>,
    #[serde(default)]
    source_url: Option<String>,
    #[serde(default)]
    licence: Option<String>,
    #[serde(default)]
    passage_count: Option<u32>,
    #[serde(default)]
    passages: Option<Vec<CitedPassage>>,
}

impl FlatReport {
    /// The attribution, and what stood beside it.
    fn split(self) -> (ReportMeta, Option<u32>, Option<Vec<CitedPassage>>) {
        let meta = ReportMeta {
            id: self.id,
            title: self.title,
            subtitle: self.subtitle,
            author: self.author,
            publisher: self.publisher,
            date: self.date,
            publisher_url: self.publisher_url,
            source_url: self.source_url,
            licence: self.licence,
        };
        (meta, self.passage_count, self.passages)
    }
}

impl TryFrom<FlatReport> for ReportSummary {
    type Error = &'static str;

    fn try_from(flat: FlatReport) -> Result<Self, Self::Error> {
        match flat.split() {
            (meta, Some(passage_count), _) => Ok(ReportSummary {
                meta,
                passage_count,
            }),
            _ => Err("missing field `passage_count`"),
        }
    }
}

impl TryFrom<FlatReport> for ReportDetail {
    type Error = &'static str;

    fn try_from(flat: FlatReport) -> Result<Self, Self::Error> {
        match flat.split() {
            (meta, _, Some(passages)) => Ok(ReportDetail { meta, passages }),
            _ => Err("missing field `passages`"),
        }
    }
}

/// A passage with the members beside it in a report's detail.
#[derive(Deserialize)]
pub(crate) struct FlatPassage {
    id: String,
    section: String,
    kind: PassageKind,
    text: String,
    features: Vec<FeatureRef>,
    #[serde(default)]
    mentions: Vec<Mention>,
}

impl From<FlatPassage> for CitedPassage {
    fn from(flat: FlatPassage) -> Self {
        CitedPassage {
            passage: Passage {
                id: flat.id,
                section: flat.section,
                kind: flat.kind,
                text: flat.text,
            },
            features: flat.features,
            mentions: flat.mentions,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::api::{CitedPassage, FeatureRef, ReportDetail, ReportSummary};
    use crate::kind::FeatureKind;
    use crate::mentions::Mention;
    use crate::report::{Passage, PassageKind, ReportMeta};

    fn meta() -> ReportMeta {
        ReportMeta {
            id: "r".into(),
            title: "T".into(),
            subtitle: Some("S".into()),
            author: "A".into(),
            publisher: "P".into(),
            date: "2025-05".into(),
            publisher_url: None,
            source_url: Some("https://example.org/r".into()),
            licence: None,
        }
    }

    #[test]
    fn what_is_written_flat_reads_back_the_same() {
        let summary = ReportSummary {
            meta: meta(),
            passage_count: 3,
        };
        let json = serde_json::to_string(&summary).expect("writes");
        assert!(json.contains(r#""title":"T""#), "flat: {json}");
        assert_eq!(
            serde_json::from_str::<ReportSummary>(&json).expect("reads"),
            summary
        );

        let detail = ReportDetail {
            meta: meta(),
            passages: vec![CitedPassage {
                passage: Passage {
                    id: "p-1".into(),
                    section: "Intro".into(),
                    kind: PassageKind::ListItem,
                    text: "The Middle Corridor".into(),
                },
                features: vec![FeatureRef {
                    id: "btk".into(),
                    name: "BTK".into(),
                    kind: FeatureKind::Rail,
                    collection: "corridors".into(),
                }],
                mentions: vec![Mention {
                    feature_id: "btk".into(),
                    start: 4,
                    end: 19,
                }],
            }],
        };
        let json = serde_json::to_string(&detail).expect("writes");
        assert!(json.contains(r#""section":"Intro""#), "flat: {json}");
        assert_eq!(
            serde_json::from_str::<ReportDetail>(&json).expect("reads"),
            detail
        );
    }

    #[test]
    fn a_summary_without_its_count_or_a_detail_without_passages_is_refused() {
        let json = r#"{"id":"r","title":"T","author":"A","publisher":"P","date":"2025"}"#;
        let summary = serde_json::from_str::<ReportSummary>(json).expect_err("no count");
        assert!(summary.to_string().contains("passage_count"), "{summary}");
        let detail = serde_json::from_str::<ReportDetail>(json).expect_err("no passages");
        assert!(detail.to_string().contains("passages"), "{detail}");
        let no_title = r#"{"id":"r","author":"A","publisher":"P","date":"2025","passage_count":1}"#;
        assert!(serde_json::from_str::<ReportSummary>(no_title).is_err());
    }
}
