//! "Never lose work": when a save finds that someone else saved the feature
//! first (412), the editor sees the three versions side by side, field by
//! field, chooses mine or theirs where they differ, and saves the merge
//! against the version now current. [`three_way`] computes the rows and the
//! merged feature.

pub mod resolve;
pub mod three_way;

use crate::api::{Call, EditApiError, send};
use crate::history::diff::{distance_words, text};
use atlas_model::geodesy::{length_km, positions};
use geojson::{Geometry, GeometryValue};
use leptos::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use three_way::{Changed, FieldRow, GEOMETRY, Side, merge, rows};

/// Saves feature `id` of layer `collection` as `feature` (a GeoJSON Feature),
/// made against the version `etag` names; answers the feature as saved and
/// its new `ETag`, or [`EditApiError::Stale`] with the current version.
pub async fn save_feature(
    collection: &str,
    id: &str,
    feature: &Value,
    etag: &str,
) -> Result<(Value, String), EditApiError> {
    let path = format!("/collections/{collection}/items/{id}");
    let answer = send(Call {
        method: "PUT",
        path: &path,
        body: Some(("application/geo+json", feature.to_string())),
        if_match: Some(etag),
    })
    .await?;
    let tag = answer.etag.clone().unwrap_or_default();
    Ok((answer.json()?, tag))
}

/// A geometry in a few words: its kind, where or how long, and its vertices.
pub fn geometry_words(value: &Value) -> String {
    let Ok(geometry) = serde_json::from_value::<Geometry>(value.clone()) else {
        return value.to_string();
    };
    let n = positions(&geometry.value).len();
    match &geometry.value {
        GeometryValue::Point { coordinates } => {
            format!("point at {:.4}, {:.4}", coordinates[0], coordinates[1])
        }
        g @ (GeometryValue::LineString { .. } | GeometryValue::MultiLineString { .. }) => {
            format!("line of {n} vertices, {}", distance_words(length_km(g)))
        }
        _ => format!("shape of {n} vertices"),
    }
}

/// A field's value as the side-by-side view shows it.
fn shown(row: &FieldRow, value: Option<&Value>) -> String {
    match value {
        None => "(not set)".into(),
        Some(v) if row.field == GEOMETRY => geometry_words(v),
        Some(v) => text(v),
    }
}

/// What a row's mark says.
fn changed_words(changed: Changed) -> &'static str {
    match changed {
        Changed::Neither => "same",
        Changed::Mine => "you changed it",
        Changed::Theirs => "they changed it",
        Changed::Both => "both changed it",
    }
}

/// The side-by-side view of a save that found a newer version: every field
/// of the version the editor started from, the editor's and the current one,
/// those that differ marked, a choice of mine or theirs for each, and
/// "Save merged version", which saves against the current `ETag`. Saved
/// again meanwhile, it shows the newer version in turn.
#[component]
pub fn ConflictView(
    /// The feature's layer.
    collection: String,
    /// The feature's id.
    feature_id: String,
    /// The version the editor started from (a GeoJSON Feature).
    base: Value,
    /// The editor's version.
    mine: Value,
    /// The version on the server now (the 412 answer's body).
    theirs: Value,
    /// Its `ETag`.
    etag: String,
    /// Called with the feature as saved and its new `ETag`.
    on_saved: Callback<(Value, String)>,
    /// Called when the editor gives up the merge (their version stays).
    on_cancel: Callback<()>,
    /// Shows a geometry ghosted on the map (`None` hides it).
    #[prop(optional)]
    on_ghost: Option<Callback<Option<Geometry>>>,
) -> impl IntoView {
    let current = RwSignal::new((theirs, etag));
    let table = Memo::new(move |_| current.with(|(theirs, _)| rows(&base, &mine, theirs)));
    let choices = RwSignal::new(BTreeMap::<String, Side>::new());
    let status = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let unchosen = move || {
        table.with(|rows| {
            rows.iter()
                .filter(|r| r.default_side().is_none())
                .filter(|r| choices.with(|c| !c.contains_key(&r.field)))
                .count()
        })
    };
    let (collection, feature_id) = (StoredValue::new(collection), StoredValue::new(feature_id));
    let save = move |_| {
        let merged = current.with_untracked(|(theirs, _)| {
            table.with_untracked(|rows| choices.with_untracked(|c| merge(theirs, rows, c)))
        });
        let merged = match merged {
            Ok(m) => m,
            Err(e) => return status.set(Some(e.to_string())),
        };
        let tag = current.with_untracked(|(_, tag)| tag.clone());
        saving.set(true);
        leptos::task::spawn_local(async move {
            let saved = save_feature(
                &collection.get_value(),
                &feature_id.get_value(),
                &merged,
                &tag,
            )
            .await;
            saving.set(false);
            match saved {
                Ok(done) => on_saved.run(done),
                Err(EditApiError::Stale {
                    etag,
                    current: body,
                }) => match serde_json::from_slice::<Value>(&body) {
                    Ok(newer) => {
                        current.set((newer, etag));
                        status.set(Some(
                                "Saved again meanwhile: the newest version is shown; check your choices."
                                    .into(),
                            ));
                    }
                    Err(e) => status.set(Some(e.to_string())),
                },
                Err(e) => status.set(Some(e.to_string())),
            }
        });
    };
    let ghost = move |value: Option<Value>| {
        if let Some(show) = on_ghost {
            show.run(value.and_then(|v| serde_json::from_value(v).ok()));
        }
    };
    let row_view = move |row: FieldRow| {
        let field = row.field.clone();
        let differs = row.differs();
        let name = format!("conflict-{field}");
        // Copy values only, so each cell's closures can share them.
        let key = StoredValue::new(field.clone());
        let default = row.default_side();
        let picked = move |side: Side| {
            choices
                .with(|c| key.with_value(|f| c.get(f).copied()))
                .or(default)
                == Some(side)
        };
        let choose = move |side: Side| {
            choices.update(|c| {
                c.insert(key.get_value(), side);
            })
        };
        let name = StoredValue::new(name);
        let cell = move |side: Side, words: String, geometry: Option<Option<Value>>| {
            let label = match side {
                Side::Mine => "Mine",
                Side::Theirs => "Theirs",
            };
            view! {
                <td class="conflict-value" class:chosen=move || differs && picked(side)>
                    {differs.then(|| view! {
                        <label class="conflict-choice">
                            <input type="radio" name=name.get_value() prop:checked=move || picked(side)
                                on:change=move |_| choose(side) />
                            {label}
                        </label>
                    })}
                    <span class="value-text">{words}</span>
                    {geometry.map(|g| view! {
                        <button type="button" class="link-button"
                            on:click=move |_| ghost(g.clone())>"Show on map"</button>
                    })}
                </td>
            }
        };
        let is_geometry = row.field == GEOMETRY;
        let mine_cell = cell(
            Side::Mine,
            shown(&row, row.mine.as_ref()),
            is_geometry.then(|| row.mine.clone()),
        );
        let theirs_cell = cell(
            Side::Theirs,
            shown(&row, row.theirs.as_ref()),
            is_geometry.then(|| row.theirs.clone()),
        );
        let base_words = shown(&row, row.base.as_ref());
        view! {
            // One body per field: its name above, the three versions below,
            // so each value has a third of the width.
            <tbody class="conflict-row" class:differs=differs
                class:both-changed=row.changed == Changed::Both data-field=field.clone()>
                <tr class="conflict-field">
                    <th scope="rowgroup" colspan="3">{field.clone()}" "
                        <span class="change-mark">{changed_words(row.changed)}</span></th>
                </tr>
                <tr>
                    <td class="conflict-value base">{base_words}</td>
                    {mine_cell}
                    {theirs_cell}
                </tr>
            </tbody>
        }
    };
    view! {
        <section class="conflict-view" aria-labelledby="conflict-title">
            <h3 id="conflict-title">"Someone else saved this feature first"</h3>
            <p class="hint">
                "Nothing is lost: choose, for each field that differs, your version or theirs. \
                 Fields only one side changed take that side."
            </p>
            <div class="table-scroll">
                <table class="conflict-table">
                    <thead><tr>
                        <th scope="col">"You started from"</th>
                        <th scope="col">"Yours"</th><th scope="col">"Saved meanwhile"</th>
                    </tr></thead>
                    {move || table.get().into_iter().filter(FieldRow::differs).map(row_view).collect_view()}
                </table>
            </div>
            <p class="hint">{move || {
                let same = table.with(|rows| rows.iter().filter(|r| !r.differs()).count());
                format!("{same} other fields are the same in both versions.")
            }}</p>
            <p class="form-status" role="status">{move || match unchosen() {
                0 => status.get().unwrap_or_default(),
                n => format!("Choose a side for {n} field{} both of you changed.", if n == 1 { "" } else { "s" }),
            }}</p>
            <div class="panel-actions">
                <button type="button" class="primary" on:click=save
                    prop:disabled=move || { saving.get() || unchosen() > 0 }>"Save merged version"</button>
                <button type="button" on:click=move |_| on_cancel.run(())>"Keep theirs"</button>
            </div>
        </section>
    }
}
