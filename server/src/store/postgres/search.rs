//! Full-text search over features and passages with PostgreSQL's own text
//! search: the `search` columns (tsvector, GIN-indexed) in the `atlas`
//! configuration (accents folded, no stemming), ranked by `ts_rank` with the
//! weights the SQLite engine gives bm25, and snippets from `ts_headline`
//! marked as FTS5 marks them, so the answer has the same shape on both stores.
//!
//! What a user types is never parsed as a tsquery: [`ts_query`] keeps its
//! words only and quotes each, so no operator or syntax error can come from
//! user input.

use crate::store::StoreError;
use crate::store::sqlite::search::{MAX_WORDS, segments};
use atlas_model::FeatureKind;
use atlas_model::api::{PassageHit, PlaceHit, SearchResults};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};

/// The tsquery for what a user typed: every word quoted, all required, the
/// last one also as a prefix so results follow the typing. `None` when there
/// is no word at all.
///
/// ```
/// use atlas_server::store::postgres::search::ts_query;
/// assert_eq!(ts_query("offshore wind").as_deref(), Some("'offshore' & 'wind':*"));
/// assert_eq!(ts_query("a' | !b").as_deref(), Some("'a' & 'b':*"));
/// assert_eq!(ts_query("-- * ()"), None);
/// ```
pub fn ts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(|w| format!("'{}'", w.to_lowercase()))
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(format!("{}:*", words.join(" & ")))
}

/// `ts_headline` options marking matches as FTS5's snippets are marked
/// (`\u{2}` and `\u{3}`); `$3` is the rest of the options.
macro_rules! marks {
    () => {
        "'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', ' || "
    };
}

/// Places and passages matching the words of `text`, at most `limit` of each.
pub async fn search(pool: &PgPool, text: &str, limit: u32) -> Result<SearchResults, StoreError> {
    let Some(query) = ts_query(text) else {
        return Ok(SearchResults::default());
    };
    // A name counts more than an alias, an alias more than the kind's label
    // (weights D, C, B, A). The snippet is the whole name when the name
    // matches; else the aliases when they do; else the kind's label.
    let places = sqlx::query(concat!(
        "SELECT f.id, f.name, f.kind, f.collection_id, \
         ts_headline('atlas', f.name, q, ",
        marks!(),
        "'HighlightAll=true') AS name_hit, \
         ts_headline('atlas', f.aliases, q, ",
        marks!(),
        "'MaxFragments=1, MaxWords=12, MinWords=4') AS alias_hit, \
         ts_headline('atlas', f.kind_label, q, ",
        marks!(),
        "'HighlightAll=true') AS kind_hit, f.aliases \
         FROM features f, to_tsquery('atlas', $1) AS q WHERE f.search @@ q \
         ORDER BY ts_rank('{0, 0.25, 0.5, 1}', f.search, q) DESC, f.name LIMIT $2"
    ))
    .bind(&query)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?
    .iter()
    .map(place)
    .collect::<Result<Vec<_>, StoreError>>()?;

    // The passage's own words count most; its heading and report title a little.
    let passages = sqlx::query(concat!(
        "SELECT report_id, report_title, id, section, text, \
         ts_headline('atlas', text, q, ",
        marks!(),
        "'MaxFragments=1, MaxWords=24, MinWords=12') AS text_hit, \
         ts_headline('atlas', section, q, ",
        marks!(),
        "'HighlightAll=true') AS section_hit \
         FROM passages p, to_tsquery('atlas', $1) AS q WHERE p.search @@ q \
         ORDER BY ts_rank('{0, 0.125, 0.25, 1}', p.search, q) DESC, report_id, position \
         LIMIT $2"
    ))
    .bind(&query)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| -> Result<PassageHit, StoreError> {
        let text: String = row.try_get("text")?;
        let text_hit: String = row.try_get("text_hit")?;
        let snippet = if marked(&text_hit) {
            with_ellipses(&text, &text_hit)
        } else {
            row.try_get("section_hit")?
        };
        Ok(PassageHit {
            report: row.try_get("report_id")?,
            report_title: row.try_get("report_title")?,
            passage: row.try_get("id")?,
            section: row.try_get("section")?,
            snippet: segments(&snippet),
        })
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(SearchResults { places, passages })
}

/// A place hit from its row, its snippet the first of name, aliases and
/// kind's label that holds a match.
fn place(row: &PgRow) -> Result<PlaceHit, StoreError> {
    let kind: String = row.try_get("kind")?;
    let name_hit: String = row.try_get("name_hit")?;
    let alias_hit: String = row.try_get("alias_hit")?;
    let snippet = if marked(&name_hit) {
        name_hit
    } else if marked(&alias_hit) {
        with_ellipses(&row.try_get::<String, _>("aliases")?, &alias_hit)
    } else {
        row.try_get("kind_hit")?
    };
    Ok(PlaceHit {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        kind: FeatureKind::parse(&kind).ok_or_else(|| {
            StoreError::Invalid(format!("unknown feature kind {kind:?} in the store"))
        })?,
        collection: row.try_get("collection_id")?,
        snippet: segments(&snippet),
    })
}

/// Whether a headline marks any word.
fn marked(headline: &str) -> bool {
    headline.contains('\u{2}')
}

/// The headline of part of `text` with `…` where it cuts the text short,
/// as FTS5's snippets have.
fn with_ellipses(text: &str, headline: &str) -> String {
    let plain: String = headline
        .chars()
        .filter(|c| !matches!(c, '\u{2}' | '\u{3}'))
        .collect();
    let mut out = String::with_capacity(headline.len() + 6);
    if !text.starts_with(&plain) {
        out.push('…');
    }
    out.push_str(headline);
    if !text.ends_with(&plain) {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_headline_cut_from_the_middle_gets_ellipses_on_both_sides() {
        let text = "one two three four";
        assert_eq!(
            with_ellipses(text, "two \u{2}three\u{3}"),
            "…two \u{2}three\u{3}…"
        );
        assert_eq!(with_ellipses(text, "one two"), "one two…");
        assert_eq!(with_ellipses(text, text), text);
    }

    #[test]
    fn queries_keep_words_only_and_quote_each() {
        assert_eq!(
            ts_query("Baku-Tbilisi").as_deref(),
            Some("'baku' & 'tbilisi':*")
        );
        assert_eq!(ts_query("   "), None);
    }
}
