//! The "Export" button and its dialog: title, format, size and pixel density,
//! then a download of the map as it stands.

use super::{ExportFormat, ExportRequest, SIZES, download_view};
use crate::atlas::Atlas;
use crate::map::state::MapState;
use crate::routes::Route;
use crate::state::AtlasState;
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;

/// A heading for the picture from what the map shows: the open route, the
/// selected feature, or the corridor itself.
pub fn default_title(atlas: &Atlas, map: MapState, state: Option<AtlasState>) -> String {
    if let Some(route) = state
        .and_then(|s| s.route.get_untracked())
        .and_then(|slug| Route::of(atlas, &slug))
    {
        return route.name;
    }
    map.selection
        .with_untracked(|s| s.first().cloned())
        .and_then(|id| atlas.features.iter().find(|f| f.id() == id))
        .map(|f| f.name().to_string())
        .unwrap_or_else(|| "The Middle Corridor".to_string())
}

/// Opens the export dialog; `title` (when given) is the picture's heading, else one from the view.
#[component]
pub fn ExportButton(
    /// The heading to offer, such as a story step's title.
    #[prop(optional, into)]
    title: Option<Signal<String>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let button = NodeRef::<html::Button>::new();
    let close = move || {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    view! {
        <button
            type="button"
            class="tool-button export-open"
            aria-haspopup="dialog"
            node_ref=button
            on:click=move |_| open.set(true)
        >
            "Export"
        </button>
        {move || open.get().then(|| view! { <ExportDialog title=title on_close=close /> })}
    }
}

#[component]
fn ExportDialog(
    title: Option<Signal<String>>,
    on_close: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let atlas = expect_context::<Arc<Atlas>>();
    let map = expect_context::<MapState>();
    let heading = title
        .map(|t| t.get_untracked())
        .unwrap_or_else(|| default_title(&atlas, map, use_context::<AtlasState>()));
    let status = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    // The fields are read when Download is pressed: no signal follows each one.
    let title_field = NodeRef::<html::Input>::new();
    let svg_field = NodeRef::<html::Input>::new();
    let size_field = NodeRef::<html::Select>::new();
    let double_field = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = title_field.get() {
            let _ = input.focus();
        }
    });
    let run = move || {
        let size: usize = size_field
            .get_untracked()
            .and_then(|s| s.value().parse().ok())
            .unwrap_or(0);
        let (width, height, _) = SIZES[size.min(SIZES.len() - 1)];
        let svg = svg_field.get_untracked().is_some_and(|r| r.checked());
        let request = ExportRequest {
            format: if svg {
                ExportFormat::Svg
            } else {
                ExportFormat::Png
            },
            width,
            height,
            scale: if double_field.get_untracked().is_some_and(|c| c.checked()) {
                2
            } else {
                1
            },
            title: title_field
                .get_untracked()
                .map(|t| t.value())
                .unwrap_or_default(),
        };
        busy.set(true);
        status.set("Making the picture…".into());
        let atlas = atlas.clone();
        leptos::task::spawn_local(async move {
            let said = match download_view(map, &atlas, &request).await {
                Ok(name) => format!("Saved {name}."),
                Err(e) => format!("The picture could not be made: {e}"),
            };
            status.set(said);
            busy.set(false);
        });
    };
    let sizes = SIZES
        .iter()
        .enumerate()
        .map(|(i, (w, h, what))| view! { <option value=i.to_string()>{format!("{w} × {h} ({what})")}</option> })
        .collect_view();
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close()>
            <div
                class="dialog export-dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="export-heading"
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev| if ev.key() == "Escape" { on_close() }
            >
                <h2 id="export-heading">"Export this view"</h2>
                <label class="field">
                    "Title"
                    <input type="text" class="export-title-input" node_ref=title_field value=heading />
                </label>
                <fieldset class="field">
                    <legend>"Format"</legend>
                    <label><input type="radio" name="export-format" value="png" checked />"PNG image"</label>
                    <label><input type="radio" name="export-format" value="svg" node_ref=svg_field />"SVG (vector)"</label>
                </fieldset>
                <label class="field">
                    "Size"
                    <select class="export-size" node_ref=size_field>{sizes}</select>
                </label>
                <label class="field inline">
                    <input type="checkbox" class="export-double" node_ref=double_field />
                    "Twice the pixels (2x) for a PNG, for sharp slides on large screens"
                </label>
                <p class="dialog-status" role="status" aria-live="polite">{move || status.get()}</p>
                <div class="dialog-actions">
                    <button type="button" class="secondary" on:click=move |_| on_close()>"Close"</button>
                    <button type="button" class="primary export-download" prop:disabled=move || busy.get() on:click=move |_| run()>
                        "Download"
                    </button>
                </div>
            </div>
        </div>
    }
}
