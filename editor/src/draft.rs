//! Never lose work: the open work is kept in the browser's storage as it
//! changes, and a page opened over a kept draft offers it back.

use crate::state::EditorState;
use crate::work::{Draft, Work};
use leptos::prelude::*;

/// The storage key of the draft.
pub const DRAFT_KEY: &str = "atlas-editor-draft";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The draft kept by an earlier visit, if any.
pub fn kept() -> Option<Draft> {
    Draft::decode(&storage()?.get_item(DRAFT_KEY).ok()??)
}

/// Keeps `work` (or forgets the draft when there is nothing to keep).
pub fn keep(work: &Work) {
    let Some(storage) = storage() else {
        return;
    };
    if work.is_blank() {
        let _ = storage.remove_item(DRAFT_KEY);
    } else {
        let draft = Draft {
            work: work.clone(),
            kept_at: js_sys::Date::now(),
        };
        let _ = storage.set_item(DRAFT_KEY, &draft.encode());
    }
}

/// Forgets the kept draft (after a save).
pub fn forget() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(DRAFT_KEY);
    }
}

/// Keeps the work as it changes, once the offer of an older draft is answered
/// (until then the older draft stays, so answering later still restores it).
pub fn keep_as_it_changes(editor: EditorState, offer: RwSignal<Option<Draft>>) {
    Effect::new(move |_| {
        let pending = offer.with(Option::is_some);
        editor.work.with(|work| {
            if !pending {
                keep(work);
            }
        });
    });
}

/// "Restore your unsaved draft?", while a kept draft waits.
#[component]
pub fn DraftOffer(
    /// The kept draft, until answered.
    offer: RwSignal<Option<Draft>>,
) -> impl IntoView {
    let editor = expect_context::<EditorState>();
    move || {
        offer.get().map(|draft| {
            let what = draft_title(&draft.work);
            let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(draft.kept_at))
                .to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED);
            let work = draft.work.clone();
            view! {
                <div class="draft-offer" role="alertdialog" aria-labelledby="draft-offer-title">
                    <p id="draft-offer-title"><strong>"Restore your unsaved draft?"</strong></p>
                    <p class="draft-what">{format!("{what}, kept {}", String::from(when))}</p>
                    <div class="buttons">
                        <button type="button" class="restore primary" on:click=move |_| {
                            let work = work.clone();
                            editor.change(None, move |w| *w = work);
                            offer.set(None);
                        }>"Restore"</button>
                        <button type="button" class="forget" on:click=move |_| {
                            forget();
                            offer.set(None);
                        }>"Discard it"</button>
                    </div>
                </div>
            }
        })
    }
}

/// "Bilasuvar Solar Plant (new site)" and the like.
fn draft_title(work: &Work) -> String {
    let name = if work.form.name.trim().is_empty() {
        "An unnamed feature"
    } else {
        work.form.name.trim()
    };
    let shape = work
        .sketch
        .as_ref()
        .map(|s| s.shape.label())
        .unwrap_or("feature");
    match &work.target {
        crate::work::Target::New => format!("{name} (new {shape})"),
        crate::work::Target::Existing { id, .. } => format!("{name} (changes to {id})"),
    }
}
