//! Writing the store back out: `atlas export`'s data folder, byte for byte the
//! one imported, and a layer's items as CSV and KML through the real router.

mod common;

use atlas_server::data_dir::export;
use atlas_server::file_import::{FileKind, import_file};
use axum::http::StatusCode;
use common::{TestServer, project_data};
use std::path::Path;

/// Every file of `folder` ending in `.{extension}`, by name.
fn files(folder: &Path, extension: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("reads the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(&format!(".{extension}")) && n != "README.md")
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn exporting_an_unchanged_database_gives_data_back_byte_for_byte() {
    let data = project_data();
    let server = TestServer::with_data(&data).await;
    let out = tempfile::tempdir().expect("temp dir");
    // A file the store does not hold goes; a README stays.
    std::fs::create_dir_all(out.path().join("layers")).expect("mkdir");
    std::fs::write(out.path().join("layers/gone.geojson"), "{}").expect("write");
    std::fs::write(out.path().join("layers/README.md"), "notes").expect("write");

    let summary = export::export(&*server.store, out.path())
        .await
        .expect("exports");
    assert_eq!(summary.removed, [out.path().join("layers/gone.geojson")]);
    assert!(out.path().join("layers/README.md").exists());
    assert_eq!(summary.stories, files(&data.join("stories"), "json").len());
    for (folder, extension) in [
        ("layers", "geojson"),
        ("reports", "md"),
        ("stories", "json"),
    ] {
        let expected = files(&data.join(folder), extension);
        assert!(!expected.is_empty(), "{folder}");
        assert_eq!(files(&out.path().join(folder), extension), expected);
        for name in expected {
            let original = std::fs::read(data.join(folder).join(&name)).expect("reads");
            let exported = std::fs::read(out.path().join(folder).join(&name)).expect("reads");
            assert!(
                original == exported,
                "{folder}/{name} differs:\n{}",
                String::from_utf8_lossy(&exported)
            );
        }
    }
}

#[tokio::test]
async fn an_export_after_an_import_holds_the_new_feature_and_still_loads() {
    let server = TestServer::with_data(&project_data()).await;
    let file = include_str!("fixtures/imports/new-port.geojson");
    import_file(
        &*server.store,
        "hubs",
        FileKind::GeoJson,
        file.as_bytes(),
        "test",
        false,
    )
    .await
    .expect("imports");
    let out = tempfile::tempdir().expect("temp dir");
    export::export(&*server.store, out.path())
        .await
        .expect("exports");
    let hubs = std::fs::read_to_string(out.path().join("layers/hubs.geojson")).expect("reads");
    assert!(hubs.contains("\"id\": \"port-of-test-bay\""), "{hubs}");
    assert!(hubs.ends_with("}\n"));
    // The folder it wrote is a valid data folder that imports to the same store.
    let reloaded = atlas_server::data_dir::load(out.path()).expect("the export loads");
    let again = server.import(out.path()).await;
    assert_eq!(
        again.created + again.updated + again.deleted,
        0,
        "{again:?}"
    );
    assert_eq!(reloaded.feature_count(), 58);
}

/// A seeded server whose `cities` hold one feature with every character CSV and XML escape.
async fn server_with_awkward_names() -> TestServer {
    let server = TestServer::seeded().await;
    let file = r#"{"type": "FeatureCollection", "features": [{
        "type": "Feature", "id": "odd-town",
        "geometry": {"type": "Point", "coordinates": [45.5, 41.25]},
        "properties": {"id": "odd-town", "name": "Odd \"Town\", <Port> & Co", "kind": "city",
            "status": "operating", "aliases": ["Line one\nline two"],
            "sources": [{"title": "A & B", "url": "https://example.org/?a=1&b=2"}]}}]}"#;
    import_file(
        &*server.store,
        "cities",
        FileKind::GeoJson,
        file.as_bytes(),
        "test",
        false,
    )
    .await
    .expect("imports");
    server
}

#[tokio::test]
async fn items_as_csv_are_rfc_4180_with_positions_for_points_and_wkt_for_lines() {
    let server = server_with_awkward_names().await;
    let answer = server.get("/collections/cities/items?f=csv").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert!(answer.header("content-type").starts_with("text/csv"));
    assert_eq!(
        answer.header("content-disposition"),
        "attachment; filename=\"cities.csv\""
    );
    let text = answer.text();
    let mut lines = text.split("\r\n");
    let header = lines.next().expect("a header");
    assert!(header.starts_with("id,name,kind,status,"), "{header}");
    let columns: Vec<&str> = header.split(',').collect();
    let lon = columns.iter().position(|c| *c == "lon").expect("lon");
    let baku = lines
        .clone()
        .find(|l| l.starts_with("baku,"))
        .expect("baku's row");
    let fields: Vec<&str> = baku.split(',').collect();
    assert_eq!((fields[lon], fields[lon + 1]), ("49.867", "40.409"));
    assert!(
        text.contains("odd-town,\"Odd \"\"Town\"\", <Port> & Co\",city,operating,exact,\"Line one\nline two\","),
        "{text}"
    );
    // Five features (the fixture's four and the odd town), a header and the final CRLF.
    assert_eq!(text.matches("\r\n").count(), 6);

    let rail = server.get("/collections/rail/items?f=csv").await.text();
    assert!(
        rail.contains("LINESTRING (49.867 40.409, 44.793 41.715, 43.1 40.6)"),
        "{rail}"
    );
}

#[tokio::test]
async fn items_as_kml_are_well_formed_with_a_placemark_per_feature() {
    let server = server_with_awkward_names().await;
    let answer = server.get("/collections/cities/items?f=kml").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(
        answer.header("content-type"),
        "application/vnd.google-earth.kml+xml"
    );
    assert_eq!(
        answer.header("content-disposition"),
        "attachment; filename=\"cities.kml\""
    );
    let text = answer.text();
    let document = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "kml");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.opengis.net/kml/2.2")
    );
    let placemarks: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("Placemark"))
        .collect();
    assert_eq!(placemarks.len(), 5);
    let child_text = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.descendants()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    let odd = placemarks
        .iter()
        .find(|p| child_text(**p, "name").as_deref() == Some("Odd \"Town\", <Port> & Co"))
        .expect("the odd town, its name unescaped intact");
    assert_eq!(
        child_text(*odd, "coordinates").as_deref(),
        Some("45.5,41.25")
    );
    let data: Vec<(String, String)> = odd
        .descendants()
        .filter(|n| n.has_tag_name("Data"))
        .map(|d| {
            (
                d.attribute("name").unwrap_or("").to_string(),
                child_text(d, "value").unwrap_or_default(),
            )
        })
        .collect();
    assert!(data.contains(&("id".into(), "odd-town".into())), "{data:?}");
    assert!(data.contains(&("sources".into(), "https://example.org/?a=1&b=2".into())));

    let rail = server.get("/collections/rail/items?f=kml").await.text();
    let rail = roxmltree::Document::parse(&rail).expect("well-formed XML");
    let line = rail
        .descendants()
        .find(|n| n.has_tag_name("LineString"))
        .expect("the railway is a LineString");
    assert_eq!(
        child_text(line, "coordinates").as_deref(),
        Some("49.867,40.409 44.793,41.715 43.1,40.6")
    );
}

#[tokio::test]
async fn accept_asks_for_csv_or_kml_even_when_the_geojson_page_is_cached() {
    let server = TestServer::seeded().await;
    let uri = "/collections/cities/items";
    // Twice: the second answer comes from the cache, before routing.
    for _ in 0..2 {
        let json = server.get(uri).await;
        assert_eq!(json.header("content-type"), "application/geo+json");
    }
    let cached = server.get(uri).await;
    // Its members, whether on one `Vary` line or several.
    let vary: Vec<&str> = cached
        .headers
        .get_all("vary")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(str::trim))
        .collect();
    assert!(vary.contains(&"accept"), "{vary:?}");
    let csv = server.get_with(uri, &[("accept", "text/csv")]).await;
    assert!(
        csv.header("content-type").starts_with("text/csv"),
        "{}",
        csv.text()
    );
    let kml = server
        .get_with(uri, &[("accept", "application/vnd.google-earth.kml+xml")])
        .await;
    assert_eq!(
        kml.header("content-type"),
        "application/vnd.google-earth.kml+xml"
    );
    let preferring_json = server
        .get_with(uri, &[("accept", "application/geo+json, text/csv;q=0.5")])
        .await;
    assert_eq!(
        preferring_json.header("content-type"),
        "application/geo+json"
    );
}

#[tokio::test]
async fn an_unknown_f_is_still_refused_by_name_and_downloads_obey_limit() {
    let server = TestServer::seeded().await;
    let refused = server.get("/collections/cities/items?f=xlsx").await;
    refused.assert_bad_param("f");
    assert!(refused.text().contains("csv"), "{}", refused.text());
    let two = server
        .get("/collections/cities/items?f=csv&limit=2")
        .await
        .text();
    assert_eq!(two.matches("\r\n").count(), 3, "{two}");
    server
        .get("/collections/nowhere/items?f=kml")
        .await
        .problem(StatusCode::NOT_FOUND);
}
