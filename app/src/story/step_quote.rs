//! A step's report passage, quoted verbatim with its author, title and
//! publisher, and a link to it in the report reader.

use crate::reports::{Reports, human_date};
use atlas_model::PassageRef;
use atlas_model::Scene;
use atlas_model::scene::PassageTarget;
use leptos::prelude::*;

/// The quote of `link`'s passage, once the reports are loaded.
#[component]
pub fn StepQuote(
    /// The passage the step quotes.
    link: PassageRef,
) -> impl IntoView {
    let reports = expect_context::<Reports>();
    move || {
        let (report, cited) = reports.passage(&link.report, &link.passage)?;
        let text = &cited.passage.text;
        // The link's own words when they are still in the passage; else the whole passage.
        let words = link
            .quote
            .as_ref()
            .map(|q| q.exact.as_str())
            .filter(|exact| !exact.is_empty() && text.contains(exact))
            .unwrap_or(text)
            .to_string();
        let meta = &report.meta;
        let reader = Scene {
            passage: Some(PassageTarget {
                report: meta.id.clone(),
                passage: Some(cited.passage.id.clone()),
            }),
            ..Scene::default()
        };
        let href = format!("/{}", reader.to_hash());
        Some(view! {
            <figure class="step-quote">
                <blockquote>{format!("“{words}”")}</blockquote>
                <figcaption>
                    {format!("{}, ", meta.author)}
                    <cite>{meta.title.clone()}</cite>
                    {format!(", {}, {}. ", meta.publisher, human_date(&meta.date))}
                    <a class="step-quote-source" href=href>"Read it in the report"</a>
                </figcaption>
            </figure>
        })
    }
}
