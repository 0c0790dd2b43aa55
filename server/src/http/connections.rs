//! Accepting and serving one listener's connections: at most so many at once,
//! each closed when it sends no complete request head in time, and all of them
//! drained when the server stops.

use super::App;
use super::checked_heads::CheckedHeads;
use super::early_answers::EarlyAnswersLayer;
use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request};
use axum::response::Response;
use futures_util::future::{Either, Ready, ready};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tower::Service;

/// How a listener treats its connections.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The most connections open at once; more wait in the kernel's queue.
    pub max_connections: usize,
    /// How long a connection may take to send a complete request head,
    /// counted from when it opens or its last answer is sent: an idle
    /// connection and a slow sender are closed alike.
    pub head_timeout: Duration,
    /// How long the open connections may take to finish once the server stops.
    pub drain_timeout: Duration,
    /// The headers of the answers to requests refused before the app (the security headers).
    pub refusal_headers: Arc<HeaderMap>,
}

impl Limits {
    /// The limits of a worker: `max_connections` connections, 10 s for a head, 10 s to drain.
    pub fn new(max_connections: usize, refusal_headers: HeaderMap) -> Limits {
        Limits {
            max_connections: max_connections.max(1),
            head_timeout: Duration::from_secs(10),
            drain_timeout: Duration::from_secs(10),
            refusal_headers: Arc::new(refusal_headers),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then stops accepting,
/// lets each open connection finish the request it is answering, and returns
/// when all are closed or `drain_timeout` has passed.
pub async fn serve(
    listener: TcpListener,
    app: App,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopping) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        // A permit first: at the cap, connections wait in the listen queue.
        let permit = tokio::select! {
            biased;
            () = &mut shutdown => break,
            permit = Arc::clone(&permits).acquire_owned() => permit,
        };
        let Ok(permit) = permit else { break };
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    pause_after(&error).await;
                    continue;
                }
            },
        };
        tokio::spawn(connection(
            stream,
            peer,
            app.clone(),
            limits.clone(),
            stopping.clone(),
            permit,
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    // Each connection holds a permit until it is closed.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(limits.drain_timeout, permits.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the drain time; closing them");
    }
    Ok(())
}

/// After a failed accept: nothing for an error of that one connection; a
/// moment's pause for one of the process (out of file descriptors), which
/// would otherwise repeat at once.
async fn pause_after(error: &io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if !matches!(
        error.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        tracing::warn!(%error, "accepting a connection");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Serves one connection until it closes, or gracefully once `stopping` turns true.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: App,
    limits: Limits,
    mut stopping: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let io = TokioIo::new(CheckedHeads::new(
        stream,
        limits.refusal_headers,
        limits.head_timeout,
    ));
    let mut builder = http1::Builder::new();
    builder
        // The end of the stream (a client done sending, or a refused request)
        // still lets the answers to the requests before it go out.
        .half_close(true);
    let service = Answering {
        early: app.early,
        routes: app.routes,
        peer,
    };
    let mut conn = pin!(builder.serve_connection(io, service));
    let mut draining = false;
    let result = loop {
        tokio::select! {
            result = conn.as_mut() => break result,
            _ = stopping.wait_for(|stop| *stop), if !draining => {
                draining = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    };
    if let Err(error) = result {
        // Time-outs and clients that leave are everyday events.
        tracing::debug!(%error, "connection ended");
    }
}

/// One connection's service: an answer known before routing goes out at once,
/// any other request goes through the routes.
///
/// Hyper calls it directly: no tower adapter cloning a service per request,
/// and the request reaches the router's own body type only when it goes there.
#[derive(Debug)]
struct Answering {
    early: EarlyAnswersLayer,
    routes: Router,
    peer: SocketAddr,
}

impl hyper::service::Service<Request<Incoming>> for Answering {
    type Response = Response;
    type Error = Infallible;
    type Future =
        Either<Ready<Result<Response, Infallible>>, axum::routing::future::RouteFuture<Infallible>>;

    fn call(&self, mut request: Request<Incoming>) -> Self::Future {
        if let Some(answer) = self.early.answer(&request) {
            return Either::Left(ready(Ok(answer)));
        }
        // Handlers that need the client's address (sign-in throttling) read it as `ConnectInfo`.
        request.extensions_mut().insert(ConnectInfo(self.peer));
        // A router is always ready; a clone shares its routes.
        Either::Right(self.routes.clone().call(request))
    }
}
