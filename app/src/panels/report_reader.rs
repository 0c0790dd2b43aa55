//! The report beside the map: the text verbatim and attributed, the open
//! passage scrolled to and highlighted, each passage listing the features that cite it.

use crate::atlas::Atlas;
use crate::map::navigate::show_feature;
use crate::reports::{Reports, human_date};
use crate::state::MapState;
use crate::url_state::PassageTarget;
use atlas_model::api::{CitedPassage, ReportDetail};
use leptos::prelude::*;
use std::sync::Arc;

/// The reader panel; shown while a report passage is open.
#[component]
pub fn ReportReader() -> impl IntoView {
    let state = expect_context::<MapState>();
    let reports = expect_context::<Reports>();
    let report_id = Memo::new(move |_| state.passage.get().map(|t| t.report));
    let detail = Memo::new(move |_| report_id.get().and_then(|id| reports.report(&id)));

    // Scroll once the passage is in the DOM; the frame delay lets the view render first.
    Effect::new(move |_| {
        let target = state.passage.get();
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

    move || {
        let target = state.passage.get()?;
        let body = match detail.get() {
            Some(report) => view! { <ReportText report=report /> }.into_any(),
            None => view! { <p class="loading">"Loading the report…"</p> }.into_any(),
        };
        let _ = target;
        Some(view! {
            <aside class="reader" aria-label="Report reader">
                <button type="button" class="reader-close" aria-label="Close the report" on:click=move |_| state.passage.set(None)>"×"</button>
                {body}
            </aside>
        })
    }
}

#[component]
fn ReportText(report: ReportDetail) -> impl IntoView {
    let meta = report.meta.clone();
    let credit = format!(
        "{} · {} · {}",
        meta.author,
        meta.publisher,
        human_date(&meta.date)
    );
    let licence = meta.licence.clone();
    let publisher_link = meta.publisher_url.clone().map(|url| {
        view! { <a href=url target="_blank" rel="noopener noreferrer">{format!("Read it at {}", meta.publisher)}</a> }
    });
    // Group passages under their section headings, keeping reading order.
    let mut sections: Vec<(String, Vec<CitedPassage>)> = Vec::new();
    for passage in report.passages {
        match sections.last_mut() {
            Some((name, list)) if *name == passage.passage.section => list.push(passage),
            _ => sections.push((passage.passage.section.clone(), vec![passage])),
        }
    }
    let report_id = meta.id.clone();
    let sections = sections
        .into_iter()
        .map(|(name, passages)| {
            let items = passages
                .into_iter()
                .map(|p| view! { <PassageView report=report_id.clone() cited=p /> })
                .collect_view();
            view! { <section><h3>{name}</h3>{items}</section> }
        })
        .collect_view();
    view! {
        <header class="report-head">
            <h2>{meta.title.clone()}</h2>
            {meta.subtitle.clone().map(|s| view! { <p class="subtitle">{s}</p> })}
            <p class="credit">{credit}</p>
            <p class="licence">{licence}" "{publisher_link}</p>
        </header>
        <div class="report-body">{sections}</div>
    }
}

#[component]
fn PassageView(report: String, cited: CitedPassage) -> impl IntoView {
    let state = expect_context::<MapState>();
    let atlas = expect_context::<Arc<Atlas>>();
    let id = cited.passage.id.clone();
    let is_open = {
        let id = id.clone();
        move || {
            state
                .passage
                .with(|t| t.as_ref().and_then(|t| t.passage.as_deref()) == Some(id.as_str()))
        }
    };
    let target = PassageTarget {
        report: report.clone(),
        passage: Some(id.clone()),
    };
    let features = cited
        .features
        .iter()
        .map(|f| {
            let atlas = atlas.clone();
            let fid = f.id.clone();
            view! {
                <li>
                    <button
                        type="button"
                        class="cited-feature"
                        data-feature-id=f.id.clone()
                        on:click=move |_| {
                            if let Some(feature) = atlas.feature(&fid) {
                                show_feature(state, feature);
                            }
                        }
                    >
                        {f.name.clone()}
                    </button>
                </li>
            }
        })
        .collect_view();
    let has_features = !cited.features.is_empty();
    let tag = if cited.passage.kind == atlas_model::PassageKind::ListItem {
        "passage list-item"
    } else {
        "passage"
    };
    view! {
        <article class=tag id=format!("passage-{id}") class:highlight=is_open>
            <p
                class="passage-text"
                on:click=move |_| state.passage.set(Some(target.clone()))
            >
                {cited.passage.text.clone()}
            </p>
            {has_features.then(|| view! {
                <div class="cited-by">
                    <span>"On the map:"</span>
                    <ul>{features}</ul>
                </div>
            })}
        </article>
    }
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
