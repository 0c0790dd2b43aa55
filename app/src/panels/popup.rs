//! The popup of a selected feature: what it is, its facts, its sources, and the
//! report passages that speak of it, each quoted verbatim.

use super::quote::sentence_naming;
use crate::atlas::{Atlas, MapFeature};
use crate::country_names::name_with_code;
use crate::filters::is_undated;
use crate::map::navigate::show_feature;
use crate::reports::Reports;
use crate::state::{AtlasState, MapState};
use crate::url_state::PassageTarget;
use atlas_model::Precision;
use atlas_model::citation::home_page_host;
use atlas_model::text::names_any;
use leptos::prelude::*;
use std::sync::Arc;

/// Half the popup's width in CSS pixels (see `.popup` in atlas.css), to keep it on screen.
const POPUP_HALF_WIDTH: f64 = 178.0;

/// At or below this map width the popup is a bottom sheet (see atlas.css).
const PHONE_WIDTH: f64 = 640.0;

/// Room kept between the popup and its point, and the map's edge.
const POPUP_GAP: f64 = 18.0;

/// Where the popup sits on screen.
#[derive(Clone, Copy, PartialEq)]
struct Placement {
    x: f64,
    y: f64,
    below: bool,
    max_height: f64,
}

/// The popup of the selected feature, if any.
#[component]
pub fn Popup() -> impl IntoView {
    let state = expect_context::<MapState>();
    let atlas = expect_context::<Arc<Atlas>>();
    // On a phone the popup is a sheet over the lower half of the map: bring the
    // feature into the upper part, where the reader can still see it.
    Effect::new(move |_| {
        let Some(at) = state.popup_at.get() else {
            return;
        };
        let view = state.view.get_untracked();
        if view.width > PHONE_WIDTH {
            return;
        }
        let (_, y) = view.lonlat_to_screen(at);
        let target = view.height * 0.25;
        if y > view.height * 0.4 {
            state.view.update(|v| *v = v.panned(0.0, target - y));
        }
    });
    move || {
        let id = state.selected.get()?;
        let feature = atlas.feature(&id)?.clone();
        Some(view! { <PopupCard feature=feature /> })
    }
}

#[component]
fn PopupCard(feature: Arc<MapFeature>) -> impl IntoView {
    let state = expect_context::<MapState>();
    let open_passage = expect_context::<AtlasState>().passage;
    let reports = expect_context::<Reports>();
    // The popup opens on whichever side of its point has more room, and no taller than that room.
    let placement = Memo::new(move |_| {
        let at = state.popup_at.get()?;
        let view = state.view.get();
        let t = state.gesture.get();
        let (x, y) = view.lonlat_to_screen(at);
        let (x, y) = (x * t.scale + t.tx, y * t.scale + t.ty);
        let half = POPUP_HALF_WIDTH.min(view.width / 2.0);
        let (above, below) = (y - POPUP_GAP, view.height - y - POPUP_GAP);
        Some(Placement {
            x: x.clamp(half, (view.width - half).max(half)),
            y,
            below: below > above,
            max_height: above.max(below).max(120.0),
        })
    });
    let position = move || {
        placement.get().map(|p| {
            format!(
                "--x:{:.1}px;--y:{:.1}px;--max-h:{:.0}px",
                p.x, p.y, p.max_height
            )
        })
    };
    let below = move || placement.get().is_some_and(|p| p.below);
    let p = &feature.feature.properties;
    let title_id = format!("popup-title-{}", p.id);
    let kind_status = format!("{} · {}", p.kind.label(), p.status.label());
    let facts = fact_rows(&feature);
    let approximate = (p.precision == Precision::Approximate)
        .then(|| view! { <p class="precision">"Approximate location: placed from published descriptions."</p> });
    let sources = p
        .sources
        .iter()
        .map(|s| {
            let accessed = s.accessed.as_ref().map(|a| format!(" (accessed {a})"));
            // A title may name an article while its address is only the site's front page:
            // the link then says where it really leads.
            match home_page_host(&s.url) {
                Some(host) => view! {
                    <li>
                        {format!("{} · ", s.title)}
                        <a href=s.url.clone() target="_blank" rel="noopener noreferrer">{format!("{host} (home page)")}</a>
                        {accessed}
                    </li>
                }
                .into_any(),
                None => view! {
                    <li><a href=s.url.clone() target="_blank" rel="noopener noreferrer">{s.title.clone()}</a>{accessed}</li>
                }
                .into_any(),
            }
        })
        .collect_view();
    let names: Vec<String> = std::iter::once(p.name.clone())
        .chain(p.aliases.iter().cloned())
        .collect();
    let links = p.passages.clone();
    let passages = move || {
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
    };
    let has_passages = !p.passages.is_empty();
    let legs = route_legs(&feature);

    view! {
        <div
            class="popup"
            role="dialog"
            aria-labelledby=title_id.clone()
            // Focusable, so a popup opened by keyboard can take the focus (see popup_focus.rs).
            tabindex="-1"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.stop_propagation();
                    state.deselect();
                }
            }
            style=position
            class:below=below
            on:pointerdown=|ev| ev.stop_propagation()
            on:click=|ev| ev.stop_propagation()
            on:dblclick=|ev| ev.stop_propagation()
            on:wheel=|ev| ev.stop_propagation()
        >
            <button type="button" class="popup-close" aria-label="Close" on:click=move |_| state.deselect()>"×"</button>
            <h2 id=title_id.clone()>{p.name.clone()}</h2>
            <p class=format!("kind-status status-{}", p.status.as_str())>{kind_status}</p>
            <dl class="facts">{facts}</dl>
            {approximate}
            <Show when=move || has_passages>
                <h3>"In the report"</h3>
                <ul class="passages">{passages.clone()}</ul>
            </Show>
            {legs}
            <h3>"Sources"</h3>
            <ul class="sources">{sources}</ul>
        </div>
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

/// The legs of the route this feature belongs to, with their lengths and the route's total.
fn route_legs(feature: &MapFeature) -> Option<impl IntoView + use<>> {
    let state = expect_context::<MapState>();
    let atlas = expect_context::<Arc<Atlas>>();
    let route = feature.feature.properties.route.clone()?;
    let mut legs: Vec<Arc<MapFeature>> = atlas
        .features
        .iter()
        .filter(|f| f.feature.properties.route.as_deref() == Some(route.as_str()))
        .cloned()
        .collect();
    crate::sort::sort_by_key(&mut legs, |f| {
        (
            f.feature.properties.leg.unwrap_or(u32::MAX),
            f.id().to_string(),
        )
    });
    let total: f64 = legs.iter().map(|f| f.length_km()).sum();
    let heading = format!(
        "{}: {} legs, {:.0} km as drawn",
        route_name(&route),
        legs.len(),
        total
    );
    let current = feature.id().to_string();
    let items = legs
        .into_iter()
        .map(|leg| {
            let here = leg.id() == current;
            let label = format!("{:.0} km", leg.length_km());
            let name = leg.name().to_string();
            view! {
                <li class:current=here>
                    <button type="button" class="leg-link" data-feature-id=leg.id().to_string() on:click=move |_| show_feature(state, &leg)>
                        {name}
                    </button>
                    <span class="leg-length">{label}</span>
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <h3>"Route"</h3>
        <p class="route-total">{heading}</p>
        <ol class="legs">{items}</ol>
    })
}

fn fact_rows(feature: &MapFeature) -> impl IntoView + use<> {
    let p = &feature.feature.properties;
    let f = &p.facts;
    // (label, value, whether the value says the year is unknown)
    let mut rows: Vec<(&'static str, String, bool)> = Vec::new();
    if let Some(mw) = f.capacity_mw {
        rows.push(("Capacity", format!("{} MW", trim_number(mw)), false));
    }
    if let Some(t) = &f.throughput {
        rows.push(("Throughput", t.clone(), false));
    }
    if let Some(km) = f.length_km {
        rows.push((
            "Length",
            format!("{} km (published)", trim_number(km)),
            false,
        ));
    }
    if feature.length_km() > 0.0 {
        rows.push((
            "Drawn length",
            format!("{:.0} km (geodesic, as drawn)", feature.length_km()),
            false,
        ));
    }
    let opened_label = if p.status.is_built() {
        "Opened"
    } else {
        "Expected"
    };
    match f.opened {
        Some(year) => rows.push((opened_label, year.to_string(), false)),
        // The year filter keeps a feature of unknown year in every year: the popup says why.
        None if is_undated(feature) => rows.push((opened_label, "Year unknown".into(), true)),
        None => {}
    }
    if let (Some(route), Some(leg)) = (&p.route, p.leg) {
        rows.push((
            "Route",
            format!("Leg {leg} of the {}", route_name(route)),
            false,
        ));
    }
    if !f.partners.is_empty() {
        let names: Vec<String> = f.partners.iter().map(|c| name_with_code(c)).collect();
        rows.push(("Partners", names.join(", "), false));
    }
    if let Some(operator) = &f.operator {
        rows.push(("Operator", operator.clone(), false));
    }
    if let Some(commodity) = &f.commodity {
        rows.push(("Carries", commodity.clone(), false));
    }
    rows.push(("Precision", p.precision.label().to_string(), false));
    rows.into_iter()
        .map(|(k, v, undated)| {
            let title = undated.then_some("Shown in every year by the year filter");
            view! { <dt>{k}</dt><dd class:undated=undated title=title>{v}</dd> }
        })
        .collect_view()
}

/// "Middle Corridor" from "middle-corridor".
pub fn route_name(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| upper_case(f.encode_utf8(&mut [0; 4])) + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Upper case by the browser's own Unicode tables: Rust's `char::to_uppercase`
/// would add its 12 kB table to the download for this one capital letter.
#[cfg(target_arch = "wasm32")]
fn upper_case(s: &str) -> String {
    js_sys::JsString::from(s).to_upper_case().into()
}

/// Upper case, outside the browser (tests).
#[cfg(not(target_arch = "wasm32"))]
fn upper_case(s: &str) -> String {
    s.to_uppercase()
}

fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}
