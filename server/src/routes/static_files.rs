//! The built app from `dist/`, with `index.html` for every client-side route.

use super::is_api_path;
use crate::AppState;
use crate::error::AppError;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The fallback of the whole router: files of the app, or its `index.html`.
pub fn router() -> Router<AppState> {
    Router::new().fallback(app_or_not_found)
}

/// Serves `dist/index.html`, or 503 when the app has not been built.
pub async fn index(state: &AppState) -> Result<Response, AppError> {
    let index = state.dist.join("index.html");
    if !tokio::fs::try_exists(&index).await.unwrap_or(false) {
        return Err(AppError::AppNotBuilt);
    }
    serve(ServeFile::new(index), Request::default()).await
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
    let index = state.dist.join("index.html");
    if !tokio::fs::try_exists(&index).await.unwrap_or(false) {
        return Err(AppError::AppNotBuilt);
    }
    // ServeDir refuses `..` and absolute paths itself; anything it does not
    // find is a client-side route, so the app's index answers it.
    let files = ServeDir::new(&state.dist).fallback(ServeFile::new(index));
    serve(files, request).await
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
