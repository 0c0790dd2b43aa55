//! The Markdown of captions and speaker notes, read into a small tree:
//! paragraphs, bulleted and numbered lists, emphasis, strong emphasis and
//! links to `http(s)` addresses. Nothing else has a meaning: HTML in a story
//! file stays text, because the tree has no node that could carry it, and
//! `caption` builds the page from the tree with text nodes only.

/// A block of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A list; `ordered` for a numbered one.
    List {
        /// Whether the items are numbered.
        ordered: bool,
        /// Each item's text.
        items: Vec<Vec<Inline>>,
    },
}

/// A run of text inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text, shown exactly as written.
    Text(String),
    /// `*emphasis*` or `_emphasis_`.
    Emphasis(Vec<Inline>),
    /// `**strong**` or `__strong__`.
    Strong(Vec<Inline>),
    /// `[text](https://…)`: only `http` and `https` addresses become links.
    Link {
        /// What the link says.
        text: Vec<Inline>,
        /// Where it goes.
        href: String,
    },
}

/// Reads Markdown into blocks.
pub fn parse(source: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Option<(bool, Vec<String>)> = None;
    let flush_paragraph = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(inlines(&paragraph.join(" "))));
            paragraph.clear();
        }
    };
    let flush_list = |list: &mut Option<(bool, Vec<String>)>, blocks: &mut Vec<Block>| {
        if let Some((ordered, items)) = list.take() {
            blocks.push(Block::List {
                ordered,
                items: items.iter().map(|i| inlines(i)).collect(),
            });
        }
    };
    for line in source.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush_paragraph(&mut paragraph, &mut blocks);
            flush_list(&mut list, &mut blocks);
            continue;
        }
        if let Some((ordered, text)) = list_item(trimmed) {
            flush_paragraph(&mut paragraph, &mut blocks);
            if list.as_ref().is_some_and(|(o, _)| *o != ordered) {
                flush_list(&mut list, &mut blocks);
            }
            list.get_or_insert_with(|| (ordered, Vec::new()))
                .1
                .push(text.to_string());
            continue;
        }
        match &mut list {
            // An indented line goes on with the item above it.
            Some((_, items)) if line.starts_with([' ', '\t']) => {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(trimmed);
                }
            }
            _ => {
                flush_list(&mut list, &mut blocks);
                paragraph.push(trimmed);
            }
        }
    }
    flush_paragraph(&mut paragraph, &mut blocks);
    flush_list(&mut list, &mut blocks);
    blocks
}

/// A list item's kind and text: `- `, `* ` or `+ ` bullets, `1. ` or `1) ` numbers.
fn list_item(line: &str) -> Option<(bool, &str)> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(text) = line.strip_prefix(bullet) {
            return Some((false, text.trim_start()));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if let Some(text) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, text.trim_start()));
        }
    }
    None
}

/// Whether a link may point at `href`: web addresses only, so no
/// `javascript:` or `data:` address reaches the page.
pub fn safe_href(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !href.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Reads the runs of one block's text.
pub fn inlines(s: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        let rest = &s[i..];
        let taken = if c == '\\' {
            match rest[1..].chars().next().filter(char::is_ascii_punctuation) {
                Some(escaped) => {
                    text.push(escaped);
                    i += 1 + escaped.len_utf8();
                    continue;
                }
                None => None,
            }
        } else if rest.starts_with("**") || rest.starts_with("__") {
            closed(rest, &rest[..2]).map(|(inner, len)| (Inline::Strong(inlines(inner)), len))
        } else if c == '*' || (c == '_' && starts_word(s, i)) {
            closed(rest, &rest[..1]).map(|(inner, len)| (Inline::Emphasis(inlines(inner)), len))
        } else if c == '[' {
            link(rest)
        } else {
            None
        };
        match taken {
            Some((inline, len)) => {
                if !text.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut text)));
                }
                match inline {
                    // A link to anything but a web address keeps only its words.
                    Inline::Link { text: words, href } if !safe_href(&href) => out.extend(words),
                    inline => out.push(inline),
                }
                i += len;
            }
            None => {
                text.push(c);
                i += c.len_utf8();
            }
        }
    }
    if !text.is_empty() {
        out.push(Inline::Text(text));
    }
    out
}

/// Whether position `i` of `s` follows a space, punctuation or the start,
/// so `snake_case` words keep their underscores.
fn starts_word(s: &str, i: usize) -> bool {
    s[..i]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation())
}

/// The text between `delimiter` at the start of `rest` and its closing twin,
/// and the length of the whole run; `None` if it is never closed, empty or
/// opens on a space (a lone `*` is text).
fn closed<'a>(rest: &'a str, delimiter: &str) -> Option<(&'a str, usize)> {
    let n = delimiter.len();
    let body = &rest[n..];
    if body.starts_with(char::is_whitespace) {
        return None;
    }
    let mut from = 0;
    while let Some(found) = body[from..].find(delimiter) {
        let at = from + found;
        // A single delimiter does not close on half of a double one.
        let doubled =
            n == 1 && (body[at + 1..].starts_with(delimiter) || body[..at].ends_with(delimiter));
        if at > 0 && !doubled && !body[..at].ends_with(char::is_whitespace) {
            return Some((&body[..at], n + at + n));
        }
        from = at + if doubled { 2 } else { 1 };
    }
    None
}

/// `[text](href)` at the start of `rest`, and its length.
fn link(rest: &str) -> Option<(Inline, usize)> {
    let close = rest.find(']')?;
    let label = &rest[1..close];
    let after = rest[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    let href = after[..end].trim();
    if label.is_empty() || href.is_empty() || label.contains('[') {
        return None;
    }
    Some((
        Inline::Link {
            text: inlines(label),
            href: href.to_string(),
        },
        close + 2 + end + 1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    #[test]
    fn blank_lines_part_paragraphs_and_line_breaks_are_spaces() {
        assert_eq!(
            parse("One\nline.\n\nTwo."),
            vec![
                Block::Paragraph(vec![text("One line.")]),
                Block::Paragraph(vec![text("Two.")])
            ]
        );
    }

    #[test]
    fn emphasis_strong_and_their_nesting() {
        assert_eq!(
            inlines("The *route* and **the __port__**."),
            vec![
                text("The "),
                Inline::Emphasis(vec![text("route")]),
                text(" and "),
                Inline::Strong(vec![text("the "), Inline::Strong(vec![text("port")])]),
                text("."),
            ]
        );
    }

    #[test]
    fn lone_stars_and_underscores_in_words_are_text() {
        assert_eq!(inlines("2 * 3 = 6"), vec![text("2 * 3 = 6")]);
        assert_eq!(inlines("snake_case_name"), vec![text("snake_case_name")]);
        assert_eq!(inlines("**open"), vec![text("**open")]);
        assert_eq!(inlines(r"\*not\*"), vec![text("*not*")]);
    }

    #[test]
    fn web_links_are_links_and_others_only_their_words() {
        assert_eq!(
            inlines("See [the port](https://portofbaku.com/)."),
            vec![
                text("See "),
                Inline::Link {
                    text: vec![text("the port")],
                    href: "https://portofbaku.com/".into()
                },
                text("."),
            ]
        );
        assert_eq!(
            inlines("[click](javascript:alert(1))"),
            vec![text("click"), text(")")]
        );
        assert_eq!(inlines("[x](data:text/html,hi)"), vec![text("x")]);
        assert!(!safe_href("JavaScript:alert(1)"));
        assert!(safe_href("HTTPS://example.org/a"));
    }

    #[test]
    fn html_in_a_caption_is_text() {
        let source = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> and <b>bold</b>";
        assert_eq!(
            parse(source),
            vec![
                Block::Paragraph(vec![text("<script>alert(1)</script>")]),
                Block::Paragraph(vec![text("<img src=x onerror=alert(1)> and <b>bold</b>")]),
            ]
        );
    }

    #[test]
    fn bullets_and_numbers_make_lists() {
        assert_eq!(
            parse("Ports:\n- Alat\n- Aktau\n  on the Caspian\n\n1. One\n2) Two"),
            vec![
                Block::Paragraph(vec![text("Ports:")]),
                Block::List {
                    ordered: false,
                    items: vec![vec![text("Alat")], vec![text("Aktau on the Caspian")]]
                },
                Block::List {
                    ordered: true,
                    items: vec![vec![text("One")], vec![text("Two")]]
                },
            ]
        );
    }
}
