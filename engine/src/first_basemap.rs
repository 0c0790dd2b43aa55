//! The countries the server drew into the page's first map (`#first-map`),
//! shown by the map's basemap layer until the page has loaded its own: the
//! server's `<g class="basemap">` is moved (not copied) into the layer and
//! placed by a transform from the frame the server drew in to the map's.
//!
//! So the world's outlines need not download and project before the first
//! full map: they come after it, and the server's drawing stands in.

use crate::projection::world_size;
use crate::viewport::Frame;
use atlas_model::number::Fixed;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The attribute of the first map's `<svg>` that names the frame it is
/// drawn in ([`Frame::to_text`]), as the server writes it.
pub const FRAME_ATTRIBUTE: &str = "data-frame";

/// The server's drawing of the first view's countries, with its frame.
#[derive(Clone, Copy)]
pub struct FirstBasemap {
    /// The frame the server drew the countries in.
    drawn_in: Frame,
    /// The server's `<g class="basemap">`, until it is moved into the map.
    group: StoredValue<Option<web_sys::Element>, LocalStorage>,
}

impl FirstBasemap {
    /// The page's server-drawn countries, if it has them and says their frame.
    pub fn take() -> Option<FirstBasemap> {
        let svg = document()
            .query_selector(&format!("#first-map svg[{FRAME_ATTRIBUTE}]"))
            .ok()??;
        let drawn_in = Frame::parse(&svg.get_attribute(FRAME_ATTRIBUTE)?)?;
        let group = svg.query_selector(".basemap").ok()??;
        Some(FirstBasemap {
            drawn_in,
            group: StoredValue::new_local(Some(group)),
        })
    }

    /// The SVG transform that puts the server's drawing where `frame` draws the same places.
    pub fn transform(&self, frame: &Frame) -> String {
        transform_between(&self.drawn_in, frame)
    }

    /// Moves the server's drawing into `parent` (once; later calls do nothing).
    pub fn place_in(&self, parent: &web_sys::Element) {
        if let Some(group) = self.group.try_update_value(Option::take).flatten() {
            // The server's group keeps its class for the first map's styles; here it is a plain group.
            group.remove_attribute("class").ok();
            let _ = parent.append_child(group.unchecked_ref());
        }
    }
}

/// The SVG transform from layer coordinates of `from` to those of `to`:
/// back to world pixels at `from`'s zoom, scaled to `to`'s, then shifted.
pub fn transform_between(from: &Frame, to: &Frame) -> String {
    let scale = world_size(to.zoom) / world_size(from.zoom);
    format!(
        "translate({} {}) scale({}) translate({} {})",
        Fixed(-to.origin.0, 2),
        Fixed(-to.origin.1, 2),
        Fixed(scale, 6),
        Fixed(from.origin.0, 2),
        Fixed(from.origin.1, 2)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::World;

    #[test]
    fn the_transform_puts_a_place_drawn_in_one_frame_where_the_other_draws_it() {
        let from = Frame {
            zoom: 4.0,
            origin: (3000.0, 1500.0),
        };
        let to = Frame {
            zoom: 2.5,
            origin: (700.0, 400.0),
        };
        let baku = World {
            x: 0.6382,
            y: 0.3744,
        };
        let (fx, fy) = from.to_layer(baku);
        let (tx, ty) = to.to_layer(baku);
        // Applied right to left, as SVG does.
        let scale = world_size(to.zoom) / world_size(from.zoom);
        let (x, y) = (
            (fx + from.origin.0) * scale - to.origin.0,
            (fy + from.origin.1) * scale - to.origin.1,
        );
        assert!((x - tx).abs() < 1e-9 && (y - ty).abs() < 1e-9);
        assert_eq!(
            transform_between(&from, &to),
            format!("translate(-700.00 -400.00) scale({scale:.6}) translate(3000.00 1500.00)")
        );
    }
}
