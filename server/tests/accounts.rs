//! Accounts and sessions through the real router: signing in and out, who is
//! signed in, expiry, removal, throttling, the origin check and roles.

mod common;

use atlas_model::account::Role;
use atlas_server::accounts::{self, SESSION_LIFETIME, throttle};
use atlas_server::clock::Clock;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode};
use common::{Answer, TestServer};
use std::net::SocketAddr;

/// The site's host in these requests, and its own origin over http.
const HOST: &str = "atlas.test";
const OWN_ORIGIN: &str = "http://atlas.test";

/// A seeded server on a manual clock, with an admin `ada` and an editor `ed`.
async fn server() -> (TestServer, Clock) {
    let mut server = TestServer::seeded().await;
    let clock = Clock::manual(1_800_000_000);
    server.state = server.state.clone().with_clock(clock.clone());
    for (name, role) in [("ada", Role::Admin), ("ed", Role::Editor)] {
        accounts::add_user(
            &*server.store,
            name,
            role,
            format!("{name}'s password"),
            "2026-12-01T00:00:00Z".into(),
        )
        .await
        .expect("adds the account");
    }
    (server, clock)
}

/// POST /api/session from the site's own page (by `Origin`), with extra headers.
async fn sign_in_with(
    server: &TestServer,
    name: &str,
    password: &str,
    headers: &[(&str, &str)],
    from: Option<SocketAddr>,
) -> Answer {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri("/api/session")
        .header("host", HOST)
        .header("content-type", "application/json");
    if !headers.iter().any(|(n, _)| *n == "origin") {
        request = request.header("origin", OWN_ORIGIN);
    }
    for (header, value) in headers {
        request = request.header(*header, *value);
    }
    let body = serde_json::json!({ "name": name, "password": password }).to_string();
    let mut request = request.body(Body::from(body)).expect("request builds");
    if let Some(address) = from {
        request.extensions_mut().insert(ConnectInfo(address));
    }
    server.request(request).await
}

async fn sign_in(server: &TestServer, name: &str, password: &str) -> Answer {
    sign_in_with(server, name, password, &[], None).await
}

/// The `name=value` of a sign-in's cookie, to send back.
fn cookie_of(answer: &Answer) -> String {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer
        .header("set-cookie")
        .split(';')
        .next()
        .expect("a cookie")
        .to_string()
}

async fn me(server: &TestServer, cookie: &str) -> Answer {
    server.get_with("/api/me", &[("cookie", cookie)]).await
}

async fn session_count(server: &TestServer) -> i64 {
    server
        .db()
        .scalar("SELECT COUNT(*) FROM sessions")
        .await
        .expect("counts")
}

#[tokio::test]
async fn signing_in_sets_an_http_only_strict_cookie_and_me_names_the_account() {
    let (server, _clock) = server().await;
    let answer = sign_in(&server, "ada", "ada's password").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let cookie = answer.header("set-cookie");
    assert!(cookie.starts_with("atlas_session="), "{cookie}");
    for attribute in ["; HttpOnly", "; SameSite=Strict", "; Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");
    assert_eq!(answer.header("cache-control"), "no-store");
    assert_eq!(answer.json()["name"], "ada");
    assert_eq!(answer.json()["role"], "admin");

    let signed_in = me(&server, &cookie_of(&answer)).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert_eq!(signed_in.json(), answer.json());
    assert_eq!(signed_in.header("cache-control"), "no-store");
    assert!(signed_in.header("etag").is_empty());

    server
        .get("/api/me")
        .await
        .problem(StatusCode::UNAUTHORIZED);
    let forged = format!("atlas_session={}", "A".repeat(43));
    me(&server, &forged).await.problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn names_are_found_in_any_case() {
    let (server, _clock) = server().await;
    let answer = sign_in(&server, "ADA", "ada's password").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["name"], "ada");
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_and_the_origin_must_be_https() {
    let (mut server, _clock) = server().await;
    server.state = server.state.clone().with_https(true);
    let https = [("origin", "https://atlas.test")];
    let answer = sign_in_with(&server, "ada", "ada's password", &https, None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert!(answer.header("set-cookie").ends_with("; Secure"));
    let plain = sign_in(&server, "ada", "ada's password").await;
    plain.problem(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let (server, _clock) = server().await;
    let cookie = cookie_of(&sign_in(&server, "ed", "ed's password").await);
    let out = [
        ("cookie", cookie.as_str()),
        ("sec-fetch-site", "same-origin"),
    ];
    let answer = server.send(Method::DELETE, "/api/session", &out).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text());
    assert!(answer.header("set-cookie").contains("Max-Age=0"));
    me(&server, &cookie).await.problem(StatusCode::UNAUTHORIZED);
    assert_eq!(session_count(&server).await, 0);
    server
        .send(Method::DELETE, "/api/session", &out)
        .await
        .problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_session_ends_when_it_expires() {
    let (server, clock) = server().await;
    let cookie = cookie_of(&sign_in(&server, "ed", "ed's password").await);
    clock.advance(SESSION_LIFETIME - 1);
    assert_eq!(me(&server, &cookie).await.status, StatusCode::OK);
    clock.advance(1);
    me(&server, &cookie).await.problem(StatusCode::UNAUTHORIZED);
    // The next sign-in forgets the expired session.
    cookie_of(&sign_in(&server, "ada", "ada's password").await);
    assert_eq!(session_count(&server).await, 1);
}

#[tokio::test]
async fn removing_an_account_or_changing_its_password_ends_its_sessions() {
    let (server, _clock) = server().await;
    let ed = cookie_of(&sign_in(&server, "ed", "ed's password").await);
    let ada = cookie_of(&sign_in(&server, "ada", "ada's password").await);
    accounts::remove_user(&*server.store, "ed")
        .await
        .expect("removes");
    me(&server, &ed).await.problem(StatusCode::UNAUTHORIZED);
    assert_eq!(me(&server, &ada).await.status, StatusCode::OK);

    accounts::set_password(&*server.store, "ada", "a new one".into())
        .await
        .expect("changes the password");
    me(&server, &ada).await.problem(StatusCode::UNAUTHORIZED);
    sign_in(&server, "ada", "ada's password")
        .await
        .problem(StatusCode::UNAUTHORIZED);
    cookie_of(&sign_in(&server, "ada", "a new one").await);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_name_get_the_same_401() {
    let (server, _clock) = server().await;
    let wrong_password = sign_in(&server, "ada", "guess").await;
    let unknown_name = sign_in(&server, "nobody", "guess").await;
    let bad_name = sign_in(&server, "no body", "guess").await;
    wrong_password.problem(StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.body, unknown_name.body);
    assert_eq!(wrong_password.body, bad_name.body);
    assert!(wrong_password.header("set-cookie").is_empty());
    assert_eq!(session_count(&server).await, 0);
}

#[tokio::test]
async fn repeated_failures_are_refused_with_429_until_the_wait_is_over() {
    let (server, clock) = server().await;
    for _ in 0..throttle::FREE_PER_ACCOUNT {
        sign_in(&server, "ada", "guess")
            .await
            .problem(StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits: the attempt is refused before it is checked.
    let slowed = sign_in(&server, "ada", "ada's password").await;
    slowed.problem(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(slowed.header("retry-after"), "1");
    assert_eq!(session_count(&server).await, 0);
    // Another account is not slowed.
    cookie_of(&sign_in(&server, "ed", "ed's password").await);

    clock.advance(1);
    cookie_of(&sign_in(&server, "ada", "ada's password").await);
    // The success cleared the account's count.
    for _ in 0..throttle::FREE_PER_ACCOUNT {
        sign_in(&server, "ada", "guess")
            .await
            .problem(StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn an_address_guessing_at_many_names_is_slowed_and_others_are_not() {
    let (server, _clock) = server().await;
    let guesser = Some(SocketAddr::from(([192, 0, 2, 1], 40000)));
    let other = Some(SocketAddr::from(([192, 0, 2, 2], 40000)));
    for i in 0..throttle::FREE_PER_ADDRESS {
        sign_in_with(&server, &format!("user{i}"), "guess", &[], guesser)
            .await
            .problem(StatusCode::UNAUTHORIZED);
    }
    sign_in_with(&server, "ed", "ed's password", &[], guesser)
        .await
        .problem(StatusCode::TOO_MANY_REQUESTS);
    let answer = sign_in_with(&server, "ed", "ed's password", &[], other).await;
    cookie_of(&answer);
}

#[tokio::test]
async fn a_sign_in_from_another_site_is_refused_and_starts_no_session() {
    let (server, _clock) = server().await;
    let cross_origin = [("origin", "http://evil.test")];
    let answer = sign_in_with(&server, "ada", "ada's password", &cross_origin, None).await;
    answer.problem(StatusCode::FORBIDDEN);
    assert!(answer.header("set-cookie").is_empty());
    let cross_site = [("sec-fetch-site", "cross-site")];
    sign_in_with(&server, "ada", "ada's password", &cross_site, None)
        .await
        .problem(StatusCode::FORBIDDEN);
    assert_eq!(session_count(&server).await, 0);

    let same_origin = [("sec-fetch-site", "same-origin"), ("origin", OWN_ORIGIN)];
    cookie_of(&sign_in_with(&server, "ada", "ada's password", &same_origin, None).await);
}

#[tokio::test]
async fn a_sign_out_with_a_cookie_but_no_origin_is_refused_and_ends_nothing() {
    let (server, _clock) = server().await;
    let cookie = cookie_of(&sign_in(&server, "ed", "ed's password").await);
    server
        .send(
            Method::DELETE,
            "/api/session",
            &[("cookie", cookie.as_str())],
        )
        .await
        .problem(StatusCode::FORBIDDEN);
    assert_eq!(me(&server, &cookie).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_accounts_list_is_for_admins_only_and_shows_no_hashes() {
    let (server, _clock) = server().await;
    server
        .get("/api/users")
        .await
        .problem(StatusCode::UNAUTHORIZED);
    let editor = cookie_of(&sign_in(&server, "ed", "ed's password").await);
    let refused = server
        .get_with("/api/users", &[("cookie", editor.as_str())])
        .await;
    let problem = refused.problem(StatusCode::FORBIDDEN);
    assert!(problem["detail"].as_str().unwrap_or("").contains("admin"));

    let admin = cookie_of(&sign_in(&server, "ada", "ada's password").await);
    let answer = server
        .get_with("/api/users", &[("cookie", admin.as_str())])
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(
        answer.json(),
        serde_json::json!({"users": [
            {"name": "ada", "role": "admin", "created": "2026-12-01T00:00:00Z"},
            {"name": "ed", "role": "editor", "created": "2026-12-01T00:00:00Z"},
        ]})
    );
    assert!(!answer.text().contains("argon2"));
}

#[tokio::test]
async fn a_malformed_sign_in_is_refused_naming_the_field() {
    let (server, _clock) = server().await;
    let request = |content_type: &str, body: &str| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/session")
            .header("sec-fetch-site", "same-origin")
            .header("content-type", content_type)
            .body(Body::from(body.to_string()))
            .expect("request builds")
    };
    let answer = server
        .request(request("application/json", r#"{"name":"ada"}"#))
        .await;
    answer.problem(StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["invalid-params"][0]["name"], "password");
    let answer = server
        .request(request("application/json", r#"{"name":1,"password":"x"}"#))
        .await;
    assert_eq!(answer.json()["invalid-params"][0]["name"], "name");
    server
        .request(request(
            "text/plain",
            r#"{"name":"ada","password":"ada's password"}"#,
        ))
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn no_answer_lets_another_origin_send_credentials() {
    let (server, _clock) = server().await;
    let answer = server
        .get_with("/collections", &[("origin", "http://evil.test")])
        .await;
    assert_eq!(answer.header("access-control-allow-origin"), "*");
    assert!(answer.header("access-control-allow-credentials").is_empty());
    let preflight = server
        .send(
            Method::OPTIONS,
            "/api/session",
            &[
                ("origin", "http://evil.test"),
                ("access-control-request-method", "POST"),
            ],
        )
        .await;
    assert!(
        preflight
            .header("access-control-allow-credentials")
            .is_empty()
            && !preflight
                .header("access-control-allow-methods")
                .contains("POST")
    );
}

/// Sends one sign-in as unknown `name` over a new connection from `from` to
/// `server`, and returns the answer's status code.
async fn sign_in_over_tcp(server: SocketAddr, from: std::net::IpAddr, name: &str) -> Option<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind(SocketAddr::new(from, 0))
        .expect("binds the client's address");
    let mut stream = socket.connect(server).await.expect("connects");
    let body = format!(r#"{{"name":"{name}","password":"guess"}}"#);
    let request = format!(
        "POST /api/session HTTP/1.1\r\nHost: {server}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("sends");
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .await
        .expect("reads the answer");
    common::status_of(&answer)
}

#[test]
fn over_a_socket_failures_are_counted_by_the_client_address() {
    use atlas_server::http::connections::Limits;
    // A clock that stands still, so the wait never runs out during the test.
    let server = common::RunningServer::start_with(
        1,
        atlas_server::store::sqlite::pool_options(),
        |headers| Limits::new(64, headers),
        |state| state.with_clock(Clock::manual(1_800_000_000)),
    );
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let guesser = std::net::IpAddr::from([127, 0, 0, 1]);
    let other = std::net::IpAddr::from([127, 0, 0, 2]);
    client.block_on(async {
        for i in 0..throttle::FREE_PER_ADDRESS {
            let name = format!("user{i}");
            assert_eq!(
                sign_in_over_tcp(server.addr, guesser, &name).await,
                Some(401)
            );
        }
        assert_eq!(
            sign_in_over_tcp(server.addr, guesser, "fresh").await,
            Some(429)
        );
        // Another address is not slowed: the server sees each client's own.
        assert_eq!(
            sign_in_over_tcp(server.addr, other, "fresh").await,
            Some(401)
        );
    });
    server
        .stop(std::time::Duration::from_secs(10))
        .expect("stops");
}
