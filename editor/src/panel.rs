//! The editor's side panel (a bottom sheet on phones): tabs for the feature
//! form and, beside it, the panels of the editing history, imports and stories.

use crate::conflict::resolve::ResolveConflict;
use crate::draft::DraftOffer;
use crate::form::view::FeatureForm;
use crate::selected::SelectedFeature;
use crate::session::SignInForm;
use crate::state::EditorState;
use crate::story_save::StorySave;
use crate::tabs::{HistoryTab, ImportTab};
use crate::work::Draft;
use atlas_app::atlas::Atlas;
use leptos::prelude::*;
use std::sync::Arc;

/// A tab of the side panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelTab {
    /// The open feature's form, or the selected feature's card.
    Feature,
    /// The selected feature's revisions.
    History,
    /// Importing a file into a layer.
    Import,
    /// Saving the story made on the map.
    Stories,
}

impl PanelTab {
    /// The tab's title.
    pub fn title(self) -> &'static str {
        match self {
            PanelTab::Feature => "Feature",
            PanelTab::History => "History",
            PanelTab::Import => "Import",
            PanelTab::Stories => "Stories",
        }
    }
}

/// The tabs shown, in order.
pub const SHOWN_TABS: &[PanelTab] = &[
    PanelTab::Feature,
    PanelTab::History,
    PanelTab::Import,
    PanelTab::Stories,
];

/// What a tab shows.
fn tab_body(tab: PanelTab) -> AnyView {
    let editor = expect_context::<EditorState>();
    match tab {
        PanelTab::Feature => {
            let open = move || editor.work.with(|w| !w.is_blank());
            let conflict = move || editor.conflict.with(Option::is_some);
            view! {
                <Show when=conflict fallback=move || view! {
                    <Show when=open fallback=move || view! { <SavedLine /> <SelectedFeature /> }>
                        <FeatureForm />
                    </Show>
                }>
                    <ResolveConflict />
                </Show>
            }
            .into_any()
        }
        PanelTab::History => view! { <HistoryTab /> }.into_any(),
        PanelTab::Import => view! { <ImportTab /> }.into_any(),
        PanelTab::Stories => {
            let atlas = expect_context::<Arc<Atlas>>();
            view! { <StorySave atlas=Signal::derive(move || Some(atlas.clone())) /> }.into_any()
        }
    }
}

/// "Saved …" after a save, above the saved feature's card.
#[component]
fn SavedLine() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    move || match editor.save_state.get() {
        crate::state::SaveState::Saved(name) => Some(
            view! { <p class="save-status saved" role="status">{format!("Saved {name}.")}</p> },
        ),
        _ => None,
    }
}

/// The side panel: the sign-in form for the signed-out, else the tabs.
#[component]
pub fn SidePanel(
    /// A kept draft waiting for an answer.
    offer: RwSignal<Option<Draft>>,
) -> impl IntoView {
    let editor = expect_context::<EditorState>();
    let tab = RwSignal::new(PanelTab::Feature);
    let folded = RwSignal::new(false);
    let may_edit = move || editor.session.with(|s| s.may_edit());
    let checking = move || {
        editor
            .session
            .with(|s| *s == crate::state::Session::Checking)
    };
    let tabs = move || {
        (SHOWN_TABS.len() > 1).then(|| {
            SHOWN_TABS
                .iter()
                .map(|t| {
                    let t = *t;
                    view! {
                        <button type="button" role="tab" class="tab" aria-selected=move || (tab.get() == t).to_string()
                            on:click=move |_| tab.set(t)>{t.title()}</button>
                    }
                })
                .collect_view()
        })
    };
    let body = move || {
        if checking() {
            return view! { <p class="hint">"Checking who is signed in…"</p> }.into_any();
        }
        if !may_edit() {
            return view! { <SignInForm /> }.into_any();
        }
        view! {
            <DraftOffer offer=offer />
            <div class="tabs" role="tablist">{tabs}</div>
            {move || tab_body(tab.get())}
        }
        .into_any()
    };
    view! {
        <aside class="editor-panel" class:folded=move || folded.get() aria-label="Editing">
            <button type="button" class="sheet-handle" aria-expanded=move || (!folded.get()).to_string()
                on:click=move |_| folded.update(|f| *f = !*f)>
                {move || if folded.get() { "Show the panel" } else { "Hide the panel" }}
            </button>
            <div class="panel-body">{body}</div>
        </aside>
    }
}
