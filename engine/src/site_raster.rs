//! Site symbols composited into one bitmap in wasm memory, handed to the
//! canvas in a single call.
//!
//! Copying a sprite per site with `drawImage` cost about 22 µs a call in
//! Chromium's software canvas, mostly crossing from wasm into the canvas:
//! 220 ms for ten thousand sites, the largest part of the first render.
//! Blending the same pixels here took about 25 ms (profiled), and handing
//! the bitmap over a few more.

/// A symbol's pixels: a square of premultiplied RGBA, `side` pixels wide.
pub struct SpritePixels {
    side: usize,
    rgba: Vec<u8>,
    /// The pixels that are not transparent, in runs along rows: a symbol fills
    /// half its square or less, and most of it is opaque, so a stamp is mostly copies.
    runs: Vec<Run>,
}

/// Pixels next to each other in one row of a sprite, all opaque or all translucent.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    row: usize,
    /// First column, and one past the last.
    start: usize,
    end: usize,
    /// Opaque pixels replace what is under them; translucent ones blend.
    opaque: bool,
}

impl SpritePixels {
    /// The sprite from straight (not premultiplied) RGBA, as `getImageData` returns it.
    pub fn from_straight(side: usize, straight: &[u8]) -> SpritePixels {
        let mut rgba = straight.to_vec();
        rgba.resize(side * side * 4, 0);
        for px in rgba.chunks_exact_mut(4) {
            let a = u16::from(px[3]);
            for c in &mut px[..3] {
                *c = scale(*c, a);
            }
        }
        let mut runs: Vec<Run> = Vec::new();
        for (row, pixels) in rgba.chunks_exact(side.max(1) * 4).enumerate() {
            for (column, px) in pixels.chunks_exact(4).enumerate() {
                let opaque = match px[3] {
                    0 => continue,
                    a => a == 255,
                };
                match runs.last_mut() {
                    Some(run) if run.row == row && run.end == column && run.opaque == opaque => {
                        run.end += 1
                    }
                    _ => runs.push(Run {
                        row,
                        start: column,
                        end: column + 1,
                        opaque,
                    }),
                }
            }
        }
        SpritePixels { side, rgba, runs }
    }
}

/// A bitmap of premultiplied RGBA the size of the canvas, sprites blended into it.
#[derive(Default)]
pub struct SiteRaster {
    width: usize,
    height: usize,
    rgba: Vec<u8>,
    /// Whether anything was stamped since the last clear.
    stamped: bool,
}

impl SiteRaster {
    /// Clears the raster to transparent at `width`×`height` device pixels.
    pub fn clear(&mut self, width: usize, height: usize) {
        self.width = width;
        self.height = height;
        let len = width * height * 4;
        // `fill` is one `memory.fill`; `resize` wrote byte by byte at opt-level z.
        if self.rgba.len() == len {
            self.rgba.fill(0);
        } else {
            self.rgba = vec![0; len];
        }
        self.stamped = false;
    }

    /// The raster's size in device pixels.
    pub fn size(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    /// Whether nothing has been stamped since the last clear.
    pub fn is_empty(&self) -> bool {
        !self.stamped
    }

    /// Blends `sprite` over the raster with its top-left corner at (`left`, `top`),
    /// as the canvas's `source-over` would; the parts off the raster are dropped.
    pub fn stamp(&mut self, sprite: &SpritePixels, left: i64, top: i64) {
        let side = sprite.side as i64;
        let (w, h) = (self.width as i64, self.height as i64);
        if left >= w || top >= h || left + side <= 0 || top + side <= 0 {
            return;
        }
        for run in &sprite.runs {
            let y = top + run.row as i64;
            // The run's pixels in raster columns, clipped to the raster.
            let from = (left + run.start as i64).max(0);
            let to = (left + run.end as i64).min(w);
            if y < 0 || y >= h || from >= to {
                continue;
            }
            self.stamped = true;
            let bytes = ((to - from) * 4) as usize;
            let src_at = ((run.row as i64 * side + (from - left)) * 4) as usize;
            let dst_at = ((y * w + from) * 4) as usize;
            let src = &sprite.rgba[src_at..src_at + bytes];
            let dst = &mut self.rgba[dst_at..dst_at + bytes];
            if run.opaque {
                dst.copy_from_slice(src);
                continue;
            }
            for (d, s) in dst.chunks_exact_mut(4).zip(src.chunks_exact(4)) {
                let keep = 255 - u32::from(s[3]);
                let blended = word(s).wrapping_add(scale_word(word(d), keep));
                d.copy_from_slice(&blended.to_le_bytes());
            }
        }
    }

    /// The raster as straight RGBA, as `ImageData` wants it; the raster is spent.
    pub fn take_straight(&mut self) -> &[u8] {
        for px in self.rgba.chunks_exact_mut(4) {
            let a = u32::from(px[3]);
            if a != 0 && a != 255 {
                for c in &mut px[..3] {
                    *c = ((u32::from(*c) * 255 + a / 2) / a).min(255) as u8;
                }
            }
        }
        &self.rgba
    }
}

/// Four bytes as one little-endian word, so a pixel is read in one load.
#[inline(always)]
fn word(px: &[u8]) -> u32 {
    u32::from_le_bytes([px[0], px[1], px[2], px[3]])
}

/// Each of the four bytes of `px` times `a` / 255, rounded, two lanes at a time.
///
/// Premultiplied `source + under × (1 − alpha)` cannot pass 255 in any byte,
/// so the caller's plain add never carries from one byte into the next.
#[inline(always)]
fn scale_word(px: u32, a: u32) -> u32 {
    let lanes = |x: u32| {
        let t = x * a + 0x0080_0080;
        ((t + ((t >> 8) & 0x00ff_00ff)) >> 8) & 0x00ff_00ff
    };
    lanes(px & 0x00ff_00ff) | (lanes((px >> 8) & 0x00ff_00ff) << 8)
}

/// `c` × `a` / 255, rounded.
fn scale(c: u8, a: u16) -> u8 {
    let x = u16::from(c) * a + 128;
    ((x + (x >> 8)) >> 8) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sprite(side: usize, px: [u8; 4]) -> SpritePixels {
        SpritePixels::from_straight(side, &px.repeat(side * side))
    }

    fn pixel(raster: &SiteRaster, x: usize, y: usize) -> [u8; 4] {
        let at = (y * raster.width + x) * 4;
        raster.rgba[at..at + 4].try_into().expect("four bytes")
    }

    #[test]
    fn scaling_rounds_and_keeps_the_ends() {
        assert_eq!(scale(255, 255), 255);
        assert_eq!(scale(200, 0), 0);
        assert_eq!(scale(255, 128), 128);
        assert_eq!(scale(100, 255), 100);
    }

    #[test]
    fn scaling_a_word_scales_each_byte_alike() {
        for a in [0_u16, 1, 77, 128, 200, 254, 255] {
            for px in [[0_u8, 255, 1, 128], [37, 90, 254, 3], [255; 4]] {
                let want = px.map(|c| scale(c, a));
                let got = scale_word(u32::from_le_bytes(px), u32::from(a)).to_le_bytes();
                assert_eq!(got, want, "{px:?} by {a}");
            }
        }
    }

    #[test]
    fn an_opaque_sprite_covers_what_is_under_it() {
        let mut raster = SiteRaster::default();
        raster.clear(4, 4);
        raster.stamp(&sprite(2, [10, 20, 30, 255]), 1, 1);
        raster.stamp(&sprite(2, [200, 100, 0, 255]), 2, 2);
        assert_eq!(pixel(&raster, 1, 1), [10, 20, 30, 255]);
        assert_eq!(pixel(&raster, 2, 2), [200, 100, 0, 255]);
        assert_eq!(pixel(&raster, 0, 0), [0, 0, 0, 0]);
        assert!(!raster.is_empty());
    }

    #[test]
    fn a_translucent_sprite_blends_as_source_over() {
        let mut raster = SiteRaster::default();
        raster.clear(1, 1);
        raster.stamp(&sprite(1, [0, 0, 255, 255]), 0, 0);
        // Half-transparent red over opaque blue: half of each, still opaque.
        raster.stamp(&sprite(1, [255, 0, 0, 128]), 0, 0);
        assert_eq!(pixel(&raster, 0, 0), [128, 0, 127, 255]);
        assert_eq!(raster.take_straight(), &[128, 0, 127, 255]);
    }

    #[test]
    fn straight_alpha_comes_back_from_premultiplied() {
        let mut raster = SiteRaster::default();
        raster.clear(1, 1);
        raster.stamp(&sprite(1, [200, 100, 50, 128]), 0, 0);
        let [r, g, b, a] = raster.take_straight().try_into().expect("one pixel");
        assert_eq!(a, 128);
        for (got, want) in [(r, 200), (g, 100), (b, 50)] {
            assert!(got.abs_diff(want) <= 1, "{got} vs {want}");
        }
    }

    #[test]
    fn sprites_off_the_edges_are_clipped_not_panicking() {
        let mut raster = SiteRaster::default();
        raster.clear(3, 3);
        let s = sprite(2, [1, 2, 3, 255]);
        for (x, y) in [(-1, -1), (2, 2), (-5, 0), (0, 7), (3, 3), (-2, -2)] {
            raster.stamp(&s, x, y);
        }
        assert_eq!(pixel(&raster, 0, 0), [1, 2, 3, 255]);
        assert_eq!(pixel(&raster, 2, 2), [1, 2, 3, 255]);
        assert_eq!(pixel(&raster, 1, 1), [0, 0, 0, 0]);
    }

    #[test]
    fn transparent_pixels_are_skipped_and_the_rest_kept() {
        // A 3×3 sprite: top row empty, middle row "x.x", bottom row ".x.".
        let (o, x) = ([0_u8; 4], [50_u8, 60, 70, 255]);
        let rows = [[o, o, o], [x, o, x], [o, x, o]];
        let straight: Vec<u8> = rows.iter().flatten().flatten().copied().collect();
        let s = SpritePixels::from_straight(3, &straight);
        let run = |row, start, end| Run {
            row,
            start,
            end,
            opaque: true,
        };
        assert_eq!(s.runs, vec![run(1, 0, 1), run(1, 2, 3), run(2, 1, 2)]);
        let mut raster = SiteRaster::default();
        raster.clear(3, 3);
        raster.stamp(&sprite(3, [1, 1, 1, 255]), 0, 0);
        raster.stamp(&s, 0, 0);
        assert_eq!(pixel(&raster, 1, 0), [1, 1, 1, 255]);
        assert_eq!(pixel(&raster, 0, 1), [50, 60, 70, 255]);
        assert_eq!(pixel(&raster, 1, 1), [1, 1, 1, 255]);
        assert_eq!(pixel(&raster, 1, 2), [50, 60, 70, 255]);
        assert_eq!(pixel(&raster, 2, 2), [1, 1, 1, 255]);
    }

    #[test]
    fn runs_split_where_opacity_changes() {
        let (o, x, t) = ([0_u8; 4], [9_u8, 9, 9, 255], [9_u8, 9, 9, 100]);
        let straight: Vec<u8> = [[t, x], [x, o]]
            .iter()
            .flatten()
            .flatten()
            .copied()
            .collect();
        let s = SpritePixels::from_straight(2, &straight);
        let opacities: Vec<(usize, usize, bool)> =
            s.runs.iter().map(|r| (r.row, r.start, r.opaque)).collect();
        assert_eq!(opacities, vec![(0, 0, false), (0, 1, true), (1, 0, true)]);
    }

    #[test]
    fn nothing_stamped_on_the_raster_leaves_it_empty() {
        let mut raster = SiteRaster::default();
        raster.clear(2, 2);
        raster.stamp(&sprite(1, [9, 9, 9, 255]), 5, 5);
        assert!(raster.is_empty());
        assert_eq!(raster.size(), (2, 2));
    }
}
