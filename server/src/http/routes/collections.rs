//! `GET /collections` and `GET /collections/{id}`: the map's layers.

use super::{JSON, Params, html};
use crate::AppState;
use crate::http::error::AppError;
use crate::store::CollectionRow;
use atlas_model::api::{CRS84, Collection, Collections, Extent, Link, SpatialExtent};
use atlas_model::slug::is_slug;
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/collections", get(list))
        .route("/collections/{id}", get(one))
}

async fn list(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let format = Params::parse(query.as_deref()).format()?;
    let collections = state
        .collections
        .all(&*state.store)
        .await?
        .iter()
        .cloned()
        .map(describe)
        .collect();
    html::respond(
        format,
        JSON,
        &Collections {
            collections,
            links: vec![
                Link::new("/collections", "self", JSON).titled("The map's layers"),
                Link::new("/collections?f=html", "alternate", html::HTML)
                    .titled("The map's layers as HTML"),
            ],
        },
        html::collections,
    )
}

async fn one(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let format = Params::parse(query.as_deref()).format()?;
    let id = collection_id(path)?;
    let row = state
        .collections
        .one(&*state.store, &id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("collection {id}")))?;
    html::respond(format, JSON, &describe(row), html::collection)
}

/// The collection id from the path, or 404 when it cannot be one: a non-slug is
/// never looked up, let alone used near the file system.
pub fn collection_id(path: Result<Path<String>, PathRejection>) -> Result<String, AppError> {
    match path {
        Ok(Path(id)) if is_slug(&id) => Ok(id),
        _ => Err(AppError::not_found("collection")),
    }
}

fn describe(row: CollectionRow) -> Collection {
    let self_href = format!("/collections/{}", row.id);
    let items_href = format!("{self_href}/items");
    let html_href = format!("{self_href}?f=html");
    Collection {
        extent: row.extent.map(|bbox| Extent {
            spatial: SpatialExtent {
                bbox: vec![bbox],
                crs: CRS84.into(),
            },
        }),
        item_type: "feature".into(),
        crs: vec![CRS84.into()],
        number_of_features: row.count,
        links: vec![
            Link::new(self_href, "self", JSON).titled(row.title.clone()),
            Link::new(html_href, "alternate", html::HTML).titled(format!("{} (HTML)", row.title)),
            Link::new(items_href, "items", super::GEO_JSON)
                .titled(format!("{} (features)", row.title)),
        ],
        id: row.id,
        title: row.title,
        description: row.description,
    }
}
