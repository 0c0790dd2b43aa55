//! Pointing readers back at the original: a link to the source page at a
//! passage (a URL text fragment), and a plain-text citation of a passage.

use crate::report::{Passage, ReportMeta};

/// How many words open and close a text fragment's range; a long passage is
/// named by its ends, which keeps the URL short and still selects it whole.
const FRAGMENT_END_WORDS: usize = 5;

/// The report's own page, scrolled to `passage` and highlighting it, using a
/// text fragment (`#:~:text=start,end`); `None` when the report has no
/// `source_url`.
///
/// ```
/// use atlas_model::citation::source_link;
/// use atlas_model::{Passage, PassageKind, ReportMeta};
/// let meta = ReportMeta {
///     id: "r".into(), title: "T".into(), subtitle: None, author: "A".into(),
///     publisher: "P".into(), date: "2025".into(), publisher_url: None,
///     source_url: Some("https://example.org/r".into()), licence: None,
/// };
/// let passage = Passage {
///     id: "p-1".into(), section: "S".into(), kind: PassageKind::Paragraph,
///     text: "Baku-Tbilisi-Kars opened.".into(),
/// };
/// assert_eq!(
///     source_link(&meta, &passage).as_deref(),
///     Some("https://example.org/r#:~:text=Baku%2DTbilisi%2DKars%20opened.")
/// );
/// ```
pub fn source_link(meta: &ReportMeta, passage: &Passage) -> Option<String> {
    let url = meta.source_url.as_deref()?;
    // A fragment already in the URL would hide the text directive.
    let page = url.split('#').next().unwrap_or(url);
    let words: Vec<&str> = passage.text.split_whitespace().collect();
    let directive = if words.len() > 2 * FRAGMENT_END_WORDS {
        format!(
            "{},{}",
            encode(&words[..FRAGMENT_END_WORDS].join(" ")),
            encode(&words[words.len() - FRAGMENT_END_WORDS..].join(" "))
        )
    } else {
        encode(&words.join(" "))
    };
    Some(format!("{page}#:~:text={directive}"))
}

/// A plain-text citation of `passage`: author, title, publisher, date, where to
/// read it, and the passage quoted.
pub fn cite(meta: &ReportMeta, passage: &Passage) -> String {
    let mut citation = format!(
        "{}, “{}”, {}, {}.",
        meta.author, meta.title, meta.publisher, meta.date
    );
    let url = source_link(meta, passage).or_else(|| meta.publisher_url.clone());
    if let Some(url) = url {
        citation.push(' ');
        citation.push_str(&url);
    }
    citation.push_str(&format!(
        "\n{}, passage {}: “{}”",
        passage.section, passage.id, passage.text
    ));
    citation
}

/// The site's host name (without `www.`) when `url` is a site's home page
/// rather than a page of its own, so a link to it can be named as one.
///
/// ```
/// use atlas_model::citation::home_page_host;
/// assert_eq!(home_page_host("https://www.specialeurasia.com/").as_deref(), Some("specialeurasia.com"));
/// assert_eq!(home_page_host("https://en.wikipedia.org/wiki/Port_of_Aktau"), None);
/// ```
pub fn home_page_host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let path = path.split(['#', '?']).next().unwrap_or("");
    let home = matches!(path, "" | "index.html" | "index.htm" | "en" | "en/");
    (home && !host.is_empty()).then(|| host.trim_start_matches("www.").to_string())
}

/// Percent-encodes a text directive's words: everything but ASCII letters,
/// digits and `.`, `_`, `~`, since `-`, `,` and `&` are the directive's syntax.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Report;

    const SOURCE: &str = "---\nid: r\ntitle: Azerbaijan Deepens Ties\nauthor: Matteo Meloni\npublisher: SpecialEurasia\ndate: 2025-04\nsource_url: https://example.org/report#top\n---\n\n## Background Information\n\nChinese companies will co-develop the 100 MW Gobustan Solar Power Plant and an offshore wind project in the Caspian Sea. {#background-3}\n";

    #[test]
    fn a_long_passage_is_linked_by_its_first_and_last_words() {
        let report = Report::parse(SOURCE).expect("parses");
        assert_eq!(
            source_link(&report.meta, &report.passages[0]).as_deref(),
            Some(
                "https://example.org/report#:~:text=Chinese%20companies%20will%20co%2Ddevelop%20the,project%20in%20the%20Caspian%20Sea."
            )
        );
    }

    #[test]
    fn a_citation_names_author_title_publisher_date_link_and_passage() {
        let report = Report::parse(SOURCE).expect("parses");
        let citation = cite(&report.meta, &report.passages[0]);
        assert!(
            citation.starts_with(
                "Matteo Meloni, “Azerbaijan Deepens Ties”, SpecialEurasia, 2025-04. https://example.org/report#:~:text="
            ),
            "{citation}"
        );
        assert!(
            citation.ends_with("\nBackground Information, passage background-3: “Chinese companies will co-develop the 100 MW Gobustan Solar Power Plant and an offshore wind project in the Caspian Sea.”"),
            "{citation}"
        );
    }

    #[test]
    fn home_pages_are_told_from_pages_of_their_own() {
        assert_eq!(
            home_page_host("https://asco.az").as_deref(),
            Some("asco.az")
        );
        assert_eq!(
            home_page_host("http://www.railway.ge/?lang=en").as_deref(),
            Some("railway.ge")
        );
        assert_eq!(home_page_host("https://example.org/report#top"), None);
        assert_eq!(home_page_host("ftp://example.org/"), None);
    }

    #[test]
    fn without_a_source_url_there_is_no_link_to_the_original() {
        let report =
            Report::parse(&SOURCE.replace("source_url: https://example.org/report#top\n", ""))
                .expect("parses");
        assert_eq!(source_link(&report.meta, &report.passages[0]), None);
        assert!(!cite(&report.meta, &report.passages[0]).contains("http"));
    }
}
