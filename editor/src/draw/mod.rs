//! Drawing on the reader's map: the sketch and its rules (`sketch`, `snap`,
//! `handles`, pure and tested natively), and on screen the overlay that
//! takes clicks and drags (`layer`, putting vertices through `place`), the
//! tool bar (`toolbar`) and the keys (`keys`).

pub mod handles;
pub mod keys;
pub mod layer;
pub mod place;
pub mod sketch;
pub mod snap;
pub mod toolbar;

use atlas_map_engine::projection::LonLat;
use sketch::Position;

/// A sketch position as the map engine's `LonLat`.
pub fn lonlat(p: Position) -> LonLat {
    LonLat {
        lon: p[0],
        lat: p[1],
    }
}
