//! Stable identifiers: lowercase ASCII slugs that are safe in URLs, paths and SQL.

/// Whether `s` is a valid slug: 1-100 chars of `a-z`, `0-9` and single inner dashes.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Turns any name into a slug: ASCII letters and digits kept, everything else a dash.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_accept_lowercase_words_joined_by_dashes() {
        assert!(is_slug("baku-tbilisi-kars-railway"));
        assert!(is_slug("tap"));
    }

    #[test]
    fn slugs_reject_traversal_spaces_and_capitals() {
        for bad in [
            "", "../etc", "Baku", "a b", "-a", "a-", "a--b", "a/b", "a'b",
        ] {
            assert!(!is_slug(bad), "{bad:?} should not be a slug");
        }
    }

    #[test]
    fn slugify_folds_punctuation_to_single_dashes() {
        assert_eq!(
            slugify("Baku–Tbilisi–Kars (BTK) railway"),
            "baku-tbilisi-kars-btk-railway"
        );
        assert!(is_slug(&slugify("  Port of Baku, Alat  ")));
    }
}
