//! Text folding for matching names in prose: case, dashes and quotes differ
//! between a feature's name and the report that mentions it.

/// Lowercases and maps every dash to `-` and every curly quote to its straight
/// form, so "Baku–Tbilisi–Kars" matches "baku-tbilisi-kars".
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            other => other,
        })
        .collect()
}

/// Whether `text` contains any of `names`, compared folded.
pub fn names_any(text: &str, names: &[&str]) -> bool {
    let text = fold(text);
    names
        .iter()
        .any(|n| !n.trim().is_empty() && text.contains(&fold(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn en_dashes_and_capitals_fold_to_the_plain_form() {
        assert_eq!(
            fold("Baku–Tbilisi–Kars Railway"),
            "baku-tbilisi-kars railway"
        );
    }

    #[test]
    fn a_name_with_en_dashes_is_found_in_hyphenated_prose() {
        let prose = "such as the Baku-Tbilisi-Kars railway and the Alat Free Economic Zone.";
        assert!(names_any(prose, &["Baku–Tbilisi–Kars railway"]));
        assert!(!names_any(prose, &["Gobustan", ""]));
    }
}
