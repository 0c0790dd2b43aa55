//! The map engine: Web Mercator projection, the viewport and its gestures, and
//! SVG and canvas layers drawn from geometry projected once. It knows nothing
//! of the page around it: the app passes in the data and lays its panels over.

#[cfg(feature = "web")]
pub mod basemap_layer;
#[cfg(feature = "web")]
pub mod camera;
#[cfg(feature = "web")]
pub mod canvas_layer;
#[cfg(feature = "web")]
pub mod canvas_paint;
#[cfg(feature = "web")]
pub mod canvas_tools;
#[cfg(feature = "web")]
pub mod clusters;
#[cfg(feature = "web")]
pub mod controls;
#[cfg(feature = "web")]
pub mod dotted_lines;
#[cfg(feature = "web")]
pub mod export;
pub mod feature_index;
#[cfg(feature = "web")]
pub mod feature_layer;
#[cfg(feature = "web")]
pub mod feature_store;
#[cfg(feature = "web")]
pub mod first_basemap;
pub mod flight_path;
#[cfg(feature = "web")]
pub mod gestures;
pub mod hit_grid;
pub mod label_anchor;
#[cfg(feature = "web")]
pub mod labels;
pub mod map_data;
#[cfg(feature = "web")]
pub mod map_frame;
#[cfg(feature = "web")]
pub mod map_view;
#[cfg(feature = "web")]
pub mod measure;
#[cfg(feature = "web")]
pub mod navigate;
#[cfg(feature = "web")]
pub mod paint_style;
pub mod projection;
#[cfg(feature = "web")]
pub mod route_draw;
#[cfg(feature = "web")]
pub mod scale_bar;
pub mod shape;
#[cfg(feature = "web")]
pub mod site_raster;
pub mod sort;
#[cfg(feature = "web")]
pub mod state;
pub mod style;
#[cfg(feature = "web")]
pub mod symbol_sprites;
pub mod tile_grid;
#[cfg(feature = "web")]
pub mod tile_layer;
pub mod viewport;

#[cfg(feature = "web")]
pub use map_view::{FirstView, MapView};
