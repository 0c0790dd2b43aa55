//! The server's connections over real loopback sockets: refusals made below
//! the app, the head time-out, the connection cap and the graceful stop.

mod common;

use atlas_server::http::connections::Limits;
use atlas_server::store::sqlite;
use common::{RunningServer, exchange, status_of};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const WITHIN: Duration = Duration::from_secs(5);

/// A server with one worker and `limits` adjusted by `adjust`.
fn server(adjust: impl FnOnce(&mut Limits)) -> RunningServer {
    RunningServer::start(1, sqlite::pool_options(), |headers| {
        let mut limits = Limits::new(64, headers);
        adjust(&mut limits);
        limits
    })
}

/// Asserts `answer` is a problem document with `status` and the security headers.
fn assert_refused(answer: &str, status: u16) {
    assert_eq!(status_of(answer), Some(status), "{answer:.300}");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    assert!(head.contains("content-security-policy: "), "{head}");
    let problem: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    assert_eq!(problem["status"], status, "{problem}");
    assert!(problem["detail"].is_string(), "{problem}");
}

#[test]
fn an_http_1_1_request_without_one_host_is_a_400_problem() {
    let server = server(|_| {});
    for request in [
        "GET /collections HTTP/1.1\r\n\r\n",
        "GET /collections HTTP/1.1\r\nHost: a.test\r\nHost: b.test\r\n\r\n",
    ] {
        let answer = exchange(server.addr, request.as_bytes(), WITHIN).expect("an answer");
        assert_refused(&answer, 400);
        assert!(answer.contains("Host"), "{answer}");
    }
    // HTTP/1.0 has no Host rule; one Host is what HTTP/1.1 wants.
    let old = exchange(server.addr, b"GET /collections HTTP/1.0\r\n\r\n", WITHIN).expect("answer");
    assert_eq!(status_of(&old), Some(200), "{old:.300}");
    let good = exchange(
        server.addr,
        b"GET /collections HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n",
        WITHIN,
    )
    .expect("answer");
    assert_eq!(status_of(&good), Some(200), "{good:.300}");
    server.stop(WITHIN).expect("stops");
}

#[test]
fn heads_the_server_cannot_take_are_refused_with_a_problem_document() {
    let server = server(|_| {});
    let long_uri = format!(
        "GET /collections?q={} HTTP/1.1\r\nHost: a.test\r\n\r\n",
        "a".repeat(70 * 1024)
    );
    assert_refused(
        &exchange(server.addr, long_uri.as_bytes(), WITHIN).expect("answer"),
        414,
    );
    let mut long_head = String::from("GET /collections HTTP/1.1\r\nHost: a.test\r\n");
    while long_head.len() < 1024 * 1024 {
        long_head.push_str(&format!(
            "X-Filler-{}: {}\r\n",
            long_head.len(),
            "b".repeat(1000)
        ));
    }
    long_head.push_str("\r\n");
    assert_refused(
        &exchange(server.addr, long_head.as_bytes(), WITHIN).expect("answer"),
        431,
    );
    for version in ["HTTP/2.0", "HTTP/1.2", "HTTP/3"] {
        let request = format!("GET /collections {version}\r\nHost: a.test\r\n\r\n");
        let answer = exchange(server.addr, request.as_bytes(), WITHIN).expect("answer");
        let status = status_of(&answer);
        assert!(
            matches!(status, Some(400 | 505)),
            "{version}: {answer:.300}"
        );
        assert_refused(&answer, status.unwrap_or_default());
    }
    server.stop(WITHIN).expect("stops");
}

#[test]
fn a_refusal_after_answered_requests_comes_after_their_answers() {
    let server = server(|_| {});
    let answer = exchange(
        server.addr,
        b"GET /api/config HTTP/1.1\r\nHost: a.test\r\n\r\nGET /api/config HTTP/1.1\r\n\r\n",
        WITHIN,
    )
    .expect("answers");
    let first = answer.find("HTTP/1.1 200");
    let second = answer.find("HTTP/1.1 400");
    assert!(first.is_some() && second.is_some(), "{answer}");
    assert!(first < second, "{answer}");
    server.stop(WITHIN).expect("stops");
}

#[test]
fn idle_and_slow_connections_are_closed_after_the_head_timeout() {
    let server = server(|limits| limits.head_timeout = Duration::from_millis(500));
    // Silent from the start.
    let started = Instant::now();
    let silent = exchange(server.addr, b"", WITHIN).expect("the server closes it");
    assert_eq!(silent, "");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // Silent after an answer, on a kept-alive connection.
    let started = Instant::now();
    let kept = exchange(
        server.addr,
        b"GET /api/config HTTP/1.1\r\nHost: a.test\r\n\r\n",
        WITHIN,
    )
    .expect("an answer, then the server closes");
    assert_eq!(status_of(&kept), Some(200));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // A head sent a byte at a time, never finished.
    let mut slow = TcpStream::connect(server.addr).expect("connects");
    slow.set_nonblocking(true).expect("non-blocking");
    let started = Instant::now();
    let head = b"GET /collections HTTP/1.1\r\nHost: a.test\r\nX-Slow: ";
    let mut sent = 0;
    while !is_closed(&mut slow) && started.elapsed() < WITHIN {
        let _ = slow.write(&[head[sent % head.len()]]);
        sent += 1;
        std::thread::sleep(Duration::from_millis(50));
    }
    let lasted = started.elapsed();
    assert!(
        lasted > Duration::from_millis(400) && lasted < Duration::from_secs(3),
        "the slow sender was closed after {lasted:?}"
    );
    server.stop(WITHIN).expect("stops");
}

/// Whether the server has closed the non-blocking `stream`.
fn is_closed(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 64];
    match stream.read(&mut buf) {
        Err(error) => error.kind() != std::io::ErrorKind::WouldBlock,
        Ok(read) => read == 0,
    }
}

#[test]
fn connections_beyond_the_cap_wait_until_one_closes() {
    let server = server(|limits| limits.max_connections = 2);
    let idle: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(server.addr).expect("connects"))
        .collect();
    // Let the server accept both before the third arrives.
    std::thread::sleep(Duration::from_millis(200));
    let mut third = TcpStream::connect(server.addr).expect("the kernel queues it");
    third
        .write_all(b"GET /api/config HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n")
        .expect("writes");
    third
        .set_read_timeout(Some(Duration::from_millis(500)))
        .expect("timeout");
    let mut buf = [0u8; 1024];
    assert!(
        third.read(&mut buf).is_err(),
        "a third connection is served while two are open"
    );
    drop(idle);
    third.set_read_timeout(Some(WITHIN)).expect("timeout");
    let mut answer = Vec::new();
    third
        .read_to_end(&mut answer)
        .expect("answered once a slot is free");
    assert_eq!(status_of(&String::from_utf8_lossy(&answer)), Some(200));
    server.stop(WITHIN).expect("stops");
}

#[test]
fn stopping_closes_idle_connections_and_returns() {
    let server = server(|limits| limits.head_timeout = Duration::from_secs(60));
    let mut idle = TcpStream::connect(server.addr).expect("connects");
    let mut kept = TcpStream::connect(server.addr).expect("connects");
    kept.write_all(b"GET /api/config HTTP/1.1\r\nHost: a.test\r\n\r\n")
        .expect("writes");
    let mut buf = [0u8; 4096];
    kept.set_read_timeout(Some(WITHIN)).expect("timeout");
    let read = kept.read(&mut buf).expect("an answer");
    assert_eq!(status_of(&String::from_utf8_lossy(&buf[..read])), Some(200));
    let started = Instant::now();
    server
        .stop(Duration::from_secs(5))
        .expect("the workers stop with connections open");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    for stream in [&mut idle, &mut kept] {
        stream.set_read_timeout(Some(WITHIN)).expect("timeout");
        assert!(matches!(stream.read(&mut buf), Ok(0) | Err(_)), "closed");
    }
}
