//! Picking the sentence of a passage that speaks of a feature, to quote it verbatim.

use atlas_model::text::names_any;

/// The first sentence of `text` that names any of `names` (folded: case, dashes, quotes),
/// or the first sentence if none does. Always a verbatim slice of `text`.
pub fn sentence_naming<'a>(text: &'a str, names: &[&str]) -> &'a str {
    let sentences = sentences(text);
    sentences
        .iter()
        .find(|s| names_any(s, names))
        .or(sentences.first())
        .copied()
        .unwrap_or(text)
}

/// Splits after `.`, `!` or `?` followed by a space and a capital or a quote.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in chars.windows(3) {
        let [(_, end), (_, space), (next_at, next)] = [w[0], w[1], w[2]];
        if matches!(end, '.' | '!' | '?') && space == ' ' && (next.is_uppercase() || next == '“')
        {
            out.push(text[start..next_at].trim_end());
            start = next_at;
        }
    }
    out.push(text[start..].trim_end());
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Diplomatic relations began in 1992. Baku embraced the initiative through its own projects, such as the Baku-Tbilisi-Kars railway and the Alat Free Economic Zone. More followed.";

    #[test]
    fn finds_the_sentence_that_names_the_feature() {
        let s = sentence_naming(TEXT, &["Baku-Tbilisi-Kars railway"]);
        assert!(
            s.starts_with("Baku embraced") && s.ends_with("Zone."),
            "{s}"
        );
    }

    #[test]
    fn matching_ignores_case() {
        assert!(sentence_naming(TEXT, &["alat free economic zone"]).starts_with("Baku embraced"));
    }

    #[test]
    fn matching_ignores_dash_style() {
        assert!(sentence_naming(TEXT, &["Baku–Tbilisi–Kars railway"]).starts_with("Baku embraced"));
    }

    #[test]
    fn falls_back_to_the_first_sentence() {
        assert_eq!(
            sentence_naming(TEXT, &["Gobustan"]),
            "Diplomatic relations began in 1992."
        );
    }

    #[test]
    fn decimals_do_not_end_a_sentence() {
        let text = "Trade reached $3.7 billion in 2023. Next.";
        assert_eq!(
            sentence_naming(text, &["3.7"]),
            "Trade reached $3.7 billion in 2023."
        );
    }
}
