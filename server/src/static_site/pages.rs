//! The edition's pages: the server's page (the first map drawn in, the
//! layers' preloads) and the story page, each marked as a static edition's,
//! its preloads naming the files the app will ask for, and the paths a plain
//! static server must find the story page at.

use atlas_model::static_edition::{META_NAME, STATIC, file_of, is_api_read};

/// A page's `html` (the reader's or the story page's) as the static
/// edition's: the meta tag that tells the app where it runs, first in
/// `<head>`, and every preload of an API read pointed at its file (once each:
/// a big layer's pages are one file there).
pub fn edition_page(html: &str) -> String {
    let meta = format!("<meta name=\"{META_NAME}\" content=\"{STATIC}\">");
    let at = head_start(html);
    with_preloads_as_files(&format!("{}{meta}{}", &html[..at], &html[at..]))
}

/// Where the head's content starts: after `<head>` (or `<head …>`), else
/// after `<html…>` (a minified page leaves the head's tags out), else after
/// the doctype.
fn head_start(html: &str) -> usize {
    let tag_end = |start: usize| html[start..].find('>').map(|end| start + end + 1);
    let lower = html.to_ascii_lowercase();
    ["<head>", "<head ", "<html>", "<html ", "<!doctype"]
        .iter()
        .find_map(|tag| lower.find(tag).and_then(tag_end))
        .unwrap_or(0)
}

/// `html` with each `<link rel=preload href=…>` of an API read pointing at
/// its file, and a second preload of the same file dropped.
fn with_preloads_as_files(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut seen: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<link") {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..=start + len];
        out.push_str(&rest[..start]);
        rest = &rest[start + len + 1..];
        let href = (attribute(tag, "rel") == Some("preload"))
            .then(|| attribute(tag, "href"))
            .flatten();
        match href {
            Some(href) if is_api_read(href) => {
                let file = file_of(&href.replace("&amp;", "&"));
                if seen.contains(&file) {
                    continue;
                }
                out.push_str(&tag.replacen(href, &file, 1));
                seen.push(file);
            }
            _ => out.push_str(tag),
        }
    }
    out.push_str(rest);
    out
}

/// The value of attribute `name` in a start tag, quoted or not (minified pages leave quotes out).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(at) = tag[from..].find(&format!("{name}=")) {
        let at = from + at;
        from = at + name.len() + 1;
        // The name must be a whole attribute name, not the end of another.
        if !tag[..at].ends_with([' ', '\t', '\n']) {
            continue;
        }
        let value = &tag[from..];
        return match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value[1..].find(quote).map(|end| &value[1..=end]),
            _ => value
                .find([' ', '\t', '\n', '>'])
                .map(|end| value[..end].trim_end_matches('/')),
        };
    }
    None
}

/// Where a story's pages live: `story/{id}/` (its first step) and
/// `story/{id}/{n}/` for each of its `steps`, each an `index.html` (the
/// story page), since a plain static server has no fallback to it.
pub fn story_pages(id: &str, steps: usize) -> Vec<String> {
    std::iter::once(format!("story/{id}/index.html"))
        .chain((1..=steps).map(|n| format!("story/{id}/{n}/index.html")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\">\
        <link rel=\"preload\" href=\"/collections\" as=\"fetch\" crossorigin=\"anonymous\" />\
        <link rel=\"stylesheet\" href=\"/atlas-0123456789abcdef.css\">\
        <link rel=\"preload\" href=\"/collections/sites/items?limit=10000\" as=\"fetch\">\
        <link rel=\"preload\" href=\"/collections/sites/items?limit=10000&amp;offset=10000\" as=\"fetch\">\
        </head><body></body></html>";

    #[test]
    fn the_page_is_marked_and_its_preloads_name_files() {
        let page = edition_page(PAGE);
        assert!(page.starts_with(
            "<!doctype html><html><head><meta name=\"atlas-edition\" content=\"static\"><meta charset"
        ));
        assert!(page.contains("href=\"/collections.json\""));
        assert_eq!(
            page.matches("href=\"/collections/sites/items.json\"")
                .count(),
            1
        );
        assert!(page.contains("href=\"/atlas-0123456789abcdef.css\""));
        assert!(!page.contains("?limit"));
    }

    #[test]
    fn a_minified_page_without_head_tags_is_marked_in_its_head() {
        let minified = "<!doctype html><html lang=en><meta charset=utf-8><title>Atlas</title>\
            <link as=fetch crossorigin href=/collections rel=preload>\
            <link as=fetch crossorigin href=/api/config rel=preload>\
            <link href=/atlas-0123456789abcdef.css rel=stylesheet>\
            </head><body><header class=first-map-head></header></body></html>";
        let page = edition_page(minified);
        assert!(page.starts_with(
            "<!doctype html><html lang=en><meta name=\"atlas-edition\" content=\"static\"><meta charset"
        ));
        assert!(page.contains("<link as=fetch crossorigin href=/collections.json rel=preload>"));
        assert!(page.contains("href=/api/config.json rel=preload>"));
        assert!(page.contains("<link href=/atlas-0123456789abcdef.css rel=stylesheet>"));
    }

    #[test]
    fn attributes_are_read_quoted_or_not() {
        let tag = "<link data-rel=x rel=preload href=\"/a?b=1\" as='fetch'>";
        assert_eq!(attribute(tag, "rel"), Some("preload"));
        assert_eq!(attribute(tag, "href"), Some("/a?b=1"));
        assert_eq!(attribute(tag, "as"), Some("fetch"));
        assert_eq!(attribute("<link href=/x/>", "href"), Some("/x"));
        assert_eq!(attribute(tag, "type"), None);
    }

    #[test]
    fn a_story_has_a_page_per_step_and_one_for_itself() {
        assert_eq!(
            story_pages("six", 2),
            [
                "story/six/index.html",
                "story/six/1/index.html",
                "story/six/2/index.html"
            ]
        );
    }
}
