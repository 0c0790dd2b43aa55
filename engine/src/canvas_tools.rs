//! Canvas helpers shared by the painter and the sprites it draws: a canvas
//! off the page, its 2D context, a stroke set up from a computed style.

use crate::paint_style::Stroke;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A canvas element off the page.
pub fn new_canvas() -> Option<HtmlCanvasElement> {
    web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()
}

/// The 2D context of `canvas`.
pub fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Sets the context up for `stroke`; false when it paints nothing.
pub fn set_stroke(ctx: &CanvasRenderingContext2d, stroke: &Stroke) -> bool {
    let Some(colour) = &stroke.colour else {
        return false;
    };
    if stroke.width <= 0.0 || stroke.opacity <= 0.0 {
        return false;
    }
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(stroke.width);
    ctx.set_line_cap(&stroke.cap);
    ctx.set_line_join("round");
    ctx.set_global_alpha(stroke.opacity);
    let dash: js_sys::Array = stroke.dash.iter().map(|d| JsValue::from_f64(*d)).collect();
    let _ = ctx.set_line_dash(&dash);
    true
}
