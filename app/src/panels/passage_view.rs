//! One passage in the reader: its text with the features it names marked, the
//! features that cite it, and the tools to show it on the map, cite it, or read
//! it at the source.

use super::popup::route_name;
use super::report_reader::feature_ids;
use super::route_card::open_route;
use crate::atlas::{Atlas, MapFeature};
use crate::map::navigate::{fit_features, show_feature, show_features};
use crate::state::{AtlasState, MapState};
use atlas_model::PassageTarget;
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
                                show_feature(state, &feature);
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

/// The passage text, verbatim, with each mention a link that selects its features.
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
    let mut rest = mentions.as_slice();
    while let Some(m) = rest.first() {
        // Every mention of the same words is one link: a name several features
        // share (the Southern Gas Corridor is SCP, TANAP and TAP) shows them all.
        let same = rest
            .iter()
            .take_while(|n| (n.start, n.end) == (m.start, m.end))
            .count();
        let (group, next) = rest.split_at(same);
        rest = next;
        // Overlapping mentions (one name inside another) keep the first, longest one.
        if m.start < at {
            continue;
        }
        let features: Vec<Arc<MapFeature>> = group
            .iter()
            .filter_map(|m| atlas.feature(&m.feature_id))
            .collect();
        let Some(first) = features.first() else {
            continue;
        };
        parts.push(text[at..m.start].to_string().into_any());
        let words = text[m.start..m.end].to_string();
        let names: Vec<&str> = features.iter().map(|f| f.name()).collect();
        let ids: Vec<&str> = features.iter().map(|f| f.id()).collect();
        let href = format!("#feature={}", ids.join(","));
        let all_ids = ids.join(" ");
        let first_id = first.id().to_string();
        // A route's own name ("Middle Corridor") means the whole route, not its first leg.
        let route = first
            .feature
            .properties
            .route
            .clone()
            .filter(|slug| search_key(&route_name(slug)) == search_key(&words));
        let title = match &route {
            Some(slug) => format!("Show the {} on the map", route_name(slug)),
            None => format!("Show {} on the map", names.join(", ")),
        };
        let atlas_state = expect_context::<AtlasState>();
        let atlas = atlas.clone();
        parts.push(
            // A link, not a button, so a long name wraps with the sentence around it.
            view! {
                <a
                    class="mention"
                    href=href
                    data-feature-id=first_id
                    data-feature-ids=all_ids
                    title=title
                    on:click=move |ev| {
                        // The paragraph's own click opens the passage; this click is the features'.
                        ev.prevent_default();
                        ev.stop_propagation();
                        match &route {
                            Some(slug) => open_route(state, atlas_state, &atlas, slug),
                            None => {
                                let refs: Vec<&MapFeature> =
                                    features.iter().map(|f| f.as_ref()).collect();
                                show_features(state, &refs);
                            }
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
