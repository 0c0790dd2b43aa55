//! Full-text search over features and passages (SQLite FTS5), ranked by bm25.
//!
//! The query a user types is never handed to FTS5 as is: `fts_query` keeps its
//! words only and quotes each, so no FTS5 operator or syntax error can come from
//! user input.

use crate::store::StoreError;
use atlas_model::FeatureKind;
use atlas_model::api::{PassageHit, PlaceHit, SearchResults, SnippetSegment};
use sqlx::{Row, SqlitePool};

/// Marks FTS5 puts around matching words in a snippet; control characters that
/// curated text does not hold, and that are dropped from it if it ever does.
const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';

/// The most words of a query that are searched for; the rest are ignored.
pub const MAX_WORDS: usize = 16;

/// The FTS5 query for what a user typed: every word quoted (so `OR`, `NEAR`,
/// `*`, `"` and `:` are plain text), all required, the last one also as a
/// prefix so results follow the typing. `None` when there is no word at all.
///
/// ```
/// use atlas_server::store::sqlite::search::fts_query;
/// assert_eq!(fts_query("offshore wind").as_deref(), Some("\"offshore\" \"wind\"*"));
/// assert_eq!(fts_query("a\" OR").as_deref(), Some("\"a\" \"or\"*"));
/// assert_eq!(fts_query("-- * ()"), None);
/// ```
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        // Quoted, `OR` is a word anyway; lowercase makes that plain to a reader of logs.
        .map(str::to_lowercase)
        .collect();
    let last = words.len().checked_sub(1)?;
    Some(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == last {
                    format!("\"{w}\"*")
                } else {
                    format!("\"{w}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Places and passages matching the words of `text`, at most `limit` of each;
/// punctuation alone searches for nothing, and finds nothing.
pub async fn search(
    pool: &SqlitePool,
    text: &str,
    limit: u32,
) -> Result<SearchResults, StoreError> {
    let Some(query) = fts_query(text) else {
        return Ok(SearchResults::default());
    };
    // A name counts more than an alias, an alias more than the kind's label.
    // The snippet is the whole name when the name matches, which reads best in
    // a list of places; else the best part of the aliases or kind.
    let places = sqlx::query(
        "SELECT f.id, f.name, f.kind, f.collection_id, \
         CASE WHEN instr(highlight(features_fts, 0, char(2), char(3)), char(2)) > 0 \
         THEN highlight(features_fts, 0, char(2), char(3)) \
         ELSE snippet(features_fts, -1, char(2), char(3), '…', 12) END AS snippet \
         FROM features_fts JOIN features f ON f.id = features_fts.feature_id \
         WHERE features_fts MATCH ?1 \
         ORDER BY bm25(features_fts, 4.0, 2.0, 1.0), f.name LIMIT ?2",
    )
    .bind(&query)
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| -> Result<PlaceHit, StoreError> {
        let kind: String = row.try_get("kind")?;
        Ok(PlaceHit {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            kind: FeatureKind::parse(&kind).ok_or_else(|| {
                StoreError::Invalid(format!("unknown feature kind {kind:?} in the store"))
            })?,
            collection: row.try_get("collection_id")?,
            snippet: segments(&row.try_get::<String, _>("snippet")?),
        })
    })
    .collect::<Result<Vec<_>, StoreError>>()?;

    // The passage's own words count most; its heading and report title a little.
    let passages = sqlx::query(
        "SELECT report_id, report_title, passage_id, section, \
         snippet(passages_fts, -1, char(2), char(3), '…', 24) AS snippet \
         FROM passages_fts WHERE passages_fts MATCH ?1 \
         ORDER BY bm25(passages_fts, 4.0, 1.0, 0.5) LIMIT ?2",
    )
    .bind(&query)
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| -> Result<PassageHit, StoreError> {
        Ok(PassageHit {
            report: row.try_get("report_id")?,
            report_title: row.try_get("report_title")?,
            passage: row.try_get("passage_id")?,
            section: row.try_get("section")?,
            snippet: segments(&row.try_get::<String, _>("snippet")?),
        })
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(SearchResults { places, passages })
}

/// Splits an FTS5 snippet at its marks into plain and matching segments.
pub fn segments(snippet: &str) -> Vec<SnippetSegment> {
    fn flush(text: &mut String, hit: bool, out: &mut Vec<SnippetSegment>) {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(text),
            _ => out.push(SnippetSegment {
                text: std::mem::take(text),
                hit,
            }),
        }
        text.clear();
    }
    let mut out: Vec<SnippetSegment> = Vec::new();
    let mut hit = false;
    let mut text = String::new();
    for c in snippet.chars() {
        match c {
            OPEN | CLOSE => {
                flush(&mut text, hit, &mut out);
                hit = c == OPEN;
            }
            c if c.is_control() && c != '\n' => {}
            c => text.push(c),
        }
    }
    flush(&mut text, hit, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_split_into_marked_and_plain_segments() {
        let parts = segments("…a 2 GW \u{2}offshore\u{3} \u{2}wind\u{3} project…");
        let shown: Vec<(&str, bool)> = parts.iter().map(|s| (s.text.as_str(), s.hit)).collect();
        assert_eq!(
            shown,
            [
                ("…a 2 GW ", false),
                ("offshore", true),
                (" ", false),
                ("wind", true),
                (" project…", false)
            ]
        );
    }

    #[test]
    fn queries_keep_words_only_and_quote_each() {
        assert_eq!(
            fts_query("Baku-Tbilisi").as_deref(),
            Some("\"baku\" \"tbilisi\"*")
        );
        assert_eq!(
            fts_query("NEAR(a b) NOT c").as_deref(),
            Some("\"near\" \"a\" \"b\" \"not\" \"c\"*")
        );
        assert_eq!(fts_query("   "), None);
    }
}
