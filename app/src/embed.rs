//! Embedding: `?embed=1` shows the map (or a story) without the page's
//! header and panels, for an iframe in a slide tool or a web page, with the
//! attribution and a link to the full atlas; the "Embed" button gives the
//! iframe's code for what is on screen.
//!
//! The mode is [`EmbedMode`], provided as context by `App`; the story player
//! reads it with [`is_embedded`].

use leptos::html;
use leptos::prelude::*;

/// Whether the page is embedded (`?embed=1`): context provided once by `App`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmbedMode(pub bool);

/// Whether a query string (`?a=b&embed=1`) asks for the embedded page.
pub fn asks_for_embed(query: &str) -> bool {
    query
        .trim_start_matches('?')
        .split('&')
        .any(|pair| matches!(pair, "embed" | "embed=1" | "embed=true"))
}

/// The query string without the embed flag (with its `?`, or empty).
pub fn without_embed(query: &str) -> String {
    let kept: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("embed"))
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

/// The query string with the embed flag added once.
pub fn with_embed(query: &str) -> String {
    match without_embed(query).as_str() {
        "" => "?embed=1".to_string(),
        other => format!("{other}&embed=1"),
    }
}

/// Whether this page was opened embedded, read from the address.
pub fn requested() -> bool {
    asks_for_embed(&window().location().search().unwrap_or_default())
}

/// Whether the page is embedded: the context if provided, else the address.
pub fn is_embedded() -> bool {
    use_context::<EmbedMode>().map_or_else(requested, |m| m.0)
}

/// The page whose address is shared: the reader's for the presenter's page
/// (`/present`), whose tools an audience has no use for; else the page itself.
fn readers_path(path: &str) -> &str {
    if path == "/present" || path.starts_with("/present/") {
        "/"
    } else {
        path
    }
}

/// The page's own address as it is now, embedded or not.
fn current_address(embedded: bool) -> String {
    let location = window().location();
    let query = location.search().unwrap_or_default();
    format!(
        "{}{}{}{}",
        location.origin().unwrap_or_default(),
        readers_path(&location.pathname().unwrap_or_default()),
        if embedded {
            with_embed(&query)
        } else {
            without_embed(&query)
        },
        location.hash().unwrap_or_default()
    )
}

/// The iframe code for `src`.
pub fn iframe_code(src: &str) -> String {
    let src = src.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        "<iframe src=\"{src}\" width=\"960\" height=\"540\" style=\"border:0\" title=\"Corridor Atlas: the Middle Corridor\" loading=\"lazy\" allow=\"fullscreen\"></iframe>"
    )
}

/// "Open in Corridor Atlas": the same view, full page, in a new tab.
#[component]
pub fn OpenInAtlas() -> impl IntoView {
    let link = NodeRef::<html::A>::new();
    // The address follows the view; the link reads it as it is followed.
    let refresh = move || {
        if let Some(a) = link.get_untracked() {
            a.set_href(&current_address(false));
        }
    };
    view! {
        <a
            class="open-in-atlas"
            node_ref=link
            href="/"
            target="_blank"
            rel="noopener"
            on:pointerdown=move |ev| { ev.stop_propagation(); refresh(); }
            on:focus=move |_| refresh()
            on:click=move |_| refresh()
        >
            "Open in Corridor Atlas ↗"
        </a>
    }
}

/// The "Embed" button and its dialog with the iframe code to copy.
#[component]
pub fn EmbedButton() -> impl IntoView {
    let open = RwSignal::new(false);
    let code = RwSignal::new(String::new());
    let copied = RwSignal::new(String::new());
    let button = NodeRef::<html::Button>::new();
    let area = NodeRef::<html::Textarea>::new();
    let close = move || {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let copy = move || {
        let _ = window()
            .navigator()
            .clipboard()
            .write_text(&code.get_untracked());
        if let Some(a) = area.get_untracked() {
            a.select();
        }
        copied.set("Copied to the clipboard.".into());
    };
    Effect::new(move |_| {
        if let Some(a) = area.get() {
            let _ = a.focus();
            a.select();
        }
    });
    view! {
        <button
            type="button"
            class="tool-button embed-open"
            aria-haspopup="dialog"
            node_ref=button
            on:click=move |_| {
                code.set(iframe_code(&current_address(true)));
                copied.set(String::new());
                open.set(true);
            }
        >
            "Embed"
        </button>
        {move || open.get().then(|| view! {
            <div class="dialog-backdrop" on:click=move |_| close()>
                <div
                    class="dialog embed-dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="embed-heading"
                    on:click=|ev| ev.stop_propagation()
                    on:keydown=move |ev| if ev.key() == "Escape" { close() }
                >
                    <h2 id="embed-heading">"Embed this view"</h2>
                    <p>"Paste this code into a web page or a slide tool that takes HTML: it shows the map as it is now, without the page around it."</p>
                    <textarea class="embed-code" node_ref=area readonly rows="4" aria-label="Iframe code" prop:value=move || code.get()></textarea>
                    <p class="dialog-status" role="status" aria-live="polite">{move || copied.get()}</p>
                    <div class="dialog-actions">
                        <button type="button" class="secondary" on:click=move |_| close()>"Close"</button>
                        <button type="button" class="primary embed-copy" on:click=move |_| copy()>"Copy code"</button>
                    </div>
                </div>
            </div>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_is_read_among_other_parameters() {
        assert!(asks_for_embed("?embed=1"));
        assert!(asks_for_embed("?speaker&embed=1"));
        assert!(!asks_for_embed("?embedded=1"));
        assert!(!asks_for_embed(""));
    }

    #[test]
    fn the_flag_is_added_and_taken_away_keeping_the_rest() {
        assert_eq!(readers_path("/present"), "/");
        assert_eq!(readers_path("/present/index.html"), "/");
        assert_eq!(readers_path("/story/s/2"), "/story/s/2");
        assert_eq!(readers_path("/presentation"), "/presentation");
        assert_eq!(with_embed(""), "?embed=1");
        assert_eq!(with_embed("?speaker"), "?speaker&embed=1");
        assert_eq!(with_embed("?embed=1"), "?embed=1");
        assert_eq!(without_embed("?speaker&embed=1"), "?speaker");
        assert_eq!(without_embed("?embed=1"), "");
    }

    #[test]
    fn the_iframe_code_escapes_its_address() {
        let code = iframe_code("http://h/?embed=1#map=4/40/50&route=x");
        assert!(code.starts_with("<iframe src=\"http://h/?embed=1#map=4/40/50&amp;route=x\""));
    }
}
