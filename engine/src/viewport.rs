//! What part of the world is on screen, and the arithmetic of moving it.

use crate::projection::{LonLat, World, project, unproject, world_size, zoom_scale};
use atlas_model::Bbox;
use atlas_model::number::Fixed;
use atlas_model::number::parse_decimal;

/// The least zoom of all (the world 512 pixels wide); a view's own least zoom
/// is higher where the world would not fill it (see [`Viewport::min_zoom`]).
pub const MIN_ZOOM: f64 = 1.0;
/// The greatest zoom: street level is beyond our data's precision.
pub const MAX_ZOOM: f64 = 14.0;

/// A settled view: the centre, the zoom level and the map's size in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// The geographic centre of the map.
    pub center: LonLat,
    /// Zoom level; may be fractional.
    pub zoom: f64,
    /// Map width in CSS pixels.
    pub width: f64,
    /// Map height in CSS pixels.
    pub height: f64,
}

/// Screen space kept free around a fitted box: top, right, bottom, left, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Padding {
    /// Pixels kept free at the top.
    pub top: f64,
    /// Pixels kept free on the right.
    pub right: f64,
    /// Pixels kept free at the bottom.
    pub bottom: f64,
    /// Pixels kept free on the left.
    pub left: f64,
}

impl Padding {
    /// The same padding on every side.
    pub const fn uniform(px: f64) -> Padding {
        Padding {
            top: px,
            right: px,
            bottom: px,
            left: px,
        }
    }
}

/// A pending pan and zoom applied as a CSS transform while a gesture runs:
/// a screen point `p` of the settled view appears at `p * scale + (tx, ty)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transform {
    /// Horizontal shift in pixels.
    pub tx: f64,
    /// Vertical shift in pixels.
    pub ty: f64,
    /// Scale factor (2 = one zoom level in).
    pub scale: f64,
}

impl Transform {
    /// No movement.
    pub const IDENTITY: Transform = Transform {
        tx: 0.0,
        ty: 0.0,
        scale: 1.0,
    };

    /// This transform followed by a shift.
    pub fn translated(self, dx: f64, dy: f64) -> Transform {
        Transform {
            tx: self.tx + dx,
            ty: self.ty + dy,
            ..self
        }
    }

    /// This transform followed by a zoom by `factor` that keeps screen point (px, py) fixed.
    pub fn zoomed_at(self, factor: f64, px: f64, py: f64) -> Transform {
        Transform {
            tx: px - (px - self.tx) * factor,
            ty: py - (py - self.ty) * factor,
            scale: self.scale * factor,
        }
    }

    /// Whether this is (practically) no movement.
    pub fn is_identity(&self) -> bool {
        self.tx.abs() < 1e-6 && self.ty.abs() < 1e-6 && (self.scale - 1.0).abs() < 1e-9
    }

    /// The CSS `transform` value.
    pub fn css(&self) -> String {
        format!(
            "translate({}px, {}px) scale({})",
            Fixed(self.tx, 2),
            Fixed(self.ty, 2),
            Fixed(self.scale, 5)
        )
    }
}

/// Layer coordinates: world pixels at one zoom, less an origin that stays put
/// until the zoom changes. Paths and symbols are drawn in these, so a pan that
/// settles moves one group's transform instead of every path and symbol, as
/// Leaflet's pixel origin does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The zoom the layer coordinates are drawn at.
    pub zoom: f64,
    /// The pixel-space point that layer coordinate (0, 0) stands for.
    pub origin: (f64, f64),
}

impl Frame {
    /// A frame whose origin is the view's top-left corner.
    pub fn of(view: &Viewport) -> Frame {
        Frame {
            zoom: view.zoom,
            origin: view.origin(),
        }
    }

    /// The frame to draw `view` in: `previous`, kept while the zoom is the same
    /// and the origin is near enough for precise coordinates; a new one otherwise.
    pub fn follow(previous: Option<&Frame>, view: &Viewport) -> Frame {
        const FAR: f64 = 1.0e5;
        match previous {
            Some(p) if p.zoom == view.zoom => {
                let (x, y) = view.origin();
                if (p.origin.0 - x).abs() < FAR && (p.origin.1 - y).abs() < FAR {
                    *p
                } else {
                    Frame::of(view)
                }
            }
            _ => Frame::of(view),
        }
    }

    /// The frame as `zoom origin-x origin-y`: how a drawing made elsewhere
    /// (the server's first map) names the frame it is drawn in.
    pub fn to_text(&self) -> String {
        format!("{} {} {}", self.zoom, self.origin.0, self.origin.1)
    }

    /// A frame written by [`Frame::to_text`]; `None` for anything else.
    pub fn parse(text: &str) -> Option<Frame> {
        let mut numbers = text.split_ascii_whitespace().map(parse_decimal);
        let (zoom, x, y) = (numbers.next()??, numbers.next()??, numbers.next()??);
        numbers.next().is_none().then_some(Frame {
            zoom,
            origin: (x, y),
        })
    }

    /// A world point in layer coordinates.
    pub fn to_layer(&self, w: World) -> (f64, f64) {
        let size = world_size(self.zoom);
        (w.x * size - self.origin.0, w.y * size - self.origin.1)
    }

    /// The shift from layer to screen coordinates of `view` (drawn at the same zoom).
    pub fn offset(&self, view: &Viewport) -> (f64, f64) {
        let (x, y) = view.origin();
        (self.origin.0 - x, self.origin.1 - y)
    }
}

impl Viewport {
    /// The top-left corner in pixel space at this zoom.
    fn origin(&self) -> (f64, f64) {
        let size = world_size(self.zoom);
        let c = project(self.center);
        (
            c.x * size - self.width / 2.0,
            c.y * size - self.height / 2.0,
        )
    }

    /// Where a world point appears on screen.
    pub fn to_screen(&self, w: World) -> (f64, f64) {
        let size = world_size(self.zoom);
        let (ox, oy) = self.origin();
        (w.x * size - ox, w.y * size - oy)
    }

    /// Where a geographic position appears on screen.
    pub fn lonlat_to_screen(&self, p: LonLat) -> (f64, f64) {
        self.to_screen(project(p))
    }

    /// The geographic position under a screen point.
    pub fn screen_to_lonlat(&self, sx: f64, sy: f64) -> LonLat {
        let size = world_size(self.zoom);
        let (ox, oy) = self.origin();
        unproject(World {
            x: (sx + ox) / size,
            y: (sy + oy) / size,
        })
    }

    /// The view a finished gesture leaves: what was under the screen centre
    /// before the transform is found, and made the new centre.
    pub fn after(&self, t: Transform) -> Viewport {
        if t.is_identity() {
            return *self;
        }
        let zoom = (self.zoom + t.scale.log2()).clamp(self.min_zoom(), MAX_ZOOM);
        let (cx, cy) = (self.width / 2.0, self.height / 2.0);
        let center = self.screen_to_lonlat((cx - t.tx) / t.scale, (cy - t.ty) / t.scale);
        Viewport {
            center,
            zoom,
            ..*self
        }
        .clamped()
    }

    /// The same view with another zoom level, keeping screen point (px, py) fixed.
    pub fn zoomed_at(&self, zoom: f64, px: f64, py: f64) -> Viewport {
        let zoom = zoom.clamp(self.min_zoom(), MAX_ZOOM);
        let factor = zoom_scale(zoom - self.zoom);
        self.after(Transform::IDENTITY.zoomed_at(factor, px, py))
    }

    /// The same view moved so that content shifts by (dx, dy) pixels.
    pub fn panned(&self, dx: f64, dy: f64) -> Viewport {
        self.after(Transform::IDENTITY.translated(dx, dy))
    }

    /// The view that shows `bbox` whole inside the screen less `padding`
    /// (top, right, bottom, left pixels), so panels need not hide any of it.
    pub fn fit(bbox: Bbox, width: f64, height: f64, padding: Padding) -> Viewport {
        let Bbox {
            west: w,
            south: s,
            east: e,
            north: n,
        } = bbox;
        let sw = project(LonLat { lon: w, lat: s });
        let ne = project(LonLat { lon: e, lat: n });
        let span_x = (ne.x - sw.x).abs().max(1e-9);
        let span_y = (sw.y - ne.y).abs().max(1e-9);
        let avail_w = (width - padding.left - padding.right).max(1.0);
        let avail_h = (height - padding.top - padding.bottom).max(1.0);
        let zoom = (avail_w / (span_x * 256.0))
            .min(avail_h / (span_y * 256.0))
            .log2()
            .clamp(min_zoom(width, height), MAX_ZOOM);
        // Put the box's centre at the centre of the free area, not of the screen.
        let size = world_size(zoom);
        let shift_x = (padding.left - padding.right) / 2.0 / size;
        let shift_y = (padding.top - padding.bottom) / 2.0 / size;
        let center = unproject(World {
            x: (sw.x + ne.x) / 2.0 - shift_x,
            y: (sw.y + ne.y) / 2.0 - shift_y,
        });
        Viewport {
            center,
            zoom,
            width,
            height,
        }
        .clamped()
    }

    /// The geographic box on screen: `[west, south, east, north]`.
    pub fn bounds(&self) -> Bbox {
        let nw = self.screen_to_lonlat(0.0, 0.0);
        let se = self.screen_to_lonlat(self.width, self.height);
        Bbox::new(nw.lon, se.lat, se.lon, nw.lat)
    }

    /// The least zoom at which the world fills this view: no empty band
    /// beyond the poles' cut-off or the antimeridian, at any aspect ratio.
    pub fn min_zoom(&self) -> f64 {
        min_zoom(self.width, self.height)
    }

    /// Keeps the zoom in range and the world filling the view, so the map
    /// cannot drift off the world into empty space; the view stops at the
    /// antimeridian, where the world's edge is.
    pub fn clamped(self) -> Viewport {
        let zoom = self.zoom.clamp(self.min_zoom(), MAX_ZOOM);
        let size = world_size(zoom);
        let c = project(self.center);
        let keep = |at: f64, half: f64| {
            let half = (half / size).min(0.5);
            at.clamp(half, 1.0 - half)
        };
        Viewport {
            center: unproject(World {
                x: keep(c.x, self.width / 2.0),
                y: keep(c.y, self.height / 2.0),
            }),
            zoom,
            ..self
        }
    }
}

/// The least zoom at which the world (256 pixels at zoom 0) fills a view of this size.
fn min_zoom(width: f64, height: f64) -> f64 {
    (width.max(height).max(1.0) / 256.0)
        .log2()
        .clamp(MIN_ZOOM, MAX_ZOOM)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_frame_reads_back_as_written_and_nothing_else_reads() {
        let frame = Frame {
            zoom: 4.253_961_207,
            origin: (1024.5, -36.75),
        };
        assert_eq!(Frame::parse(&frame.to_text()), Some(frame));
        for bad in ["", "4 1", "4 1 2 3", "4 x 2", "NaN 1 2", "inf 1 2"] {
            assert!(Frame::parse(bad).is_none(), "{bad:?}");
        }
    }

    use super::*;

    fn baku_view() -> Viewport {
        Viewport {
            center: LonLat {
                lon: 49.87,
                lat: 40.41,
            },
            zoom: 6.0,
            width: 800.0,
            height: 600.0,
        }
    }

    #[test]
    fn the_centre_appears_in_the_middle_of_the_screen() {
        let v = baku_view();
        let (x, y) = v.lonlat_to_screen(v.center);
        assert!((x - 400.0).abs() < 1e-6 && (y - 300.0).abs() < 1e-6);
    }

    #[test]
    fn zooming_at_a_point_keeps_that_point_still() {
        let v = baku_view();
        let before = v.screen_to_lonlat(100.0, 150.0);
        let zoomed = v.zoomed_at(8.0, 100.0, 150.0);
        let (x, y) = zoomed.lonlat_to_screen(before);
        assert!(
            (x - 100.0).abs() < 1e-6 && (y - 150.0).abs() < 1e-6,
            "{x} {y}"
        );
        assert_eq!(zoomed.zoom, 8.0);
    }

    #[test]
    fn panning_moves_content_with_the_pointer() {
        let v = baku_view();
        let moved = v.panned(50.0, -20.0);
        let (x, y) = moved.lonlat_to_screen(v.center);
        assert!(
            (x - 450.0).abs() < 1e-6 && (y - 280.0).abs() < 1e-6,
            "{x} {y}"
        );
    }

    #[test]
    fn fit_shows_the_whole_box_inside_the_padding() {
        let bbox = Bbox::new(38.5, 38.3, 51.0, 43.7);
        let v = Viewport::fit(bbox, 800.0, 600.0, Padding::uniform(20.0));
        let (x0, y0) = v.lonlat_to_screen(LonLat {
            lon: bbox.west,
            lat: bbox.north,
        });
        let (x1, y1) = v.lonlat_to_screen(LonLat {
            lon: bbox.east,
            lat: bbox.south,
        });
        assert!(
            x0 >= 19.9 && y0 >= 19.9 && x1 <= 780.1 && y1 <= 580.1,
            "{x0} {y0} {x1} {y1}"
        );
        assert!(
            (x0 - 20.0).abs() < 0.1 || (y0 - 20.0).abs() < 0.1,
            "one side touches the padding"
        );
    }

    #[test]
    fn fit_keeps_the_box_clear_of_a_panel_on_the_left() {
        let bbox = Bbox::new(6.7, 30.0, 116.4, 56.0);
        let padding = Padding {
            top: 20.0,
            right: 20.0,
            bottom: 20.0,
            left: 300.0,
        };
        let v = Viewport::fit(bbox, 1280.0, 750.0, padding);
        let (west, _) = v.lonlat_to_screen(LonLat {
            lon: bbox.west,
            lat: bbox.south,
        });
        let (east, _) = v.lonlat_to_screen(LonLat {
            lon: bbox.east,
            lat: bbox.south,
        });
        assert!(west >= 299.9 && east <= 1260.1, "{west} {east}");
    }

    #[test]
    fn panning_stops_where_the_world_ends() {
        let v = baku_view().panned(-1.0e6, 0.0);
        let (east_edge, _) = v.to_screen(World { x: 1.0, y: 0.5 });
        assert!((east_edge - v.width).abs() < 1e-6, "{east_edge}");
        let v = baku_view().panned(0.0, 1.0e6);
        let (_, top) = v.to_screen(World { x: 0.5, y: 0.0 });
        assert!(top.abs() < 1e-6, "{top}");
    }

    #[test]
    fn the_world_fills_a_view_of_any_shape() {
        for (width, height) in [(1920.0, 1080.0), (390.0, 844.0), (3000.0, 400.0)] {
            let v = Viewport {
                width,
                height,
                ..baku_view()
            }
            .zoomed_at(-10.0, 0.0, 0.0);
            assert!(world_size(v.zoom) >= width.max(height) - 1e-6);
            let (x0, y0) = v.to_screen(World { x: 0.0, y: 0.0 });
            let (x1, y1) = v.to_screen(World { x: 1.0, y: 1.0 });
            assert!(x0 <= 1e-6 && y0 <= 1e-6 && x1 >= width - 1e-6 && y1 >= height - 1e-6);
        }
    }

    #[test]
    fn a_phone_can_fit_xian_to_brussels() {
        let corridor = Bbox::new(4.35, 34.2, 116.4, 52.6);
        let v = Viewport::fit(corridor, 390.0, 790.0, Padding::uniform(30.0));
        let (west, _) = v.lonlat_to_screen(LonLat {
            lon: 4.35,
            lat: 50.8,
        });
        let (east, _) = v.lonlat_to_screen(LonLat {
            lon: 116.4,
            lat: 39.9,
        });
        assert!(west >= 29.9 && east <= 360.1, "{west} {east}");
    }

    #[test]
    fn a_pan_keeps_the_frame_and_shifts_it_on_screen() {
        let v = baku_view();
        let frame = Frame::of(&v);
        let moved = v.panned(50.0, -20.0);
        assert_eq!(Frame::follow(Some(&frame), &moved), frame);
        let (dx, dy) = frame.offset(&moved);
        let (lx, ly) = frame.to_layer(project(v.center));
        let (sx, sy) = moved.lonlat_to_screen(v.center);
        assert!((lx + dx - sx).abs() < 1e-6 && (ly + dy - sy).abs() < 1e-6);
    }

    #[test]
    fn a_zoom_starts_a_new_frame() {
        let v = baku_view();
        let frame = Frame::of(&v);
        let zoomed = v.zoomed_at(7.0, 400.0, 300.0);
        assert_eq!(Frame::follow(Some(&frame), &zoomed), Frame::of(&zoomed));
    }

    #[test]
    fn zoom_is_held_within_its_limits() {
        let v = baku_view();
        assert_eq!(v.zoomed_at(40.0, 0.0, 0.0).zoom, MAX_ZOOM);
        assert_eq!(v.zoomed_at(-3.0, 0.0, 0.0).zoom, v.min_zoom());
        assert!(v.min_zoom() >= MIN_ZOOM);
    }
}
