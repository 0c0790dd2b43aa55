//! Headers that every answer carries, and the requests refused before routing.
//!
//! Pages (HTML) and scripts (a worker takes its policy from its script) carry
//! the Content-Security-Policy that allows the built apps and nothing else;
//! every other answer (JSON, GeoJSON, styles, images, wasm) carries a short
//! policy that lets it load nothing and be framed by nothing, should it ever
//! be opened as a document: the long one, repeated on each of a first
//! visit's twenty answers, was some 8 kB on a phone's slow link. Trunk
//! loads the wasm from an inline `<script type="module">` in `dist/index.html`
//! (and the editor's in `dist/edit/index.html`, the story page's in
//! `dist/story/index.html`), so the policy lists the SHA-256 of each inline
//! script read at startup.

use crate::http::error::AppError;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The longest request target (path and query) answered; longer ones get 414.
///
/// The longest URL the app or an OGC client builds is a few hundred bytes;
/// 8 KiB is the common default of servers and proxies.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// The policy of answers that are neither pages nor scripts.
pub const NOT_A_PAGE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The security headers, built once at startup.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    /// The policy of pages and scripts.
    csp: HeaderValue,
}

impl SecurityHeaders {
    /// The headers for the apps built into `dist`: the inline scripts of the
    /// reader's page (`dist/index.html`), the editor's (`dist/edit/index.html`),
    /// the story page's (`dist/story/index.html`) and the presenter's
    /// (`dist/present/index.html`) are allowed by hash.
    /// Without these pages no inline script is allowed.
    pub fn for_dist(dist: &Path, tile_origin: Option<&str>) -> SecurityHeaders {
        // Read once at startup: `make run` builds the apps before the server starts.
        let hashes: Vec<String> = [
            dist.join("index.html"),
            dist.join("edit").join("index.html"),
            dist.join("story").join("index.html"),
            dist.join("present").join("index.html"),
        ]
        .iter()
        .flat_map(|page| inline_script_hashes(&std::fs::read_to_string(page).unwrap_or_default()))
        .collect();
        let policy = content_security_policy(&hashes, tile_origin);
        // A policy of base64, quotes and ASCII words is always a valid header value.
        let csp = HeaderValue::from_str(&policy)
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
        SecurityHeaders { csp }
    }
}

/// Marks a 304 whose 200 is a page or a script, which has no `Content-Type`
/// to tell by: it must carry the page's policy, because a browser replaces
/// the headers it stored with the 200 by those of the 304 (Chromium does, the
/// policy included), and a page revalidated under the short policy runs no script.
#[derive(Debug, Clone, Copy)]
pub struct RevalidatesAPage;

impl SecurityHeaders {
    /// Sets the security headers in `map`, the policy by the answer's `Content-Type`.
    pub fn add_to(&self, map: &mut HeaderMap) {
        self.add(map, false);
    }

    /// Sets the security headers in `map`, the apps' policy if `page` or if
    /// the `Content-Type` is a page's or a script's.
    fn add(&self, map: &mut HeaderMap, page: bool) {
        let policy = if page || is_page_or_script(map) {
            self.csp.clone()
        } else {
            HeaderValue::from_static(NOT_A_PAGE_POLICY)
        };
        map.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        map.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
        map.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
}

/// Whether `headers` are those of an HTML page or a script.
pub fn is_page_or_script(headers: &HeaderMap) -> bool {
    let Some(kind) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = kind.split(';').next().unwrap_or("").trim();
    ["text/html", "text/javascript", "application/javascript"]
        .iter()
        .any(|page| essence.eq_ignore_ascii_case(page))
}

/// The policy, with `script_hashes` (such as `'sha256-...'`) allowed as scripts
/// and images from `tile_origin` (the configured web tiles' server) allowed.
pub fn content_security_policy(script_hashes: &[String], tile_origin: Option<&str>) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        script_src.push(' ');
        script_src.push_str(hash);
    }
    [
        "default-src 'self'".to_string(),
        format!("script-src {script_src}"),
        // Leptos sets `style` attributes, which only 'unsafe-inline' allows.
        "style-src 'self' 'unsafe-inline'".to_string(),
        match tile_origin {
            Some(origin) => format!("img-src 'self' data: {origin}"),
            None => "img-src 'self' data:".to_string(),
        },
        "connect-src 'self'".to_string(),
        // The offline service worker (`/sw.js`), from this origin only.
        "worker-src 'self'".to_string(),
        "object-src 'none'".to_string(),
        "base-uri 'self'".to_string(),
        // Any site may frame the map: `?embed=1` is made for iframes in slides and pages.
        "frame-ancestors *".to_string(),
    ]
    .join("; ")
}

/// The `scheme://host[:port]` of an http(s) URL template, for the CSP; `None` for anything else.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    let safe = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'{' | b'}'));
    (matches!(scheme, "https" | "http") && safe).then(|| format!("{scheme}://{host}"))
}

/// `'sha256-<base64>'` of the exact body of every inline `<script>` (one
/// without a `src` attribute) in `html`, in document order.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    inline_scripts(html)
        .into_iter()
        .map(|body| {
            format!(
                "'sha256-{}'",
                STANDARD.encode(Sha256::digest(body.as_bytes()))
            )
        })
        .collect()
}

/// The bodies of the inline scripts of `html`.
///
/// A small scanner, not an HTML parser: enough for Trunk's output, where a
/// script's body cannot contain `</script` (HTML forbids it too).
fn inline_scripts(html: &str) -> Vec<&str> {
    // ASCII lowercasing keeps byte offsets, so positions found in `lower` index `html`.
    let lower = html.to_ascii_lowercase();
    let mut bodies = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<script") {
        let tag_start = at + found + "<script".len();
        // `<scripts>` or `<script-x>` is another element.
        if !lower[tag_start..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
            at = tag_start;
            continue;
        }
        let Some(tag_len) = tag_end(&lower[tag_start..]) else {
            break;
        };
        let attributes = &lower[tag_start..tag_start + tag_len];
        let body_start = tag_start + tag_len + 1;
        let Some(body_len) = lower[body_start..].find("</script") else {
            break;
        };
        if !has_attribute(attributes, "src") {
            bodies.push(&html[body_start..body_start + body_len]);
        }
        at = body_start + body_len;
    }
    bodies
}

/// Where the `>` closing a start tag is, skipping quoted attribute values.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Whether a start tag's attribute text names `name` outside quoted values.
fn has_attribute(attributes: &str, name: &str) -> bool {
    let mut names = Vec::new();
    let mut quote = None;
    let mut current = String::new();
    let mut in_value = false;
    for c in attributes.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                in_value = false;
            }
            (Some(_), _) => {}
            (None, '"' | '\'') if in_value => quote = Some(c),
            (None, '=') => {
                names.push(std::mem::take(&mut current));
                in_value = true;
            }
            (None, c) if c.is_ascii_whitespace() || c == '/' => {
                if !current.is_empty() {
                    names.push(std::mem::take(&mut current));
                }
                // An unquoted value ends at whitespace.
                in_value = false;
            }
            (None, c) if !in_value => current.push(c),
            (None, _) => {}
        }
    }
    names.push(current);
    names.iter().any(|n| n == name)
}

/// Adds the security headers to every answer, errors and 304s included.
pub async fn security_headers(
    State(headers): State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let page = response.extensions().get::<RevalidatesAPage>().is_some();
    headers.add(response.headers_mut(), page);
    response
}

/// Answers 414 to request targets longer than [`MAX_URI_BYTES`], before any
/// handler parses them.
pub async fn refuse_long_uris(request: Request, next: Next) -> Response {
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    if length > MAX_URI_BYTES {
        return AppError::UriTooLong {
            limit: MAX_URI_BYTES,
        }
        .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_scripts_get_the_apps_policy_and_everything_else_the_short_one() {
        let headers = SecurityHeaders::for_dist(Path::new("/nonexistent"), None);
        for (kind, page) in [
            (Some("text/html; charset=utf-8"), true),
            (Some("TEXT/HTML"), true),
            (Some("text/javascript"), true),
            (Some("application/javascript; charset=utf-8"), true),
            (Some("application/geo+json"), false),
            (Some("application/problem+json"), false),
            (Some("image/svg+xml"), false),
            (Some("text/htmlx"), false),
            (None, false),
        ] {
            let mut map = HeaderMap::new();
            if let Some(kind) = kind {
                map.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            }
            headers.add_to(&mut map);
            let policy = map[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .expect("ascii");
            assert_eq!(policy == NOT_A_PAGE_POLICY, !page, "{kind:?}: {policy}");
            assert_eq!(map[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        }
    }

    #[test]
    fn inline_scripts_are_found_and_scripts_with_src_are_skipped() {
        let html = "<head><script type=\"module\">\nrun();\n</script>\
            <script src=\"/a.js\"></script><SCRIPT>b()</SCRIPT>\
            <script data-src='x>y' defer>c()</script></head>";
        assert_eq!(inline_scripts(html), ["\nrun();\n", "b()", "c()"]);
    }

    #[test]
    fn unquoted_and_self_closing_src_attributes_count_as_src() {
        assert!(has_attribute(" src=/a.js", "src"));
        assert!(has_attribute(" type=module src", "src"));
        assert!(has_attribute(" src='a b' async", "src"));
        assert!(!has_attribute(" data-src=\"x src\"", "src"));
        assert!(!has_attribute(" type=\"module\"", "src"));
    }

    #[test]
    fn a_page_without_scripts_allows_only_self_and_wasm() {
        let policy = content_security_policy(&inline_script_hashes("<p>hi</p>"), None);
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{policy}"
        );
        assert!(policy.contains("object-src 'none'"), "{policy}");
    }

    #[test]
    fn the_hash_of_an_empty_script_is_the_published_sha256_of_nothing() {
        assert_eq!(
            inline_script_hashes("<script></script>"),
            ["'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"]
        );
    }
}
