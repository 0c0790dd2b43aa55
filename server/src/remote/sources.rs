//! `atlas check --sources`: asks every source URL the features cite, a few at
//! a time, and lists the dead ones with the features citing them.
//!
//! A URL is live when a GET answers 2xx, after at most
//! [`super::MAX_REDIRECTS`] redirects; an error status, a redirect loop, a
//! refused connection or no answer within the time-out make it dead. Only the
//! head of each answer is read.

use super::{FetchError, client, failure, parse_http};
use crate::data_dir::DataSet;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// How many URLs are asked at once.
pub const AT_ONCE: usize = 4;

/// A source URL that does not answer, and who cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadSource {
    /// The URL.
    pub url: String,
    /// The features citing it, by id.
    pub features: Vec<String>,
    /// Why it is dead.
    pub reason: FetchError,
}

/// Every source URL of `data` with the features citing it, in URL order.
pub fn cited_urls(data: &DataSet) -> BTreeMap<String, Vec<String>> {
    let mut urls: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for feature in data.layers.iter().flat_map(|l| &l.features) {
        for source in &feature.properties.sources {
            let citing = urls.entry(source.url.clone()).or_default();
            if !citing.iter().any(|id| id == feature.id()) {
                citing.push(feature.id().to_string());
            }
        }
    }
    urls
}

/// Asks every URL of `urls` (with the features citing it), [`AT_ONCE`] at a
/// time, each within `timeout`; returns the dead ones in URL order.
pub async fn dead_sources(
    urls: BTreeMap<String, Vec<String>>,
    timeout: Duration,
) -> Result<Vec<DeadSource>, FetchError> {
    let client = client(timeout)?;
    let gate = Arc::new(Semaphore::new(AT_ONCE));
    let mut tasks = JoinSet::new();
    for (url, features) in urls {
        let client = client.clone();
        let gate = gate.clone();
        tasks.spawn(async move {
            // The semaphore is never closed, so a permit always comes.
            let _permit = gate.acquire_owned().await;
            let reason = ask(&client, &url, timeout).await.err();
            reason.map(|reason| DeadSource {
                url,
                features,
                reason,
            })
        });
    }
    let mut dead = Vec::new();
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(Some(source)) => dead.push(source),
            Ok(None) => {}
            Err(error) => return Err(FetchError::Failed(format!("a check failed: {error}"))),
        }
    }
    dead.sort_by(|a, b| a.url.cmp(&b.url));
    Ok(dead)
}

/// Asks `url` once: `Ok` when it answers 2xx.
async fn ask(client: &reqwest::Client, url: &str, timeout: Duration) -> Result<(), FetchError> {
    let url = parse_http(url)?;
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|e| failure(&e, timeout.as_secs()))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(FetchError::Status(response.status().to_string()))
    }
}
