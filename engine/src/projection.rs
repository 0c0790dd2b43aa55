//! Spherical Web Mercator (EPSG:3857), as every slippy map uses.
//!
//! World coordinates are the unit square: x from 0 (180°W) to 1 (180°E), y from
//! 0 (85.05°N) to 1 (85.05°S). A zoom level `z` maps it to `256 * 2^z` pixels.

use std::f64::consts::PI;

/// Edge length of the world in pixels at zoom 0, as tile pyramids define it.
pub const TILE_SIZE: f64 = 256.0;

/// Latitude at which Web Mercator's square world is cut off.
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// A point in world coordinates (the unit square).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct World {
    /// 0 at 180°W, 1 at 180°E.
    pub x: f64,
    /// 0 at the top (north), 1 at the bottom.
    pub y: f64,
}

/// A WGS 84 position in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonLat {
    /// Longitude, east positive.
    pub lon: f64,
    /// Latitude, north positive.
    pub lat: f64,
}

/// Projects a longitude/latitude to world coordinates; latitudes past the cut-off clamp.
pub fn project(p: LonLat) -> World {
    // ln(tan φ + sec φ) = ½ ln((1 + sin φ) / (1 − sin φ)): one sine and one log
    // instead of a tangent, a cosine and a log. Wasm has no instructions for
    // them, and every vertex of every layer is projected on load.
    let sin = p.lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians().sin();
    World {
        x: (p.lon + 180.0) / 360.0,
        y: 0.5 - ((1.0 + sin) / (1.0 - sin)).ln() / (4.0 * PI),
    }
}

/// The inverse of [`project`].
pub fn unproject(w: World) -> LonLat {
    let n = PI * (1.0 - 2.0 * w.y);
    LonLat {
        lon: w.x * 360.0 - 180.0,
        lat: n.sinh().atan().to_degrees(),
    }
}

/// Pixels per world unit at a zoom level.
pub fn world_size(zoom: f64) -> f64 {
    TILE_SIZE * zoom_scale(zoom)
}

/// How many times larger the map draws `steps` zoom levels in (2 to the
/// power `steps`; fewer than zero draws smaller). `pow` rather than `exp2`:
/// in the wasm, libm's `exp2` carries a 4 kB table and `pow` is there anyway;
/// the base goes through `black_box` because LLVM rewrites `pow(2, x)` as `exp2(x)`.
pub fn zoom_scale(steps: f64) -> f64 {
    std::hint::black_box(2f64).powf(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_island_is_the_centre_of_the_world() {
        let w = project(LonLat { lon: 0.0, lat: 0.0 });
        assert!((w.x - 0.5).abs() < 1e-12 && (w.y - 0.5).abs() < 1e-12);
    }

    #[test]
    fn baku_round_trips_to_a_millionth_of_a_degree() {
        let baku = LonLat {
            lon: 49.867_092,
            lat: 40.409_264,
        };
        let back = unproject(project(baku));
        assert!((back.lon - baku.lon).abs() < 1e-9 && (back.lat - baku.lat).abs() < 1e-9);
    }

    #[test]
    fn the_sine_form_agrees_with_the_textbook_one() {
        for lat in [
            -85.0, -60.5, -12.25, 0.0, 0.000_001, 40.409_264, 71.0, 85.05,
        ] {
            let r = f64::to_radians(lat);
            let textbook = (1.0 - (r.tan() + 1.0 / r.cos()).ln() / PI) / 2.0;
            let w = project(LonLat { lon: 0.0, lat });
            assert!(
                (w.y - textbook).abs() < 1e-12,
                "{lat}: {} vs {textbook}",
                w.y
            );
        }
    }

    #[test]
    fn the_north_pole_clamps_to_the_top_edge() {
        let w = project(LonLat {
            lon: 0.0,
            lat: 90.0,
        });
        assert!(w.y.abs() < 1e-9, "{}", w.y);
    }
}
