//! The feature form on screen: typed fields built from the model's
//! vocabularies, each with its errors beside it as the editor types (the
//! server's rules, run here), and the save.

use super::check::{COLLECTION_FIELD, check, reasons_for};
use super::fields::FormState;
use super::rows::{SourceRows, TextRows, error_id, error_line, input_id};
use crate::draw::sketch::ShapeKind;
use crate::save::{SaveButton, layer_for_kind};
use crate::state::EditorState;
use crate::work::Target;
use atlas_map_engine::map_data::MapData;
use atlas_model::api::FieldError;
use atlas_model::{FeatureKind, Precision, Status};
use leptos::prelude::*;
use std::sync::Arc;

/// Reads one text field of the form.
type Read = fn(&FormState) -> String;
/// Writes one text field of the form.
type Write = fn(&mut FormState, String);

/// A labelled input or select of one field, with its error line.
fn field_box(
    errors: Signal<Vec<FieldError>>,
    field: &'static str,
    label: &'static str,
    control: AnyView,
    unit: Option<&'static str>,
) -> impl IntoView {
    let invalid = move || errors.with(|e| reasons_for(e, field).is_some());
    view! {
        <div class="field" class:invalid=invalid data-field=field>
            <label for=input_id(field)>{label}</label>
            <div class="control">
                {control}
                {unit.map(|u| view! { <span class="unit">{u}</span> })}
            </div>
            {error_line(errors, field.to_string())}
        </div>
    }
}

/// A text input bound to one field.
fn text_input(
    editor: EditorState,
    errors: Signal<Vec<FieldError>>,
    field: &'static str,
    read: Read,
    write: Write,
    placeholder: &'static str,
    numeric: bool,
) -> AnyView {
    view! {
        <input
            type="text"
            id=input_id(field)
            inputmode=if numeric { "decimal" } else { "text" }
            placeholder=placeholder
            aria-describedby=error_id(field)
            aria-invalid=move || errors.with(|e| reasons_for(e, field).is_some()).to_string()
            prop:value=move || editor.work.with(|w| read(&w.form))
            on:input=move |ev| {
                let text = event_target_value(&ev);
                editor.change(Some(field), |w| write(&mut w.form, text));
            }
            on:blur=move |_| {
                editor.touch(field);
                editor.seal();
            }
        />
    }
    .into_any()
}

/// A select bound to one field, over `(value, label)` choices.
fn select_input(
    editor: EditorState,
    errors: Signal<Vec<FieldError>>,
    field: &'static str,
    read: Read,
    write: Write,
    choices: Vec<(String, String)>,
    disabled: Signal<bool>,
) -> AnyView {
    let options = choices
        .into_iter()
        .map(|(value, label)| {
            let selected = {
                let value = value.clone();
                move || editor.work.with(|w| read(&w.form) == value)
            };
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <select
            id=input_id(field)
            aria-describedby=error_id(field)
            aria-invalid=move || errors.with(|e| reasons_for(e, field).is_some()).to_string()
            disabled=disabled
            prop:value=move || editor.work.with(|w| read(&w.form))
            on:change=move |ev| {
                let value = event_target_value(&ev);
                editor.touch(field);
                editor.change(None, |w| write(&mut w.form, value));
            }
        >
            {options}
        </select>
    }
    .into_any()
}

/// `(wire name, label)` of a vocabulary, after a "choose" entry.
fn choices<T: Copy>(
    all: &[T],
    wire: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    none: &str,
) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_string()))
        .chain(
            all.iter()
                .map(|v| (wire(*v).to_string(), label(*v).to_string())),
        )
        .collect()
}

/// The feature form, for the work open in the editor.
#[component]
pub fn FeatureForm() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let atlas = expect_context::<Arc<MapData>>();
    let all_errors = Memo::new(move |_| {
        let (form, geometry) = editor.work.with(|w| (w.form.clone(), w.geometry()));
        check(&form, geometry)
    });
    // Errors show for the fields the editor has been in, all of them once a save
    // was tried; the server's answer always shows.
    let errors = Signal::derive(move || {
        let all = editor.show_all_errors.get();
        let touched = editor.touched.get();
        let mut shown: Vec<FieldError> = all_errors
            .get()
            .into_iter()
            .filter(|e| all || touched.contains(&e.field))
            .collect();
        shown.extend(editor.server_errors.get());
        shown
    });
    let existing = Signal::derive(move || {
        editor
            .work
            .with(|w| matches!(w.target, Target::Existing { .. }))
    });
    let is_route = move || {
        editor.work.with(|w| {
            w.sketch
                .as_ref()
                .is_some_and(|s| s.shape == ShapeKind::Route)
                || FeatureKind::parse(&w.form.kind).is_some_and(FeatureKind::is_route)
        })
    };
    let layers: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose a layer".to_string()))
            .chain(
                atlas
                    .collections
                    .iter()
                    .map(|c| (c.id.clone(), c.title.clone())),
            )
            .collect();
    let kinds = choices(
        &FeatureKind::ALL,
        FeatureKind::as_str,
        FeatureKind::label,
        "Choose what it is",
    );
    let statuses = choices(
        &Status::ALL,
        Status::as_str,
        Status::label,
        "Choose how far along",
    );
    let precisions: Vec<(String, String)> = Precision::ALL
        .iter()
        .map(|p| (p.as_str().to_string(), p.label().to_string()))
        .collect();
    let commodities = vec![
        (String::new(), "—".to_string()),
        ("gas".to_string(), "Gas".to_string()),
        ("oil".to_string(), "Oil".to_string()),
    ];
    let no = Signal::derive(|| false);
    let kind_select = {
        let options = kinds
            .into_iter()
            .map(|(value, label)| {
                let selected = {
                    let value = value.clone();
                    move || editor.work.with(|w| w.form.kind == value)
                };
                view! { <option value=value selected=selected>{label}</option> }
            })
            .collect_view();
        view! {
            <select
                id=input_id("properties.kind")
                aria-describedby=error_id("properties.kind")
                aria-invalid=move || errors.with(|e| reasons_for(e, "properties.kind").is_some()).to_string()
                prop:value=move || editor.work.with(|w| w.form.kind.clone())
                on:change=move |ev| {
                    let kind = event_target_value(&ev);
                    editor.touch("properties.kind");
                    let store = editor.store.get_value();
                    editor.change(None, |w| {
                        // A new feature goes, unless told otherwise, where features of its kind are.
                        if w.form.collection.is_empty()
                            && let Some(layer) = store.as_ref().and_then(|s| layer_for_kind(s, &kind))
                        {
                            w.form.collection = layer;
                        }
                        w.form.kind = kind;
                    });
                }
            >
                {options}
            </select>
        }
        .into_any()
    };
    let geometry_line = move || {
        editor.work.with(|w| match (&w.sketch, &w.kept_geometry) {
            (Some(s), _) => s.summary(),
            (None, Some(g)) => format!(
                "{} kept as stored (not drawn by hand here)",
                g.value.type_name()
            ),
            (None, None) => "Nothing drawn yet: use the tools over the map.".into(),
        })
    };
    let heading = move || {
        editor.work.with(|w| match &w.target {
            Target::New => "New feature".to_string(),
            Target::Existing { id, .. } => format!("Editing {id}"),
        })
    };

    view! {
        <form class="feature-form" novalidate on:submit=|ev| ev.prevent_default()>
            <h2>{heading}</h2>
            <div class="field geometry" data-field="geometry" id=input_id("geometry")>
                <span class="label">"Geometry"</span>
                <p class="geometry-summary">{geometry_line}</p>
                {error_line(errors, "geometry".to_string())}
            </div>
            {field_box(errors, "properties.name", "Name", text_input(editor, errors, "properties.name", |f| f.name.clone(), |f, v| f.set_name(&v), "Bilasuvar Solar Power Plant", false), None)}
            {field_box(errors, "properties.kind", "What it is", kind_select, None)}
            {field_box(errors, "properties.status", "Status", select_input(editor, errors, "properties.status", |f| f.status.clone(), |f, v| f.status = v, statuses, no), None)}
            {field_box(errors, "properties.status_as_of", "Status as of", text_input(editor, errors, "properties.status_as_of", |f| f.status_as_of.clone(), |f, v| f.status_as_of = v, "YYYY-MM or YYYY-MM-DD", false), None)}
            {field_box(errors, COLLECTION_FIELD, "Layer", select_input(editor, errors, COLLECTION_FIELD, |f| f.collection.clone(), |f, v| f.collection = v, layers, existing), None)}
            <details class="more-fields" open=true>
                <summary>"Facts"</summary>
                {field_box(errors, "properties.facts.capacity_mw", "Capacity", text_input(editor, errors, "properties.facts.capacity_mw", |f| f.capacity_mw.clone(), |f, v| f.capacity_mw = v, "445", true), Some("MW"))}
                // A length is a line's: a site is asked for none, unless it has one already.
                {move || (is_route() || editor.work.with(|w| !w.form.length_km.trim().is_empty())).then(|| field_box(errors, "properties.facts.length_km", "Length", text_input(editor, errors, "properties.facts.length_km", |f| f.length_km.clone(), |f, v| f.length_km = v, "826", true), Some("km")))}
                {field_box(errors, "properties.facts.opened", "Opens (or opened)", text_input(editor, errors, "properties.facts.opened", |f| f.opened.clone(), |f, v| f.opened = v, "2027", true), Some("year"))}
                {field_box(errors, "properties.facts.operator", "Operator", text_input(editor, errors, "properties.facts.operator", |f| f.operator.clone(), |f, v| f.operator = v, "", false), None)}
                {field_box(errors, "properties.facts.commodity", "Carries", select_input(editor, errors, "properties.facts.commodity", |f| f.commodity.clone(), |f, v| f.commodity = v, commodities, no), None)}
                {field_box(errors, "properties.facts.throughput", "Throughput", text_input(editor, errors, "properties.facts.throughput", |f| f.throughput.clone(), |f, v| f.throughput = v, "16 bcm/yr", false), None)}
                <TextRows field="properties.facts.partners" label="Partner" add="Add a partner country" placeholder="AZ" read=|f| &f.partners write=|f| &mut f.partners errors=errors />
            </details>
            <TextRows field="properties.aliases" label="Alias" add="Add another name" placeholder="Other spelling" read=|f| &f.aliases write=|f| &mut f.aliases errors=errors />
            <SourceRows errors=errors />
            <super::passages::PassageLinks errors=errors />
            {field_box(errors, "properties.precision", "Location is", select_input(editor, errors, "properties.precision", |f| f.precision.clone(), |f, v| f.precision = v, precisions, no), None)}
            {move || is_route().then(|| view! {
                <div class="route-fields">
                    {field_box(errors, "properties.route", "Leg of route", text_input(editor, errors, "properties.route", |f| f.route.clone(), |f, v| f.route = v, "middle-corridor", false), None)}
                    {field_box(errors, "properties.leg", "Leg number", text_input(editor, errors, "properties.leg", |f| f.leg.clone(), |f, v| f.leg = v, "1", true), None)}
                </div>
            })}
            {move || (!existing.get()).then(|| field_box(errors, "id", "Slug (in links)", text_input(editor, errors, "id", |f| f.id.clone(), |f, v| { f.id = v; f.id_typed = true; }, "bilasuvar-solar", false), None))}
            <SaveButton errors=all_errors />
        </form>
    }
}
