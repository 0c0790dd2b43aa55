//! The report passages linked from a feature or a route: each with where it
//! stands in the report, the sentence quoted verbatim, and its attribution.

use super::quote::sentence_naming;
use crate::reports::Reports;
use crate::state::AtlasState;
use atlas_model::text::names_any;
use atlas_model::{PassageRef, PassageTarget};
use leptos::prelude::*;

/// The list items of `links`, those whose passage names one of `names` first.
pub fn passage_list(
    names: Vec<String>,
    links: Vec<PassageRef>,
) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    let open_passage = expect_context::<AtlasState>().passage;
    let reports = expect_context::<Reports>();
    move || {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        // Passages that name the feature come before those that speak of it only in general.
        let mut links = links.clone();
        crate::sort::sort_by_key(&mut links, |link| {
            !reports
                .passage(&link.report, &link.passage)
                .is_some_and(|(_, cited)| names_any(&cited.passage.text, &names))
        });
        links
            .iter()
            .map(|link| {
                let target = PassageTarget {
                    report: link.report.clone(),
                    passage: Some(link.passage.clone()),
                };
                let href = format!("#passage={}/{}", link.report, link.passage);
                let found = reports.passage(&link.report, &link.passage);
                let (heading, quote, credit) = match &found {
                    Some((report, cited)) => (
                        format!(
                            "{}, paragraph {}",
                            cited.passage.section,
                            paragraph_number(report, &cited.passage.id)
                        ),
                        // The link's own quote, if the curator chose one and it is still in the text.
                        format!(
                            "“{}”",
                            link.quote
                                .as_ref()
                                .map(|q| q.exact.as_str())
                                .filter(|exact| cited.passage.text.contains(exact))
                                .unwrap_or_else(|| sentence_naming(&cited.passage.text, &names))
                        ),
                        format!("{}, {}", report.meta.author, report.meta.publisher),
                    ),
                    None => (link.passage.clone(), String::new(), String::new()),
                };
                view! {
                    <li>
                        <a
                            class="passage-link"
                            href=href
                            on:click=move |ev| {
                                ev.prevent_default();
                                open_passage.set(Some(target.clone()));
                            }
                        >
                            {heading}
                        </a>
                        <blockquote class="quote">{quote}<cite>{credit}</cite></blockquote>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    }
}

fn paragraph_number(report: &atlas_model::api::ReportDetail, id: &str) -> usize {
    let Some(target) = report.passages.iter().find(|p| p.passage.id == id) else {
        return 0;
    };
    report
        .passages
        .iter()
        .filter(|p| p.passage.section == target.passage.section)
        .position(|p| p.passage.id == id)
        .map_or(0, |i| i + 1)
}
