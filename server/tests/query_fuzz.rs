//! Property tests over the items query: any query string is either answered or
//! refused with a 400 naming a parameter, never a panic or a 500.

mod common;

use atlas_server::http::error::AppError;
use atlas_server::http::routes::Params;
use atlas_server::http::routes::items::items_query;
use axum::http::StatusCode;
use common::TestServer;
use proptest::prelude::*;

/// Values near what the parser expects, and far from it.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        // Numbers and lists of numbers, in and out of range.
        "-?[0-9]{0,4}(\\.[0-9]{0,3})?",
        "(-?[0-9]{1,3}(\\.[0-9]{1,2})?,){0,5}-?[0-9]{1,3}",
        Just("NaN,inf,-inf,1e999".to_string()),
        Just("9223372036854775808".to_string()),
        // Dates, intervals, open ends.
        "[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2}))?)?)?",
        "(\\.\\.|[0-9]{4})?/(\\.\\.|[0-9]{4}-[0-9]{2})?",
        Just("http://www.opengis.net/def/crs/OGC/1.3/CRS84".to_string()),
        // Anything at all, odd unicode included.
        ".{0,40}",
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec!["bbox", "limit", "offset", "datetime", "f", "crs", "bbox-crs"])
            .prop_map(str::to_string),
        1 => ".{0,8}",
    ]
}

/// A query string of up to six pairs, percent-encoded as a client would send it.
fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec((name(), value()), 0..6)
            .prop_map(|pairs| serde_urlencoded::to_string(pairs).unwrap_or_default()),
        // Raw bytes a client might send unencoded (only those a URI may carry).
        1 => "[A-Za-z0-9%&=+,./:;_~!$'()*-]{0,60}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_items_query_parser_answers_or_names_the_parameter_it_refuses(raw in query()) {
        let params = Params::parse(Some(&raw));
        match items_query(&params) {
            Ok(query) => {
                prop_assert!((1..=10_000).contains(&query.limit));
                prop_assert!(query.offset >= 0);
                if let Some(bbox) = query.bbox {
                    let [w, s, e, n] = bbox.to_array();
                    prop_assert!([w, s, e, n].iter().all(|v| v.is_finite()));
                    prop_assert!(s <= n);
                }
            }
            Err(AppError::BadParam { name, reason }) => {
                prop_assert!(!name.is_empty() && !reason.is_empty());
            }
            Err(other) => prop_assert!(false, "{raw:?} gave {other:?}"),
        }
    }
}

#[test]
fn arbitrary_query_strings_through_the_router_never_give_a_500() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(TestServer::seeded());
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(256));
    runner
        .run(&query(), |raw| {
            let uri = format!("/collections/cities/items?{raw}");
            // A URI the HTTP layer itself refuses never reaches us.
            if uri.parse::<axum::http::Uri>().is_err() {
                return Ok(());
            }
            let answer = runtime.block_on(server.get(&uri));
            prop_assert!(
                matches!(answer.status, StatusCode::OK | StatusCode::BAD_REQUEST),
                "{uri} gave {}: {}",
                answer.status,
                answer.text()
            );
            if answer.status == StatusCode::BAD_REQUEST {
                let problem = answer.json();
                prop_assert!(
                    problem["invalid-params"][0]["name"].is_string(),
                    "{problem}"
                );
            }
            Ok(())
        })
        .expect("no query string breaks the items resource");
}
