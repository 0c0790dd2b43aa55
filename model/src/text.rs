//! Text folding for matching names in prose: case, dashes and quotes differ
//! between a feature's name and the report that mentions it.

/// Lowercases and maps every dash to `-` and every curly quote to its straight
/// form, so "Baku–Tbilisi–Kars" matches "baku-tbilisi-kars".
pub fn fold(text: &str) -> String {
    text.chars().flat_map(lowercase).map(fold_char).collect()
}

/// A search key: folded, accents stripped, and every run of non-letters one
/// space, so "Baku Tbilisi Kars" finds "Baku–Tbilisi–Kars" and "Constanta" finds "Constanța".
pub fn search_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars().flat_map(key_chars) {
        if c.is_alphanumeric() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with(' ') {
            key.push(' ');
        }
    }
    key.trim_end().to_string()
}

/// What one character of the original text becomes in a search key: folded,
/// accent-stripped, combining marks dropped. Usually one character, sometimes
/// none (a combining mark) or two (a letter whose lowercase is two, as `İ`).
///
/// Offered per character so that `mentions` can map a key back to the bytes of
/// the text it came from.
pub fn key_chars(c: char) -> impl Iterator<Item = char> {
    lowercase(c)
        .map(fold_char)
        .map(strip_accent)
        // `İ` lowercases to `i` and a combining dot; the dot would split the word.
        .filter(|c| !is_combining_mark(*c))
}

/// `c` in lower case, exactly as `char::to_lowercase` gives it.
#[cfg(not(target_arch = "wasm32"))]
fn lowercase(c: char) -> impl Iterator<Item = char> {
    c.to_lowercase()
}

/// `c` in lower case, exactly as `char::to_lowercase` gives it.
///
/// In the browser the mapping comes from `String.prototype.toLowerCase`, which
/// for a single character is the same Unicode mapping: Rust's own lower-case
/// table would add about 12 kB to the app's download. ASCII, nearly all of the
/// text, needs no call out.
#[cfg(target_arch = "wasm32")]
fn lowercase(c: char) -> impl Iterator<Item = char> {
    let (ascii, other) = if c.is_ascii() {
        (Some(c.to_ascii_lowercase()), None)
    } else {
        let lower = String::from(js_sys::JsString::from(c).to_lower_case());
        (None, Some(lower.chars().collect::<Vec<_>>()))
    };
    ascii.into_iter().chain(other.into_iter().flatten())
}

/// The dash and quote folding of `fold`, for one lowercase character.
fn fold_char(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201C}' | '\u{201D}' => '"',
        other => other,
    }
}

/// Combining diacritical marks, which decomposed accents leave behind.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// The base letter of the accented Latin letters our regions' names use.
fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ə' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'ş' | 'ș' | 'š' => 's',
        'ţ' | 'ț' | 'ť' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
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
    fn search_keys_ignore_dashes_accents_and_case() {
        assert_eq!(
            search_key("Baku–Tbilisi–Kars railway"),
            "baku tbilisi kars railway"
        );
        assert_eq!(search_key("Baku Tbilisi Kars"), "baku tbilisi kars");
        assert_eq!(search_key("Port of Constanța"), "port of constanta");
        assert_eq!(search_key("Kapıkule (TR)"), "kapikule tr");
        assert_eq!(search_key("Gəncə"), "gence");
        assert_eq!(search_key("İstanbul"), "istanbul");
        assert_eq!(search_key("Xi’an"), "xi an");
    }

    #[test]
    fn a_name_with_en_dashes_is_found_in_hyphenated_prose() {
        let prose = "such as the Baku-Tbilisi-Kars railway and the Alat Free Economic Zone.";
        assert!(names_any(prose, &["Baku–Tbilisi–Kars railway"]));
        assert!(!names_any(prose, &["Gobustan", ""]));
    }
}
