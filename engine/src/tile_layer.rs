//! An optional raster XYZ tile layer under the vector map, for readers who are
//! online and want streets and terrain; the Natural Earth basemap stays the default.

use crate::projection::World;
use crate::state::MapState;
use crate::viewport::Viewport;
use atlas_model::api::TileSource;
use atlas_model::number::Fixed;
use leptos::prelude::*;

/// The deepest zoom tile servers commonly offer.
const MAX_TILE_ZOOM: i32 = 19;

/// One tile to draw: its URL and its box on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedTile {
    /// The tile's address.
    pub url: String,
    /// Left edge in screen pixels.
    pub x: f64,
    /// Top edge in screen pixels.
    pub y: f64,
    /// Edge length in screen pixels.
    pub size: f64,
}

/// The tiles that cover `view`, at the whole zoom level nearest to it.
pub fn tiles_for(view: &Viewport, template: &str) -> Vec<PlacedTile> {
    let z = (view.zoom.round() as i32).clamp(0, MAX_TILE_ZOOM);
    let n = 1i64 << z;
    let [w, s, e, north] = view.bounds().to_array();
    let nw = super::projection::project(super::projection::LonLat { lon: w, lat: north });
    let se = super::projection::project(super::projection::LonLat { lon: e, lat: s });
    let to_tile = |v: f64| (v * n as f64).floor() as i64;
    let (x0, x1) = (to_tile(nw.x).max(0), to_tile(se.x).min(n - 1));
    let (y0, y1) = (to_tile(nw.y).max(0), to_tile(se.y).min(n - 1));
    let mut tiles = Vec::new();
    for ty in y0..=y1 {
        for tx in x0..=x1 {
            let (x, y) = view.to_screen(World {
                x: tx as f64 / n as f64,
                y: ty as f64 / n as f64,
            });
            let (x2, _) = view.to_screen(World {
                x: (tx + 1) as f64 / n as f64,
                y: 0.0,
            });
            let url = template
                .replace("{z}", &z.to_string())
                .replace("{x}", &tx.to_string())
                .replace("{y}", &ty.to_string());
            tiles.push(PlacedTile {
                url,
                x,
                y,
                size: x2 - x,
            });
        }
    }
    tiles
}

/// The tiles under the map, while the reader has them on.
#[component]
pub fn TileLayer(
    /// The configured source.
    source: TileSource,
) -> impl IntoView {
    let state = expect_context::<MapState>();
    let template = source.url.clone();
    let tiles = Memo::new(move |_| {
        if state.tiles_on.get() {
            tiles_for(&state.view.get(), &template)
        } else {
            Vec::new()
        }
    });
    view! {
        <div class="tiles" aria-hidden="true">
            <For each=move || tiles.get() key=|t| (t.url.clone(), (t.x * 10.0) as i64, (t.y * 10.0) as i64) let:tile>
                <img
                    src=tile.url
                    alt=""
                    draggable="false"
                    style=format!("left:{}px;top:{}px;width:{}px;height:{}px", Fixed(tile.x, 1), Fixed(tile.y, 1), Fixed(tile.size + 0.5, 1), Fixed(tile.size + 0.5, 1))
                />
            </For>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::LonLat;

    #[test]
    fn the_tiles_cover_the_view_with_the_template_filled_in() {
        let view = Viewport {
            center: LonLat {
                lon: 49.87,
                lat: 40.41,
            },
            zoom: 6.0,
            width: 512.0,
            height: 512.0,
        };
        let tiles = tiles_for(&view, "https://t.example/{z}/{x}/{y}.png");
        assert!(tiles.len() >= 4 && tiles.len() <= 9, "{}", tiles.len());
        assert!(tiles.iter().all(|t| t.url.starts_with("https://t.example/6/") && (t.size - 256.0).abs() < 1e-6));
        let covers = |px: f64, py: f64| {
            tiles
                .iter()
                .any(|t| t.x <= px && px <= t.x + t.size && t.y <= py && py <= t.y + t.size)
        };
        assert!(covers(0.0, 0.0) && covers(511.0, 511.0));
    }

    #[test]
    fn fractional_zooms_scale_the_nearest_level() {
        let view = Viewport {
            center: LonLat {
                lon: 49.87,
                lat: 40.41,
            },
            zoom: 6.4,
            width: 300.0,
            height: 300.0,
        };
        let tiles = tiles_for(&view, "{z}/{x}/{y}");
        assert!(tiles[0].url.starts_with("6/"));
        assert!((tiles[0].size - 256.0 * 0.4f64.exp2()).abs() < 1e-6);
    }
}
