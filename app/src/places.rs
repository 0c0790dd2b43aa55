//! The places the atlas's map offers as buttons, and the credit it shows.

use atlas_map_engine::controls::PlaceButton;
use atlas_model::Bbox;

/// "Whole corridor" and "South Caucasus", top left of the map.
pub const PLACES: [PlaceButton; 2] = [
    PlaceButton {
        class: "fit-all",
        title: "Show the whole corridor, China to Europe",
        label: "Whole corridor",
        bbox: None,
    },
    // Azerbaijan, Georgia and Armenia with their neighbours' edges.
    PlaceButton {
        class: "fit-caucasus",
        title: "Zoom to the South Caucasus",
        label: "South Caucasus",
        bbox: Some(Bbox::new(38.6, 38.2, 51.2, 43.8)),
    },
];

/// Who the map's data comes from.
pub const CREDIT: &str = "Corridor Atlas";
