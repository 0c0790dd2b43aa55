//! The map engine: Web Mercator projection, the viewport and its gestures, and
//! SVG and canvas layers drawn from geometry projected once. It knows nothing
//! of the page around it: the app passes in the data and lays its panels over.

pub mod basemap_layer;
pub mod camera;
pub mod canvas_layer;
pub mod canvas_paint;
pub mod canvas_tools;
pub mod clusters;
pub mod controls;
pub mod dotted_lines;
pub mod export;
pub mod feature_layer;
pub mod feature_store;
pub mod flight_path;
pub mod gestures;
pub mod hit_grid;
pub mod label_anchor;
pub mod labels;
pub mod map_data;
pub mod map_frame;
pub mod map_view;
pub mod measure;
pub mod navigate;
pub mod paint_style;
pub mod projection;
pub mod route_draw;
pub mod scale_bar;
pub mod shape;
pub mod site_raster;
pub mod sort;
pub mod state;
pub mod style;
pub mod symbol_sprites;
pub mod tile_layer;
pub mod viewport;

pub use map_view::MapView;
