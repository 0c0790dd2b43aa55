//! Site symbols drawn once into small canvases, whose pixels are then copied to every site.
//!
//! A software-rasterised canvas (Chromium without a GPU) spent about a quarter
//! of a second stroking and filling one path of ten thousand symbols; copying
//! a ready bitmap is a blit. Each copy is snapped to the device pixel grid, so
//! symbols stay as crisp as their vector form.

use crate::paint_style::SymbolStyle;
use crate::site_raster::SpritePixels;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, Path2d};

/// How far (CSS px) a sprite reaches from its site, outline included.
pub const SPRITE_REACH: f64 = 12.0;

/// The sprites drawn so far, by style classes, at one device pixel ratio.
#[derive(Default)]
pub struct SymbolSprites {
    dpr: f64,
    sprites: HashMap<String, SpritePixels>,
}

impl SymbolSprites {
    /// Forgets every sprite, so the next paint draws them from the stylesheet anew.
    pub fn clear(&mut self) {
        self.sprites.clear();
    }

    /// The sprite of the symbol `d` in `style`, drawn for `classes` at `dpr`.
    pub fn sprite(
        &mut self,
        classes: &str,
        d: &str,
        style: &SymbolStyle,
        dpr: f64,
    ) -> Option<&SpritePixels> {
        if self.dpr != dpr {
            self.sprites.clear();
            self.dpr = dpr;
        }
        if !self.sprites.contains_key(classes) {
            let sprite = draw(d, style, dpr)?;
            self.sprites.insert(classes.to_string(), sprite);
        }
        self.sprites.get(classes)
    }
}

/// The side of a sprite in device pixels: whole, so a snapped copy is a plain blit.
pub fn side_px(dpr: f64) -> f64 {
    (2.0 * SPRITE_REACH * dpr).ceil()
}

fn draw(d: &str, style: &SymbolStyle, dpr: f64) -> Option<SpritePixels> {
    let canvas = super::canvas_paint::new_canvas()?;
    let side = side_px(dpr);
    canvas.set_width(side as u32);
    canvas.set_height(side as u32);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    // The site sits at the sprite's centre.
    let centre = side / 2.0 / dpr;
    // Symbol paths are drawn around the origin, as the SVG symbols place them.
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, dpr * centre, dpr * centre);
    let path = Path2d::new_with_path_string(d).ok()?;
    // The outline first and the fill over it, as `paint-order: stroke` draws the SVG symbols.
    if super::canvas_paint::set_stroke(&ctx, &style.outline) {
        ctx.stroke_with_path(&path);
    }
    if let Some(fill) = &style.fill {
        ctx.set_global_alpha(1.0);
        ctx.set_fill_style_str(fill);
        ctx.fill_with_path_2d(&path);
    }
    let pixels = ctx.get_image_data(0.0, 0.0, side, side).ok()?.data();
    Some(SpritePixels::from_straight(side as usize, &pixels))
}
