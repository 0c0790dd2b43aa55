//! `f=html`: plain HTML renderings of the OGC API resources (landing page,
//! conformance, API definition, collections, collection, items, item), for
//! the HTML conformance class of OGC API - Features Part 1.
//!
//! Each page is rendered from the very JSON value the JSON answer would carry,
//! so both encodings say the same. No template crate: the pages are small, and
//! every string from the data goes through [`escape`], attribute values
//! included. Only the server's own root-relative links become `<a href>`; any
//! other URL (a feature's sources, say) is shown as text, never followed.

use super::Format;
use crate::http::error::AppError;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use std::fmt::Write;

/// The media type of HTML answers.
pub const HTML: &str = "text/html; charset=utf-8";

/// `value` in the asked `format`: JSON of media type `content_type`, or the
/// HTML page `render` makes of the same JSON value.
pub fn respond<T: Serialize>(
    format: Format,
    content_type: &'static str,
    value: &T,
    render: fn(&Value) -> String,
) -> Result<Response, AppError> {
    match format {
        Format::Json => super::json_response(content_type, value),
        Format::Html => Ok(html_response(render(&serde_json::to_value(value)?))),
    }
}

/// An HTML page as an answer.
pub fn html_response(page: String) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(HTML))],
        page,
    )
        .into_response()
}

/// `text` made safe for HTML text and for quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The landing page (`/?f=html`), shown when the app is not built.
pub fn landing(doc: &Value) -> String {
    let title = str_of(doc, "title");
    let mut body = heading(title);
    paragraph(&mut body, str_of(doc, "description"));
    links(&mut body, doc);
    page(title, &body)
}

/// `/conformance?f=html`.
pub fn conformance(doc: &Value) -> String {
    let mut body = heading("Conformance classes");
    body.push_str("<ul>");
    for class in array_of(doc, "conformsTo") {
        let _ = write!(
            body,
            "<li><code>{}</code></li>",
            escape(class.as_str().unwrap_or(""))
        );
    }
    body.push_str("</ul>");
    page("Conformance", &body)
}

/// `/api?f=html`: every path and operation of the OpenAPI document.
pub fn api(doc: &Value) -> String {
    let title = doc["info"]["title"].as_str().unwrap_or("API");
    let mut body = heading(&format!("{title}: API definition"));
    paragraph(&mut body, doc["info"]["description"].as_str().unwrap_or(""));
    body.push_str("<p><a href=\"/api?f=json\">The OpenAPI 3.0 document (JSON)</a></p>");
    body.push_str("<table><tr><th>Method</th><th>Path</th><th>Summary</th></tr>");
    if let Some(paths) = doc["paths"].as_object() {
        for (path, operations) in paths {
            for (method, operation) in operations.as_object().into_iter().flatten() {
                let _ = write!(
                    body,
                    "<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
                    escape(&method.to_uppercase()),
                    escape(path),
                    escape(str_of(operation, "summary")),
                );
            }
        }
    }
    body.push_str("</table>");
    page(&format!("{title}: API"), &body)
}

/// `/collections?f=html`.
pub fn collections(doc: &Value) -> String {
    let mut body = heading("Collections");
    body.push_str("<table><tr><th>Collection</th><th>Description</th><th>Features</th></tr>");
    for collection in array_of(doc, "collections") {
        let id = str_of(collection, "id");
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            anchor(
                &html_href(&format!("/collections/{id}")),
                str_of(collection, "title")
            ),
            escape(str_of(collection, "description")),
            anchor(
                &html_href(&format!("/collections/{id}/items")),
                &collection["numberOfFeatures"].to_string()
            ),
        );
    }
    body.push_str("</table>");
    links(&mut body, doc);
    page("Collections", &body)
}

/// `/collections/{id}?f=html`.
pub fn collection(doc: &Value) -> String {
    let title = str_of(doc, "title");
    let mut body = heading(title);
    paragraph(&mut body, str_of(doc, "description"));
    body.push_str("<dl>");
    definition(&mut body, "Id", &escape(str_of(doc, "id")));
    definition(
        &mut body,
        "Features",
        &escape(&doc["numberOfFeatures"].to_string()),
    );
    if let Some(bbox) = doc["extent"]["spatial"]["bbox"].get(0) {
        definition(&mut body, "Extent (CRS84)", &escape(&bbox.to_string()));
    }
    body.push_str("</dl>");
    links(&mut body, doc);
    page(title, &body)
}

/// `/collections/{id}/items?f=html`: one page of features.
pub fn items(doc: &Value) -> String {
    let mut body = heading("Features");
    let _ = write!(
        body,
        "<p>{} of {} matching features.</p>",
        escape(&doc["numberReturned"].to_string()),
        escape(&doc["numberMatched"].to_string()),
    );
    // The feature links come from the page's own `self` link: `/collections/{id}/items`.
    let base = array_of(doc, "links")
        .iter()
        .find(|l| l["rel"] == "self")
        .and_then(|l| l["href"].as_str())
        .map(|href| href.split('?').next().unwrap_or(href).to_string())
        .unwrap_or_default();
    body.push_str("<table><tr><th>Feature</th><th>Kind</th><th>Geometry</th></tr>");
    for feature in array_of(doc, "features") {
        let id = feature["id"].as_str().unwrap_or("");
        let name = feature["properties"]["name"].as_str().unwrap_or(id);
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            anchor(&html_href(&format!("{base}/{id}")), name),
            escape(str_of(&feature["properties"], "kind")),
            escape(str_of(&feature["geometry"], "type")),
        );
    }
    body.push_str("</table>");
    links(&mut body, doc);
    page("Features", &body)
}

/// `/collections/{id}/items/{featureId}?f=html`: one feature's properties.
pub fn item(doc: &Value) -> String {
    let id = doc["id"].as_str().unwrap_or("");
    let title = doc["properties"]["name"].as_str().unwrap_or(id);
    let mut body = heading(title);
    body.push_str("<dl>");
    definition(&mut body, "Id", &escape(id));
    definition(
        &mut body,
        "Geometry",
        &escape(str_of(&doc["geometry"], "type")),
    );
    for (key, value) in doc["properties"].as_object().into_iter().flatten() {
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        definition(&mut body, key, &escape(&text));
    }
    body.push_str("</dl>");
    links(&mut body, doc);
    page(title, &body)
}

/// A whole document around `body`, which must already be escaped.
fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · Corridor Atlas</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}}\
         dt{{font-weight:bold}}</style></head>\
         <body><nav><a href=\"/?f=html\">Home</a> · <a href=\"/collections?f=html\">Collections</a> · \
         <a href=\"/api?f=html\">API</a></nav><main>{body}</main></body></html>\n",
        escape(title),
    )
}

fn heading(text: &str) -> String {
    format!("<h1>{}</h1>", escape(text))
}

fn paragraph(body: &mut String, text: &str) {
    if !text.is_empty() {
        let _ = write!(body, "<p>{}</p>", escape(text));
    }
}

fn definition(body: &mut String, term: &str, escaped_value: &str) {
    let _ = write!(body, "<dt>{}</dt><dd>{escaped_value}</dd>", escape(term));
}

/// The document's `links` as a list. `self` keeps its JSON href, so the page
/// offers its JSON; every other link of ours leads to its HTML page.
fn links(body: &mut String, doc: &Value) {
    let links = array_of(doc, "links");
    if links.is_empty() {
        return;
    }
    body.push_str("<h2>Links</h2><ul>");
    for link in links {
        let href = str_of(link, "href");
        let rel = str_of(link, "rel");
        let label = link["title"].as_str().unwrap_or(rel);
        let _ = write!(
            body,
            "<li>{} <small>({}, {})</small></li>",
            anchor(
                &if rel == "self" {
                    href.to_string()
                } else {
                    html_href(href)
                },
                label
            ),
            escape(rel),
            escape(str_of(link, "type")),
        );
    }
    body.push_str("</ul>");
}

/// An `<a>` for a root-relative `href`; any other URL is shown as text only.
fn anchor(href: &str, label: &str) -> String {
    if href.starts_with('/') && !href.starts_with("//") {
        format!("<a href=\"{}\">{}</a>", escape(href), escape(label))
    } else {
        escape(label)
    }
}

/// The HTML page of one of our own resources: `href` with `f=html` instead of any `f`.
fn html_href(href: &str) -> String {
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let offers_html =
        matches!(path, "/" | "/api" | "/conformance") || path.starts_with("/collections");
    if !offers_html {
        return href.to_string();
    }
    let mut pairs: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("f="))
        .collect();
    pairs.push("f=html");
    format!("{path}?{}", pairs.join("&"))
}

fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or("")
}

fn array_of<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value[key].as_array().map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escape_covers_text_and_both_quote_kinds() {
        assert_eq!(
            escape(r#"<a href="x" onclick='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn own_links_lead_to_html_and_other_urls_are_text() {
        assert_eq!(html_href("/?f=json"), "/?f=html");
        assert_eq!(
            html_href("/collections/a/items?limit=2&offset=2"),
            "/collections/a/items?limit=2&offset=2&f=html"
        );
        assert_eq!(html_href("/api/reports"), "/api/reports");
        assert_eq!(anchor("javascript:alert(1)", "x"), "x");
        assert_eq!(anchor("//evil.example/", "x"), "x");
    }

    #[test]
    fn an_items_page_escapes_feature_names_and_links_each_feature() {
        let page = items(&json!({
            "numberMatched": 1, "numberReturned": 1,
            "features": [{
                "id": "baku",
                "geometry": { "type": "Point" },
                "properties": { "name": "<script>alert(1)</script>", "kind": "capital" },
            }],
            "links": [{ "href": "/collections/places/items?limit=10&offset=0", "rel": "self" }],
        }));
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;"), "{page}");
        assert!(
            page.contains("<a href=\"/collections/places/items/baku?f=html\">"),
            "{page}"
        );
    }
}
