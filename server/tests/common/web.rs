//! A tiny web server on a loopback port, for the requests the atlas sends:
//! live, missing, redirecting and looping URLs, files to import, and one too
//! large to import.

use atlas_server::file_import::MAX_FILE_BYTES;
use axum::Router;
use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use std::net::SocketAddr;

/// A CSV of two points the `cities` fixture layer can take.
pub const POINTS_CSV: &str = "id,name,kind,status,lon,lat,source_title,source_url\r\n\
    alat,Alat,port,operating,49.41,39.95,Port of Baku,https://example.org/alat\r\n\
    kuryk,Kuryk,port,operating,51.64,43.18,Kuryk port,https://example.org/kuryk\r\n";

/// The routes: `/live` (200), `/missing` (404), `/redirect` (to `/live`),
/// `/loop` (to `/loop-back`, which redirects back), `/points.csv`, and
/// `/huge.csv`: one byte more than an import takes, sent without a length.
pub fn router() -> Router {
    Router::new()
        .route("/live", get(|| async { "alive" }))
        .route(
            "/missing",
            get(|| async { (StatusCode::NOT_FOUND, "no such page") }),
        )
        .route("/redirect", get(|| async { Redirect::temporary("/live") }))
        .route("/loop", get(|| async { Redirect::temporary("/loop-back") }))
        .route("/loop-back", get(|| async { Redirect::temporary("/loop") }))
        .route(
            "/points.csv",
            get(|| async { ([(header::CONTENT_TYPE, "text/csv")], POINTS_CSV) }),
        )
        .route(
            "/huge.csv",
            get(|| async {
                let chunk = vec![b'x'; 1024 * 1024];
                let chunks = (MAX_FILE_BYTES / chunk.len()) + 1;
                let stream = futures_util::stream::iter(
                    (0..chunks).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
                );
                (
                    [(header::CONTENT_TYPE, "text/csv")],
                    Body::from_stream(stream),
                )
                    .into_response()
            }),
        )
}

/// Serves [`router`] on a loopback port from the current runtime; its address.
pub async fn start() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router()).await;
    });
    addr
}

/// An address where nothing listens: a port bound and released.
pub fn refusing() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    listener.local_addr().expect("address")
}
