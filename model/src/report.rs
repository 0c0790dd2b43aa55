//! Reports: Markdown with front matter, split into passages with stable ids.
//!
//! The format is deliberately small so a reviewer can read it raw:
//! `key: value` front matter between `---` lines, `## Section` headings, and one
//! paragraph or `- list item` per block, each ending in its id as ` {#id}`.

use crate::slug::is_slug;
use serde::{Deserialize, Serialize};

/// Who wrote a report, where, when, and on what terms it is quoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportMeta {
    /// Stable slug.
    pub id: String,
    /// Title, verbatim.
    pub title: String,
    /// Subtitle or standfirst, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Author as credited.
    pub author: String,
    /// Publisher as credited.
    pub publisher: String,
    /// Publication date, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// The publisher's home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher_url: Option<String>,
    /// The report's own page, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// On what terms the text is quoted here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

/// Whether a passage was a paragraph or a list item in the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassageKind {
    /// A paragraph.
    Paragraph,
    /// A bullet.
    ListItem,
}

crate::kind::wire_names!(PassageKind {
    Paragraph => "paragraph",
    ListItem => "list_item",
});

/// One quotable block of a report, verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    /// Stable id within the report, such as `background-4`.
    pub id: String,
    /// The heading it stands under.
    pub section: String,
    /// Paragraph or list item.
    pub kind: PassageKind,
    /// The text, verbatim.
    pub text: String,
}

/// A parsed report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Attribution and terms.
    pub meta: ReportMeta,
    /// Passages in reading order.
    pub passages: Vec<Passage>,
}

/// Why a report file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// The file does not open with `---` front matter.
    #[error("the report must start with front matter between two `---` lines")]
    MissingFrontMatter,
    /// A required front-matter key is absent or empty.
    #[error("front matter: `{0}` is required")]
    MissingKey(&'static str),
    /// A front-matter line is not `key: value`.
    #[error("front matter line {line}: expected `key: value`")]
    BadFrontMatter {
        /// 1-based line number.
        line: usize,
    },
    /// The report id is not a slug.
    #[error("front matter: id {0:?} must be a slug")]
    BadId(String),
    /// A block has no ` {#id}` at its end.
    #[error("line {line}: passage has no id; end it with ` {{#some-id}}`")]
    MissingPassageId {
        /// 1-based line number where the block starts.
        line: usize,
    },
    /// A passage id is malformed or repeated.
    #[error("line {line}: passage id {id:?} {reason}")]
    BadPassageId {
        /// 1-based line number.
        line: usize,
        /// The offending id.
        id: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl Report {
    /// Parses a report from its Markdown source.
    pub fn parse(source: &str) -> Result<Report, ReportError> {
        let mut lines = source.lines().enumerate().map(|(i, l)| (i + 1, l));
        if lines.next().map(|(_, l)| l.trim()) != Some("---") {
            return Err(ReportError::MissingFrontMatter);
        }
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut closed = false;
        for (number, line) in lines.by_ref() {
            if line.trim() == "---" {
                closed = true;
                break;
            }
            if line.trim().is_empty() {
                continue;
            }
            let (key, value) = line
                .split_once(':')
                .ok_or(ReportError::BadFrontMatter { line: number })?;
            fields.push((key.trim().to_string(), value.trim().to_string()));
        }
        if !closed {
            return Err(ReportError::MissingFrontMatter);
        }
        let meta = meta_from_fields(&fields)?;
        let passages = parse_body(lines)?;
        Ok(Report { meta, passages })
    }

    /// The passage with this id, if any.
    pub fn passage(&self, id: &str) -> Option<&Passage> {
        self.passages.iter().find(|p| p.id == id)
    }
}

fn meta_from_fields(fields: &[(String, String)]) -> Result<ReportMeta, ReportError> {
    let get = |key: &str| {
        fields
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    let required = |key: &'static str| get(key).ok_or(ReportError::MissingKey(key));
    let id = required("id")?;
    if !is_slug(&id) {
        return Err(ReportError::BadId(id));
    }
    Ok(ReportMeta {
        id,
        title: required("title")?,
        subtitle: get("subtitle"),
        author: required("author")?,
        publisher: required("publisher")?,
        date: required("date")?,
        publisher_url: get("publisher_url"),
        source_url: get("source_url"),
        licence: get("licence"),
    })
}

fn parse_body<'a>(
    lines: impl Iterator<Item = (usize, &'a str)>,
) -> Result<Vec<Passage>, ReportError> {
    let mut passages: Vec<Passage> = Vec::new();
    let mut section = String::new();
    // A block is the run of non-blank lines between blank lines or headings.
    let mut block: Option<(usize, PassageKind, String)> = None;
    let finish = |block: Option<(usize, PassageKind, String)>,
                  section: &str,
                  passages: &mut Vec<Passage>|
     -> Result<(), ReportError> {
        let Some((line, kind, text)) = block else {
            return Ok(());
        };
        let (text, id) = split_id(&text).ok_or(ReportError::MissingPassageId { line })?;
        if !is_slug(id) {
            return Err(ReportError::BadPassageId {
                line,
                id: id.into(),
                reason: "must be a slug",
            });
        }
        if passages.iter().any(|p| p.id == id) {
            return Err(ReportError::BadPassageId {
                line,
                id: id.into(),
                reason: "is used twice",
            });
        }
        passages.push(Passage {
            id: id.into(),
            section: section.into(),
            kind,
            text: text.into(),
        });
        Ok(())
    };
    for (number, line) in lines {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix('#') {
            finish(block.take(), &section, &mut passages)?;
            section = heading.trim_start_matches('#').trim().to_string();
        } else if trimmed.is_empty() {
            finish(block.take(), &section, &mut passages)?;
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            finish(block.take(), &section, &mut passages)?;
            block = Some((number, PassageKind::ListItem, item.trim().to_string()));
        } else if let Some((_, _, text)) = block.as_mut() {
            text.push(' ');
            text.push_str(trimmed);
        } else {
            block = Some((number, PassageKind::Paragraph, trimmed.to_string()));
        }
    }
    finish(block.take(), &section, &mut passages)?;
    Ok(passages)
}

/// Splits `text {#id}` into the text and the id.
fn split_id(block: &str) -> Option<(&str, &str)> {
    let body = block.trim_end().strip_suffix('}')?;
    let open = body.rfind(" {#")?;
    Some((body[..open].trim_end(), &body[open + 3..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_passage_kind_round_trips_through_its_wire_name() {
        for kind in PassageKind::ALL {
            assert_eq!(PassageKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).expect("serialize");
            assert_eq!(json, format!("\"{kind}\""));
        }
    }

    const SAMPLE: &str = "---\nid: sample\ntitle: A “title”\nauthor: Matteo Meloni\npublisher: SpecialEurasia\ndate: 2025-04\n---\n\n## Executive Summary\n\nFirst paragraph, verbatim. {#summary-1}\n\n## Key Takeaways\n\n- One point. {#takeaways-1}\n- Another point. {#takeaways-2}\n";

    #[test]
    fn passages_keep_their_ids_sections_and_text() {
        let report = Report::parse(SAMPLE).expect("parses");
        assert_eq!(report.meta.title, "A “title”");
        assert_eq!(report.passages.len(), 3);
        let first = &report.passages[0];
        assert_eq!(
            (first.id.as_str(), first.section.as_str()),
            ("summary-1", "Executive Summary")
        );
        assert_eq!(first.text, "First paragraph, verbatim.");
        assert_eq!(report.passages[2].kind, PassageKind::ListItem);
        assert_eq!(
            report.passage("takeaways-2").map(|p| p.text.as_str()),
            Some("Another point.")
        );
    }

    #[test]
    fn a_paragraph_without_an_id_is_refused_with_its_line() {
        let source = SAMPLE.replace(" {#summary-1}", "");
        assert_eq!(
            Report::parse(&source),
            Err(ReportError::MissingPassageId { line: 11 })
        );
    }

    #[test]
    fn repeated_passage_ids_are_refused() {
        let source = SAMPLE.replace("takeaways-2", "takeaways-1");
        assert!(matches!(
            Report::parse(&source),
            Err(ReportError::BadPassageId {
                reason: "is used twice",
                ..
            })
        ));
    }

    #[test]
    fn missing_author_is_refused() {
        let source = SAMPLE.replace("author: Matteo Meloni\n", "");
        assert_eq!(
            Report::parse(&source),
            Err(ReportError::MissingKey("author"))
        );
    }
}
