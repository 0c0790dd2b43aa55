//! Passage links that survive edits, mentions found in report text, and the
//! `atlas check` and `atlas suggest-links` commands that keep links honest.

mod common;

use atlas_server::data_dir;
use axum::http::StatusCode;
use common::{TestServer, copy_fixture, edit_file, fixture};
use std::path::Path;
use std::process::{Command, Output};

fn atlas(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(args)
        .arg(dir)
        .output()
        .expect("atlas runs")
}

/// (feature, the words of the text it covers) for every mention of a passage.
fn mentions(passage: &serde_json::Value) -> Vec<(String, String)> {
    let text = passage["text"].as_str().expect("text");
    passage["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .map(|m| {
            let start = m["start"].as_u64().expect("start") as usize;
            let end = m["end"].as_u64().expect("end") as usize;
            (
                m["feature"].as_str().expect("feature").to_string(),
                text.get(start..end)
                    .expect("byte offsets on char boundaries")
                    .to_string(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect()
}

#[tokio::test]
async fn a_report_marks_where_each_passage_mentions_a_feature() {
    let server = TestServer::seeded().await;
    let report = server.get("/api/reports/sample-report").await.json();
    let passages = report["passages"].as_array().expect("passages");
    assert_eq!(
        mentions(&passages[0]),
        pairs(&[("baku", "Baku"), ("beijing", "Beijing")])
    );
    // The longest name wins: the railway, not also Baku inside it.
    assert_eq!(
        mentions(&passages[1]),
        pairs(&[("baku-tbilisi-kars-railway", "Baku-Tbilisi-Kars railway")])
    );
    assert_eq!(mentions(&passages[2]), vec![]);
}

#[tokio::test]
async fn a_report_passes_its_source_url_through() {
    let server = TestServer::seeded().await;
    let report = server.get("/api/reports/sample-report").await.json();
    assert_eq!(report["source_url"], "https://example.org/sample-report");
    let list = server.get("/api/reports").await.json();
    assert_eq!(
        list["reports"][0]["source_url"],
        "https://example.org/sample-report"
    );
}

#[tokio::test]
async fn the_real_report_mentions_routes_by_name_and_keeps_its_typo_apart() {
    let server = TestServer::with_data(&common::project_data()).await;
    let answer = server
        .get("/api/reports/azerbaijan-china-partnership-2025")
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let report = answer.json();
    let passage = |id: &str| {
        report["passages"]
            .as_array()
            .expect("passages")
            .iter()
            .find(|p| p["id"] == id)
            .cloned()
            .expect("passage")
    };
    // "Middle Corridor" names the route's first leg; the curated alias "Bakus" is Baku.
    assert_eq!(
        mentions(&passage("takeaways-2")),
        pairs(&[
            ("baku", "Bakus"),
            ("beijing", "Beijing"),
            ("middle-corridor-xian-khorgos", "Middle Corridor")
        ])
    );
    // One name of three features: all three, in the data's order (SCP first).
    let corridor: Vec<String> = mentions(&passage("scenario-1"))
        .into_iter()
        .filter(|(_, words)| words == "Southern Gas Corridor")
        .map(|(feature, _)| feature)
        .collect();
    assert_eq!(corridor, ["south-caucasus-pipeline", "tanap", "tap"]);
}

/// A copy of the fixture where Beijing and Tbilisi share the alias "Silk Gate"
/// and a passage names it. Data order is Beijing then Tbilisi; on the map,
/// and so in any spatial order of the table, Tbilisi comes first.
fn shared_alias_fixture(dir: &Path) {
    copy_fixture("data", dir);
    let cities = dir.join("layers/cities.geojson");
    for name in ["\"Beijing\",", "\"Tbilisi\","] {
        edit_file(
            &cities,
            &format!("\"name\": {name}"),
            &format!("\"name\": {name}\n        \"aliases\": [\"Silk Gate\"],"),
        );
    }
    edit_file(
        &dir.join("reports/sample-report.md"),
        "Nobody cites this passage.",
        "Nobody cites this passage on the Silk Gate.",
    );
}

#[tokio::test]
async fn a_name_of_several_features_mentions_them_in_data_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    shared_alias_fixture(dir.path());
    let server = TestServer::with_data(dir.path()).await;
    let report = server.get("/api/reports/sample-report").await.json();
    assert_eq!(
        mentions(&report["passages"][2]),
        pairs(&[("beijing", "Silk Gate"), ("tbilisi", "Silk Gate")])
    );
}

#[test]
fn atlas_suggest_links_lists_a_name_of_several_features_in_data_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    shared_alias_fixture(dir.path());
    let output = atlas(&["suggest-links"], dir.path());
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        concat!(
            "sample-report#background-5: beijing (\"Silk Gate\")\n",
            "    {\"report\":\"sample-report\",\"passage\":\"background-5\",\"quote\":{\"exact\":\"Nobody cites this passage on the Silk Gate.\"}}\n",
            "sample-report#background-5: tbilisi (\"Silk Gate\")\n",
            "    {\"report\":\"sample-report\",\"passage\":\"background-5\",\"quote\":{\"exact\":\"Nobody cites this passage on the Silk Gate.\"}}\n",
        )
    );
}

#[tokio::test]
async fn a_quoted_link_follows_its_passage_when_the_report_is_renumbered() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture("data", dir.path());
    // A new bullet above renumbers the railway's passage from background-4 to background-5.
    edit_file(
        &dir.path().join("reports/sample-report.md"),
        "- The Baku-Tbilisi-Kars railway opened in 2017. {#background-4}\n- Nobody cites this passage. {#background-5}",
        "- A new first point. {#background-4}\n- The Baku–Tbilisi–Kars railway opened in 2017. {#background-5}\n- Nobody cites this passage. {#background-6}",
    );
    let data = data_dir::load(dir.path()).expect("the link still resolves");
    assert_eq!(data.moved_links.len(), 1);
    assert_eq!(
        data.moved_links[0].to_string(),
        "feature baku-tbilisi-kars-railway: passage link sample-report#background-4 found its quote in sample-report#background-5; update the passage id"
    );

    let server = TestServer::with_data(dir.path()).await;
    let report = server.get("/api/reports/sample-report").await.json();
    let cited: Vec<(&str, usize)> = report["passages"]
        .as_array()
        .expect("passages")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or(""),
                p["features"].as_array().map_or(0, Vec::len),
            )
        })
        .collect();
    assert_eq!(
        cited,
        [
            ("summary-1", 2),
            ("background-4", 0),
            ("background-5", 1),
            ("background-6", 0)
        ]
    );
    // The feature itself now names the passage that exists.
    let feature = server
        .get("/collections/rail/items/baku-tbilisi-kars-railway")
        .await
        .json();
    assert_eq!(
        feature["properties"]["passages"][0]["passage"],
        "background-5"
    );

    let output = atlas(&["check"], dir.path());
    assert!(output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("atlas check: note: feature baku-tbilisi-kars-railway"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn atlas_check_names_feature_report_and_quote_of_a_link_whose_words_are_gone() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture("data", dir.path());
    edit_file(
        &dir.path().join("reports/sample-report.md"),
        "The Baku-Tbilisi-Kars railway opened in 2017.",
        "The BTK line opened in 2017.",
    );
    let output = atlas(&["check"], dir.path());
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("feature baku-tbilisi-kars-railway: passage link sample-report#background-4 does not resolve: the quote \"The Baku-Tbilisi-Kars railway opened in 2017.\" is in no passage of that report"),
        "{stderr}"
    );
}

#[test]
fn atlas_suggest_links_lists_mentions_not_yet_linked() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture("data", dir.path());
    edit_file(
        &dir.path().join("reports/sample-report.md"),
        "Nobody cites this passage.",
        "Nobody cites this passage on Aktau, Tbilisi and Karsten, or Tbilisi again.",
    );
    let output = atlas(&["suggest-links"], dir.path());
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        concat!(
            "sample-report#background-5: aktau (\"Aktau\")\n",
            "    {\"report\":\"sample-report\",\"passage\":\"background-5\",\"quote\":{\"exact\":\"Nobody cites this passage on Aktau, Tbilisi and Karsten, or Tbilisi again.\"}}\n",
            "sample-report#background-5: tbilisi (\"Tbilisi\")\n",
            "    {\"report\":\"sample-report\",\"passage\":\"background-5\",\"quote\":{\"exact\":\"Nobody cites this passage on Aktau, Tbilisi and Karsten, or Tbilisi again.\"}}\n",
        )
    );
}

#[test]
fn atlas_suggest_links_is_quiet_when_every_mention_is_linked() {
    let output = atlas(&["suggest-links"], &fixture("data"));
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
}
