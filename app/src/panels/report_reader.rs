//! The report beside the map: the text verbatim and attributed, the open
//! passage scrolled to and highlighted, sections that can be shown on the map.

use super::passage_view::PassageView;
use crate::atlas::Atlas;
use crate::map::navigate::fit_features;
use crate::reports::{Reports, human_date};
use crate::state::{AtlasState, MapState};
use atlas_model::PassageTarget;
use atlas_model::api::{CitedPassage, ReportDetail};
use leptos::prelude::*;
use std::sync::Arc;

/// The reader panel; shown while a report is open.
#[component]
pub fn ReportReader() -> impl IntoView {
    let open_passage = expect_context::<AtlasState>().passage;
    let reports = expect_context::<Reports>();
    let report_id = Memo::new(move |_| open_passage.get().map(|t| t.report));
    let detail = Memo::new(move |_| report_id.get().and_then(|id| reports.report(&id)));

    // Scroll once the passage is in the DOM; the frame delay lets the view render first.
    Effect::new(move |_| {
        let target = open_passage.get();
        let loaded = detail.with(Option::is_some);
        if let (
            Some(PassageTarget {
                passage: Some(id), ..
            }),
            true,
        ) = (target, loaded)
        {
            request_animation_frame(move || scroll_to_passage(&id));
        }
    });

    // Rebuilt only when another report opens, not when another passage is chosen.
    move || {
        report_id.get()?;
        let body = match detail.get() {
            Some(report) => view! { <ReportText report=report /> }.into_any(),
            None => view! { <p class="loading">"Loading the report…"</p> }.into_any(),
        };
        Some(view! {
            <aside class="reader" aria-label="Report reader">
                <button type="button" class="reader-close" aria-label="Close the report" on:click=move |_| open_passage.set(None)>"×"</button>
                <ReportPicker />
                {body}
            </aside>
        })
    }
}

/// Lets the reader switch reports when there is more than one.
#[component]
fn ReportPicker() -> impl IntoView {
    let open_passage = expect_context::<AtlasState>().passage;
    let reports = expect_context::<Reports>();
    move || {
        let all = reports.0.get()?.ok()?;
        (all.len() > 1).then(|| {
            let current = open_passage.with_untracked(|t| t.as_ref().map(|t| t.report.clone()));
            let options = all
                .iter()
                .map(|r| {
                    let selected = current.as_deref() == Some(r.meta.id.as_str());
                    view! { <option value=r.meta.id.clone() selected=selected>{r.meta.title.clone()}</option> }
                })
                .collect_view();
            view! {
                <label class="report-picker">
                    "Report "
                    <select on:change=move |ev| {
                        let report = event_target_value(&ev);
                        open_passage.set(Some(PassageTarget { report, passage: None }));
                    }>
                        {options}
                    </select>
                </label>
            }
        })
    }
}

#[component]
fn ReportText(report: ReportDetail) -> impl IntoView {
    let state = expect_context::<MapState>();
    let atlas = expect_context::<Arc<Atlas>>();
    let meta = report.meta.clone();
    let credit = format!(
        "{} · {} · {}",
        meta.author,
        meta.publisher,
        human_date(&meta.date)
    );
    let licence = meta.licence.clone();
    let short_credit = format!("{}: “{}”, {}", meta.author, meta.title, meta.publisher);
    // The original article when its address is known; otherwise the publisher's
    // home page, named as such so no reader expects the article there.
    let publisher_link = match (&meta.source_url, &meta.publisher_url) {
        (Some(url), _) => Some(view! {
            <a href=url.clone() target="_blank" rel="noopener noreferrer">{format!("Read the original at {}", meta.publisher)}</a>
        }),
        (None, Some(url)) => Some(view! {
            <a href=url.clone() target="_blank" rel="noopener noreferrer">{format!("{} home page", meta.publisher)}</a>
        }),
        (None, None) => None,
    };
    // Group passages under their section headings, keeping reading order.
    let mut sections: Vec<(String, Vec<CitedPassage>)> = Vec::new();
    for passage in report.passages {
        match sections.last_mut() {
            Some((name, list)) if *name == passage.passage.section => list.push(passage),
            _ => sections.push((passage.passage.section.clone(), vec![passage])),
        }
    }
    let meta = Arc::new(meta);
    let sections = sections
        .into_iter()
        .map(|(name, passages)| {
            let ids: Vec<String> = passages.iter().flat_map(feature_ids).collect();
            let atlas = atlas.clone();
            let show = (!ids.is_empty()).then(|| {
                view! {
                    <button
                        type="button"
                        class="show-section"
                        title="Fit the map to every feature this section speaks of"
                        on:click=move |_| fit_features(state, &atlas, &ids)
                    >
                        "Show section on map"
                    </button>
                }
            });
            let items = passages
                .into_iter()
                .map(|p| view! { <PassageView meta=meta.clone() cited=p /> })
                .collect_view();
            view! {
                <section>
                    <div class="section-head"><h3>{name}</h3>{show}</div>
                    {items}
                </section>
            }
        })
        .collect_view();
    view! {
        <header class="report-head">
            <h2>{meta.title.clone()}</h2>
            {meta.subtitle.clone().map(|s| view! { <p class="subtitle">{s}</p> })}
            <p class="credit">{credit}</p>
            <p class="licence">{licence}" "{publisher_link}</p>
        </header>
        <div class="report-body">
            // Stays in view while the reader scrolls, so every quote on screen is attributed.
            <p class="sticky-credit">{short_credit}</p>
            {sections}
        </div>
    }
}

/// Every feature a passage speaks of: those that cite it and those it names.
pub fn feature_ids(cited: &CitedPassage) -> Vec<String> {
    let mut ids: Vec<String> = cited
        .features
        .iter()
        .map(|f| f.id.clone())
        .chain(cited.mentions.iter().map(|m| m.feature_id.clone()))
        .collect();
    crate::sort::sort(&mut ids);
    ids.dedup();
    ids
}

fn scroll_to_passage(id: &str) {
    let Some(el) = document().get_element_by_id(&format!("passage-{id}")) else {
        return;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_behavior(web_sys::ScrollBehavior::Smooth);
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}
