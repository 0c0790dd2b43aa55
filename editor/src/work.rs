//! What an editor is working on: which feature (new, or stored with the
//! version it was read at), its sketch and its form. One value, so undo,
//! redo and the saved draft each take it whole.

use crate::draw::sketch::Sketch;
use crate::form::fields::FormState;
use serde::{Deserialize, Serialize};

/// The feature the work will be saved as.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "target")]
pub enum Target {
    /// A feature the server does not have yet (a POST).
    #[default]
    New,
    /// A stored feature (a PUT with `If-Match: etag`).
    Existing {
        /// Its layer.
        collection: String,
        /// Its slug.
        id: String,
        /// The version it was read at.
        etag: String,
    },
}

/// The editing session's state: what undo steps through and a draft keeps.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Work {
    /// New or stored.
    pub target: Target,
    /// The geometry being drawn; `None` before a tool is picked.
    pub sketch: Option<Sketch>,
    /// The form's fields.
    pub form: FormState,
    /// Whether the geometry is kept as stored (one the browser does not draw, such as a MultiLineString).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept_geometry: Option<geojson::Geometry>,
}

impl Work {
    /// Whether there is nothing to keep: no feature open, nothing drawn or typed.
    pub fn is_blank(&self) -> bool {
        self.target == Target::New
            && self.sketch.is_none()
            && self.kept_geometry.is_none()
            && !self.form.has_content()
    }

    /// The geometry to save: the sketch's, or the stored one it keeps.
    pub fn geometry(&self) -> Option<geojson::Geometry> {
        match &self.sketch {
            Some(sketch) => sketch.to_geometry(),
            None => self.kept_geometry.clone(),
        }
    }
}

/// The draft kept in the browser's storage, so a reload loses nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The work as it was.
    pub work: Work,
    /// When it was kept, as the browser's clock wrote it (ms since 1970).
    pub kept_at: f64,
}

impl Draft {
    /// The draft as stored text.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored draft, if `text` is one (an older or damaged one is not).
    pub fn decode(text: &str) -> Option<Draft> {
        serde_json::from_str(text)
            .ok()
            .filter(|d: &Draft| !d.work.is_blank())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draw::sketch::ShapeKind;

    #[test]
    fn a_draft_round_trips_through_its_text() {
        let mut sketch = Sketch::new(ShapeKind::Route);
        sketch.add([49.867_1, 40.409_2]);
        sketch.add([44.793, 41.715]);
        let mut form = FormState::blank("corridors");
        form.set_name("New line");
        let draft = Draft {
            work: Work {
                target: Target::Existing {
                    collection: "corridors".into(),
                    id: "new-line".into(),
                    etag: "\"r0000000000000002\"".into(),
                },
                sketch: Some(sketch),
                form,
                kept_geometry: None,
            },
            kept_at: 1_764_000_000_000.0,
        };
        assert_eq!(Draft::decode(&draft.encode()), Some(draft));
    }

    #[test]
    fn a_typed_form_without_a_sketch_is_work_to_keep() {
        let mut work = Work::default();
        assert!(work.is_blank());
        work.form.set_name("Alat Solar");
        assert!(!work.is_blank());
    }

    #[test]
    fn blank_or_damaged_drafts_are_not_offered() {
        let blank = Draft {
            work: Work::default(),
            kept_at: 0.0,
        };
        assert_eq!(Draft::decode(&blank.encode()), None);
        assert_eq!(Draft::decode("{\"work\": 3"), None);
    }
}
