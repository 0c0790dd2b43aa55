//! Undo and redo over a whole editing session: each change records the state
//! before it, and a run of changes to one field (typing a name) is one step.

/// The most steps kept; the oldest go first.
const LIMIT: usize = 200;

/// Past and future states around the present one.
#[derive(Debug, Clone)]
pub struct UndoStack<T> {
    past: Vec<T>,
    future: Vec<T>,
    /// The key of the last change, while further changes with it merge into its step.
    open_key: Option<String>,
}

impl<T> Default for UndoStack<T> {
    fn default() -> Self {
        UndoStack {
            past: Vec::new(),
            future: Vec::new(),
            open_key: None,
        }
    }
}

impl<T: Clone> UndoStack<T> {
    /// An empty stack.
    pub fn new() -> UndoStack<T> {
        UndoStack::default()
    }

    /// Records `before`, the state a change is about to leave. A change with
    /// the same `key` as the one before it (another letter typed into one
    /// field) joins that step instead; `None` is always a step of its own.
    /// Either way the redo steps are gone: the session took another way.
    pub fn record(&mut self, before: T, key: Option<&str>) {
        self.future.clear();
        let joins = key.is_some() && key == self.open_key.as_deref();
        self.open_key = key.map(str::to_string);
        if joins {
            return;
        }
        self.past.push(before);
        if self.past.len() > LIMIT {
            self.past.remove(0);
        }
    }

    /// Ends the open step, so the next change to the same field is a step of its own.
    pub fn seal(&mut self) {
        self.open_key = None;
    }

    /// The state before the last step, given the `present` one to redo to.
    pub fn undo(&mut self, present: T) -> Option<T> {
        let before = self.past.pop()?;
        self.open_key = None;
        self.future.push(present);
        Some(before)
    }

    /// The state the last undo left, given the `present` one to undo to.
    pub fn redo(&mut self, present: T) -> Option<T> {
        let after = self.future.pop()?;
        self.open_key = None;
        self.past.push(present);
        Some(after)
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Forgets every step (after a save, the saved state is the new start).
    pub fn clear(&mut self) {
        *self = UndoStack::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_redo_walk_the_steps_both_ways() {
        let mut stack = UndoStack::new();
        let mut now = 0;
        for next in 1..=3 {
            stack.record(now, None);
            now = next;
        }
        now = stack.undo(now).expect("a step");
        assert_eq!(now, 2);
        now = stack.undo(now).expect("a step");
        assert_eq!(now, 1);
        now = stack.redo(now).expect("a step");
        assert_eq!(now, 2);
        assert!(stack.can_undo() && stack.can_redo());
    }

    #[test]
    fn typing_into_one_field_is_one_step() {
        let mut stack = UndoStack::new();
        let mut name = String::new();
        for letter in ["B", "a", "k", "u"] {
            stack.record(name.clone(), Some("properties.name"));
            name.push_str(letter);
        }
        stack.record(name.clone(), Some("properties.status"));
        let status_undone = stack.undo("with status".to_string()).expect("a step");
        assert_eq!(status_undone, "Baku");
        assert_eq!(stack.undo(status_undone), Some(String::new()));
        assert!(!stack.can_undo());
    }

    #[test]
    fn a_sealed_step_is_not_joined() {
        let mut stack = UndoStack::new();
        stack.record(0, Some("name"));
        stack.seal();
        stack.record(1, Some("name"));
        assert_eq!(stack.undo(2), Some(1));
        assert_eq!(stack.undo(1), Some(0));
    }

    #[test]
    fn a_new_change_after_undo_drops_the_redo_steps() {
        let mut stack = UndoStack::new();
        stack.record(0, None);
        let back = stack.undo(1).expect("a step");
        stack.record(back, None);
        assert!(!stack.can_redo());
        assert_eq!(stack.redo(5), None);
    }

    #[test]
    fn the_oldest_steps_go_past_the_limit() {
        let mut stack = UndoStack::new();
        for i in 0..(LIMIT + 10) {
            stack.record(i, None);
        }
        let mut now = LIMIT + 10;
        let mut steps = 0;
        while let Some(before) = stack.undo(now) {
            now = before;
            steps += 1;
        }
        assert_eq!(steps, LIMIT);
        assert_eq!(now, 10);
    }
}
