//! The short notice of a stale save (412): someone saved the feature since it
//! was opened. It offers the two ways out; the conflict view, which shows both
//! versions side by side, reads the same [`crate::state::Conflict`].

use crate::form::fields::FormState;
use crate::state::{EditorState, SaveState};
use crate::work::Target;
use atlas_model::FeatureDocument;
use leptos::prelude::*;

/// "Someone saved a newer version": keep mine (then save again) or take theirs.
#[component]
pub fn ConflictNotice() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let take_theirs = move |_| {
        let Some(conflict) = editor.conflict.get_untracked() else {
            return;
        };
        let theirs = conflict
            .theirs
            .and_then(|value| serde_json::from_value::<FeatureDocument>(value).ok())
            .and_then(|doc| atlas_model::validate_document(doc).ok());
        let (Some(theirs), Target::Existing { collection, id, .. }) =
            (theirs, conflict.mine.target)
        else {
            return;
        };
        let sketch = crate::draw::sketch::Sketch::from_geometry(&theirs.geometry.value);
        let kept = sketch.is_none().then(|| theirs.geometry.clone());
        let form = FormState::of_properties(&collection, &theirs.properties);
        let etag = conflict.etag.unwrap_or_default();
        editor.open(
            Target::Existing {
                collection,
                id,
                etag,
            },
            sketch,
            form,
            kept,
        );
        editor.save_state.set(SaveState::Idle);
    };
    view! {
        <div class="save-status conflict" role="alert">
            <p>"Someone saved this feature after you opened it. Keep your version over theirs, or load theirs and redo your change?"</p>
            <button type="button" class="keep-mine" on:click=move |_| editor.keep_mine()>"Keep mine"</button>
            <button type="button" class="take-theirs" on:click=take_theirs>"Load theirs"</button>
        </div>
    }
}
