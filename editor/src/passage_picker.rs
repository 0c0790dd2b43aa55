//! Picking a report passage to link to a feature: the passages that name the
//! feature (its name or an alias, found as the server finds mentions) come
//! first; a search of the reports finds any other. A picked passage becomes a
//! link with the quote selector the model makes for new links
//! (`quoting::quote_for`, as `atlas suggest-links` does), so it survives a
//! renumbering of the report.

use atlas_model::api::ReportDetail;
use atlas_model::mentions::Gazetteer;
use atlas_model::quoting::quote_for;
use atlas_model::{FeatureProperties, PassageRef};
use leptos::prelude::*;
use std::ops::Range;

/// A passage that could be linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The report's id.
    pub report: String,
    /// The report's title.
    pub report_title: String,
    /// The passage's id.
    pub passage: String,
    /// The heading it stands under.
    pub section: String,
    /// Its text.
    pub text: String,
    /// Where the text names the feature, if it does.
    pub mention: Option<Range<usize>>,
}

impl Candidate {
    /// The link to this passage, with its quote selector.
    pub fn link(&self) -> PassageRef {
        PassageRef {
            report: self.report.clone(),
            passage: self.passage.clone(),
            quote: Some(quote_for(&self.text, self.mention.clone())),
        }
    }
}

/// Every passage of `reports` as a candidate for `feature`, in reading order,
/// with where it names the feature (its name or aliases as they are now).
pub fn candidates(reports: &[ReportDetail], feature: &FeatureProperties) -> Vec<Candidate> {
    let gazetteer = Gazetteer::new(std::iter::once(feature));
    reports
        .iter()
        .flat_map(|report| {
            let gazetteer = &gazetteer;
            report.passages.iter().map(move |p| {
                let stored = p
                    .mentions
                    .iter()
                    .find(|m| m.feature_id == feature.id)
                    .map(|m| m.start..m.end);
                let mention = gazetteer
                    .find(&p.passage.text)
                    .first()
                    .map(|m| m.start..m.end)
                    .or(stored);
                Candidate {
                    report: report.meta.id.clone(),
                    report_title: report.meta.title.clone(),
                    passage: p.passage.id.clone(),
                    section: p.passage.section.clone(),
                    text: p.passage.text.clone(),
                    mention,
                }
            })
        })
        .collect()
}

/// What the picker lists: with no search, the passages naming the feature;
/// with one, the search's hits (`(report, passage)` pairs, best first), those
/// naming the feature first. Passages the feature links already are left out.
pub fn shown(
    all: &[Candidate],
    hits: Option<&[(String, String)]>,
    linked: &[PassageRef],
) -> Vec<Candidate> {
    let is_linked = |c: &Candidate| {
        linked
            .iter()
            .any(|l| l.report == c.report && l.passage == c.passage)
    };
    let mut out: Vec<Candidate> = match hits {
        None => all
            .iter()
            .filter(|c| c.mention.is_some())
            .cloned()
            .collect(),
        Some(hits) => hits
            .iter()
            .filter_map(|(r, p)| all.iter().find(|c| &c.report == r && &c.passage == p))
            .cloned()
            .collect(),
    };
    out.retain(|c| !is_linked(c));
    // A stable sort: naming passages first, each group in its own order.
    out.sort_by_key(|c| c.mention.is_none());
    out
}

/// Loads every report with its passages.
async fn load_reports() -> Result<Vec<ReportDetail>, String> {
    let list = atlas_app::api::reports().await.map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for summary in list.reports {
        out.push(
            atlas_app::api::report(&summary.meta.id)
                .await
                .map_err(|e| e.to_string())?,
        );
    }
    Ok(out)
}

/// The passage picker. `on_pick` gets the link (with its quote selector) the
/// editor picked; the form adds it to the feature's `passages`.
#[component]
pub fn PassagePicker(
    /// The feature being edited, as the form holds it now.
    #[prop(into)]
    feature: Signal<Option<FeatureProperties>>,
    /// Called with the picked link.
    on_pick: Callback<PassageRef>,
) -> impl IntoView {
    let reports = LocalResource::new(load_reports);
    let query = RwSignal::new(String::new());
    let hits = RwSignal::new(None::<Vec<(String, String)>>);
    let search = move |_| {
        let q = query.get_untracked();
        if q.trim().is_empty() {
            hits.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            match atlas_app::api::search(&q).await {
                Ok(found) => hits.set(Some(
                    found
                        .passages
                        .into_iter()
                        .map(|p| (p.report, p.passage))
                        .collect(),
                )),
                Err(_) => hits.set(Some(Vec::new())),
            }
        });
    };
    let list = move || {
        let Some(feature) = feature.get() else {
            return view! { <p class="hint">"Select a feature to link passages to it."</p> }
                .into_any();
        };
        match reports.get() {
            None => view! { <p class="hint">"Loading the reports…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="form-status error">{e}</p> }.into_any(),
            Some(Ok(reports)) => {
                let all = candidates(&reports, &feature);
                let found = hits.with(|h| shown(&all, h.as_deref(), &feature.passages));
                if found.is_empty() {
                    return view! { <p class="hint">"No passage to suggest: search the reports."</p> }
                        .into_any();
                }
                let items = found
                    .into_iter()
                    .map(|c| {
                        let names = c.mention.is_some();
                        let (head, mid, tail) = match &c.mention {
                            Some(m) => (
                                c.text[..m.start].to_string(),
                                c.text[m.clone()].to_string(),
                                c.text[m.end..].to_string(),
                            ),
                            None => (c.text.clone(), String::new(), String::new()),
                        };
                        let title = format!("{} · {} · {}", c.report_title, c.section, c.passage);
                        let link = c.link();
                        view! {
                            <li class="passage-candidate" class:names-feature=names
                                data-passage=c.passage.clone()>
                                <p class="candidate-source">{title}</p>
                                <blockquote>{head}<mark>{mid}</mark>{tail}</blockquote>
                                <button type="button" on:click=move |_| on_pick.run(link.clone())>
                                    "Link this passage"
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="passage-candidates">{items}</ul> }.into_any()
            }
        }
    };
    view! {
        <section class="passage-picker" aria-label="Link a report passage">
            <form class="picker-search" on:submit=move |ev| { ev.prevent_default(); search(()); }>
                <input type="search" placeholder="Search the reports" aria-label="Search the reports"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev)) />
                <button type="submit">"Search"</button>
            </form>
            {list}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_model::api::CitedPassage;
    use atlas_model::{Passage, PassageKind, ReportMeta};

    fn report(passages: &[(&str, &str)]) -> ReportDetail {
        ReportDetail {
            meta: serde_json::from_value(serde_json::json!({
                "id": "r", "title": "T", "author": "A", "publisher": "P", "date": "2025"
            }))
            .map(|m: ReportMeta| m)
            .expect("meta"),
            passages: passages
                .iter()
                .map(|(id, text)| CitedPassage {
                    passage: Passage {
                        id: (*id).into(),
                        section: "S".into(),
                        kind: PassageKind::Paragraph,
                        text: (*text).into(),
                    },
                    features: Vec::new(),
                    mentions: Vec::new(),
                })
                .collect(),
        }
    }

    fn alat() -> FeatureProperties {
        serde_json::from_value(serde_json::json!({
            "id": "alat-port", "name": "Port of Baku", "aliases": ["Alat port"],
            "kind": "port", "status": "operating"
        }))
        .expect("properties")
    }

    #[test]
    fn passages_naming_the_feature_or_an_alias_come_first() {
        let reports = [report(&[
            ("s-1", "Trade grows."),
            ("s-2", "Ships call at the Alat port. It grows."),
            ("s-3", "The Port of Baku is busy."),
        ])];
        let all = candidates(&reports, &alat());
        let ids = |list: Vec<Candidate>| list.into_iter().map(|c| c.passage).collect::<Vec<_>>();
        let first = ids(shown(&all, None, &[]));
        assert_eq!(first, ["s-2", "s-3"]);
        let hits = [
            ("r".to_string(), "s-1".to_string()),
            ("r".to_string(), "s-3".to_string()),
        ];
        let searched = ids(shown(&all, Some(&hits), &[]));
        assert_eq!(searched, ["s-3", "s-1"]);
    }

    #[test]
    fn a_picked_link_quotes_the_sentence_naming_the_feature() {
        let reports = [report(&[(
            "s-2",
            "Trade grows. Ships call at the Alat port. It grows.",
        )])];
        let link = candidates(&reports, &alat())[0].link();
        let quote = link.quote.expect("quoted");
        assert_eq!(quote.exact, "Ships call at the Alat port.");
        assert_eq!(quote.prefix, "Trade grows. ");
        assert_eq!((link.report.as_str(), link.passage.as_str()), ("r", "s-2"));
    }

    #[test]
    fn passages_already_linked_are_not_offered_again() {
        let reports = [report(&[("s-3", "The Port of Baku is busy.")])];
        let all = candidates(&reports, &alat());
        let linked = [PassageRef {
            report: "r".into(),
            passage: "s-3".into(),
            quote: None,
        }];
        assert!(shown(&all, None, &linked).is_empty());
    }
}
