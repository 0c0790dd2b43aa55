//! Searching report passages without a database: the static edition's index
//! (`/api/search-index.json`), which the browser searches as the server's
//! `/api/search` would.
//!
//! The index is a search answer that holds every passage, each with its whole
//! text as its one snippet segment: the app reads it with the very types it
//! reads `/api/search` with, and adds no reader of its own to the download.
//!
//! The rules follow the server's full-text search: every word of the query is
//! required, as a whole word of the passage's text, heading or report title,
//! the last word also as the start of one (so results follow the typing);
//! words are compared as search keys ([`search_key`]: case, accents and dashes
//! folded); a match in the text counts most, in the heading a little, in the
//! title least. The snippet is the words around the first match in the text,
//! each matching word marked.

use crate::api::{PassageHit, ReportDetail, SearchResults, SnippetSegment};
use crate::text::search_key;

/// The most words of a query that are searched for, as on the server.
pub const MAX_WORDS: usize = 16;

/// Words in a snippet, about as many as the server's.
const SNIPPET_WORDS: usize = 24;

/// Words of context kept before the first match in a snippet.
const LEAD_WORDS: usize = 6;

/// A word of a text: where it is and its search key.
struct Word {
    start: usize,
    end: usize,
    key: String,
}

/// The words of `text`, split where search keys split them, with their byte ranges.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(at),
            (Some(from), false) => {
                let key = search_key(&text[from..at]);
                if !key.is_empty() {
                    out.push(Word {
                        start: from,
                        end: at,
                        key,
                    });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The query's words as search keys, at most [`MAX_WORDS`].
fn query_words(query: &str) -> Vec<String> {
    search_key(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_string)
        .collect()
}

/// Whether the text word `key` matches query word `word` (`last`: also as its start).
fn word_matches(key: &str, word: &str, last: bool) -> bool {
    key == word || (last && key.starts_with(word))
}

/// How many of `keys` match one of the query's words.
fn hits(keys: &[Word], query: &[String]) -> usize {
    let last = query.len().saturating_sub(1);
    keys.iter()
        .filter(|k| {
            query
                .iter()
                .enumerate()
                .any(|(i, w)| word_matches(&k.key, w, i == last))
        })
        .count()
}

/// The index of `reports`' passages, in reading order: each passage as a
/// hit whose snippet is its whole text, unmarked.
pub fn index_of(reports: &[ReportDetail]) -> SearchResults {
    let passages = reports
        .iter()
        .flat_map(|report| {
            report.passages.iter().map(|cited| PassageHit {
                report: report.meta.id.clone(),
                report_title: report.meta.title.clone(),
                passage: cited.passage.id.clone(),
                section: cited.passage.section.clone(),
                snippet: vec![plain(&cited.passage.text)],
            })
        })
        .collect();
    SearchResults {
        places: Vec::new(),
        passages,
    }
}

/// The passages of `index` (see [`index_of`]) matching `query`, best first
/// (ties in reading order), at most `limit`, each with its snippet.
pub fn search(index: &SearchResults, query: &str, limit: usize) -> Vec<PassageHit> {
    let query = query_words(query);
    if query.is_empty() {
        return Vec::new();
    }
    let last = query.len() - 1;
    let mut found: Vec<(usize, &PassageHit, String)> = index
        .passages
        .iter()
        .filter_map(|entry| {
            let whole: String = entry.snippet.iter().map(|s| s.text.as_str()).collect();
            let text = words(&whole);
            let section = words(&entry.section);
            let title = words(&entry.report_title);
            let all_found = query.iter().enumerate().all(|(i, w)| {
                [&text, &section, &title]
                    .iter()
                    .any(|ws| ws.iter().any(|k| word_matches(&k.key, w, i == last)))
            });
            let score = 8 * hits(&text, &query) + 2 * hits(&section, &query) + hits(&title, &query);
            all_found.then_some((score, entry, whole))
        })
        .collect();
    // The best left, the first of equals, `limit` times: a stable order
    // without a sort, whose every use adds a copy of the sort to the wasm.
    let mut best = Vec::new();
    while best.len() < limit {
        let Some(at) = (0..found.len()).rev().max_by_key(|&i| found[i].0) else {
            break;
        };
        let (_, entry, whole) = found.remove(at);
        best.push(hit_of(entry, &whole, &query));
    }
    best
}

/// The hit for `entry`, whose whole text is `text`, with its snippet.
fn hit_of(entry: &PassageHit, text: &str, query: &[String]) -> PassageHit {
    PassageHit {
        snippet: snippet(text, &words(text), query),
        ..entry.clone()
    }
}

/// The words around the first match in `text` (its words `words`), matches
/// marked, `…` where the snippet cuts the text.
fn snippet(text: &str, words: &[Word], query: &[String]) -> Vec<SnippetSegment> {
    let last = query.len().saturating_sub(1);
    let is_hit = |w: &Word| {
        query
            .iter()
            .enumerate()
            .any(|(i, q)| word_matches(&w.key, q, i == last))
    };
    let first = words.iter().position(is_hit).unwrap_or(0);
    let from = first.saturating_sub(LEAD_WORDS);
    let to = (from + SNIPPET_WORDS).min(words.len());
    let Some(window) = words.get(from..to).filter(|w| !w.is_empty()) else {
        return vec![plain(text)];
    };
    let mut out = Vec::new();
    let mut cursor = if from == 0 { 0 } else { window[0].start };
    if from > 0 {
        out.push(plain("…"));
    }
    for word in window.iter().filter(|w| is_hit(w)) {
        push_plain(&mut out, &text[cursor..word.start]);
        out.push(SnippetSegment {
            text: text[word.start..word.end].to_string(),
            hit: true,
        });
        cursor = word.end;
    }
    let end = if to == words.len() {
        text.len()
    } else {
        window[window.len() - 1].end
    };
    push_plain(&mut out, &text[cursor..end]);
    if to < words.len() {
        push_plain(&mut out, "…");
    }
    out
}

fn plain(text: &str) -> SnippetSegment {
    SnippetSegment {
        text: text.to_string(),
        hit: false,
    }
}

/// Adds plain `text`, joined to a plain segment before it; nothing for empty text.
fn push_plain(out: &mut Vec<SnippetSegment>, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(segment) if !segment.hit => segment.text.push_str(text),
        _ => out.push(plain(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SearchResults {
        let entry = |passage: &str, section: &str, text: &str| PassageHit {
            report: "meloni-2025".into(),
            report_title: "Azerbaijan Deepens Ties with China".into(),
            passage: passage.into(),
            section: section.into(),
            snippet: vec![plain(text)],
        };
        SearchResults {
            places: Vec::new(),
            passages: vec![
                entry(
                    "energy-1",
                    "Energy",
                    "Azerbaijan plans offshore wind in the Caspian.",
                ),
                entry(
                    "energy-2",
                    "Energy",
                    "Offshore wind, offshore wind and more offshore wind farms near Baku.",
                ),
                entry(
                    "rail-1",
                    "Rail",
                    "The Baku–Tbilisi–Kars railway links the Caspian to Türkiye.",
                ),
            ],
        }
    }

    fn ids(hits: &[PassageHit]) -> Vec<&str> {
        hits.iter().map(|h| h.passage.as_str()).collect()
    }

    #[test]
    fn every_word_is_required_and_more_matches_rank_first() {
        let hits = search(&index(), "offshore wind", 8);
        assert_eq!(ids(&hits), ["energy-2", "energy-1"]);
        assert!(search(&index(), "offshore railway", 8).is_empty());
    }

    #[test]
    fn the_last_word_matches_as_a_prefix_and_the_others_whole() {
        assert_eq!(ids(&search(&index(), "offsh", 8)), ["energy-2", "energy-1"]);
        assert!(search(&index(), "offsh wind", 8).is_empty());
    }

    #[test]
    fn case_accents_and_dashes_are_folded() {
        assert_eq!(ids(&search(&index(), "TURKIYE", 8)), ["rail-1"]);
        assert_eq!(ids(&search(&index(), "baku tbilisi kars", 8)), ["rail-1"]);
    }

    #[test]
    fn the_heading_and_title_count_too() {
        assert_eq!(ids(&search(&index(), "rail caspian", 8)), ["rail-1"]);
        assert_eq!(search(&index(), "deepens", 8).len(), 3);
    }

    #[test]
    fn the_snippet_marks_the_matching_words_verbatim() {
        let hits = search(&index(), "tbilisi", 1);
        let marked: Vec<&str> = hits[0]
            .snippet
            .iter()
            .filter(|s| s.hit)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, ["Tbilisi"]);
        let whole: String = hits[0].snippet.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            whole,
            "The Baku–Tbilisi–Kars railway links the Caspian to Türkiye."
        );
    }

    #[test]
    fn a_long_text_is_cut_around_its_first_match() {
        let long = format!("{} needle {}", "word ".repeat(40), "word ".repeat(40));
        let index = SearchResults {
            places: Vec::new(),
            passages: vec![PassageHit {
                snippet: vec![plain(&long)],
                ..index().passages[0].clone()
            }],
        };
        let snippet = &search(&index, "needle", 1)[0].snippet;
        assert_eq!(snippet.first().map(|s| s.text.starts_with('…')), Some(true));
        assert_eq!(snippet.last().map(|s| s.text.ends_with('…')), Some(true));
        assert!(snippet.iter().any(|s| s.hit && s.text == "needle"));
    }

    #[test]
    fn punctuation_alone_finds_nothing() {
        assert!(search(&index(), "-- * ()", 8).is_empty());
        assert!(search(&index(), "", 8).is_empty());
    }

    #[test]
    fn at_most_limit_hits() {
        assert_eq!(search(&index(), "the", 1).len(), 1);
    }
}
