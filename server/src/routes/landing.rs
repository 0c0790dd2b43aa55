//! `GET /`: the app for browsers, the OGC API landing page for JSON clients.

use super::{JSON, Params, json_response, static_files};
use crate::AppState;
use crate::error::AppError;
use atlas_model::api::Link;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use axum::routing::get;
use serde_json::json;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/", get(landing))
}

async fn landing(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let wants_json = match Params::parse(query.as_deref()).get("f")? {
        Some("json") => true,
        Some("html") => false,
        Some(_) => return Err(AppError::bad_param("f", "must be `json` or `html`")),
        None => accepts_json_not_html(&headers),
    };
    if !wants_json {
        return static_files::index(&state).await;
    }
    let link = |href: &str, rel: &str, media_type: &str, title: &str| Link {
        href: href.into(),
        rel: rel.into(),
        media_type: Some(media_type.into()),
        title: Some(title.into()),
    };
    json_response(
        JSON,
        &json!({
            "title": "Corridor Atlas",
            "description": "An interactive map of the Middle Corridor: the rail, road, \
                ferry, pipeline and energy projects linking China and Central Asia \
                across the Caspian and the South Caucasus to Europe, with the reports \
                that discuss them.",
            "links": [
                link("/?f=json", "self", JSON, "This document"),
                link("/api", "service-desc", super::openapi::OPENAPI_JSON, "The API definition (OpenAPI 3.0)"),
                link("/conformance", "conformance", JSON, "Conformance classes implemented"),
                link("/collections", "data", JSON, "The map's layers"),
                link("/api/reports", "reports", JSON, "Reports quoted on the map"),
            ],
        }),
    )
}

/// Whether `Accept` asks for JSON and not HTML (a browser asks for HTML first).
fn accepts_json_not_html(headers: &HeaderMap) -> bool {
    let accept = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    let types: Vec<&str> = accept
        .split(',')
        .map(|t| t.split(';').next().unwrap_or("").trim())
        .collect();
    let json = types
        .iter()
        .any(|t| *t == "application/json" || *t == "application/geo+json");
    let html = types.contains(&"text/html");
    json && !html
}
