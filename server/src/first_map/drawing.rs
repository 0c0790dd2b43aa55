//! The first view of the map as SVG, drawn with the map engine the app draws
//! with: the same projection, fit, simplified path data, classes and symbols,
//! so the app's map lands on the very same picture when it takes over.

use atlas_map_engine::projection::{World, world_size};
use atlas_map_engine::shape::Shape;
use atlas_map_engine::viewport::{Frame, Padding, Viewport};
use atlas_model::map_style::{feature_classes, route_rank, symbol_path};
use atlas_model::{AtlasFeature, Bbox, geodesy};
use geojson::GeometryValue;
use std::fmt::Write;

/// The width the first view is fitted at: a typical laptop window.
pub const WIDTH: f64 = 1280.0;
/// The height the first view is fitted at.
pub const HEIGHT: f64 = 800.0;

/// How much of the view's width a wider window shows on either side.
const SIDE_MARGIN: f64 = 0.4;
/// How much of the view's height a taller window (a phone held upright) shows above and below.
const TOP_MARGIN: f64 = 1.3;

/// A country of the basemap, projected.
#[derive(Debug)]
pub struct Country {
    /// Its English name.
    pub name: String,
    /// Its outline.
    pub shape: Shape,
    /// Its geographic box, to leave out countries far from the view.
    pub bbox: Bbox,
}

/// A feature to draw, projected.
#[derive(Debug)]
pub struct DrawnFeature {
    /// The feature.
    pub feature: AtlasFeature,
    /// Its geometry in world coordinates.
    pub shape: Shape,
    /// Its geographic box.
    pub bbox: Bbox,
}

impl DrawnFeature {
    /// Projects a feature.
    pub fn new(feature: AtlasFeature) -> DrawnFeature {
        let shape = Shape::from_geometry(&feature.geometry.value);
        let bbox = bbox_of(&feature.geometry.value).unwrap_or(Bbox {
            west: 0.0,
            south: 0.0,
            east: 0.0,
            north: 0.0,
        });
        DrawnFeature {
            feature,
            shape,
            bbox,
        }
    }
}

/// The box around a geometry's positions; `None` when it has none.
pub fn bbox_of(value: &GeometryValue) -> Option<Bbox> {
    Bbox::covering(geodesy::positions(value).into_iter().map(|p| Bbox {
        west: p[0],
        south: p[1],
        east: p[0],
        north: p[1],
    }))
}

/// The zoom a linked site is shown at, in its setting, as the app shows it.
const SITE_ZOOM: f64 = 6.0;

/// The view a page opens on: every feature, fitted as the app fits them with
/// room for its controls; for a link to a feature, that feature as the app
/// brings it into view (a site at a regional zoom, a line or area whole).
pub fn initial_view(features: &[DrawnFeature], selected: Option<&DrawnFeature>) -> Viewport {
    if let Some(f) = selected {
        if let (false, Some(point)) = (f.shape.is_path(), f.shape.points.first()) {
            return Viewport {
                center: atlas_map_engine::projection::unproject(*point),
                zoom: SITE_ZOOM,
                width: WIDTH,
                height: HEIGHT,
            };
        }
        return Viewport::fit(f.bbox, WIDTH, HEIGHT, Padding::uniform(80.0));
    }
    let bbox = Bbox::covering(features.iter().map(|f| f.bbox)).unwrap_or(Bbox {
        west: 26.0,
        south: 36.0,
        east: 80.0,
        north: 46.0,
    });
    let padding = Padding {
        left: 64.0,
        ..Padding::uniform(40.0)
    };
    Viewport::fit(bbox, WIDTH, HEIGHT, padding)
}

/// Which tier a feature draws in, bottom to top.
fn tier(f: &DrawnFeature) -> u8 {
    if f.shape.is_area() {
        0
    } else if f.shape.is_path() {
        1
    } else {
        2
    }
}

/// The map of `view` as one `<svg>`: countries near the view, then areas,
/// routes and sites in the app's order, each with its name as `<title>`.
/// `selected` features carry the `selected` class, as in the app.
///
/// The view box is the fitted view; countries reach past it, so a window of
/// another shape shows more land around the same corridor (`meet` scaling with
/// visible overflow).
pub fn svg(
    view: &Viewport,
    countries: &[Country],
    features: &[&DrawnFeature],
    selected: &[&str],
) -> String {
    let frame = Frame::of(view);
    let zoom_class = view.zoom.floor().clamp(0.0, 20.0);
    let near = widened(view.bounds());
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<svg class=\"first-map-svg z{zoom_class}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         data-frame=\"{}\" \
         preserveAspectRatio=\"xMidYMid meet\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
         aria-labelledby=\"first-map-title\"><title id=\"first-map-title\">Map of the Middle Corridor</title>\
         <g class=\"basemap\" aria-hidden=\"true\">",
        // The app's map shows these countries until it has loaded its own (engine/src/first_basemap.rs).
        frame.to_text()
    );
    // What a window of another shape shows around the fitted view: a
    // phone's tall window shows more above and below, a wide one at the sides.
    let clip = (
        -WIDTH * SIDE_MARGIN,
        -HEIGHT * TOP_MARGIN,
        WIDTH * (1.0 + SIDE_MARGIN),
        HEIGHT * (1.0 + TOP_MARGIN),
    );
    for country in countries.iter().filter(|c| c.bbox.intersects(&near)) {
        let d = country.shape.clipped_path_in_whole_units(&frame, clip);
        if !d.is_empty() {
            let _ = write!(
                out,
                "<path class=\"country\" d=\"{d}\"><title>{}</title></path>",
                escape(&country.name)
            );
        }
    }
    out.push_str("</g><g class=\"overlay\">");
    let mut ordered: Vec<&DrawnFeature> = features.to_vec();
    ordered.sort_by(|a, b| {
        tier(a).cmp(&tier(b)).then_with(|| match tier(a) {
            1 => {
                let key = |f: &DrawnFeature| {
                    let p = &f.feature.properties;
                    (route_rank(p), p.leg.unwrap_or(0))
                };
                key(a)
                    .cmp(&key(b))
                    .then_with(|| a.feature.id().cmp(b.feature.id()))
            }
            _ => b
                .bbox
                .west
                .total_cmp(&a.bbox.west)
                .then_with(|| a.feature.id().cmp(b.feature.id())),
        })
    });
    let mut open_tier = None;
    for f in ordered {
        let t = tier(f);
        if open_tier != Some(t) {
            if open_tier.is_some() {
                out.push_str("</g>");
            }
            match t {
                0 => out.push_str("<g class=\"layer areas\">"),
                1 => out.push_str("<g class=\"layer routes\">"),
                _ => {
                    let _ = write!(
                        out,
                        "<g class=\"layer sites\" style=\"--s:{};--ox:{:.2};--oy:{:.2}\">",
                        world_size(frame.zoom),
                        frame.origin.0,
                        frame.origin.1
                    );
                }
            }
            open_tier = Some(t);
        }
        feature(&mut out, &frame, f, selected.contains(&f.feature.id()));
    }
    if open_tier.is_some() {
        out.push_str("</g>");
    }
    out.push_str("</g></svg>");
    out
}

/// One feature's group, as the app's feature layer writes it.
fn feature(out: &mut String, frame: &Frame, f: &DrawnFeature, selected: bool) {
    let p = &f.feature.properties;
    let _ = write!(
        out,
        "<g class=\"{}{}\" data-feature-id=\"{}\"",
        feature_classes(p),
        if selected { " selected" } else { "" },
        escape(f.feature.id())
    );
    if let Some(World { x, y }) = f.shape.points.first().filter(|_| !f.shape.is_path()) {
        let _ = write!(out, " style=\"--wx:{x:.10};--wy:{y:.10}\"");
    }
    let _ = write!(out, "><title>{}</title>", escape(&p.name));
    if f.shape.is_path() {
        let d = f.shape.path(frame);
        let _ = write!(
            out,
            "<path class=\"casing\" d=\"{d}\"/><path class=\"line\" d=\"{d}\"/>"
        );
    } else {
        let _ = write!(
            out,
            "<path class=\"symbol\" d=\"{}\"/>",
            symbol_path(p.kind)
        );
    }
    out.push_str("</g>");
}

/// `b` grown by the margins a window of another shape shows.
fn widened(b: Bbox) -> Bbox {
    let (w, h) = (b.east - b.west, b.north - b.south);
    Bbox {
        west: (b.west - w * SIDE_MARGIN).max(-180.0),
        // Mercator stretches towards the poles: the margins in degrees are generous on purpose.
        south: (b.south - h * 2.0 * TOP_MARGIN).max(-85.0),
        east: (b.east + w * SIDE_MARGIN).min(180.0),
        north: (b.north + h * TOP_MARGIN).min(85.0),
    }
}

/// `text` made safe for HTML text and quoted attribute values.
pub fn escape(text: &str) -> String {
    crate::http::routes::html::escape(text)
}
