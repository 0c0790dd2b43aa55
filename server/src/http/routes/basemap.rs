//! `GET /api/basemap/{name}`: the Natural Earth layers drawn under everything.

use super::GEO_JSON;
use crate::AppState;
use crate::http::error::AppError;
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use axum::routing::get;

/// The basemap layers offered; nothing else under `data/basemap` is served:
/// the light world (1:110m) the map opens on, the detailed one (1:50m) for
/// close zooms, and the seas' label points.
pub const LAYERS: [&str; 3] = ["countries-110m", "countries", "seas"];

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/basemap/{name}", get(basemap))
}

async fn basemap(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    request_headers: HeaderMap,
) -> Result<Response, AppError> {
    // The file name comes from our own list, never from the request.
    let name = path
        .ok()
        .and_then(|Path(name)| LAYERS.into_iter().find(|layer| *layer == name))
        .ok_or_else(|| AppError::not_found("basemap layer"))?;
    let file = state.data.join("basemap").join(format!("{name}.geojson"));
    // Kept compressed, and read again when the file changes, so an
    // `npm run basemap` shows up without a restart.
    let read = match state.files.read(&file).await {
        Ok(read) => read,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(AppError::not_found(format!("basemap layer {name}")));
        }
        Err(error) => return Err(error.into()),
    };
    let mut response = read.response_for(request_headers.get(header::ACCEPT_ENCODING));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(GEO_JSON));
    // Hashed once; the ETag layer answers conditional requests with it, and adds `Vary`.
    headers.insert(header::ETAG, read.tag().clone());
    Ok(response)
}
