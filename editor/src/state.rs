//! The editor's reactive state: the work under undo, the selected vertex, the
//! form's error display, the save's progress and the hooks other panels use
//! (the conflict of a stale save, the map's feature store).

use crate::draw::sketch::{Position, ShapeKind, Sketch};
use crate::form::fields::FormState;
use crate::undo::UndoStack;
use crate::work::{Target, Work};
use atlas_map_engine::feature_store::FeatureStore;
use atlas_model::account::{Me, Role};
use atlas_model::api::FieldError;
use leptos::prelude::*;

/// Who is at the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Session {
    /// `/api/me` has not answered yet.
    Checking,
    /// No one is signed in: the map is read-only.
    SignedOut,
    /// Someone is signed in.
    SignedIn(Me),
}

impl Session {
    /// Whether the editing tools are for this person: editors and admins.
    pub fn may_edit(&self) -> bool {
        matches!(self, Session::SignedIn(me) if me.role.includes(Role::Editor))
    }
}

/// Where the last save stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    /// Nothing sent since the last change.
    Idle,
    /// A write is on its way.
    Saving,
    /// The named feature was saved.
    Saved(String),
    /// The save failed for the reason given.
    Failed(String),
    /// The save met a newer version: see [`EditorState::conflict`].
    Conflict,
}

/// A save refused because someone saved the feature since it was read (412):
/// what the conflict view shows and resolves.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The work that was to be saved.
    pub mine: Work,
    /// The version the work started from, as the server served it (a GeoJSON
    /// feature), when the editor still has it (a draft kept over a reload has not).
    pub base: Option<serde_json::Value>,
    /// The server's current version, as it sent it (a GeoJSON feature).
    pub theirs: Option<serde_json::Value>,
    /// The current version's `ETag`.
    pub etag: String,
}

/// The editor's signals; `Copy`, so pass it freely.
#[derive(Clone, Copy)]
pub struct EditorState {
    /// Who is signed in.
    pub session: RwSignal<Session>,
    /// The work: target, sketch and form.
    pub work: RwSignal<Work>,
    undo: StoredValue<UndoStack<Work>>,
    /// Whether there is a step to undo.
    pub can_undo: RwSignal<bool>,
    /// Whether there is a step to redo.
    pub can_redo: RwSignal<bool>,
    /// The vertex the keyboard nudges and deletes.
    pub selected_vertex: RwSignal<Option<usize>>,
    /// Where the pointer is while drawing, for the line to the next vertex.
    pub pointer: RwSignal<Option<Position>>,
    /// Fields the editor has been in: their errors show as they type.
    pub touched: RwSignal<Vec<String>>,
    /// Whether every error shows (after a save was tried).
    pub show_all_errors: RwSignal<bool>,
    /// The server's 422 errors for the work as last sent.
    pub server_errors: RwSignal<Vec<FieldError>>,
    /// Where the last save stands.
    pub save_state: RwSignal<SaveState>,
    /// A stale save waiting to be resolved (the conflict view's hook).
    pub conflict: RwSignal<Option<Conflict>>,
    /// The map's features, once the map is drawn (a save updates it).
    pub store: StoredValue<Option<FeatureStore>, LocalStorage>,
    /// The stored feature as it was opened (a GeoJSON feature): the base a
    /// conflict is merged from.
    pub base: RwSignal<Option<serde_json::Value>>,
    /// A geometry drawn ghosted over the map (an old revision's, a deleted
    /// feature's, a conflict's side).
    pub ghost: RwSignal<Option<geojson::Geometry>>,
}

impl EditorState {
    /// Fresh state: no one known yet, nothing drawn.
    pub fn new() -> EditorState {
        EditorState {
            session: RwSignal::new(Session::Checking),
            work: RwSignal::new(Work::default()),
            undo: StoredValue::new(UndoStack::new()),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            selected_vertex: RwSignal::new(None),
            pointer: RwSignal::new(None),
            touched: RwSignal::new(Vec::new()),
            show_all_errors: RwSignal::new(false),
            server_errors: RwSignal::new(Vec::new()),
            save_state: RwSignal::new(SaveState::Idle),
            conflict: RwSignal::new(None),
            store: StoredValue::new_local(None),
            base: RwSignal::new(None),
            ghost: RwSignal::new(None),
        }
    }

    fn refresh_flags(&self) {
        let (undo, redo) = self.undo.with_value(|u| (u.can_undo(), u.can_redo()));
        self.can_undo.set(undo);
        self.can_redo.set(redo);
    }

    /// Changes the work as one undo step; changes with the same `key` in a
    /// row (letters typed into one field) are one step together.
    pub fn change(&self, key: Option<&str>, change: impl FnOnce(&mut Work)) {
        let before = self.work.get_untracked();
        let mut after = before.clone();
        change(&mut after);
        if after == before {
            return;
        }
        self.undo.update_value(|u| u.record(before, key));
        self.work.set(after);
        self.after_change();
    }

    /// Starts an undo step for a change that continues live (a vertex
    /// dragged): [`EditorState::change_live`] then changes the work without new steps.
    pub fn begin_live_change(&self) {
        let before = self.work.get_untracked();
        self.undo.update_value(|u| u.record(before, None));
        self.after_change();
    }

    /// Changes the work within the step [`EditorState::begin_live_change`] began.
    pub fn change_live(&self, change: impl FnOnce(&mut Work)) {
        self.work.update(change);
    }

    fn after_change(&self) {
        self.server_errors.set(Vec::new());
        if self.save_state.get_untracked() != SaveState::Saving {
            self.save_state.set(SaveState::Idle);
        }
        self.refresh_flags();
    }

    /// Ends a run of typing, so the next letters are a step of their own.
    pub fn seal(&self) {
        self.undo.update_value(UndoStack::seal);
    }

    /// Goes back one step.
    pub fn undo(&self) {
        let present = self.work.get_untracked();
        if let Some(before) = self.undo.try_update_value(|u| u.undo(present)).flatten() {
            self.restore(before);
        }
    }

    /// Goes forward one step.
    pub fn redo(&self) {
        let present = self.work.get_untracked();
        if let Some(after) = self.undo.try_update_value(|u| u.redo(present)).flatten() {
            self.restore(after);
        }
    }

    /// Puts a state from the undo stack back; a vertex past the end is no longer selected.
    fn restore(&self, work: Work) {
        let count = work.sketch.as_ref().map_or(0, |s| s.vertices.len());
        if self
            .selected_vertex
            .get_untracked()
            .is_some_and(|i| i >= count)
        {
            self.selected_vertex.set(None);
        }
        self.work.set(work);
        self.after_change();
    }

    /// Starts drawing a new shape. Over a blank work it starts a new feature
    /// in `collection`; over a started form it keeps the form and redraws.
    pub fn start_drawing(&self, shape: ShapeKind, collection: &str) {
        self.selected_vertex.set(None);
        self.change(None, |work| {
            if work.is_blank() {
                work.form = FormState::blank(collection);
            }
            work.sketch = Some(Sketch::new(shape));
            work.kept_geometry = None;
        });
    }

    /// Opens a stored feature for editing: its geometry to drag and its form.
    pub fn open(
        &self,
        target: Target,
        sketch: Option<Sketch>,
        form: FormState,
        kept: Option<geojson::Geometry>,
    ) {
        self.selected_vertex.set(None);
        self.touched.set(Vec::new());
        self.show_all_errors.set(false);
        self.conflict.set(None);
        self.change(None, |work| {
            *work = Work {
                target,
                sketch,
                form,
                kept_geometry: kept,
            };
        });
    }

    /// Drops the work as one undo step (the draft goes with it).
    pub fn discard(&self) {
        self.selected_vertex.set(None);
        self.conflict.set(None);
        self.base.set(None);
        self.show_all_errors.set(false);
        self.touched.set(Vec::new());
        self.change(None, |work| *work = Work::default());
    }

    /// After a save: the work is done, and undo starts afresh from here.
    pub fn saved(&self, name: String) {
        self.selected_vertex.set(None);
        self.touched.set(Vec::new());
        self.show_all_errors.set(false);
        self.conflict.set(None);
        self.base.set(None);
        self.work.set(Work::default());
        self.undo.update_value(UndoStack::clear);
        self.refresh_flags();
        self.save_state.set(SaveState::Saved(name));
    }

    /// Marks `field` as visited: its errors show from now on.
    pub fn touch(&self, field: &str) {
        if self
            .touched
            .with_untracked(|t| !t.iter().any(|f| f == field))
        {
            self.touched.update(|t| t.push(field.to_string()));
        }
    }

    /// Resolves a conflict by keeping this work over the newer version: the
    /// next save replaces the version named by the conflict's `ETag`.
    pub fn keep_mine(&self) {
        let Some(conflict) = self.conflict.get_untracked() else {
            return;
        };
        self.change(None, |work| {
            if let Target::Existing { etag: old, .. } = &mut work.target {
                *old = conflict.etag;
            }
        });
        self.base.set(conflict.theirs);
        self.conflict.set(None);
        self.save_state.set(SaveState::Idle);
    }
}

impl Default for EditorState {
    fn default() -> Self {
        EditorState::new()
    }
}
