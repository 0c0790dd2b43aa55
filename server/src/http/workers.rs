//! Serving with one single-threaded runtime per core, each with its own
//! listener on the same port, as nginx runs its worker processes.
//!
//! Under a multi-threaded runtime every request of a cheap kind (a 304, a
//! cached page) paid for the scheduler's sharing: one epoll for all threads,
//! wake-ups handed across threads, work stealing. With `SO_REUSEPORT` the
//! kernel spreads connections over the listeners, and each connection lives
//! and dies on one thread. Shared state (the caches, the read model) is the
//! same for all: it is behind `Arc`s and mutexes already. The store's pool is
//! not: each worker builds its app on its own runtime, with a pool of its own
//! (see `store::pool_for_this_runtime`).

use super::App;
use super::connections::{self, Limits};
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use tokio::net::TcpSocket;
use tokio::runtime::Runtime;

/// How many workers to run: one per core.
pub fn count() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// A single-threaded runtime with the IO and time drivers.
pub fn runtime() -> io::Result<Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

/// Binds `count` listeners to `addr`, all with `SO_REUSEPORT`; port 0 picks
/// one free port for all of them. Must run inside a runtime.
pub fn bind(addr: SocketAddr, count: usize) -> io::Result<Vec<std::net::TcpListener>> {
    let mut addr = addr;
    let mut listeners = Vec::with_capacity(count);
    for _ in 0..count.max(1) {
        let socket = if addr.is_ipv4() {
            TcpSocket::new_v4()?
        } else {
            TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        socket.set_reuseport(true)?;
        socket.bind(addr)?;
        let listener = socket.listen(1024)?;
        addr = listener.local_addr()?;
        // Out of this runtime's reactor: each worker registers its own in its own.
        listeners.push(listener.into_std()?);
    }
    Ok(listeners)
}

/// Serves on every listener the app `make_app` builds, called once on each
/// worker's runtime: the first worker on `main` (this thread), each other on a
/// thread of its own. Returns once `shutdown` has resolved and every worker
/// has drained its connections.
pub fn serve(
    main: &Runtime,
    listeners: Vec<std::net::TcpListener>,
    limits: Limits,
    make_app: impl Fn() -> App + Send + Sync + 'static,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let make_app = std::sync::Arc::new(make_app);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut listeners = listeners.into_iter();
    let first = listeners
        .next()
        .ok_or_else(|| io::Error::other("no listener to serve"))?;
    let mut threads = Vec::new();
    for (index, listener) in listeners.enumerate() {
        let make_app = std::sync::Arc::clone(&make_app);
        let limits = limits.clone();
        let mut stopped = stopped.clone();
        let thread = std::thread::Builder::new()
            .name(format!("atlas-worker-{}", index + 1))
            .spawn(move || {
                runtime()?.block_on(async move {
                    let app = make_app();
                    serve_one(listener, app, limits, async move {
                        // Also ends when the main worker has gone and dropped the sender.
                        let _ = stopped.wait_for(|stop| *stop).await;
                    })
                    .await
                })
            })?;
        threads.push(thread);
    }
    let result = main.block_on(async move {
        let app = make_app();
        serve_one(first, app, limits, async move {
            shutdown.await;
            let _ = stop.send(true);
        })
        .await
    });
    for thread in threads {
        thread
            .join()
            .map_err(|_| io::Error::other("a worker thread panicked"))??;
    }
    result
}

/// Serves `app` on `listener` in the current runtime until `shutdown` resolves.
async fn serve_one(
    listener: std::net::TcpListener,
    app: App,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    connections::serve(listener, app, limits, shutdown).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listener_shares_one_port_even_when_the_port_is_picked() {
        let runtime = runtime().expect("runtime");
        let listeners = runtime
            .block_on(async { bind(SocketAddr::from(([127, 0, 0, 1], 0)), 3) })
            .expect("binds");
        assert_eq!(listeners.len(), 3);
        let port = listeners[0].local_addr().expect("address").port();
        assert_ne!(port, 0);
        for listener in &listeners {
            assert_eq!(listener.local_addr().expect("address").port(), port);
        }
    }
}
