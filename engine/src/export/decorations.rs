//! What a picture carries around the map: the title band, the legend, the
//! scale bar and the attribution, sized to the picture and coloured by the
//! page's theme.

use super::styled::{escape, write_element};
use super::{ExportError, ExportOptions, LegendMark};
use crate::scale_bar::{metres_per_px, nice_scale};
use crate::viewport::Viewport;
use std::fmt::Write;
use web_sys::{Document, HtmlElement, Window};

/// Where things go in a picture, in picture pixels.
pub struct Layout {
    /// The picture's size.
    pub size: (f64, f64),
    /// One pixel of a 1920x1080 picture: text and margins grow with the picture.
    pub unit: f64,
    /// The title band's height.
    pub title_height: f64,
    /// The map's area: x, y, width, height.
    pub map_area: (f64, f64, f64, f64),
    /// Where the screen's map goes: its top left corner and its scale.
    pub map_placement: (f64, f64, f64),
}

impl Layout {
    /// The layout of a picture of `options`' size showing a map of `screen` size.
    pub fn new(options: &ExportOptions, screen: (f64, f64)) -> Layout {
        let (w, h) = (f64::from(options.width), f64::from(options.height));
        let unit = (w / 1920.0).min(h / 1080.0);
        let title_height = (64.0 * unit).round();
        let area = (0.0, title_height, w, h - title_height);
        // The whole screen fits; the margins show more of the map around it.
        let scale = (area.2 / screen.0).min(area.3 / screen.1);
        let x = area.0 + (area.2 - screen.0 * scale) / 2.0;
        let y = area.1 + (area.3 - screen.1 * scale) / 2.0;
        Layout {
            size: (w, h),
            unit,
            title_height,
            map_area: area,
            map_placement: (x, y, scale),
        }
    }
}

/// The page's colours and type, read from its computed styles.
pub struct Theme {
    /// Text colour.
    pub ink: String,
    /// Page background, behind the title and legend.
    pub paper: String,
    /// The map's background (the sea).
    pub sea: String,
    /// The page's font stack.
    pub font: String,
}

impl Theme {
    /// The theme as the page now shows it (light or dark).
    pub fn read(window: &Window, document: &Document, map: &HtmlElement) -> Theme {
        let style = |el: &web_sys::Element, property: &str| {
            window
                .get_computed_style(el)
                .ok()
                .flatten()
                .and_then(|s| s.get_property_value(property).ok())
                .unwrap_or_default()
        };
        let transparent = |c: &str| c.is_empty() || c == "transparent" || c == "rgba(0, 0, 0, 0)";
        let body: Option<web_sys::Element> = document.body().map(Into::into);
        let root = document.document_element();
        let mut paper = body
            .as_ref()
            .map(|b| style(b, "background-color"))
            .unwrap_or_default();
        if transparent(&paper) {
            paper = root
                .as_ref()
                .map(|r| style(r, "background-color"))
                .unwrap_or_default();
        }
        if transparent(&paper) {
            paper = "#ffffff".to_string();
        }
        let ink = body
            .as_ref()
            .map(|b| style(b, "color"))
            .filter(|c| !transparent(c))
            .unwrap_or_else(|| "#1b2430".to_string());
        let font = body
            .as_ref()
            .map(|b| style(b, "font-family"))
            .filter(|f| !f.is_empty())
            .unwrap_or_else(|| "sans-serif".to_string());
        let mut sea = style(map, "background-color");
        if transparent(&sea) {
            sea.clone_from(&paper);
        }
        Theme {
            ink,
            paper,
            sea,
            font,
        }
    }
}

/// Writes the title band, the legend, the scale bar and the attribution.
pub fn write_all(
    out: &mut String,
    document: &Document,
    window: &Window,
    theme: &Theme,
    layout: &Layout,
    view: &Viewport,
    options: &ExportOptions,
) -> Result<(), ExportError> {
    write_title(out, theme, layout, &options.title);
    write_legend(out, document, window, theme, layout, options)?;
    write_scale_bar(out, theme, layout, view);
    write_attribution(out, theme, layout, &options.attribution);
    Ok(())
}

fn write_title(out: &mut String, theme: &Theme, layout: &Layout, title: &str) {
    let u = layout.unit;
    let (w, band) = (layout.size.0, layout.title_height);
    let _ = write!(
        out,
        r#"<g class="export-title"><rect width="{w}" height="{band}" fill="{paper}"/><rect y="{rule:.2}" width="{w}" height="{u:.2}" fill="{ink}" opacity="0.2"/><text x="{x:.1}" y="{y:.1}" font-size="{size:.1}" font-weight="700" fill="{ink}">{title}</text></g>"#,
        paper = escape(&theme.paper),
        ink = escape(&theme.ink),
        rule = band - u,
        x = 28.0 * u,
        y = band * 0.66,
        size = 30.0 * u,
        title = escape(title),
    );
}

/// The legend's rows before it takes a second column.
const LEGEND_ROWS: usize = 8;

fn write_legend(
    out: &mut String,
    document: &Document,
    window: &Window,
    theme: &Theme,
    layout: &Layout,
    options: &ExportOptions,
) -> Result<(), ExportError> {
    if options.legend.is_empty() {
        return Ok(());
    }
    let u = layout.unit;
    let marks = styled_marks(document, window, options)?;
    let columns = options.legend.len().div_ceil(LEGEND_ROWS).min(2);
    let rows = options.legend.len().div_ceil(columns);
    let longest = options
        .legend
        .iter()
        .map(|e| e.label.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let (row, pad, text) = (30.0 * u, 16.0 * u, 17.0 * u);
    let column_width = 64.0 * u + longest * text * 0.5;
    let box_w = pad * 2.0 + column_width * columns as f64;
    let box_h = pad * 2.0 + row * rows as f64;
    let (_, ay, _, ah) = layout.map_area;
    let (x0, y0) = (20.0 * u, ay + ah - 20.0 * u - box_h);
    let _ = write!(
        out,
        r#"<g class="export-legend"><rect x="{x0:.1}" y="{y0:.1}" width="{box_w:.1}" height="{box_h:.1}" rx="{r:.1}" fill="{paper}" fill-opacity="0.97" stroke="{ink}" stroke-opacity="0.18" stroke-width="{u:.2}"/>"#,
        r = 8.0 * u,
        paper = escape(&theme.paper),
        ink = escape(&theme.ink),
    );
    for (i, (entry, mark)) in options.legend.iter().zip(marks).enumerate() {
        let (column, line) = (i / rows, i % rows);
        let x = x0 + pad + column_width * column as f64;
        let y = y0 + pad + row * line as f64 + row / 2.0;
        let (mark_x, mark_scale) = match entry.mark {
            LegendMark::Line { .. } => (x, u * 1.2),
            LegendMark::Symbol { .. } => (x + 18.0 * u, u * 1.3),
        };
        let _ = write!(
            out,
            r#"<g transform="translate({mark_x:.1} {y:.1}) scale({mark_scale:.3})">{mark}</g><text x="{tx:.1}" y="{ty:.1}" font-size="{text:.1}" fill="{ink}">{label}</text>"#,
            tx = x + 50.0 * u,
            ty = y + text * 0.35,
            ink = escape(&theme.ink),
            label = escape(&entry.label),
        );
    }
    out.push_str("</g>");
    Ok(())
}

/// Each legend mark drawn off screen with the page's classes, then written with its looks inlined.
fn styled_marks(
    document: &Document,
    window: &Window,
    options: &ExportOptions,
) -> Result<Vec<String>, ExportError> {
    let mut markup =
        String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">"#);
    for entry in &options.legend {
        match &entry.mark {
            LegendMark::Line { classes } => {
                let _ = write!(
                    markup,
                    r#"<g class="{}"><path class="casing" d="M0 0H30"/><path class="line" d="M0 0H30"/></g>"#,
                    escape(classes)
                );
            }
            LegendMark::Symbol { classes, path } => {
                let _ = write!(
                    markup,
                    r#"<g class="{}"><path class="symbol" d="{}"/></g>"#,
                    escape(classes),
                    escape(path)
                );
            }
        }
    }
    markup.push_str("</svg>");
    let probe = document.create_element("div")?;
    probe.set_attribute(
        "style",
        "position:fixed;left:-10000px;top:0;width:40px;height:20px;overflow:hidden",
    )?;
    probe.set_attribute("aria-hidden", "true")?;
    probe.set_inner_html(&markup);
    let body = document.body().ok_or(ExportError::NoMap)?;
    body.append_child(&probe)?;
    let mut marks = Vec::with_capacity(options.legend.len());
    if let Some(svg) = probe.first_element_child() {
        let groups = svg.children();
        for i in 0..groups.length() {
            let mut mark = String::new();
            if let Some(group) = groups.item(i) {
                write_element(&mut mark, &group, window);
            }
            marks.push(mark);
        }
    }
    probe.remove();
    marks.resize(options.legend.len(), String::new());
    Ok(marks)
}

fn write_scale_bar(out: &mut String, theme: &Theme, layout: &Layout, view: &Viewport) {
    let u = layout.unit;
    let k = layout.map_placement.2;
    // Metres per picture pixel; the bar may be 1.5 times as long as on screen, in units of a 1920x1080 picture.
    let stretch = 1.5 * u;
    let metres = metres_per_px(view.center.lat, view.zoom) / k;
    let (km, length) = nice_scale(metres * stretch);
    let length = length * stretch;
    let (_, ay, aw, ah) = layout.map_area;
    let right = aw - 24.0 * u;
    let base = ay + ah - 48.0 * u;
    let x = right - length;
    let tick = 8.0 * u;
    let _ = write!(
        out,
        r#"<g class="export-scale"><path d="M{x:.1} {t:.1}V{base:.1}H{right:.1}V{t:.1}" fill="none" stroke="{paper}" stroke-width="{halo:.2}" stroke-linejoin="round"/><path d="M{x:.1} {t:.1}V{base:.1}H{right:.1}V{t:.1}" fill="none" stroke="{ink}" stroke-width="{line:.2}"/><text x="{right:.1}" y="{ty:.1}" text-anchor="end" font-size="{size:.1}" font-weight="600" fill="{ink}" stroke="{paper}" stroke-width="{halo:.2}" paint-order="stroke">{label} km</text></g>"#,
        t = base - tick,
        halo = 4.0 * u,
        line = 2.0 * u,
        ty = base - tick - 6.0 * u,
        size = 15.0 * u,
        paper = escape(&theme.paper),
        ink = escape(&theme.ink),
        label = format_km(km),
    );
}

/// A distance in kilometres as a scale bar writes it: `1500`, `0.3`.
fn format_km(km: f64) -> String {
    let rounded = (km * 1000.0).round() / 1000.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded}")
    }
}

fn write_attribution(out: &mut String, theme: &Theme, layout: &Layout, attribution: &str) {
    if attribution.is_empty() {
        return;
    }
    let u = layout.unit;
    let (w, h) = layout.size;
    let size = 14.0 * u;
    let width = attribution.chars().count() as f64 * size * 0.52 + 20.0 * u;
    let height = size * 1.7;
    let _ = write!(
        out,
        r#"<g class="export-attribution"><rect x="{x:.1}" y="{y:.1}" width="{width:.1}" height="{height:.1}" fill="{paper}" fill-opacity="0.85"/><text x="{tx:.1}" y="{ty:.1}" text-anchor="end" font-size="{size:.1}" fill="{ink}">{text}</text></g>"#,
        x = w - width,
        y = h - height,
        tx = w - 10.0 * u,
        ty = h - height * 0.32,
        paper = escape(&theme.paper),
        ink = escape(&theme.ink),
        text = escape(attribution),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(width: u32, height: u32) -> ExportOptions {
        ExportOptions {
            width,
            height,
            scale: 1,
            title: String::new(),
            legend: Vec::new(),
            attribution: String::new(),
        }
    }

    #[test]
    fn the_whole_screen_fits_the_map_area_centred() {
        let layout = Layout::new(&options(1920, 1080), (1280.0, 800.0));
        let (x, y, k) = layout.map_placement;
        let (_, ay, aw, ah) = layout.map_area;
        assert!(1280.0 * k <= aw + 1e-9 && 800.0 * k <= ah + 1e-9);
        // Height binds: the map fills the area's height and is centred across.
        assert!((800.0 * k - ah).abs() < 1e-9);
        assert!((y - ay).abs() < 1e-9);
        assert!((x - (aw - 1280.0 * k) / 2.0).abs() < 1e-9);
    }

    #[test]
    fn text_grows_with_the_picture() {
        assert!((Layout::new(&options(3840, 2160), (1.0, 1.0)).unit - 2.0).abs() < 1e-9);
        assert!((Layout::new(&options(1280, 720), (1.0, 1.0)).unit - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn kilometres_are_written_without_noise() {
        assert_eq!(format_km(1500.0), "1500");
        assert_eq!(format_km(0.30000000000000004), "0.3");
    }
}
