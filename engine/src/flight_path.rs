//! The path of a camera flight: zoom out, pan, zoom in, as van Wijk and Nuij
//! describe in "Smooth and efficient zooming and panning" (2003), the curve
//! MapLibre's `flyTo` follows. It is pure arithmetic, so it is tested natively.

use crate::projection::{World, project, unproject, world_size, zoom_scale};
use crate::viewport::Viewport;

/// How far the flight zooms out on its way: the curve parameter ρ MapLibre uses.
pub const RHO: f64 = 1.42;
/// The flight's speed along the curve, in screen widths per second.
const SPEED: f64 = 1.2;
/// The shortest flight, in milliseconds, so a small move is still seen as one.
const MIN_MS: f64 = 450.0;
/// The longest flight, in milliseconds: a presenter's room does not wait longer.
const MAX_MS: f64 = 3500.0;

/// A flight from one view to another, sampled by the fraction of its length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlightPath {
    from: World,
    to: World,
    from_zoom: f64,
    /// The screen's span at the start, in pixels of the start zoom.
    w0: f64,
    /// The distance between the centres, in pixels of the start zoom.
    u1: f64,
    /// The curve's starting parameter.
    r0: f64,
    /// The curve's length, in units of `w0` per ρ.
    length: f64,
    /// Whether start and end share a centre, so the flight only zooms.
    zoom_only: Option<f64>,
}

impl FlightPath {
    /// The path from `from` to `to` (which must have the same screen size).
    pub fn new(from: &Viewport, to: &Viewport) -> FlightPath {
        let (a, b) = (project(from.center), project(to.center));
        let size = world_size(from.zoom);
        let w0 = from.width.max(from.height).max(1.0);
        let w1 = w0 / zoom_scale(to.zoom - from.zoom);
        let u1 = ((b.x - a.x) * size).hypot((b.y - a.y) * size);
        let rho2 = RHO * RHO;
        let r = |end: bool| {
            let (w, sign) = if end { (w1, -1.0) } else { (w0, 1.0) };
            let b = (w1 * w1 - w0 * w0 + sign * rho2 * rho2 * u1 * u1) / (2.0 * w * rho2 * u1);
            ((b * b + 1.0).sqrt() - b).ln()
        };
        let r0 = r(false);
        let length = (r(true) - r0) / RHO;
        let mut path = FlightPath {
            from: a,
            to: b,
            from_zoom: from.zoom,
            w0,
            u1,
            r0,
            length,
            zoom_only: None,
        };
        if u1 < 1e-6 || !length.is_finite() {
            // No pan to speak of: the curve degenerates to a zoom at a steady pace.
            let k = if w1 < w0 { -1.0 } else { 1.0 };
            path.length = (w1 / w0).ln().abs() / RHO;
            path.zoom_only = Some(k);
        }
        path
    }

    /// How long the flight takes, in milliseconds: longer the farther it goes.
    pub fn duration_ms(&self) -> f64 {
        (1000.0 * self.length / SPEED).clamp(MIN_MS, MAX_MS)
    }

    /// The centre and zoom a fraction `f` (0 to 1) of the way along the path.
    pub fn at(&self, f: f64) -> (World, f64) {
        let s = f.clamp(0.0, 1.0) * self.length;
        let (width, along) = match self.zoom_only {
            Some(k) => ((k * RHO * s).exp(), 0.0),
            None => {
                let rho2 = RHO * RHO;
                let w = self.r0.cosh() / (self.r0 + RHO * s).cosh();
                let u = self.w0
                    * ((self.r0.cosh() * (self.r0 + RHO * s).tanh() - self.r0.sinh()) / rho2)
                    / self.u1;
                (w, u)
            }
        };
        let centre = World {
            x: self.from.x + (self.to.x - self.from.x) * along,
            y: self.from.y + (self.to.y - self.from.y) * along,
        };
        // `width` is the screen's span relative to the start: its inverse is the scale.
        let zoom = self.from_zoom - width.log2();
        (centre, zoom)
    }

    /// The view a fraction `f` of the way along, on `from`'s screen.
    pub fn view_at(&self, from: &Viewport, f: f64) -> Viewport {
        let (centre, zoom) = self.at(f);
        Viewport {
            center: unproject(centre),
            zoom,
            ..*from
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::LonLat;

    fn view(lon: f64, lat: f64, zoom: f64) -> Viewport {
        Viewport {
            center: LonLat { lon, lat },
            zoom,
            width: 1280.0,
            height: 720.0,
        }
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() < tolerance
    }

    #[test]
    fn the_path_starts_and_ends_at_the_two_views() {
        let (from, to) = (view(116.4, 39.9, 4.0), view(49.87, 40.41, 7.0));
        let path = FlightPath::new(&from, &to);
        let start = path.view_at(&from, 0.0);
        let end = path.view_at(&from, 1.0);
        assert!(close(start.zoom, 4.0, 1e-9) && close(start.center.lon, 116.4, 1e-6));
        assert!(close(end.zoom, 7.0, 1e-6), "{end:?}");
        assert!(close(end.center.lon, 49.87, 1e-6) && close(end.center.lat, 40.41, 1e-6));
    }

    #[test]
    fn a_long_flight_zooms_out_on_the_way() {
        let (from, to) = (view(116.4, 39.9, 6.0), view(4.35, 50.85, 6.0));
        let path = FlightPath::new(&from, &to);
        let middle = path.view_at(&from, 0.5);
        assert!(middle.zoom < 5.0, "{middle:?}");
        // The zoom falls, then rises: one low point, near the middle for equal zooms.
        let zooms: Vec<f64> = (0..=20).map(|i| path.at(f64::from(i) / 20.0).1).collect();
        let lowest = zooms
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| i);
        assert_eq!(lowest, Some(10));
    }

    #[test]
    fn the_pan_moves_steadily_forward() {
        let (from, to) = (view(116.4, 39.9, 5.0), view(49.87, 40.41, 8.0));
        let path = FlightPath::new(&from, &to);
        let mut last = f64::INFINITY;
        for i in 0..=50 {
            let (c, _) = path.at(f64::from(i) / 50.0);
            let lon = unproject(c).lon;
            assert!(lon <= last + 1e-9, "step {i}: {lon} after {last}");
            last = lon;
        }
    }

    #[test]
    fn farther_flights_take_longer_within_bounds() {
        let from = view(49.87, 40.41, 7.0);
        let near = FlightPath::new(&from, &view(50.2, 40.41, 7.0)).duration_ms();
        let far = FlightPath::new(&from, &view(116.4, 39.9, 7.0)).duration_ms();
        assert!(near < far, "{near} {far}");
        assert!((MIN_MS..=MAX_MS).contains(&near) && (MIN_MS..=MAX_MS).contains(&far));
    }

    #[test]
    fn a_zoom_in_place_only_zooms() {
        let from = view(49.87, 40.41, 4.0);
        let path = FlightPath::new(&from, &view(49.87, 40.41, 8.0));
        let half = path.view_at(&from, 0.5);
        assert!(close(half.zoom, 6.0, 1e-6), "{half:?}");
        assert!(close(half.center.lon, 49.87, 1e-6));
        assert!(close(path.view_at(&from, 1.0).zoom, 8.0, 1e-6));
    }
}
