//! The map as a picture: the view on screen redrawn as one self-contained SVG
//! (every style inlined, canvas layers embedded as images) with a title, a
//! legend, a scale bar and an attribution, and rasterised from that SVG to a
//! PNG of a chosen size.
//!
//! It reads the map as the page drew it, so the picture is what the reader
//! sees; the page passes the words (title, legend labels, attribution) and the
//! CSS classes its legend marks are drawn with, so nothing here names data.

mod compose;
mod decorations;
mod raster;
mod save;
mod styled;

pub use raster::{png_blob, png_size};
pub use save::{save_blob, save_text};

use crate::viewport::Viewport;
use wasm_bindgen::JsValue;

/// What a picture shows besides the map, and how big it is.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    /// Width in picture pixels (CSS pixels of the SVG).
    pub width: u32,
    /// Height in picture pixels.
    pub height: u32,
    /// Device pixels per picture pixel in the PNG: 2 doubles both sides.
    pub scale: u32,
    /// The heading written above the map.
    pub title: String,
    /// What the map's marks mean, drawn in a box over its lower left corner.
    pub legend: Vec<LegendEntry>,
    /// Who the data and the basemap come from, written in the lower right corner.
    pub attribution: String,
}

impl ExportOptions {
    /// The PNG's size in device pixels.
    pub fn pixel_size(&self) -> (u32, u32) {
        let scale = self.scale.max(1);
        (self.width * scale, self.height * scale)
    }
}

/// One line of the picture's legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// What the mark means.
    pub label: String,
    /// The mark, drawn as the map draws a feature.
    pub mark: LegendMark,
}

/// A legend mark, styled by the same CSS classes as the features it stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum LegendMark {
    /// A short line, drawn as a path feature with these classes.
    Line {
        /// The feature group's classes.
        classes: String,
    },
    /// A point symbol, drawn as a site with these classes.
    Symbol {
        /// The feature group's classes.
        classes: String,
        /// SVG path data of the symbol, centred on (0, 0).
        path: String,
    },
}

/// Why a picture could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExportError {
    /// The page has no map to draw.
    #[error("there is no map on the page to export")]
    NoMap,
    /// A browser call failed.
    #[error("the browser could not make the picture: {0}")]
    Browser(String),
}

impl From<JsValue> for ExportError {
    fn from(value: JsValue) -> ExportError {
        let text = value
            .as_string()
            .or_else(|| {
                js_sys::Reflect::get(&value, &JsValue::from_str("message"))
                    .ok()
                    .and_then(|m| m.as_string())
            })
            .unwrap_or_else(|| "unknown error".to_string());
        ExportError::Browser(text)
    }
}

/// The page's first map element (the engine's `MapView`), if one is drawn.
pub fn find_map() -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .query_selector(".map")
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

/// The view of `map` (showing `view`) as a self-contained SVG document.
pub fn svg_document(
    map: &web_sys::HtmlElement,
    view: &Viewport,
    options: &ExportOptions,
) -> Result<String, ExportError> {
    compose::picture(map, view, options, 1.0)
}
