//! `atlas check --sources` against a local web server: live, missing,
//! refused, redirecting and looping URLs, and the command's output and exit.

mod common;

use atlas_server::remote::FetchError;
use atlas_server::remote::sources::dead_sources;
use common::web;
use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

#[tokio::test]
async fn dead_sources_are_the_missing_the_refused_and_the_looping_ones() {
    let web = web::start().await;
    let refused = web::refusing();
    let mut urls = BTreeMap::new();
    for (path, feature) in [
        ("/live", "alive-one"),
        ("/redirect", "redirected-one"),
        ("/missing", "missing-one"),
        ("/loop", "looping-one"),
    ] {
        urls.insert(format!("http://{web}{path}"), vec![feature.to_string()]);
    }
    urls.insert(
        format!("http://{refused}/gone"),
        vec!["refused-one".to_string(), "refused-two".to_string()],
    );
    let mut dead = dead_sources(urls, Duration::from_secs(10))
        .await
        .expect("checks");
    // In URL order, which for two ports is the order of their numbers: sort by path.
    dead.sort_by_key(|d| d.url.rsplit('/').next().unwrap_or("").to_string());
    let found: Vec<(&str, &[String])> = dead
        .iter()
        .map(|d| {
            (
                d.url.rsplit('/').next().unwrap_or(""),
                d.features.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "gone",
                &["refused-one".to_string(), "refused-two".to_string()][..]
            ),
            ("loop", &["looping-one".to_string()][..]),
            ("missing", &["missing-one".to_string()][..]),
        ]
    );
    assert_eq!(dead[2].reason, FetchError::Status("404 Not Found".into()));
    assert_eq!(dead[1].reason, FetchError::Redirects);
    assert!(
        matches!(&dead[0].reason, FetchError::Failed(r) if r.contains("could not connect")),
        "{:?}",
        dead[0].reason
    );
}

/// Copies the fixture data folder and points Baku's source at `url`, the rest at `live`.
fn data_citing(dir: &std::path::Path, live: &str, url: &str) {
    common::copy_fixture("data", dir);
    for layer in ["cities", "rail"] {
        let path = dir.join(format!("layers/{layer}.geojson"));
        let text = std::fs::read_to_string(&path).expect("reads");
        std::fs::write(&path, text.replace("https://example.org/fixture", live)).expect("writes");
    }
    // Baku's source is the first in the cities file.
    common::edit_file(&dir.join("layers/cities.geojson"), live, url);
}

#[test]
fn atlas_check_sources_names_the_feature_of_a_dead_url_and_exits_non_zero() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let web = runtime.block_on(web::start());
    let dir = tempfile::tempdir().expect("temp dir");
    let live = format!("http://{web}/redirect");
    let check = |data: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["check", "--sources", "--timeout", "10"])
            .arg(data)
            .output()
            .expect("atlas runs")
    };

    let dead = dir.path().join("dead");
    data_citing(&dead, &live, &format!("http://{web}/missing"));
    let output = check(&dead);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!(
            "dead http://{web}/missing (the server answered 404 Not Found): cited by baku"
        )),
        "{stdout}"
    );
    assert!(stderr.contains("1 of 2 source URLs are dead"), "{stderr}");

    let alive = dir.path().join("alive");
    data_citing(&alive, &live, &format!("http://{web}/live"));
    let output = check(&alive);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("ok: 2 source URLs answer"), "{stdout}");
}

#[test]
fn atlas_check_timeout_needs_sources() {
    let output = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["check", "--timeout", "3"])
        .arg(common::fixture("data"))
        .output()
        .expect("atlas runs");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--sources"));
}
