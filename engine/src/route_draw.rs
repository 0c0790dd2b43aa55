//! Lines drawn along their length: a highlighted route appears from its start
//! to its end as a pen would draw it. Each line's path is given a normalised
//! length (`pathLength="1"`) and the page's stylesheet animates its dash
//! offset while the feature carries [`DRAWING_CLASS`], so the drawing holds
//! whatever the zoom the path is redrawn at.

use crate::camera::reduced_motion;
use leptos::prelude::*;
use std::cell::Cell;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// The class a feature carries while its line is drawn in; the stylesheet
/// reads `--draw-delay` and `--draw-ms` from it.
pub const DRAWING_CLASS: &str = "drawing-in";

thread_local! {
    /// The latest drawing's number: an older one's clean-up leaves it alone.
    static DRAWING: Cell<u64> = const { Cell::new(0) };
}

/// The painted parts of a line feature that the drawing animates.
const STROKES: &str = "path.line, path.casing";

/// Draws the lines among the features `ids` along their length, starting
/// `delay_ms` from now and taking `duration_ms`; ends any drawing under way.
/// Under reduced motion the lines simply stay drawn.
pub fn draw_in(ids: &[String], delay_ms: f64, duration_ms: f64) {
    let number = DRAWING.with(|d| {
        d.set(d.get() + 1);
        d.get()
    });
    finish_all();
    if reduced_motion() {
        return;
    }
    let doc = document();
    for id in ids {
        // Feature ids are slugs (letters, digits and dashes): safe in a selector.
        let selector = format!(".map-svg g[data-feature-id=\"{id}\"]");
        let Some(group) = doc.query_selector(&selector).ok().flatten() else {
            continue;
        };
        let Ok(strokes) = group.query_selector_all(STROKES) else {
            continue;
        };
        if strokes.length() == 0 {
            continue;
        }
        for i in 0..strokes.length() {
            if let Some(el) = strokes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.set_attribute("pathLength", "1");
            }
        }
        if let Ok(svg) = group.clone().dyn_into::<web_sys::SvgElement>() {
            let style = svg.style();
            let _ = style.set_property("--draw-delay", &format!("{delay_ms:.0}ms"));
            let _ = style.set_property("--draw-ms", &format!("{duration_ms:.0}ms"));
        }
        let _ = group.class_list().add_1(DRAWING_CLASS);
    }
    let total = (delay_ms + duration_ms).max(0.0) + 100.0;
    set_timeout(
        move || {
            if DRAWING.with(Cell::get) == number {
                finish_all();
            }
        },
        Duration::from_millis(total as u64),
    );
}

/// Ends every drawing: lines show whole and keep their own dashes again.
fn finish_all() {
    let doc = document();
    let Ok(groups) = doc.query_selector_all(&format!(".{DRAWING_CLASS}")) else {
        return;
    };
    for i in 0..groups.length() {
        let Some(group) = groups
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let _ = group.class_list().remove_1(DRAWING_CLASS);
        if let Ok(strokes) = group.query_selector_all(STROKES) {
            for j in 0..strokes.length() {
                if let Some(el) = strokes
                    .item(j)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = el.remove_attribute("pathLength");
                }
            }
        }
    }
}
