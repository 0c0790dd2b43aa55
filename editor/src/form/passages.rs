//! The form's report passages: the links the feature has, each removable,
//! and the passage picker, whose picks join them (saved with the feature and
//! judged by the same rules as the other fields).

use super::fields::FormState;
use super::rows::error_line;
use crate::passage_picker::PassagePicker;
use crate::state::EditorState;
use atlas_model::api::FieldError;
use atlas_model::{FeatureKind, FeatureProperties, PassageRef, Status};
use leptos::prelude::*;
use serde_json::json;

/// The form's field of the links.
pub const PASSAGES_FIELD: &str = "properties.passages";

/// What the picker needs of the form: the names it looks for in the reports
/// and the links already made. A kind or status not chosen yet reads as the
/// first of its list, which the picker does not look at.
pub fn picker_properties(form: &FormState) -> Option<FeatureProperties> {
    let kind = FeatureKind::parse(&form.kind).unwrap_or(FeatureKind::ALL[0]);
    let status = Status::ALL
        .iter()
        .copied()
        .find(|s| s.as_str() == form.status)
        .unwrap_or(Status::ALL[0]);
    serde_json::from_value(json!({
        "id": form.id.trim(),
        "name": form.name.trim(),
        "aliases": form.aliases.iter().map(|a| a.trim()).filter(|a| !a.is_empty()).collect::<Vec<_>>(),
        "kind": kind.as_str(),
        "status": status.as_str(),
        "passages": form.passages,
    }))
    .ok()
}

/// Adds `link` to `form`'s passages, unless the same passage is linked already.
pub fn add_link(form: &mut FormState, link: PassageRef) {
    if !form
        .passages
        .iter()
        .any(|p| p.report == link.report && p.passage == link.passage)
    {
        form.passages.push(link);
    }
}

/// The linked passages and the picker.
#[component]
pub fn PassageLinks(
    /// The errors on show.
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let feature = Signal::derive(move || editor.work.with(|w| picker_properties(&w.form)));
    let on_pick = Callback::new(move |link: PassageRef| {
        editor.change(None, |w| add_link(&mut w.form, link));
    });
    let links = move || {
        let passages = editor.work.with(|w| w.form.passages.clone());
        if passages.is_empty() {
            return view! { <p class="hint">"No report passage is linked yet."</p> }.into_any();
        }
        passages
            .into_iter()
            .enumerate()
            .map(|(i, link)| {
                let quote = link.quote.as_ref().map(|q| q.exact.clone());
                view! {
                    <li class="linked-passage" data-passage=link.passage.clone()>
                        <span class="link-source">{format!("{} · {}", link.report, link.passage)}</span>
                        {quote.map(|q| view! { <blockquote>{q}</blockquote> })}
                        <button type="button" class="link-button remove-link"
                            on:click=move |_| editor.change(None, |w| {
                                if i < w.form.passages.len() {
                                    w.form.passages.remove(i);
                                }
                            })>"Remove"</button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <fieldset class="rows passage-links" data-field=PASSAGES_FIELD>
            <legend>"Report passages"</legend>
            <ul class="linked-passages">{links}</ul>
            {error_line(errors, PASSAGES_FIELD.to_string())}
            <details class="picker-box">
                <summary>"Link a report passage"</summary>
                <PassagePicker feature=feature on_pick=on_pick />
            </details>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(passage: &str) -> PassageRef {
        PassageRef {
            report: "r".into(),
            passage: passage.into(),
            quote: None,
        }
    }

    #[test]
    fn a_passage_is_linked_once() {
        let mut form = FormState::blank("hubs");
        add_link(&mut form, link("p-1"));
        add_link(&mut form, link("p-1"));
        add_link(&mut form, link("p-2"));
        assert_eq!(form.passages, [link("p-1"), link("p-2")]);
    }

    #[test]
    fn a_form_without_kind_or_status_still_gives_the_picker_its_names() {
        let mut form = FormState::blank("hubs");
        form.set_name("Port of Baku");
        form.aliases = vec!["Alat port".into(), " ".into()];
        let p = picker_properties(&form).expect("properties");
        assert_eq!(p.name, "Port of Baku");
        assert_eq!(p.aliases, ["Alat port"]);
    }
}
