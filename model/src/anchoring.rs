//! Anchoring a feature's passage link in a report that may have been edited.
//!
//! A link names a passage by id, and may carry a quote selector: the words it
//! is about, with a little text before and after, as the W3C Web Annotation
//! `TextQuoteSelector` does. The id is tried first; when the passage is gone or
//! no longer holds the quoted words, every passage is searched for them, so a
//! link survives a renumbering of the passages. Words are compared folded
//! (`text::fold`: case, dashes, curly quotes), because an editor who retypes a
//! dash has not changed what the passage says.

use crate::properties::PassageRef;
use crate::report::Report;
use crate::text::fold;
use serde::{Deserialize, Serialize};

/// The words a link is about, and the text around them to tell repeats apart.
///
/// The shape of W3C Web Annotation's `TextQuoteSelector`; `prefix` and
/// `suffix` are optional there and here.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteSelector {
    /// The quoted words, verbatim from the passage.
    pub exact: String,
    /// A few characters just before them in the passage (may be empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// A few characters just after them in the passage (may be empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
}

/// Where a link landed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The id of the passage that holds the link's words.
    pub passage_id: String,
    /// Whether that is not the id the link names: the curator should update it.
    pub moved: bool,
}

/// Why a link does not land anywhere.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnchorError {
    /// No report has the link's report id.
    #[error("no such report")]
    NoSuchReport,
    /// The link has no quote and its passage id is not in the report.
    #[error("no such passage in that report")]
    NoSuchPassage,
    /// The quote's `exact` is empty, so it cannot find anything.
    #[error("the quote's `exact` is empty")]
    EmptyQuote,
    /// No passage of the report holds the quoted words.
    #[error("the quote {exact:?} is in no passage of that report")]
    QuoteNotFound {
        /// The quoted words.
        exact: String,
    },
    /// Several passages hold the quoted words and the prefix and suffix do not
    /// tell which one the link means.
    #[error(
        "the quote {exact:?} is in {count} passages and its prefix and suffix do not tell which"
    )]
    AmbiguousQuote {
        /// The quoted words.
        exact: String,
        /// How many equally good places were found.
        count: usize,
    },
}

/// Finds the passage a link means in `report`, or says why there is none.
///
/// The link's own passage wins when it exists and (given a quote) still holds
/// the quoted words. Otherwise the passage holding them is chosen, using the
/// prefix and suffix when the words occur more than once.
///
/// ```
/// use atlas_model::anchoring::{QuoteSelector, resolve};
/// use atlas_model::{PassageRef, Report};
///
/// let report = Report::parse(
///     "---\nid: r\ntitle: T\nauthor: A\npublisher: P\ndate: 2025\n---\n\nBaku grows. {#s-2}\n",
/// )
/// .unwrap();
/// let link = PassageRef {
///     report: "r".into(),
///     passage: "s-1".into(),
///     quote: Some(QuoteSelector { exact: "Baku grows".into(), prefix: "".into(), suffix: ".".into() }),
/// };
/// let resolved = resolve(&link, &report).unwrap();
/// assert_eq!((resolved.passage_id.as_str(), resolved.moved), ("s-2", true));
/// ```
pub fn resolve(link: &PassageRef, report: &Report) -> Result<Resolved, AnchorError> {
    if report.meta.id != link.report {
        return Err(AnchorError::NoSuchReport);
    }
    let named = report.passage(&link.passage);
    let Some(quote) = &link.quote else {
        return named
            .map(|p| Resolved {
                passage_id: p.id.clone(),
                moved: false,
            })
            .ok_or(AnchorError::NoSuchPassage);
    };
    let exact = fold(&quote.exact);
    if exact.trim().is_empty() {
        return Err(AnchorError::EmptyQuote);
    }
    if let Some(passage) = named
        && fold(&passage.text).contains(&exact)
    {
        return Ok(Resolved {
            passage_id: passage.id.clone(),
            moved: false,
        });
    }
    let (prefix, suffix) = (fold(&quote.prefix), fold(&quote.suffix));
    // Every place the words occur, scored by how much of the prefix and suffix agree.
    let mut hits: Vec<(usize, &str)> = Vec::new();
    for passage in &report.passages {
        let text = fold(&passage.text);
        for (at, _) in text.match_indices(&exact) {
            let before = &text[..at];
            let after = &text[at + exact.len()..];
            let score = common_suffix(before, &prefix) + common_prefix(after, &suffix);
            hits.push((score, &passage.id));
        }
    }
    let best = hits.iter().map(|(score, _)| *score).max();
    let mut winners = hits.iter().filter(|(score, _)| Some(*score) == best);
    match (winners.next(), winners.count()) {
        (None, _) => Err(AnchorError::QuoteNotFound {
            exact: quote.exact.clone(),
        }),
        (Some((_, id)), 0) => Ok(Resolved {
            passage_id: (*id).to_string(),
            moved: *id != link.passage,
        }),
        (Some(_), others) => Err(AnchorError::AmbiguousQuote {
            exact: quote.exact.clone(),
            count: others + 1,
        }),
    }
}

/// How many characters `a` and `b` share at their ends.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many characters `a` and `b` share at their starts.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRONT: &str =
        "---\nid: r\ntitle: T\nauthor: A\npublisher: P\ndate: 2025-04\n---\n\n## S\n\n";

    fn report(body: &str) -> Report {
        Report::parse(&format!("{FRONT}{body}")).expect("report parses")
    }

    fn link(passage: &str, exact: &str, prefix: &str, suffix: &str) -> PassageRef {
        PassageRef {
            report: "r".into(),
            passage: passage.into(),
            quote: Some(QuoteSelector {
                exact: exact.into(),
                prefix: prefix.into(),
                suffix: suffix.into(),
            }),
        }
    }

    const ORIGINAL: &str = "Baku joined the BRI. {#background-3}\n\nThe Baku-Tbilisi-Kars railway opened in 2017. {#background-4}\n";

    #[test]
    fn a_link_whose_passage_still_holds_the_quote_stays_put() {
        let resolved = resolve(
            &link(
                "background-4",
                "Baku–Tbilisi–Kars railway",
                "The ",
                " opened",
            ),
            &report(ORIGINAL),
        );
        assert_eq!(
            resolved,
            Ok(Resolved {
                passage_id: "background-4".into(),
                moved: false
            })
        );
    }

    #[test]
    fn a_link_survives_an_edit_that_renumbers_the_passages() {
        // A paragraph was inserted above: every id after it went up by one.
        let edited = report(
            "A new opening paragraph. {#background-1}\n\nBaku joined the BRI. {#background-2}\n\nSome said the Baku-Tbilisi-Kars railway would never open. {#background-4}\n\nThe Baku-Tbilisi-Kars railway opened in 2017. {#background-5}\n",
        );
        let resolved = resolve(
            &link(
                "background-4",
                "Baku-Tbilisi-Kars railway opened in 2017",
                "The ",
                ".",
            ),
            &edited,
        );
        assert_eq!(
            resolved,
            Ok(Resolved {
                passage_id: "background-5".into(),
                moved: true
            })
        );
    }

    #[test]
    fn prefix_and_suffix_choose_among_several_passages_holding_the_words() {
        let edited = report(
            "In 2017 the railway opened in Kars. {#a-1}\n\nIn 2017 the railway opened in Baku. {#a-2}\n",
        );
        let resolved = resolve(
            &link("gone", "the railway opened", "2017 ", " in Baku"),
            &edited,
        );
        assert_eq!(resolved.map(|r| r.passage_id), Ok("a-2".to_string()));
        let unclear = resolve(&link("gone", "the railway opened", "", ""), &edited);
        assert!(
            matches!(unclear, Err(AnchorError::AmbiguousQuote { count: 2, .. })),
            "{unclear:?}"
        );
    }

    #[test]
    fn an_edit_that_changes_the_quoted_words_fails_naming_the_quote() {
        let edited = report(
            "Baku joined the BRI. {#background-3}\n\nThe BTK line opened in 2017. {#background-4}\n",
        );
        let error = resolve(
            &link(
                "background-4",
                "Baku-Tbilisi-Kars railway",
                "The ",
                " opened",
            ),
            &edited,
        )
        .expect_err("the words are gone");
        assert_eq!(
            error.to_string(),
            "the quote \"Baku-Tbilisi-Kars railway\" is in no passage of that report"
        );
    }

    #[test]
    fn a_link_without_a_quote_needs_its_passage_id() {
        let plain = PassageRef {
            report: "r".into(),
            passage: "background-9".into(),
            quote: None,
        };
        assert_eq!(
            resolve(&plain, &report(ORIGINAL)),
            Err(AnchorError::NoSuchPassage)
        );
    }
}
