//! `GET /conformance`: which OGC API - Features classes the server implements.

use super::{JSON, Params, html};
use crate::AppState;
use crate::http::error::AppError;
use axum::Router;
use axum::extract::RawQuery;
use axum::response::Response;
use axum::routing::get;
use serde_json::json;

/// The conformance classes of OGC API - Features that we implement: Part 1,
/// and Part 4's writes (create, replace, delete; update by merge patch;
/// optimistic locking with ETags; features; described in OpenAPI 3.0).
pub const CONFORMS_TO: [&str; 9] = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/oas30",
];

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/conformance", get(conformance))
}

async fn conformance(RawQuery(query): RawQuery) -> Result<Response, AppError> {
    let format = Params::parse(query.as_deref()).format()?;
    html::respond(
        format,
        JSON,
        &json!({ "conformsTo": CONFORMS_TO }),
        html::conformance,
    )
}
