//! Making the quote selector a new passage link records: the sentence of the
//! passage that names the feature, with a little text on either side, so that
//! `anchoring::resolve` still finds the passage after its id changes.
//!
//! The same rule wrote the quotes of the shipped data: `atlas suggest-links`
//! prints each suggested link with the quote made here, and the editor's
//! passage picker gives the links it picks one.

use crate::anchoring::QuoteSelector;
use std::ops::Range;

/// How many characters of the passage the prefix and suffix hold at most.
pub const CONTEXT_CHARS: usize = 24;

/// How many words a quote holds when no sentence names the feature.
pub const FALLBACK_WORDS: usize = 12;

/// The quote for a link to a passage whose `text` names the feature at the
/// byte range `mention` (from `mentions::Gazetteer::find`): the sentence that
/// holds the mention, or, without one, the passage's first words.
///
/// ```
/// use atlas_model::quoting::quote_for;
///
/// let text = "Trade grows. The Baku port expands its terminal. Ships wait.";
/// let quote = quote_for(text, Some(17..21));
/// assert_eq!(quote.exact, "The Baku port expands its terminal.");
/// assert_eq!(quote.prefix, "Trade grows. ");
/// assert_eq!(quote.suffix, " Ships wait.");
/// ```
pub fn quote_for(text: &str, mention: Option<Range<usize>>) -> QuoteSelector {
    let chosen = mention
        .and_then(|m| {
            sentences(text)
                .into_iter()
                .find(|s| s.start <= m.start && m.start < s.end.max(s.start + 1))
        })
        .unwrap_or_else(|| first_words(text));
    let before = &text[..chosen.start];
    let after = &text[chosen.end..];
    let prefix_from = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(at, _)| at);
    let suffix_to = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(at, _)| at);
    QuoteSelector {
        exact: text[chosen].to_string(),
        prefix: before[prefix_from..].to_string(),
        suffix: after[..suffix_to].to_string(),
    }
}

/// The sentences of `text` as byte ranges: a sentence ends at `.`, `!` or `?`
/// followed by white space and a capital letter or an opening quote.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            let mut j = i + 1;
            while j < chars.len() && chars[j].1.is_whitespace() {
                j += 1;
            }
            let opens = chars
                .get(j)
                .is_some_and(|(_, n)| n.is_uppercase() || matches!(n, '“' | '"' | '‘' | '\''));
            if j > i + 1 && opens {
                out.push(start..at + c.len_utf8());
                start = chars[j].0;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out.push(start..text.len());
    out
}

/// The first [`FALLBACK_WORDS`] words of `text`, as a byte range.
fn first_words(text: &str) -> Range<usize> {
    let end = text
        .match_indices(' ')
        .nth(FALLBACK_WORDS - 1)
        .map_or(text.len(), |(at, _)| at);
    0..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchoring::resolve;
    use crate::{PassageRef, Report};

    #[test]
    fn sentences_end_at_a_stop_before_a_capital_or_a_quote() {
        let text = "One is 1.5 km. Two! “Three” ends? four stays.";
        let parts: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            parts,
            ["One is 1.5 km.", "Two!", "“Three” ends? four stays."]
        );
    }

    #[test]
    fn the_context_is_at_most_24_characters_each_side() {
        let text = "Ä long opening sentence here, with words. Baku grows fast. \
                    And a long closing sentence after it.";
        let at = text.find("Baku").expect("named");
        let quote = quote_for(text, Some(at..at + 4));
        assert_eq!(quote.exact, "Baku grows fast.");
        assert_eq!(quote.prefix.chars().count(), CONTEXT_CHARS);
        assert_eq!(quote.prefix, "tence here, with words. ");
        assert_eq!(quote.suffix, " And a long closing sent");
    }

    #[test]
    fn without_a_mention_the_first_words_are_quoted() {
        let text = "a b c d e f g h i j k l m n";
        let quote = quote_for(text, None);
        assert_eq!(quote.exact, "a b c d e f g h i j k l");
        assert_eq!((quote.prefix.as_str(), quote.suffix.as_str()), ("", " m n"));
    }

    #[test]
    fn a_made_quote_resolves_to_its_passage_even_after_a_renumbering() {
        let report = Report::parse(
            "---\nid: r\ntitle: T\nauthor: A\npublisher: P\ndate: 2025\n---\n\n\
             Baku grows. The port of Alat expands. {#s-1}\n\nAlat is new. {#s-2}\n",
        )
        .expect("report");
        let text = &report.passages[0].text;
        let at = text.find("Alat").expect("named");
        let link = PassageRef {
            report: "r".into(),
            passage: "s-9".into(),
            quote: Some(quote_for(text, Some(at..at + 4))),
        };
        let resolved = resolve(&link, &report).expect("resolves");
        assert_eq!(resolved.passage_id, "s-1");
    }
}
