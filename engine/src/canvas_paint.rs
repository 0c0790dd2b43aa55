//! Painting big layers on a canvas: lines batched by look, each look's
//! strokes set once, and sites blended into one bitmap handed over in one call.
//!
//! The canvas reaches past the screen by a margin, so a pan shows painted
//! map (not blank) until the view settles and the canvas is painted anew.

use crate::canvas_tools::{context, new_canvas, set_stroke};
use crate::dotted_lines::{DotPattern, DotSprites, for_each_dot};
use crate::map_data::MapFeature;
use crate::paint_style::{Stroke, StyleCache};
use crate::site_raster::SiteRaster;
use crate::style::FeatureStyle;
use crate::symbol_sprites::{SPRITE_REACH, SymbolSprites, side_px};
use crate::viewport::{Frame, Viewport};
use atlas_model::Bbox;
use atlas_model::Filters;
use atlas_model::number::Fixed;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData, Path2d};

/// The canvas reaches this fraction of the map's size past each edge.
pub const MARGIN: f64 = 0.1;

/// What one paint needs to know.
pub struct Scene<'a> {
    /// The settled view.
    pub view: &'a Viewport,
    /// The layer coordinates the view is drawn in.
    pub frame: &'a Frame,
    /// The reader's filters.
    pub filters: &'a Filters,
    /// The selected features, painted last and highlighted.
    pub selected: &'a [String],
    /// The page's style table.
    pub style: &'a FeatureStyle,
}

/// A canvas painter, with the styles it has read so far.
#[derive(Default)]
pub struct Painter {
    styles: StyleCache,
    sprites: SymbolSprites,
    /// The sites of the paint under way, kept between paints for its memory.
    raster: SiteRaster,
    /// A canvas off the page that carries the raster onto the map's canvas.
    scratch: Option<HtmlCanvasElement>,
    /// Each dotted look's dot, by style classes, and the density it was drawn at.
    dots: HashMap<String, (f64, DotSprites)>,
}

impl Painter {
    /// Forgets styles, so the next paint reads the stylesheet anew.
    pub fn restyle(&mut self) {
        self.styles.clear();
        self.sprites.clear();
        self.dots.clear();
    }

    /// Paints `features` for `scene` on `canvas`; returns how many were painted.
    pub fn paint(
        &mut self,
        canvas: &HtmlCanvasElement,
        features: &[Arc<MapFeature>],
        scene: &Scene,
    ) -> usize {
        let Some(ctx) = context(canvas) else {
            return 0;
        };
        let Some(host) = canvas.parent_element() else {
            return 0;
        };
        let view = scene.view;
        let (mx, my) = (view.width * MARGIN, view.height * MARGIN);
        let (width, height) = (view.width + 2.0 * mx, view.height + 2.0 * my);
        let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        fit(canvas, width, height, mx, my, dpr);
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        ctx.clear_rect(0.0, 0.0, width, height);
        // Draw in the frame's layer coordinates, shifted to the canvas's corner.
        let (ox, oy) = scene.frame.offset(view);
        let place = Placement {
            dpr,
            shift: (ox + mx, oy + my),
        };
        place.layer_transform(&ctx);

        let reach = SPRITE_REACH;
        let nw = view.screen_to_lonlat(-mx - reach, -my - reach);
        let se = view.screen_to_lonlat(view.width + mx + reach, view.height + my + reach);
        let visible = Bbox::new(nw.lon, se.lat, se.lon, nw.lat);

        // Areas under lines under sites; within each, one batch per look.
        let mut paths: BTreeMap<(u8, String), Vec<&MapFeature>> = BTreeMap::new();
        let mut sites: BTreeMap<String, Vec<&MapFeature>> = BTreeMap::new();
        let mut chosen: Vec<&MapFeature> = Vec::new();
        let mut painted = 0;
        for feature in features {
            if !feature.bbox.intersects(&visible) || !feature.shown_by(scene.filters) {
                continue;
            }
            painted += 1;
            if scene.selected.iter().any(|s| s == feature.id()) {
                chosen.push(feature.as_ref());
                continue;
            }
            let classes = (scene.style.classes)(feature);
            if feature.shape.is_path() {
                let rank = u8::from(!feature.shape.is_area());
                paths.entry((rank, classes)).or_default().push(feature);
            } else {
                sites.entry(classes).or_default().push(feature);
            }
        }
        let tier = |rank: u8| if rank == 0 { "areas" } else { "routes" };
        let selected_classes: Vec<(&str, String)> = chosen
            .iter()
            .map(|f| {
                let tier = if f.shape.is_path() {
                    tier(u8::from(!f.shape.is_area()))
                } else {
                    "sites"
                };
                (tier, format!("{} selected", (scene.style.classes)(f)))
            })
            .collect();
        self.styles.prepare(
            &host,
            paths
                .keys()
                .map(|(rank, classes)| (tier(*rank), classes.as_str()))
                .chain(sites.keys().map(|classes| ("sites", classes.as_str())))
                .chain(selected_classes.iter().map(|(t, c)| (*t, c.as_str()))),
        );
        // Dotted lines' dots go into the raster too, over every casing.
        self.raster
            .clear(canvas.width() as usize, canvas.height() as usize);
        for ((rank, classes), batch) in &paths {
            self.paint_paths(&ctx, scene.frame, Some(&place), *rank, classes, batch);
        }
        for (classes, batch) in &sites {
            self.stamp_sites(scene, &place, classes, batch);
        }
        let mut selected_paths = Vec::new();
        for (feature, (_, classes)) in chosen.iter().zip(&selected_classes) {
            if feature.shape.is_path() {
                selected_paths.push((*feature, classes));
            } else {
                self.stamp_sites(scene, &place, classes, &[feature]);
            }
        }
        self.draw_raster(&ctx);
        place.layer_transform(&ctx);
        for (feature, classes) in selected_paths {
            let rank = u8::from(!feature.shape.is_area());
            // After the raster: its dots would not show, so it is stroked.
            self.paint_paths(&ctx, scene.frame, None, rank, classes, &[feature]);
        }
        painted
    }

    /// Paints a batch of lines or areas of one look; with `dots_at`, a dotted
    /// line's dots go into the raster, placed there, instead of being stroked.
    fn paint_paths(
        &mut self,
        ctx: &CanvasRenderingContext2d,
        frame: &Frame,
        dots_at: Option<&Placement>,
        rank: u8,
        classes: &str,
        batch: &[&MapFeature],
    ) {
        // One path per feature, not one for the batch: Chromium's software
        // raster stroked 500 long lines three times faster one by one than as
        // a single path of 500 subpaths. It is also how SVG draws them.
        let paths: Vec<Path2d> = batch
            .iter()
            .filter_map(|feature| {
                let path = Path2d::new().ok()?;
                let closed = feature.shape.is_area();
                for part in feature.shape.parts_at(frame.zoom) {
                    for (i, w) in part.iter().enumerate() {
                        let (x, y) = frame.to_layer(*w);
                        if i == 0 {
                            path.move_to(x, y);
                        } else {
                            path.line_to(x, y);
                        }
                    }
                    if closed {
                        path.close_path();
                    }
                }
                Some(path)
            })
            .collect();
        let tier = if rank == 0 { "areas" } else { "routes" };
        let style = self.styles.path(tier, classes);
        if let Some(fill) = &style.fill {
            ctx.set_global_alpha(1.0);
            ctx.set_fill_style_str(fill);
            for path in &paths {
                ctx.fill_with_path_2d(path);
            }
        }
        // Every casing of the batch under every line of it.
        if set_stroke(ctx, &style.casing) {
            for path in &paths {
                ctx.stroke_with_path(path);
            }
        }
        let dotted = DotPattern::of(&style.line).zip(dots_at);
        if let Some((pattern, place)) = dotted {
            self.stamp_dots(frame, place, classes, &style.line, pattern, batch);
        } else if set_stroke(ctx, &style.line) {
            for path in &paths {
                ctx.stroke_with_path(path);
            }
        }
        ctx.set_global_alpha(1.0);
    }

    /// Blends the dots of `line` along every line of `batch` into the raster.
    fn stamp_dots(
        &mut self,
        frame: &Frame,
        place: &Placement,
        classes: &str,
        line: &Stroke,
        pattern: DotPattern,
        batch: &[&MapFeature],
    ) {
        let dpr = place.dpr;
        if self.dots.get(classes).is_none_or(|(at, _)| *at != dpr) {
            let Some(sprites) = DotSprites::draw(line, pattern, dpr) else {
                return;
            };
            self.dots.insert(classes.to_string(), (dpr, sprites));
        }
        let Some((_, sprites)) = self.dots.get(classes) else {
            return;
        };
        // In device pixels, where the raster is.
        let device = DotPattern {
            on: pattern.on * dpr,
            period: pattern.period * dpr,
        };
        let mut points = Vec::new();
        for feature in batch {
            for part in feature.shape.parts_at(frame.zoom) {
                points.clear();
                points.extend(part.iter().map(|w| {
                    let (x, y) = frame.to_layer(*w);
                    (dpr * (x + place.shift.0), dpr * (y + place.shift.1))
                }));
                for_each_dot(&points, device, |x, y| {
                    sprites.stamp(&mut self.raster, x, y)
                });
            }
        }
    }

    /// Blends the sprite of `classes` into the raster at every site of `batch`.
    fn stamp_sites(
        &mut self,
        scene: &Scene,
        place: &Placement,
        classes: &str,
        batch: &[&MapFeature],
    ) {
        // One batch is one look, so its first site's symbol is every site's.
        let Some(symbol) = batch.first().map(|f| (scene.style.symbol)(f)) else {
            return;
        };
        let frame = scene.frame;
        let style = self.styles.symbol(classes);
        let Some(sprite) = self.sprites.sprite(classes, symbol, &style, place.dpr) else {
            return;
        };
        let half = side_px(place.dpr) / 2.0;
        // In device pixels, each copy on the pixel grid: a blit, not a resampling.
        for feature in batch {
            for w in &feature.shape.points {
                let (x, y) = frame.to_layer(*w);
                let left = (place.dpr * (x + place.shift.0) - half).round();
                let top = (place.dpr * (y + place.shift.1) - half).round();
                self.raster.stamp(sprite, left as i64, top as i64);
            }
        }
    }

    /// Draws the raster over what `ctx` holds, in one call.
    fn draw_raster(&mut self, ctx: &CanvasRenderingContext2d) {
        if self.raster.is_empty() {
            return;
        }
        let (width, height) = self.raster.size();
        let Some(scratch) = self.scratch.clone().or_else(new_canvas) else {
            return;
        };
        if scratch.width() as usize != width || scratch.height() as usize != height {
            scratch.set_width(width as u32);
            scratch.set_height(height as u32);
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(
            Clamped(self.raster.take_straight()),
            width as u32,
            height as u32,
        );
        if let (Ok(image), Some(scratch_ctx)) = (image, context(&scratch)) {
            // `putImageData` replaces pixels rather than blending: hence the scratch canvas.
            let _ = scratch_ctx.put_image_data(&image, 0.0, 0.0);
            let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
            ctx.set_global_alpha(1.0);
            let _ = ctx.draw_image_with_html_canvas_element(&scratch, 0.0, 0.0);
        }
        self.scratch = Some(scratch);
    }
}

/// Where layer coordinates land on the canvas: its density and the shift from
/// the frame's origin to the canvas's corner, in CSS px.
struct Placement {
    dpr: f64,
    shift: (f64, f64),
}

impl Placement {
    /// Sets `ctx` to draw in layer coordinates.
    fn layer_transform(&self, ctx: &CanvasRenderingContext2d) {
        let (dpr, (x, y)) = (self.dpr, self.shift);
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, dpr * x, dpr * y);
    }
}

/// Sizes and places the canvas: `width`×`height` CSS pixels, reaching past
/// the map's top-left corner by the margin, backed at the screen's density.
fn fit(canvas: &HtmlCanvasElement, width: f64, height: f64, mx: f64, my: f64, dpr: f64) {
    let (w, h) = ((width * dpr).round() as u32, (height * dpr).round() as u32);
    // Resizing a canvas clears and reallocates it: only when the size changes.
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
        let style = canvas.style();
        let _ = style.set_property("width", &format!("{}px", Fixed(width, 2)));
        let _ = style.set_property("height", &format!("{}px", Fixed(height, 2)));
        let _ = style.set_property("left", &format!("{}px", Fixed(-mx, 2)));
        let _ = style.set_property("top", &format!("{}px", Fixed(-my, 2)));
    }
}
