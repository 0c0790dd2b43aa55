//! The workers under load over real sockets: several current-thread runtimes
//! serve database-backed requests while the store's pool reaps idle
//! connections every few milliseconds, and every request is answered.

mod common;

use atlas_server::http::connections::Limits;
use atlas_server::store::sqlite;
use common::{RunningServer, exchange, status_of};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// How long the load runs: hundreds of maintenance passes at a 5 ms idle time-out.
const LOAD: Duration = Duration::from_secs(4);
/// How many clients send requests at once.
const CLIENTS: usize = 32;
/// How long one request may take before it counts as unanswered.
const ANSWER_WITHIN: Duration = Duration::from_secs(5);

/// One search over a fresh connection: its status, or why there is none.
fn search(addr: SocketAddr) -> Result<u16, String> {
    let answer = exchange(
        addr,
        b"GET /api/search?q=wind HTTP/1.1\r\nHost: atlas.test\r\nConnection: close\r\n\r\n",
        ANSWER_WITHIN,
    )?;
    status_of(&answer).ok_or_else(|| format!("no status line in {answer:?}"))
}

#[test]
fn every_request_is_answered_while_the_pool_reaps_idle_connections() {
    // A 5 ms idle time-out runs each pool's maintenance every 5 ms; a short
    // acquire time-out turns a stalled pool into 500s within the test.
    let pool = sqlite::pool_options()
        .max_connections(2)
        .idle_timeout(Duration::from_millis(5))
        .acquire_timeout(Duration::from_secs(3));
    let server = RunningServer::start(3, pool, |headers| Limits::new(256, headers));
    let addr = server.addr;
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                let mut answered = 0;
                while started.elapsed() < LOAD {
                    match search(addr) {
                        Ok(200) => answered += 1,
                        Ok(status) => failures.push(format!("status {status}")),
                        Err(reason) => failures.push(reason),
                    }
                }
                (answered, failures)
            })
        })
        .collect();
    let mut answered = 0;
    let mut failures = Vec::new();
    for client in clients {
        let (ok, failed) = client.join().expect("client thread");
        answered += ok;
        failures.extend(failed);
    }
    assert!(
        failures.is_empty(),
        "{} of {} requests failed, such as {:?}",
        failures.len(),
        failures.len() + answered,
        &failures[..failures.len().min(5)]
    );
    assert!(answered > CLIENTS, "only {answered} requests answered");
    server
        .stop(Duration::from_secs(10))
        .expect("the workers stop cleanly once told to");
}
