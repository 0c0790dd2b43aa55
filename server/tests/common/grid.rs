//! A synthetic layer for the tests that need many features.

use serde_json::json;
use std::path::Path;

/// A tiny deterministic PRNG (xorshift64*), so every run checks the same boxes.
pub struct Prng(pub u64);

impl Prng {
    /// The next number, uniform in [0, 1).
    pub fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The next number, uniform in [lo, hi).
    pub fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + self.next() * (hi - lo)
    }
}

/// Writes a data folder with one layer, `grid`, of points and short lines all
/// over the globe (some across the antimeridian), and returns each feature's box.
pub fn write_grid(dir: &Path, count: usize) -> Vec<(String, [f64; 4])> {
    let mut random = Prng(0x5eed_2026);
    let mut features = Vec::new();
    let mut boxes = Vec::new();
    for i in 0..count {
        let id = format!("grid-{i:05}");
        let lon = (random.between(-180.0, 180.0) * 1e6).round() / 1e6;
        let lat = (random.between(-85.0, 85.0) * 1e6).round() / 1e6;
        let (geometry, bbox) = if i % 5 == 0 {
            // A short line; its box is what the R-tree indexes.
            let lon2 = (lon + random.between(-3.0, 3.0)).clamp(-180.0, 180.0);
            let lat2 = (lat + random.between(-3.0, 3.0)).clamp(-85.0, 85.0);
            (
                json!({"type": "LineString", "coordinates": [[lon, lat], [lon2, lat2]]}),
                [lon.min(lon2), lat.min(lat2), lon.max(lon2), lat.max(lat2)],
            )
        } else {
            (
                json!({"type": "Point", "coordinates": [lon, lat]}),
                [lon, lat, lon, lat],
            )
        };
        let kind = if i % 5 == 0 { "rail" } else { "city" };
        features.push(json!({
            "type": "Feature",
            "id": id,
            "geometry": geometry,
            "properties": {
                "id": id, "name": format!("Grid {i}"), "kind": kind, "status": "operating",
                "sources": [{"title": "A test grid", "url": "https://example.org/grid"}],
            },
        }));
        boxes.push((id, bbox));
    }
    std::fs::create_dir_all(dir.join("layers")).expect("layers dir");
    std::fs::create_dir_all(dir.join("reports")).expect("reports dir");
    let layer = json!({"type": "FeatureCollection", "title": "Grid", "features": features});
    std::fs::write(dir.join("layers/grid.geojson"), layer.to_string()).expect("write layer");
    boxes
}
