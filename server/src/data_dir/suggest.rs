//! `atlas suggest-links`: the places where a report names a feature whose
//! `passages` do not yet link that passage, for a curator to review.
//!
//! Suggestions only: a mention is not always a claim about the feature ("Baku"
//! may stand for the government), so nothing is linked automatically.

use crate::data_dir::DataSet;
use atlas_model::PassageRef;
use atlas_model::mentions::Gazetteer;
use atlas_model::quoting::quote_for;
use std::collections::HashSet;
use std::fmt;

/// A mention of a feature in a passage the feature does not link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The report's slug.
    pub report: String,
    /// The passage's id.
    pub passage: String,
    /// The mentioned feature's slug.
    pub feature: String,
    /// The words of the passage that name it.
    pub matched: String,
    /// The link to add to the feature's `passages`, with its quote selector.
    pub link: PassageRef,
}

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}#{}: {} ({:?})",
            self.report, self.passage, self.feature, self.matched
        )?;
        // The link as the feature's `passages` list holds it, ready to paste.
        if let Ok(link) = serde_json::to_string(&self.link) {
            write!(f, "\n    {link}")?;
        }
        Ok(())
    }
}

/// Every unlinked mention, in report and reading order; a feature named twice
/// in one passage is suggested once, with its first mention.
pub fn suggest_links(data: &DataSet) -> Vec<Suggestion> {
    let features: Vec<_> = data
        .layers
        .iter()
        .flat_map(|l| l.features.iter().map(|f| &f.properties))
        .collect();
    let gazetteer = Gazetteer::new(features.iter().copied());
    let linked: HashSet<(&str, &str, &str)> = features
        .iter()
        .flat_map(|f| {
            f.passages
                .iter()
                .map(|l| (f.id.as_str(), l.report.as_str(), l.passage.as_str()))
        })
        .collect();
    let mut suggestions = Vec::new();
    for report in &data.reports {
        for passage in &report.passages {
            let mut seen = HashSet::new();
            for mention in gazetteer.find(&passage.text) {
                let key = (
                    mention.feature_id.as_str(),
                    report.meta.id.as_str(),
                    passage.id.as_str(),
                );
                if linked.contains(&key) || !seen.insert(mention.feature_id.clone()) {
                    continue;
                }
                let quote = quote_for(&passage.text, Some(mention.start..mention.end));
                suggestions.push(Suggestion {
                    link: PassageRef {
                        report: report.meta.id.clone(),
                        passage: passage.id.clone(),
                        quote: Some(quote),
                    },
                    report: report.meta.id.clone(),
                    passage: passage.id.clone(),
                    matched: passage.text[mention.start..mention.end].to_string(),
                    feature: mention.feature_id,
                });
            }
        }
    }
    suggestions
}
