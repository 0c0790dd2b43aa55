//! Dotted lines (planned and unbuilt routes) as dots blended into the site
//! raster, rather than as dashed strokes.
//!
//! Chromium's software canvas stroked a dash pattern of round dots as one
//! contour per dot: with the synthetic layer that was about 100 ms of every
//! repaint, two thirds of the canvas's raster time. Each dot is a copy of a
//! small bitmap here, placed to a quarter of a device pixel.

use crate::paint_style::Stroke;
use crate::site_raster::{SiteRaster, SpritePixels};
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

/// Sub-pixel positions per axis a dot is drawn at.
const PHASES: usize = 4;

/// A dash pattern of dots: short dashes with round caps, one every `period`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DotPattern {
    /// Length of each dash, not counting its caps.
    pub on: f64,
    /// From one dash's start to the next one's.
    pub period: f64,
}

impl DotPattern {
    /// The pattern of `stroke` if it draws round dots (dashes no longer than a
    /// pixel, round caps), which look alike whichever way the line runs.
    pub fn of(stroke: &Stroke) -> Option<DotPattern> {
        match stroke.dash[..] {
            [on, off] if stroke.cap == "round" && (0.0..=1.0).contains(&on) && off > 0.0 => {
                Some(DotPattern {
                    on,
                    period: on + off,
                })
            }
            _ => None,
        }
    }
}

/// Calls `dot` with the centre of every dot along the line through `points`,
/// the pattern starting afresh at the first point, as canvas and SVG start it.
pub fn for_each_dot(points: &[(f64, f64)], pattern: DotPattern, mut dot: impl FnMut(f64, f64)) {
    if pattern.period <= 0.0 {
        return;
    }
    // How far along the line the next dot's centre is, and how far the walk has come.
    let (mut next, mut walked) = (pattern.on / 2.0, 0.0);
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        let length = (x1 - x0).hypot(y1 - y0);
        while next <= walked + length && length > 0.0 {
            let t = (next - walked) / length;
            dot(x0 + t * (x1 - x0), y0 + t * (y1 - y0));
            next += pattern.period;
        }
        walked += length;
    }
}

/// One stroke's dot, drawn at every quarter-pixel offset.
pub struct DotSprites {
    /// `PHASES` × `PHASES` sprites, by vertical then horizontal offset.
    phases: Vec<SpritePixels>,
    /// Device pixels from a sprite's corner to its dot's centre, before the offset.
    centre: i64,
}

impl DotSprites {
    /// The dots of `stroke` at `dpr`; `None` when the stroke paints nothing.
    pub fn draw(stroke: &Stroke, pattern: DotPattern, dpr: f64) -> Option<DotSprites> {
        let colour = stroke.colour.as_deref()?;
        // As `set_stroke` has it; a zero line width would leave the canvas's own.
        if stroke.width <= 0.0 || stroke.opacity <= 0.0 {
            return None;
        }
        let reach = (stroke.width + pattern.on) / 2.0 * dpr + 1.0;
        let centre = reach.ceil() as i64;
        let side = 2 * centre as u32 + 1;
        let canvas = super::canvas_paint::new_canvas()?;
        canvas.set_width(side);
        canvas.set_height(side);
        let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(stroke.width * dpr);
        ctx.set_line_cap("round");
        ctx.set_global_alpha(stroke.opacity);
        let half_dash = pattern.on * dpr / 2.0;
        let mut phases = Vec::with_capacity(PHASES * PHASES);
        for py in 0..PHASES {
            for px in 0..PHASES {
                let x = centre as f64 + px as f64 / PHASES as f64;
                let y = centre as f64 + py as f64 / PHASES as f64;
                ctx.clear_rect(0.0, 0.0, f64::from(side), f64::from(side));
                ctx.begin_path();
                // A dash of length zero still gets its round caps: a dot.
                ctx.move_to(x - half_dash, y);
                ctx.line_to(x + half_dash, y);
                ctx.stroke();
                let pixels = ctx
                    .get_image_data(0.0, 0.0, f64::from(side), f64::from(side))
                    .ok()?
                    .data();
                phases.push(SpritePixels::from_straight(side as usize, &pixels));
            }
        }
        Some(DotSprites { phases, centre })
    }

    /// Blends a dot centred on device pixel position (`x`, `y`) into `raster`.
    pub fn stamp(&self, raster: &mut SiteRaster, x: f64, y: f64) {
        let (left, px) = split(x);
        let (top, py) = split(y);
        if let Some(sprite) = self.phases.get(py * PHASES + px) {
            raster.stamp(sprite, left - self.centre, top - self.centre);
        }
    }
}

/// A device coordinate as its whole pixel and its nearest quarter past it.
fn split(v: f64) -> (i64, usize) {
    let quarters = (v * PHASES as f64).round() as i64;
    (
        quarters.div_euclid(PHASES as i64),
        quarters.rem_euclid(PHASES as i64) as usize,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stroke(dash: Vec<f64>, cap: &str) -> Stroke {
        Stroke {
            colour: Some("#667".into()),
            width: 4.0,
            dash,
            cap: cap.into(),
            opacity: 1.0,
        }
    }

    #[test]
    fn only_round_short_dashes_are_dots() {
        assert_eq!(
            DotPattern::of(&stroke(vec![0.5, 6.0], "round")),
            Some(DotPattern {
                on: 0.5,
                period: 6.5
            })
        );
        assert_eq!(DotPattern::of(&stroke(vec![9.0, 7.0], "butt")), None);
        assert_eq!(DotPattern::of(&stroke(vec![0.5, 6.0], "butt")), None);
        assert_eq!(
            DotPattern::of(&stroke(vec![10.0, 4.0, 2.0, 4.0], "round")),
            None
        );
        assert_eq!(DotPattern::of(&stroke(vec![], "round")), None);
    }

    #[test]
    fn dots_follow_the_line_one_period_apart_across_its_bends() {
        let pattern = DotPattern {
            on: 1.0,
            period: 10.0,
        };
        let mut dots = Vec::new();
        // 25 px east, then 20 px south.
        for_each_dot(&[(0.0, 0.0), (25.0, 0.0), (25.0, 20.0)], pattern, |x, y| {
            dots.push((x, y))
        });
        assert_eq!(
            dots,
            vec![
                (0.5, 0.0),
                (10.5, 0.0),
                (20.5, 0.0),
                (25.0, 5.5),
                (25.0, 15.5)
            ]
        );
    }

    #[test]
    fn repeated_points_and_single_points_draw_no_stray_dots() {
        let pattern = DotPattern {
            on: 0.0,
            period: 5.0,
        };
        let mut count = 0;
        for_each_dot(&[(3.0, 3.0), (3.0, 3.0), (3.0, 8.0)], pattern, |_, _| {
            count += 1
        });
        assert_eq!(count, 2, "at 0 and 5 px along");
        for_each_dot(&[(1.0, 1.0)], pattern, |_, _| count += 1);
        assert_eq!(count, 2);
    }

    #[test]
    fn coordinates_split_into_pixel_and_quarter() {
        assert_eq!(split(10.0), (10, 0));
        assert_eq!(split(10.26), (10, 1));
        assert_eq!(split(10.5), (10, 2));
        assert_eq!(split(10.9), (11, 0));
        assert_eq!(split(-0.25), (-1, 3));
    }
}
