//! The picture's SVG: the map's layers as drawn on screen, scaled into the
//! picture's map area, under the title, legend, scale bar and attribution.

use super::decorations::{self, Layout, Theme};
use super::styled::{escape, write_children};
use super::{ExportError, ExportOptions};
use crate::viewport::Viewport;
use std::fmt::Write;
use wasm_bindgen::JsCast;
use web_sys::{DomRect, Element, HtmlCanvasElement, HtmlElement, Window};

/// The picture of `map` as an SVG document whose pixel size is the options'
/// size times `pixels` (its coordinates stay the options' size).
pub fn picture(
    map: &HtmlElement,
    view: &Viewport,
    options: &ExportOptions,
    pixels: f64,
) -> Result<String, ExportError> {
    let window = web_sys::window().ok_or(ExportError::NoMap)?;
    let document = window.document().ok_or(ExportError::NoMap)?;
    let screen = map.get_bounding_client_rect();
    if screen.width() <= 0.0 || screen.height() <= 0.0 {
        return Err(ExportError::NoMap);
    }
    let layout = Layout::new(options, (screen.width(), screen.height()));
    let theme = Theme::read(&window, &document, map);
    let (w, h) = (f64::from(options.width), f64::from(options.height));
    let mut out = String::with_capacity(1 << 20);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{pw}" height="{ph}" viewBox="0 0 {w} {h}" font-family="{font}">"#,
        pw = (w * pixels).round(),
        ph = (h * pixels).round(),
        font = escape(&theme.font),
    );
    let _ = write!(out, "<title>{}</title>", escape(&options.title));
    let (ax, ay, aw, ah) = layout.map_area;
    let _ = write!(
        out,
        r#"<defs><clipPath id="map-area"><rect x="{ax}" y="{ay}" width="{aw}" height="{ah}"/></clipPath></defs>"#
    );
    let _ = write!(
        out,
        r#"<rect width="{w}" height="{h}" fill="{}"/>"#,
        escape(&theme.paper)
    );
    let _ = write!(
        out,
        r#"<g clip-path="url(#map-area)"><rect x="{ax}" y="{ay}" width="{aw}" height="{ah}" fill="{}"/>"#,
        escape(&theme.sea)
    );
    let (ox, oy, k) = layout.map_placement;
    let _ = write!(
        out,
        r#"<g class="map" transform="translate({ox:.2} {oy:.2}) scale({k:.5})">"#
    );
    write_layers(&mut out, map, &screen, &window)?;
    out.push_str("</g></g>");
    decorations::write_all(&mut out, &document, &window, &theme, &layout, view, options)?;
    out.push_str("</svg>");
    Ok(out)
}

/// The map pane's layers in drawing order: each SVG with its looks inlined,
/// each canvas as an embedded PNG, at their places on screen.
fn write_layers(
    out: &mut String,
    map: &HtmlElement,
    screen: &DomRect,
    window: &Window,
) -> Result<(), ExportError> {
    let Some(pane) = map.query_selector(".map-pane")? else {
        return Err(ExportError::NoMap);
    };
    let layers = pane.children();
    for i in 0..layers.length() {
        let Some(layer) = layers.item(i) else {
            continue;
        };
        let at = layer.get_bounding_client_rect();
        let (dx, dy) = (at.left() - screen.left(), at.top() - screen.top());
        match layer.local_name().as_str() {
            "svg" => {
                let _ = write!(out, r#"<g transform="translate({dx:.2} {dy:.2})">"#);
                write_children(out, &layer, window);
                out.push_str("</g>");
            }
            "canvas" => write_canvas(out, &layer, (dx, dy), &at)?,
            // Web tiles come from another server: a picture made offline cannot hold them.
            _ => {}
        }
    }
    Ok(())
}

/// A canvas layer as an image holding its pixels.
fn write_canvas(
    out: &mut String,
    layer: &Element,
    (dx, dy): (f64, f64),
    at: &DomRect,
) -> Result<(), ExportError> {
    let Some(canvas) = layer.dyn_ref::<HtmlCanvasElement>() else {
        return Ok(());
    };
    if canvas.width() == 0 || canvas.height() == 0 || at.width() <= 0.0 {
        return Ok(());
    }
    let png = canvas.to_data_url_with_type("image/png")?;
    let _ = write!(
        out,
        r#"<image x="{dx:.2}" y="{dy:.2}" width="{:.2}" height="{:.2}" preserveAspectRatio="none" href="{png}"/>"#,
        at.width(),
        at.height()
    );
    Ok(())
}
