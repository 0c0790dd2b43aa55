//! One passage in the reader: its text with the features it names marked, the
//! features that cite it, and the tools to show it on the map, cite it, or read
//! it at the source.

use super::popup::route_name;
use super::report_reader::feature_ids;
use super::route_card::open_route;
use crate::atlas::Atlas;
use crate::map::navigate::{fit_features, show_feature};
use crate::state::{AtlasState, MapState};
use crate::url_state::PassageTarget;
use atlas_model::api::CitedPassage;
use atlas_model::citation::{cite, source_link};
use atlas_model::mentions::Mention;
use atlas_model::text::search_key;
use atlas_model::{PassageKind, ReportMeta};
use leptos::prelude::*;
use std::sync::Arc;

/// A passage of the open report.
#[component]
pub fn PassageView(
    /// The report's attribution, for citations and source links.
    meta: Arc<ReportMeta>,
    /// The passage with the features citing and mentioned in it.
    cited: CitedPassage,
) -> impl IntoView {
    let state = expect_context::<MapState>();
    let open_passage = expect_context::<AtlasState>().passage;
    let atlas = expect_context::<Arc<Atlas>>();
    let id = cited.passage.id.clone();
    let is_open = {
        let id = id.clone();
        move || {
            open_passage
                .with(|t| t.as_ref().and_then(|t| t.passage.as_deref()) == Some(id.as_str()))
        }
    };
    let target = PassageTarget {
        report: meta.id.clone(),
        passage: Some(id.clone()),
    };
    let text = marked_text(&cited.passage.text, &cited.mentions, state, &atlas);
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
    let cited_by = (!cited.features.is_empty()).then(|| {
        view! {
            <div class="cited-by">
                <span>"On the map:"</span>
                <ul>{features}</ul>
            </div>
        }
    });
    let ids = feature_ids(&cited);
    let show = (!ids.is_empty()).then(|| {
        let atlas = atlas.clone();
        view! {
            <button type="button" class="show-passage" on:click=move |_| fit_features(state, &atlas, &ids)>
                "Show on map"
            </button>
        }
    });
    let citation = cite(&meta, &cited.passage);
    let copied = RwSignal::new(false);
    let original = source_link(&meta, &cited.passage).map(|href| {
        view! { <a class="source-link" href=href target="_blank" rel="noopener noreferrer">"Original"</a> }
    });
    let class = if cited.passage.kind == PassageKind::ListItem {
        "passage list-item"
    } else {
        "passage"
    };
    view! {
        <article class=class id=format!("passage-{id}") class:highlight=is_open>
            <p class="passage-text" on:click=move |_| open_passage.set(Some(target.clone()))>{text}</p>
            {cited_by}
            <div class="passage-tools">
                {show}
                <button
                    type="button"
                    class="cite"
                    title="Copy a citation of this passage"
                    on:click=move |_| {
                        copy_to_clipboard(&citation);
                        copied.set(true);
                        set_timeout(move || copied.set(false), std::time::Duration::from_secs(2));
                    }
                >
                    {move || if copied.get() { "Copied" } else { "Cite" }}
                </button>
                {original}
            </div>
        </article>
    }
}

/// The passage text, verbatim, with each mention a link that selects its feature.
fn marked_text(
    text: &str,
    mentions: &[Mention],
    state: MapState,
    atlas: &Arc<Atlas>,
) -> Vec<AnyView> {
    let mut mentions: Vec<&Mention> = mentions
        .iter()
        .filter(|m| {
            m.start < m.end
                && text.is_char_boundary(m.start)
                && text.is_char_boundary(m.end)
                && m.end <= text.len()
        })
        .collect();
    crate::sort::sort_by_key(&mut mentions, |m| (m.start, std::cmp::Reverse(m.end)));
    let mut parts: Vec<AnyView> = Vec::new();
    let mut at = 0;
    for m in mentions {
        // Overlapping mentions (one name inside another) keep the first, longest one.
        if m.start < at {
            continue;
        }
        let Some(feature) = atlas.feature(&m.feature_id).cloned() else {
            continue;
        };
        parts.push(text[at..m.start].to_string().into_any());
        let words = text[m.start..m.end].to_string();
        // A route's own name ("Middle Corridor") means the whole route, not its first leg.
        let route = feature
            .feature
            .properties
            .route
            .clone()
            .filter(|slug| search_key(&route_name(slug)) == search_key(&words));
        let title = match &route {
            Some(slug) => format!("Show the {} on the map", route_name(slug)),
            None => format!("Show {} on the map", feature.name()),
        };
        let atlas_state = expect_context::<AtlasState>();
        let atlas = atlas.clone();
        parts.push(
            // A link, not a button, so a long name wraps with the sentence around it.
            view! {
                <a
                    class="mention"
                    href=format!("#feature={}", feature.id())
                    data-feature-id=feature.id().to_string()
                    title=title
                    on:click=move |ev| {
                        // The paragraph's own click opens the passage; this click is the feature's.
                        ev.prevent_default();
                        ev.stop_propagation();
                        match &route {
                            Some(slug) => open_route(state, atlas_state, &atlas, slug),
                            None => show_feature(state, &feature),
                        }
                    }
                >
                    {words}
                </a>
            }
            .into_any(),
        );
        at = m.end;
    }
    parts.push(text[at..].to_string().into_any());
    parts
}

fn copy_to_clipboard(text: &str) {
    let clipboard = window().navigator().clipboard();
    // The promise settles on its own; a refusal leaves the button's "Copied" a white lie
    // only where the browser forbids clipboard access entirely.
    let _ = clipboard.write_text(text);
}
