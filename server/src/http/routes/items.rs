//! `GET /collections/{id}/items` and `/collections/{id}/items/{featureId}`:
//! the features of a layer as GeoJSON, filtered by box and opening year, and paged.

use super::collections::collection_id;
use super::{GEO_JSON, JSON, Params, html, item_formats};
use crate::AppState;
use crate::caching::answer_cache::Scope;
use crate::clock::now_rfc3339;
use crate::http::datetime;
use crate::http::error::AppError;
use crate::http::etag::{revision_tag, strong_tag};
use crate::read_model::ItemsQuery;
use atlas_model::Bbox;
use atlas_model::api::{CRS84, Link};
use atlas_model::slug::is_slug;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

/// Items per page when the client does not say.
pub const DEFAULT_LIMIT: i64 = 1000;
/// The most items one page may hold.
pub const MAX_LIMIT: i64 = 10_000;

/// The parameters of a page of items; any other is refused.
pub const ITEMS_PARAMS: [&str; 7] = [
    "f", "bbox", "bbox-crs", "crs", "datetime", "limit", "offset",
];
/// The parameters of one item; any other is refused.
pub const ITEM_PARAMS: [&str; 2] = ["f", "crs"];

/// The header naming the CRS of an answer's coordinates (OGC API - Features Part 2).
pub const CONTENT_CRS: HeaderName = HeaderName::from_static("content-crs");

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/collections/{id}/items", get(items))
        .route("/collections/{id}/items/{feature_id}", get(item))
}

async fn items(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let id = collection_id(path)?;
    // Downloads (CSV, KML) are asked for by `f` or `Accept`; whenever `Accept`
    // may ask for one, the cached GeoJSON page of the same target must not answer.
    if headers
        .get(header::ACCEPT)
        .is_some_and(item_formats::may_prefer_download)
        || query.as_deref().is_some_and(|q| q.contains("f="))
    {
        let params = Params::parse(query.as_deref());
        if let Some(download) = item_formats::requested(params.get("f")?, &headers) {
            params.only(&ITEMS_PARAMS)?;
            return item_formats::answer(&state, &id, &params, download).await;
        }
    }
    // The same request target is the same answer until the next import.
    let cache_key = crate::http::early_answers::cache_key(&uri);
    if let Some(cached) = state.cache.get(cache_key) {
        return Ok(cached);
    }
    let epoch = state.cache.epoch();
    let params = Params::parse(query.as_deref());
    // Before anything is kept: an unknown parameter would make a new cache key per value.
    params.only(&ITEMS_PARAMS)?;
    let format = params.format_or(&item_formats::DOWNLOAD_FORMATS)?;
    let query = items_query(&params)?;
    let datetime = params.get("datetime")?;
    let Some(index) = state.spatial.collection(&*state.store, &id).await? else {
        return Err(AppError::not_found(format!("collection {id}")));
    };
    // Whole pages are what clients fetch again and again, and so are the
    // squares of the tile grid the app asks a big layer in (every reader of
    // the same view asks the same squares); any other box is rarely asked
    // twice (the in-memory R-tree answers it), and keeping those would churn the cache.
    let kept = format == super::Format::Json
        && query
            .bbox
            .as_ref()
            .is_none_or(|b| atlas_map_engine::tile_grid::Tile::of_bbox(b).is_some());
    // A body sent once and dropped goes back to the pool of page buffers; a
    // kept one is exactly its size, since the cache holds it until the next import.
    let mut pooled = match format {
        super::Format::Json if !kept => Some(state.page_buffers.take().await),
        _ => None,
    };
    let mut exact = Vec::new();
    let body = pooled.as_mut().map_or(&mut exact, |buffer| buffer.body());
    body.extend_from_slice(br#"{"type":"FeatureCollection","features":["#);
    let counts = index.write_page(&query, body);
    let base = format!("/collections/{id}/items");
    let mut links = vec![
        Link::new(
            page_href(&base, &query, datetime, query.offset),
            "self",
            GEO_JSON,
        ),
        Link::new(
            format!(
                "{}&f=html",
                page_href(&base, &query, datetime, query.offset)
            ),
            "alternate",
            html::HTML,
        ),
        Link::new(format!("/collections/{id}"), "collection", JSON),
    ];
    let next_offset = query.offset.saturating_add(query.limit);
    if counts.returned > 0 && u64::try_from(next_offset).unwrap_or(u64::MAX) < counts.matched {
        links.push(Link::new(
            page_href(&base, &query, datetime, next_offset),
            "next",
            GEO_JSON,
        ));
    }
    end_document(
        body,
        &PageMembers {
            number_matched: counts.matched,
            number_returned: counts.returned,
            time_stamp: now_rfc3339(),
            links,
        },
    )?;
    let response = match (format, pooled) {
        (super::Format::Json, Some(buffer)) => json_bytes_response(GEO_JSON, buffer.into_bytes()),
        (super::Format::Json, None) => json_bytes_response(GEO_JSON, Bytes::from(exact)),
        (super::Format::Html, _) => {
            html::html_response(html::items(&serde_json::from_slice(&exact)?))
        }
    };
    let mut response = with_content_crs(Ok(response))?;
    // `Accept` may ask for a CSV or KML download of the same target.
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept"));
    if format == super::Format::Json {
        // Strong, and the same for as long as the collection's features keep
        // their revisions: the page's features, counts and links follow from
        // them and the request target (only `timeStamp` says when it was made).
        response
            .headers_mut()
            .insert(header::ETAG, strong_tag('c', index.version()));
    }
    if kept {
        let scope = Scope::Collection(id.into());
        return Ok(state.cache.insert(cache_key, scope, epoch, response).await);
    }
    Ok(response)
}

/// The members of a page of items after its features, in the order a
/// FeatureCollection with OGC API paging members has always had them.
#[derive(Serialize)]
struct PageMembers {
    #[serde(rename = "numberMatched")]
    number_matched: u64,
    #[serde(rename = "numberReturned")]
    number_returned: u64,
    #[serde(rename = "timeStamp")]
    time_stamp: String,
    links: Vec<Link>,
}

/// Closes the `features` array that `body` holds and adds `members` after it,
/// so that `body` is the whole FeatureCollection.
fn end_document(body: &mut Vec<u8>, members: &PageMembers) -> Result<(), AppError> {
    body.extend_from_slice(b"],");
    let start = body.len();
    serde_json::to_writer(&mut *body, members)?;
    // `members` came out as `{"numberMatched":...}`: its closing brace closes
    // the document, and its opening one must go.
    body.remove(start);
    Ok(())
}

/// A JSON answer whose body is already serialized.
fn json_bytes_response(content_type: &'static str, body: Bytes) -> Response {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static(content_type),
        )],
        body,
    )
        .into_response()
}

async fn item(
    State(state): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let params = Params::parse(query.as_deref());
    params.only(&ITEM_PARAMS)?;
    let format = params.format()?;
    require_crs84(&params, "crs")?;
    let (id, feature_id) = match path {
        Ok(Path((id, feature_id))) if is_slug(&id) && is_slug(&feature_id) => (id, feature_id),
        _ => return Err(AppError::not_found("feature")),
    };
    let feature = state
        .store
        .feature(&id, &feature_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("feature {feature_id} in collection {id}")))?;
    let body = item_body(&id, &feature_id, &feature.document)?;
    let response = match format {
        super::Format::Json => {
            let mut response = json_bytes_response(GEO_JSON, Bytes::from(body));
            // Strong, from the revision: the body follows from it alone.
            response
                .headers_mut()
                .insert(header::ETAG, revision_tag(feature.revision));
            response
        }
        super::Format::Html => html::html_response(html::item(&serde_json::from_slice(&body)?)),
    };
    with_content_crs(Ok(response))
}

/// A single feature's body: its stored document, as a page of items carries
/// it, with its links added; what a read and a write answer alike.
pub fn item_body(id: &str, feature_id: &str, document: &str) -> Result<Vec<u8>, AppError> {
    let links = vec![
        Link::new(
            format!("/collections/{id}/items/{feature_id}"),
            "self",
            GEO_JSON,
        ),
        Link::new(
            format!("/collections/{id}/items/{feature_id}?f=html"),
            "alternate",
            html::HTML,
        ),
        Link::new(format!("/collections/{id}"), "collection", JSON),
    ];
    with_links(document, &links)
}

/// `document` (a JSON object) with a `links` member added at its end.
fn with_links(document: &str, links: &[Link]) -> Result<Vec<u8>, AppError> {
    let Some(open) = document.trim_end().strip_suffix('}') else {
        return Err(AppError::Internal(
            "a stored document is not an object".into(),
        ));
    };
    let mut body = Vec::with_capacity(document.len() + 512);
    body.extend_from_slice(open.as_bytes());
    body.extend_from_slice(br#","links":"#);
    serde_json::to_writer(&mut body, links)?;
    body.push(b'}');
    Ok(body)
}

/// Says in `Content-Crs` that the coordinates are CRS84, the only CRS offered.
fn with_content_crs(response: Result<Response, AppError>) -> Result<Response, AppError> {
    response.map(|mut response| {
        response.headers_mut().insert(
            CONTENT_CRS,
            HeaderValue::from_static("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"),
        );
        response
    })
}

/// Refuses `name` (`crs` or `bbox-crs`) unless it is absent or CRS84.
fn require_crs84(params: &Params, name: &str) -> Result<(), AppError> {
    match params.get(name)? {
        None => Ok(()),
        Some(crs) if crs == CRS84 => Ok(()),
        Some(_) => Err(AppError::bad_param(
            name,
            format!("only {CRS84} is offered"),
        )),
    }
}

/// Reads `bbox`, `datetime`, `limit` and `offset`, and checks `crs` and
/// `bbox-crs`, naming the parameter in every refusal.
pub fn items_query(params: &Params) -> Result<ItemsQuery, AppError> {
    require_crs84(params, "crs")?;
    require_crs84(params, "bbox-crs")?;
    let bbox = params.get("bbox")?.map(parse_bbox).transpose()?;
    let opened = match params.get("datetime")? {
        None => None,
        Some(text) => {
            datetime::parse(text).map_err(|reason| AppError::bad_param("datetime", reason))?
        }
    };
    let limit = params.limit(DEFAULT_LIMIT, MAX_LIMIT)?;
    let offset = match params.get("offset")? {
        None => 0,
        Some(text) => match text.trim().parse::<i64>() {
            Ok(n) if n >= 0 => n,
            _ => {
                return Err(AppError::bad_param(
                    "offset",
                    "must be a non-negative integer",
                ));
            }
        },
    };
    Ok(ItemsQuery {
        bbox,
        opened,
        limit,
        offset,
    })
}

/// Parses `west,south,east,north` in CRS84 degrees; west may exceed east.
/// Six numbers (`west,south,min height,east,north,max height`) are read as
/// the standard allows; features carry no heights, so the heights select nothing.
fn parse_bbox(text: &str) -> Result<Bbox, AppError> {
    const SHAPE: &str = "must be four comma-separated numbers (west,south,east,north) \
        or six (west,south,min height,east,north,max height)";
    let bad = |reason: &str| AppError::bad_param("bbox", reason);
    let numbers = text
        .split(',')
        .map(|part| part.trim().parse::<f64>())
        .collect::<Result<Vec<f64>, _>>()
        .map_err(|_| bad(SHAPE))?;
    if numbers.iter().any(|v| !v.is_finite()) {
        return Err(bad("numbers must be finite"));
    }
    let [w, s, e, n] = match numbers[..] {
        [w, s, e, n] => [w, s, e, n],
        [w, s, low, e, n, high] if low <= high => [w, s, e, n],
        [_, _, _, _, _, _] => return Err(bad("the min height must not exceed the max height")),
        _ => return Err(bad(SHAPE)),
    };
    if !(-180.0..=180.0).contains(&w) || !(-180.0..=180.0).contains(&e) {
        return Err(bad("longitudes must lie within -180..180"));
    }
    if !(-90.0..=90.0).contains(&s) || !(-90.0..=90.0).contains(&n) {
        return Err(bad("latitudes must lie within -90..90"));
    }
    // West above east is a box across the antimeridian (Part 1, 7.15.3); south
    // above north has no such reading.
    if s > n {
        return Err(bad("south must not exceed north"));
    }
    Ok(Bbox::new(w, s, e, n))
}

/// The URL of one page, keeping the client's box, `datetime` and page size.
fn page_href(base: &str, query: &ItemsQuery, datetime: Option<&str>, offset: i64) -> String {
    let mut href = format!("{base}?limit={}&offset={offset}", query.limit);
    if let Some(b) = query.bbox {
        href.push_str(&format!(
            "&bbox={},{},{},{}",
            b.west, b.south, b.east, b.north
        ));
    }
    // Encoded: an RFC 3339 offset's `+` would otherwise come back as a space.
    if let Some(encoded) =
        datetime.and_then(|d| serde_urlencoded::to_string([("datetime", d)]).ok())
    {
        href.push('&');
        href.push_str(&encoded);
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_well_formed_bbox_parses_in_order() {
        assert_eq!(
            parse_bbox("49,40,50.5,41").ok(),
            Some(Bbox::new(49.0, 40.0, 50.5, 41.0))
        );
    }

    #[test]
    fn a_bbox_across_the_antimeridian_parses_with_west_above_east() {
        assert_eq!(
            parse_bbox("170,-10,-170,10").ok(),
            Some(Bbox::new(170.0, -10.0, -170.0, 10.0))
        );
    }

    #[test]
    fn a_bbox_of_six_numbers_is_read_without_its_heights() {
        assert_eq!(
            parse_bbox("49,40,-100,50.5,41,2000").ok(),
            Some(Bbox::new(49.0, 40.0, 50.5, 41.0))
        );
        assert!(parse_bbox("49,40,10,50.5,41,5").is_err());
    }

    #[test]
    fn bboxes_with_south_above_north_or_out_of_range_are_refused() {
        for bad in [
            "49,41,50,40",
            "-181,0,0,1",
            "0,-91,1,0",
            "nan,0,1,1",
            "1,2,3,4,5",
        ] {
            assert!(parse_bbox(bad).is_err(), "{bad}");
        }
    }
}
