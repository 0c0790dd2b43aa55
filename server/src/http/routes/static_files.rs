//! The built app from `dist/`, with `index.html` for every client-side route.

use super::html;
use super::is_api_path;
use crate::AppState;
use crate::caching::app_page::{KeptPage, PageSource};
use crate::http::error::AppError;
use atlas_model::api::app_items_pages;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The fallback of the whole router: files of the app, or its `index.html`.
pub fn router() -> Router<AppState> {
    Router::new().fallback(app_or_not_found)
}

/// Serves `dist/index.html` with the first map drawn in, or 503 when the app
/// has not been built; the feature of a `feature={id}` in `query` is selected
/// on the first map. The page most visits ask for (nothing selected, not
/// embedded) is kept, and sent compressed in the coding `accept_encoding` prefers.
pub async fn index_selecting(
    state: &AppState,
    query: Option<&str>,
    accept_encoding: Option<&HeaderValue>,
) -> Result<Response, AppError> {
    let headers = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        // The page names the layers of the moment: revalidate it every time.
        (header::CACHE_CONTROL, "no-cache"),
    ];
    if selected_feature(query).is_none()
        && !embedded(query)
        && let Some(page) = plain_page(state).await?
    {
        return Ok((headers, page.response_for(accept_encoding)).into_response());
    }
    Ok((headers, page_html(state, query).await?).into_response())
}

/// The page with nothing selected, kept until the data or `index.html`
/// changes; `None` when the first map cannot be drawn (the page is then
/// written for each request, without it).
async fn plain_page(state: &AppState) -> Result<Option<Arc<KeptPage>>, AppError> {
    let Ok(meta) = tokio::fs::metadata(state.dist.join("index.html")).await else {
        return Err(AppError::AppNotBuilt);
    };
    let Ok(drawing) = state.first_map.drawing(&*state.store, &state.data).await else {
        return Ok(None);
    };
    let source = PageSource {
        drawing,
        index_stamp: (meta.modified().ok(), meta.len()),
    };
    if let Some(page) = state.app_page.kept(&source) {
        return Ok(Some(page));
    }
    let html = page_html(state, None).await?;
    Ok(Some(state.app_page.keep(html, source)))
}

/// The text of [`index_selecting`]'s page: `dist/index.html` with the
/// preloads of the layers and the first map drawn in (what the static edition
/// writes as its page, too).
pub async fn page_html(state: &AppState, query: Option<&str>) -> Result<String, AppError> {
    let index = state.dist.join("index.html");
    let Ok(html) = tokio::fs::read_to_string(&index).await else {
        return Err(AppError::AppNotBuilt);
    };
    let collections = state.collections.all(&*state.store).await?;
    let pages: Vec<String> = collections
        .iter()
        .filter(|c| c.count > 0)
        .flat_map(|c| app_items_pages(&c.id, c.count))
        .collect();
    let html = with_preloads(&html, &pages);
    // The page still serves the app when the drawing fails: the app draws the map itself.
    let html = match state.first_map.drawing(&*state.store, &state.data).await {
        Ok(drawing) => with_first_map(
            &html,
            &drawing.block(selected_feature(query), embedded(query)),
        ),
        Err(error) => {
            tracing::warn!(%error, "the first map could not be drawn");
            html
        }
    };
    Ok(html)
}

/// The feature a page's query selects: `feature={id}`, the first of a list.
fn selected_feature(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("feature="))
        .and_then(|ids| ids.split(',').next())
        .filter(|id| {
            !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Whether a page's query asks for the embedded page (`embed`, `embed=1`, `embed=true`), as the app reads it.
fn embedded(query: Option<&str>) -> bool {
    query.is_some_and(|q| {
        q.split('&')
            .any(|pair| matches!(pair, "embed" | "embed=1" | "embed=true"))
    })
}

/// `html` with the first map's `block` as the first thing in its body.
fn with_first_map(html: &str, block: &str) -> String {
    let Some(at) = html
        .find("<body")
        .and_then(|start| html[start..].find('>').map(|end| start + end + 1))
    else {
        return html.to_string();
    };
    format!("{}{block}{}", &html[..at], &html[at..])
}

/// `html` with a preload link for each page of items the app will ask for,
/// before `</head>`: the browser fetches the map's data while the app itself
/// still downloads and compiles, instead of after.
fn with_preloads(html: &str, pages: &[String]) -> String {
    let Some(at) = html.find("</head>") else {
        return html.to_string();
    };
    let links: String = pages
        .iter()
        .map(|page| {
            format!(
                "<link rel=\"preload\" href=\"{}\" as=\"fetch\" crossorigin=\"anonymous\">",
                html::escape(page)
            )
        })
        .collect();
    format!("{}{links}{}", &html[..at], &html[at..])
}

async fn app_or_not_found(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, AppError> {
    // Under the API's prefixes an unknown path is a mistake, not an app route.
    if is_api_path(request.uri().path()) {
        return Err(AppError::not_found("resource"));
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return Err(AppError::MethodNotAllowed);
    }
    let path = request.uri().path();
    // The page by its file name is the page: charset, no-cache, preloads, no ranges.
    let accept_encoding = request.headers().get(header::ACCEPT_ENCODING).cloned();
    if path == "/index.html" {
        return index_selecting(&state, request.uri().query(), accept_encoding.as_ref()).await;
    }
    if let Some(file) =
        crate::caching::app_files::serve(&state.files, &state.dist, path, accept_encoding.as_ref())
            .await
    {
        return Ok(file);
    }
    // ServeDir refuses `..` and absolute paths itself; anything it does not
    // find is a client-side route, so the app's index answers it.
    let query = request.uri().query().map(str::to_string);
    let file = serve(ServeDir::new(&state.dist), request).await?;
    if file.status() == StatusCode::NOT_FOUND {
        return index_selecting(&state, query.as_deref(), accept_encoding.as_ref()).await;
    }
    Ok(file)
}

async fn serve<S>(service: S, request: Request) -> Result<Response, AppError>
where
    S: tower::Service<Request, Error = std::convert::Infallible>,
    S::Response: IntoResponse,
{
    match service.oneshot(request).await {
        Ok(response) => Ok(response.into_response()),
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preloads_go_before_the_end_of_the_head_and_only_there() {
        let html = "<html><head><title>t</title></head><body></body></html>";
        let pages = [
            "/collections/corridors/items?limit=10000".to_string(),
            "/collections/energy/items?limit=10000".to_string(),
        ];
        let out = with_preloads(html, &pages);
        assert_eq!(
            out,
            "<html><head><title>t</title>\
             <link rel=\"preload\" href=\"/collections/corridors/items?limit=10000\" as=\"fetch\" crossorigin=\"anonymous\">\
             <link rel=\"preload\" href=\"/collections/energy/items?limit=10000\" as=\"fetch\" crossorigin=\"anonymous\">\
             </head><body></body></html>"
        );
        assert_eq!(with_preloads("<p>no head</p>", &pages), "<p>no head</p>");
    }
}
