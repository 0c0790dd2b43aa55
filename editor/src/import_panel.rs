//! Importing a GeoJSON or CSV file into a layer from the editor: the dry
//! run's table first (what each row would create or change, and why a row is
//! rejected), then Apply. The server applies a file all or nothing, so with
//! rejected rows the editor may apply the others: the file is sent again
//! without them ([`good_rows::without_rows`]). And every layer's downloads.

pub mod good_rows;

use crate::api::import::{download_path, import};
use atlas_model::import_report::{Action, ImportReport, RowReport};
use good_rows::{FileFormat, without_rows};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A file the editor chose, read as text.
#[derive(Debug, Clone, PartialEq)]
struct Chosen {
    name: String,
    format: FileFormat,
    text: String,
}

/// What a row's action says.
fn action_words(action: Action) -> &'static str {
    match action {
        Action::Create => "create",
        Action::Update => "change",
        Action::Unchanged => "unchanged",
        Action::Reject => "reject",
    }
}

/// Reads the file the input holds as text.
async fn read_file(input: &web_sys::HtmlInputElement) -> Result<Chosen, String> {
    let file = input
        .files()
        .and_then(|files| files.get(0))
        .ok_or("choose a file first")?;
    let text = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{e:?}"))?
        .as_string()
        .ok_or("the file is not text")?;
    let name = file.name();
    Ok(Chosen {
        format: FileFormat::of_name(&name),
        name,
        text,
    })
}

/// The import panel. `layers` are (id, title) pairs to choose from.
#[component]
pub fn ImportPanel(
    /// The layers a file can go into, as (id, title).
    #[prop(into)]
    layers: Signal<Vec<(String, String)>>,
    /// Called with the layer after an import wrote to it, so the map reloads it.
    on_applied: Callback<String>,
) -> impl IntoView {
    let layer = RwSignal::new(String::new());
    let file_input = NodeRef::<leptos::html::Input>::new();
    let chosen = RwSignal::new(None::<Chosen>);
    let report = RwSignal::new(None::<ImportReport>);
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        if layer.with(String::is_empty)
            && let Some((id, _)) = layers.with(|l| l.first().cloned())
        {
            layer.set(id);
        }
    });
    let send = move |text: String, format: FileFormat, dry_run: bool| {
        let id = layer.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = import(&id, format.media_type(), text, dry_run).await;
            busy.set(false);
            match answer {
                Ok(done) if dry_run => {
                    status.set(None);
                    report.set(Some(done));
                }
                Ok(done) => {
                    status.set(Some(format!(
                        "Applied to {}: {} created, {} changed, {} unchanged.",
                        done.collection, done.created, done.updated, done.unchanged
                    )));
                    report.set(None);
                    on_applied.run(done.collection);
                }
                Err(e) => status.set(Some(format!("Not imported: {e}"))),
            }
        });
    };
    let try_file = move |_| {
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        let input: web_sys::HtmlInputElement = input.unchecked_into();
        leptos::task::spawn_local(async move {
            match read_file(&input).await {
                Ok(file) => {
                    chosen.set(Some(file.clone()));
                    send(file.text, file.format, true);
                }
                Err(e) => status.set(Some(e)),
            }
        });
    };
    let apply = move |_| {
        let (Some(file), Some(done)) = (chosen.get_untracked(), report.get_untracked()) else {
            return;
        };
        let rejected = done.rejected_rows();
        if rejected.is_empty() {
            send(file.text, file.format, false);
            return;
        }
        match without_rows(file.format, &file.text, &rejected) {
            Ok(good) => send(good, file.format, false),
            Err(e) => status.set(Some(e.to_string())),
        }
    };
    let table = move || {
        report.get().map(|done| {
            let good = done.rows.len() - done.rejected;
            let summary = format!(
                "Dry run of {}: {} to create, {} to change, {} unchanged, {} rejected.",
                chosen.with(|c| c.as_ref().map(|c| c.name.clone()).unwrap_or_default()),
                done.created,
                done.updated,
                done.unchanged,
                done.rejected
            );
            let apply_label = if done.rejected == 0 {
                "Apply".to_string()
            } else {
                format!(
                    "Apply the {good} good row{}",
                    if good == 1 { "" } else { "s" }
                )
            };
            let warning = (done.rejected > 0).then(|| {
                view! {
                    <p class="form-status warning">
                        {format!(
                            "{} row{} rejected: the file as it is would change nothing. \
                             Apply the others without them, or fix the file and try again.",
                            done.rejected,
                            if done.rejected == 1 { " is" } else { "s are" }
                        )}
                    </p>
                }
            });
            view! {
                <p class="import-summary">{summary}</p>
                {warning}
                <div class="table-scroll">
                    <table class="import-table">
                        <thead><tr>
                            <th scope="col">"Row"</th><th scope="col">"Feature"</th>
                            <th scope="col">"Action"</th><th scope="col">"Why"</th>
                        </tr></thead>
                        <tbody>{done.rows.into_iter().map(row_view).collect_view()}</tbody>
                    </table>
                </div>
                <div class="panel-actions">
                    <button type="button" class="primary" on:click=apply
                        prop:disabled=move || busy.get() || good == 0>{apply_label}</button>
                </div>
            }
        })
    };
    let downloads = move || {
        let id = layer.get();
        (!id.is_empty()).then(|| {
            view! {
                <p class="downloads">"Download this layer: "
                    <a href=download_path(&id, "json") download=format!("{id}.geojson")>"GeoJSON"</a>" · "
                    <a href=download_path(&id, "csv") download=format!("{id}.csv")>"CSV"</a>" · "
                    <a href=download_path(&id, "kml") download=format!("{id}.kml")>"KML"</a>
                </p>
            }
        })
    };
    view! {
        <section class="import-panel" aria-label="Import">
            <label class="field">"Layer"
                <select on:change=move |ev| { layer.set(event_target_value(&ev)); report.set(None); }>
                    {move || layers.get().into_iter().map(|(id, title)| {
                        let value = id.clone();
                        view! {
                            <option value=id prop:selected=move || layer.with(|l| *l == value)>{title}</option>
                        }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">"File (GeoJSON or CSV)"
                <input type="file" accept=".geojson,.json,.csv" node_ref=file_input
                    on:change=move |_| report.set(None) />
            </label>
            <div class="panel-actions">
                <button type="button" on:click=try_file prop:disabled=move || busy.get()>"Try it (dry run)"</button>
            </div>
            <p class="form-status" role="status">{move || status.get().unwrap_or_default()}</p>
            {table}
            {downloads}
        </section>
    }
}

/// One row of the dry run's table.
fn row_view(row: RowReport) -> impl IntoView {
    let rejected = row.action == Action::Reject;
    let reasons = row
        .reasons
        .iter()
        .map(|r| format!("{}: {}", r.field, r.reason))
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <tr class=format!("import-row {}", action_words(row.action)) class:rejected=rejected data-row=row.row>
            <td>{row.row}</td>
            <td>{row.id.unwrap_or_default()}</td>
            <td class="action">{action_words(row.action)}</td>
            <td class="reasons">{reasons}</td>
        </tr>
    }
}
