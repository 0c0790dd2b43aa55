//! Repeatable rows of the form: aliases and partners (one text box a row)
//! and sources (title, address, date read), each row with its own errors.

use super::check::reasons_for;
use super::fields::{FormState, SourceRow};
use crate::state::EditorState;
use atlas_model::api::FieldError;
use leptos::prelude::*;

/// The id of the error line under `field`, for `aria-describedby`.
pub fn error_id(field: &str) -> String {
    format!("error-{}", input_id(field).trim_start_matches("field-"))
}

/// The id of the input of `field` (`properties.sources[0].url` → `field-properties-sources-0-url`).
pub fn input_id(field: &str) -> String {
    let mut id = String::from("field-");
    for c in field.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// The error line of `field`, when it has one to show.
pub fn error_line(errors: Signal<Vec<FieldError>>, field: String) -> impl IntoView {
    let id = error_id(&field);
    move || {
        errors.with(|e| reasons_for(e, &field)).map(|reason| {
            view! { <p class="field-error" id=id.clone() role="alert">{reason}</p> }
        })
    }
}

/// Rows of single text boxes (aliases, partner codes).
#[component]
pub fn TextRows(
    /// The list's field path (`properties.aliases`).
    field: &'static str,
    /// The group's label.
    label: &'static str,
    /// The add button's words.
    add: &'static str,
    /// A row's placeholder.
    placeholder: &'static str,
    /// Reads the rows.
    read: fn(&FormState) -> &Vec<String>,
    /// Writes the rows.
    write: fn(&mut FormState) -> &mut Vec<String>,
    /// The errors on show.
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let count = Memo::new(move |_| editor.work.with(|w| read(&w.form).len()));
    let rows = move || {
        (0..count.get())
            .map(|i| {
                let value = move || editor.work.with(|w| read(&w.form).get(i).cloned().unwrap_or_default());
                view! {
                    <div class="row">
                        <input
                            type="text"
                            aria-label=format!("{label} {}", i + 1)
                            placeholder=placeholder
                            prop:value=value
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                editor.change(Some(&format!("{field}[{i}]")), |w| {
                                    if let Some(row) = write(&mut w.form).get_mut(i) {
                                        *row = text;
                                    }
                                });
                            }
                            on:blur=move |_| {
                                editor.touch(field);
                                editor.seal();
                            }
                        />
                        <button type="button" class="remove-row" aria-label=format!("Remove {label} {}", i + 1)
                            on:click=move |_| editor.change(None, |w| {
                                let rows = write(&mut w.form);
                                if i < rows.len() {
                                    rows.remove(i);
                                }
                            })
                        >"×"</button>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="rows" id=input_id(field)>
            <legend>{label}</legend>
            {rows}
            <button type="button" class="add-row" on:click=move |_| {
                editor.touch(field);
                editor.change(None, |w| write(&mut w.form).push(String::new()));
            }>{add}</button>
            {error_line(errors, field.to_string())}
        </fieldset>
    }
}

/// The sources, a row each: title, address and the day it was read.
#[component]
pub fn SourceRows(
    /// The errors on show.
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let count = Memo::new(move |_| editor.work.with(|w| w.form.sources.len()));
    let cell = move |i: usize,
                     part: &'static str,
                     label: &'static str,
                     placeholder: &'static str,
                     kind: &'static str| {
        let field = format!("properties.sources[{i}].{part}");
        let read = move |row: &SourceRow| match part {
            "title" => row.title.clone(),
            "url" => row.url.clone(),
            _ => row.accessed.clone(),
        };
        let key = field.clone();
        let touched = field.clone();
        view! {
            <label class=format!("source-{part}")>
                <span>{label}</span>
                <input
                    type=kind
                    id=input_id(&field)
                    placeholder=placeholder
                    aria-describedby=error_id(&field)
                    aria-invalid=move || errors.with(|e| reasons_for(e, &key).is_some()).to_string()
                    prop:value=move || editor.work.with(|w| w.form.sources.get(i).map(read).unwrap_or_default())
                    on:input={
                        let key = field.clone();
                        move |ev| {
                            let text = event_target_value(&ev);
                            editor.change(Some(&key), |w| {
                                if let Some(row) = w.form.sources.get_mut(i) {
                                    match part {
                                        "title" => row.title = text,
                                        "url" => row.url = text,
                                        _ => row.accessed = text,
                                    }
                                }
                            });
                        }
                    }
                    on:blur=move |_| {
                        editor.touch(&touched);
                        editor.touch("properties.sources");
                        editor.seal();
                    }
                />
                {error_line(errors, field.clone())}
            </label>
        }
    };
    let rows = move || {
        (0..count.get())
            .map(|i| {
                view! {
                    <div class="source-row">
                        {cell(i, "title", "Title", "Ministry of Energy: press release", "text")}
                        {cell(i, "url", "Address", "https://", "url")}
                        {cell(i, "accessed", "Read on", "YYYY-MM-DD", "text")}
                        <button type="button" class="remove-row" aria-label=format!("Remove source {}", i + 1)
                            on:click=move |_| editor.change(None, |w| {
                                if i < w.form.sources.len() {
                                    w.form.sources.remove(i);
                                }
                            })
                        >"×"</button>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="rows sources" id=input_id("properties.sources")>
            <legend>"Sources"</legend>
            {rows}
            <button type="button" class="add-row add-source" on:click=move |_| {
                editor.touch("properties.sources");
                editor.change(None, |w| w.form.sources.push(SourceRow::default()));
            }>"Add a source"</button>
            {error_line(errors, "properties.sources".to_string())}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_become_element_ids() {
        assert_eq!(
            input_id("properties.sources[0].url"),
            "field-properties-sources-0-url"
        );
        assert_eq!(
            error_id("properties.facts.capacity_mw"),
            "error-properties-facts-capacity_mw"
        );
        assert_eq!(input_id("geometry"), "field-geometry");
    }
}
