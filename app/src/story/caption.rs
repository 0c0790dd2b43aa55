//! Captions and speaker notes on the page: the Markdown tree of `markdown`
//! built into elements and text nodes. No string from a story file is ever
//! parsed as HTML: text goes in as text nodes, and only `http(s)` addresses
//! become links.

use super::markdown::{Block, Inline, parse, safe_href};
use leptos::prelude::*;

/// A caption's or note's Markdown as elements.
#[component]
pub fn Markdown(
    /// The Markdown source.
    #[prop(into)]
    source: String,
) -> impl IntoView {
    parse(&source).iter().map(block).collect_view()
}

fn block(block: &Block) -> AnyView {
    match block {
        Block::Paragraph(runs) => view! { <p>{runs_view(runs)}</p> }.into_any(),
        Block::List { ordered, items } => {
            let items = items
                .iter()
                .map(|item| view! { <li>{runs_view(item)}</li> })
                .collect_view();
            if *ordered {
                view! { <ol>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
    }
}

fn runs_view(runs: &[Inline]) -> Vec<AnyView> {
    runs.iter().map(run).collect()
}

fn run(inline: &Inline) -> AnyView {
    match inline {
        Inline::Text(text) => text.clone().into_any(),
        Inline::Emphasis(runs) => view! { <em>{runs_view(runs)}</em> }.into_any(),
        Inline::Strong(runs) => view! { <strong>{runs_view(runs)}</strong> }.into_any(),
        Inline::Link { text, href } if safe_href(href) => view! {
            <a href=href.clone() target="_blank" rel="noopener noreferrer">{runs_view(text)}</a>
        }
        .into_any(),
        Inline::Link { text, .. } => runs_view(text).into_any(),
    }
}

/// The words of Markdown without its marks, for a title or a short preview.
pub fn plain_text(source: &str) -> String {
    fn push(runs: &[Inline], out: &mut String) {
        for r in runs {
            match r {
                Inline::Text(t) => out.push_str(t),
                Inline::Emphasis(inner) | Inline::Strong(inner) => push(inner, out),
                Inline::Link { text, .. } => push(text, out),
            }
        }
    }
    let mut out = String::new();
    for b in parse(source) {
        if !out.is_empty() {
            out.push(' ');
        }
        match b {
            Block::Paragraph(runs) => push(&runs, &mut out),
            Block::List { items, .. } => {
                for item in items {
                    push(&item, &mut out);
                    out.push(' ');
                }
            }
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn plain_text_drops_the_marks_and_keeps_html_as_words() {
        assert_eq!(
            plain_text("The *route* and [the port](https://x.org).\n\n<script>x</script>"),
            "The route and the port. <script>x</script>"
        );
    }
}
