//! `GET /`: the app for browsers, the OGC API landing page for JSON clients.

use super::{JSON, Params, html, json_response, static_files};
use crate::AppState;
use crate::http::error::AppError;
use atlas_model::api::Link;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/", get(landing))
}

async fn landing(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let params = Params::parse(query.as_deref());
    let format = params.get("f")?;
    let wants_json = match format {
        Some("json") => true,
        Some("html") => false,
        Some(_) => return Err(AppError::bad_param("f", "must be `json` or `html`")),
        None => !prefers_html(&headers),
    };
    let document = document()?;
    let mut answer = if wants_json {
        json_response(JSON, &document)?
    } else {
        // Browsers get the app; until it is built, the plain HTML landing page.
        let accept_encoding = headers.get(header::ACCEPT_ENCODING);
        match static_files::index_selecting(&state, query.as_deref(), accept_encoding).await {
            Err(AppError::AppNotBuilt) => html::html_response(html::landing(&document)),
            answer => answer?,
        }
    };
    if format.is_none() {
        // Chosen by `Accept`: a cache must not give a browser the JSON, nor a client the page.
        answer
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept"));
    }
    Ok(answer)
}

/// The landing page's JSON: what the server is, and links to everything else.
fn document() -> Result<Value, AppError> {
    let link = |href: &str, rel: &str, media_type: &str, title: &str| {
        Link::new(href, rel, media_type).titled(title)
    };
    Ok(json!({
        "title": "Corridor Atlas",
        "description": "An interactive map of the Middle Corridor: the rail, road, \
            ferry, pipeline and energy projects linking China and Central Asia \
            across the Caspian and the South Caucasus to Europe, with the reports \
            that discuss them.",
        "links": [
            link("/?f=json", "self", JSON, "This document"),
            link("/?f=html", "alternate", html::HTML, "This document as HTML"),
            link("/api", "service-desc", super::openapi::OPENAPI_JSON, "The API definition (OpenAPI 3.0)"),
            link("/api?f=html", "service-doc", html::HTML, "The API definition as HTML"),
            link("/conformance", "conformance", JSON, "Conformance classes implemented"),
            link("/collections", "data", JSON, "The map's layers"),
            link("/api/reports", "reports", JSON, "Reports quoted on the map"),
        ],
    }))
}

/// Whether `Accept` prefers HTML to JSON, as a browser's navigation does.
///
/// OGC clients that send no `Accept`, or `*/*` (OWSLib, curl), get JSON: an
/// HTML answer would fail their parsing, while browsers always name `text/html`.
fn prefers_html(headers: &HeaderMap) -> bool {
    let mut html = 0.0_f32;
    let mut json = 0.0_f32;
    for value in headers.get_all(header::ACCEPT) {
        let Ok(value) = value.to_str() else { continue };
        for range in value.split(',') {
            let mut parts = range.split(';');
            let media_type = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            match media_type.as_str() {
                "text/html" | "application/xhtml+xml" => html = html.max(q),
                "application/json" | "application/geo+json" => json = json.max(q),
                _ => {}
            }
        }
    }
    html > 0.0 && html >= json
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_str(value).expect("header"),
        );
        headers
    }

    #[test]
    fn browsers_prefer_html_and_api_clients_get_json() {
        assert!(prefers_html(&accept(
            "text/html,application/xhtml+xml,*/*;q=0.8"
        )));
        assert!(prefers_html(&accept("text/html, application/json")));
        assert!(!prefers_html(&HeaderMap::new()));
        assert!(!prefers_html(&accept("*/*")));
        assert!(!prefers_html(&accept("application/json")));
        assert!(!prefers_html(&accept("application/json, text/html;q=0.5")));
        assert!(!prefers_html(&accept("text/html;q=0")));
    }
}
