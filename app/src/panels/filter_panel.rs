//! Filters: kinds, statuses, a partner country, and the corridor as it stood in a year.

use crate::atlas::Atlas;
use crate::country_names::name_with_code;
use crate::state::MapState;
use atlas_model::filters::{Filters, YEARS, is_undated};
use atlas_model::{FeatureKind, Status};
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The filter controls.
#[component]
pub fn FilterPanel() -> impl IntoView {
    let state = expect_context::<MapState>();
    let atlas = expect_context::<Arc<Atlas>>();
    let present = |k: FeatureKind| {
        atlas
            .features
            .iter()
            .any(|f| f.feature.properties.kind == k)
    };
    let kinds = FeatureKind::ALL
        .into_iter()
        .filter(|k| present(*k))
        .map(|kind| {
            toggle(
                kind.label(),
                format!("kind-{}", kind.as_str()),
                move |f: &mut Filters| &mut f.hidden_kinds,
                kind,
                state,
            )
        })
        .collect_view();
    let statuses = Status::ALL
        .into_iter()
        .map(|status| {
            toggle(
                status.label(),
                format!("status-{}", status.as_str()),
                move |f: &mut Filters| &mut f.hidden_statuses,
                status,
                state,
            )
        })
        .collect_view();
    // Extended, not collected: collecting into a BTreeSet compiles a sort of its own.
    let mut partners = BTreeSet::new();
    partners.extend(
        atlas
            .features
            .iter()
            .flat_map(|f| f.feature.properties.facts.partners.iter().cloned()),
    );
    let partner_options = partners
        .into_iter()
        .map(|code| view! { <option value=code.clone()>{name_with_code(&code)}</option> })
        .collect_view();
    let year = move || state.filters.with(|f| f.year);
    let undated = atlas
        .features
        .iter()
        .filter(|f| is_undated(&f.feature.properties))
        .count();
    let has_partner = move || state.filters.with(|f| f.partner.is_some());
    view! {
        <h3>"Partner"</h3>
        <select
            class="filter-partner"
            aria-label="Only projects with this partner"
            prop:value=move || state.filters.with(|f| f.partner.clone().unwrap_or_default())
            on:change=move |ev| {
                let code = event_target_value(&ev);
                state.filters.update(|f| {
                    f.partner_places &= !code.is_empty();
                    f.partner = (!code.is_empty()).then_some(code);
                });
            }
        >
            <option value="">"Any partner"</option>
            {partner_options}
        </select>
        // Places orient the reader, but a reader counting a partner's projects wants them gone.
        <label class="filter-partner-places" hidden=move || !has_partner()>
            <input
                type="checkbox"
                prop:checked=move || !state.filters.with(|f| f.partner_places)
                on:change=move |_| state.filters.update(|f| f.partner_places = !f.partner_places)
            />
            "Keep places without this partner"
        </label>
        <h3>"Year"</h3>
        // The checkbox says what it does whether on or off; the year itself is read beside the slider.
        <label class="filter-year">
            <input
                type="checkbox"
                prop:checked=move || year().is_some()
                on:change=move |_| state.filters.update(|f| f.year = if f.year.is_some() { None } else { Some(YEARS.1) })
            />
            "Only what stood in one year"
        </label>
        <div class="filter-year-pick">
            <input
                type="range"
                class="filter-year-slider"
                aria-label="Year"
                min=YEARS.0
                max=YEARS.1
                step="1"
                disabled=move || year().is_none()
                prop:value=move || year().unwrap_or(YEARS.1).to_string()
                on:input=move |ev| {
                    if let Ok(y) = event_target_value(&ev).parse::<i32>() {
                        state.filters.update(|f| f.year = Some(y.clamp(YEARS.0, YEARS.1)));
                    }
                }
            />
            <output class="filter-year-value" aria-live="polite">
                {move || year().map_or_else(|| "all".to_string(), |y| y.to_string())}
            </output>
        </div>
        <p class="filter-year-undated">
            {format!("{undated} features have no known year: they stay on the map in every year, marked “year unknown”.")}
        </p>
        <h3>"Kinds"</h3>
        <ul class="filter-list">{kinds}</ul>
        <h3>"Status"</h3>
        <ul class="filter-list">{statuses}</ul>
        <button
            type="button"
            class="filter-reset"
            disabled=move || !state.filters.with(Filters::is_active)
            on:click=move |_| state.filters.update(|f| *f = Filters { hidden_layers: std::mem::take(&mut f.hidden_layers), ..Filters::default() })
        >
            "Clear filters"
        </button>
    }
}

/// A checkbox that takes `value` out of (or back into) the set `set` picks from the filters.
fn toggle<T: Ord + Copy + Send + Sync + 'static>(
    label: &'static str,
    data: String,
    set: impl Fn(&mut Filters) -> &mut BTreeSet<T> + Copy + Send + Sync + 'static,
    value: T,
    state: MapState,
) -> impl IntoView {
    let checked = move || {
        state.filters.with(|f| {
            let mut f = f.clone();
            !set(&mut f).contains(&value)
        })
    };
    view! {
        <li>
            <label>
                <input
                    type="checkbox"
                    data-filter=data
                    prop:checked=checked
                    on:change=move |_| state.filters.update(|f| {
                        let s = set(f);
                        if !s.remove(&value) {
                            s.insert(value);
                        }
                    })
                />
                {label}
            </label>
        </li>
    }
}
