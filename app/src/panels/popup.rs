//! The popup of a selected feature: what it is, its facts, its sources, and the
//! report passages that speak of it, each quoted verbatim.

use super::passage_links::passage_list;
use super::route_card::route_summary;
use crate::atlas::{Atlas, MapFeature};
use crate::country_names::name_with_code;
use crate::map::navigate::{anchor_of, bring_into_view};
use crate::map::viewport::Padding;
use crate::routes::Route;
use crate::state::MapState;
use atlas_model::PassageRef;
use atlas_model::Precision;
use atlas_model::citation::home_page_host;
use atlas_model::filters::is_undated;
use atlas_model::number::{Fixed, trimmed};
use leptos::prelude::*;
use std::sync::Arc;

/// Half the popup's width in CSS pixels (see `.popup` in atlas.css), to keep it on screen.
const POPUP_HALF_WIDTH: f64 = 178.0;

/// At or below this map width the popup is a bottom sheet (see atlas.css).
const PHONE_WIDTH: f64 = 640.0;

/// Room kept between the popup and its point, and the map's edge.
const POPUP_GAP: f64 = 18.0;

/// Room above its point at which the popup opens there, even with more room below.
const POPUP_FAIR_ROOM: f64 = 300.0;

/// The room below a point at `y` on a map `height` tall.
fn below_room(height: f64, y: f64) -> f64 {
    height - y - POPUP_GAP
}

/// The share of the window's height the bottom sheet may take (see `.popup` in atlas.css).
const SHEET_SHARE: f64 = 0.55;
/// The share of the map's height kept for a popup that opens above its feature.
const POPUP_SHARE: f64 = 0.45;

/// The room, at the map's edges, that the popup takes in a map of this size.
fn popup_room(width: f64, height: f64) -> Padding {
    let none = Padding::uniform(0.0);
    if width <= PHONE_WIDTH {
        let window_height = window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(height);
        Padding {
            bottom: window_height * SHEET_SHARE,
            ..none
        }
    } else {
        Padding {
            top: height * POPUP_SHARE,
            ..none
        }
    }
}

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
    // Tell the map the room the popup takes, so a selection is fitted beside it:
    // on a phone the bottom sheet's height, elsewhere the upper part of the map,
    // where the popup opens above its feature.
    Effect::new(move |_| {
        let view = state.view.with(|v| (v.width, v.height));
        let room = popup_room(view.0, view.1);
        if state.popup_room.get_untracked() != room {
            state.popup_room.set(room);
        }
    });
    // On a phone the sheet covers the lower half: a feature tapped there is
    // brought into the part above it.
    Effect::new(move |_| {
        let Some(at) = state.popup_at.get() else {
            return;
        };
        if state.view.get_untracked().width <= PHONE_WIDTH {
            bring_into_view(state, at);
        }
    });
    // The card is rebuilt when the first selected feature changes, not the rest of the selection.
    let primary = Memo::new(move |_| state.primary());
    move || {
        let id = primary.get()?;
        let feature = atlas.feature(&id)?.clone();
        Some(view! { <PopupCard feature=feature /> })
    }
}

#[component]
fn PopupCard(feature: Arc<MapFeature>) -> impl IntoView {
    let state = expect_context::<MapState>();
    // The popup opens on whichever side of its point has more room, and no taller than that room.
    let placement = Memo::new(move |_| {
        let at = state.popup_at.get()?;
        let view = state.view.get();
        let t = state.gesture.get();
        let (x, y) = view.lonlat_to_screen(at);
        let (x, y) = (x * t.scale + t.tx, y * t.scale + t.ty);
        let half = POPUP_HALF_WIDTH.min(view.width / 2.0);
        let (above, below) = (y - POPUP_GAP, below_room(view.height, y));
        // Above its point when there is fair room there: selections are fitted below the popup's room.
        let below = above < POPUP_FAIR_ROOM && below > above;
        Some(Placement {
            x: x.clamp(half, (view.width - half).max(half)),
            y,
            below,
            max_height: if below {
                below_room(view.height, y)
            } else {
                above
            }
            .max(120.0),
        })
    });
    let position = move || {
        placement.get().map(|p| {
            format!(
                "--x:{}px;--y:{}px;--max-h:{}px",
                Fixed(p.x, 1),
                Fixed(p.y, 1),
                Fixed(p.max_height, 0)
            )
        })
    };
    let below = move || placement.get().is_some_and(|p| p.below);
    let p = &feature.feature.properties;
    let title_id = format!("popup-title-{}", p.id);
    let kind_status = format!("{} · {}", p.kind.label(), p.status_label());
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
    // A leg shows its own passages; those about its whole route are on the route's card.
    let atlas = expect_context::<Arc<Atlas>>();
    let route = p.route.as_deref().and_then(|slug| Route::of(&atlas, slug));
    let links: Vec<PassageRef> = p
        .passages
        .iter()
        .filter(|l| !route.as_ref().is_some_and(|r| r.speaks_of_route(l)))
        .cloned()
        .collect();
    let has_passages = !links.is_empty();
    let passages = passage_list(names, links);
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
            {also_selected(state, p.id.clone())}
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

/// The other selected features, each a button that brings its own card forward.
fn also_selected(state: MapState, current: String) -> impl IntoView {
    let atlas = expect_context::<Arc<Atlas>>();
    move || {
        let others: Vec<Arc<MapFeature>> = state.selection.with(|ids| {
            ids.iter()
                .filter(|id| **id != current)
                .filter_map(|id| atlas.feature(id))
                .collect()
        });
        (!others.is_empty()).then(|| {
            let items = others
                .into_iter()
                .map(|f| {
                    let name = f.name().to_string();
                    let id = f.id().to_string();
                    let data_id = id.clone();
                    let bring_forward = move |_| {
                        let mut ids = state.selection.get_untracked();
                        ids.retain(|i| *i != id);
                        ids.insert(0, id.clone());
                        state.select_all(ids, anchor_of(&f));
                    };
                    view! {
                        <li><button type="button" class="also-link" data-feature-id=data_id on:click=bring_forward>{name}</button></li>
                    }
                })
                .collect_view();
            view! {
                <div class="also-selected">
                    <span>"Also selected:"</span>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}

/// The route this feature is a leg of: its legs in order, and a way to its card.
fn route_legs(feature: &MapFeature) -> Option<impl IntoView + use<>> {
    let atlas = expect_context::<Arc<Atlas>>();
    let route = Route::of(&atlas, feature.feature.properties.route.as_deref()?)?;
    Some(route_summary(&route, Some(feature.id())))
}

fn fact_rows(feature: &MapFeature) -> impl IntoView + use<> {
    let p = &feature.feature.properties;
    let f = &p.facts;
    // (label, value, whether the value says the year is unknown)
    let mut rows: Vec<(&'static str, String, bool)> = Vec::new();
    if let Some(mw) = f.capacity_mw {
        rows.push(("Capacity", format!("{} MW", trimmed(mw, 6)), false));
    }
    if let Some(t) = &f.throughput {
        rows.push(("Throughput", t.clone(), false));
    }
    if let Some(km) = f.length_km {
        rows.push((
            "Length",
            format!("{} km (published)", trimmed(km, 6)),
            false,
        ));
    }
    if feature.length_km() > 0.0 {
        rows.push((
            "Drawn length",
            format!("{} km (geodesic, as drawn)", Fixed(feature.length_km(), 0)),
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
        None if is_undated(&feature.feature.properties) => {
            rows.push((opened_label, "Year unknown".into(), true))
        }
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
