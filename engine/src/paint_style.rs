//! The look of canvas-painted features, read from the stylesheet.
//!
//! atlas.css is the one place colours, widths and dashes are decided. Rather
//! than copy them into Rust, a hidden SVG probe gets a feature's classes and
//! the browser's computed style says how the SVG twin would look, so both
//! renderers (and both themes) always agree.

use atlas_model::number::parse_decimal;
use std::collections::HashMap;

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// One stroke as a canvas draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    /// CSS colour, or `None` for no stroke.
    pub colour: Option<String>,
    /// Width in CSS pixels.
    pub width: f64,
    /// Dash pattern in CSS pixels; empty for a solid line.
    pub dash: Vec<f64>,
    /// `butt`, `round` or `square`.
    pub cap: String,
    /// 0..1.
    pub opacity: f64,
}

/// How a line or area is painted: a casing under the line, and a fill for areas.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStyle {
    /// The wide pale stroke under the line.
    pub casing: Stroke,
    /// The line itself.
    pub line: Stroke,
    /// An area's fill colour.
    pub fill: Option<String>,
}

/// How a site's symbol is painted.
#[derive(Debug, Clone, PartialEq)]
pub struct SymbolStyle {
    /// Fill colour.
    pub fill: Option<String>,
    /// The outline under the fill (paint-order: stroke).
    pub outline: Stroke,
}

/// Styles read so far, keyed by the tier and feature classes they were read for.
#[derive(Default)]
pub struct StyleCache {
    probe: Option<web_sys::Element>,
    paths: HashMap<String, PathStyle>,
    symbols: HashMap<String, SymbolStyle>,
}

impl StyleCache {
    /// Forgets every style, for when the theme changes.
    pub fn clear(&mut self) {
        self.paths.clear();
        self.symbols.clear();
    }

    /// Reads the style of every `(tier, classes)` not read yet, all in one
    /// pass: one style recalculation for the lot rather than one each.
    pub fn prepare<'a>(
        &mut self,
        host: &web_sys::Element,
        wanted: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) {
        let missing: Vec<(&str, &str)> = wanted
            .into_iter()
            .filter(|(tier, classes)| {
                if *tier == "sites" {
                    !self.symbols.contains_key(*classes)
                } else {
                    !self.paths.contains_key(&key(tier, classes))
                }
            })
            .collect();
        if missing.is_empty() {
            return;
        }
        let Some(read) = self.probe(host, &missing) else {
            return;
        };
        for ((tier, classes), computed) in missing.into_iter().zip(read) {
            if tier == "sites" {
                let style = SymbolStyle {
                    fill: computed.colour("symbol", "fill"),
                    outline: computed.stroke("symbol"),
                };
                self.symbols.insert(classes.to_string(), style);
            } else {
                let style = PathStyle {
                    casing: computed.stroke("casing"),
                    line: computed.stroke("line"),
                    fill: computed.colour("line", "fill"),
                };
                self.paths.insert(key(tier, classes), style);
            }
        }
    }

    /// The style of a line or area, as `prepare` read it.
    pub fn path(&self, tier: &str, classes: &str) -> PathStyle {
        self.paths
            .get(&key(tier, classes))
            .cloned()
            .unwrap_or_else(fallback_path)
    }

    /// The style of a site's symbol, as `prepare` read it.
    pub fn symbol(&self, classes: &str) -> SymbolStyle {
        self.symbols
            .get(classes)
            .cloned()
            .unwrap_or_else(fallback_symbol)
    }

    /// Builds `<g class="layer {tier}"><g class="{classes}"><path class=casing|line|symbol>`
    /// in the probe for each of `wanted`, reads their computed styles, and takes them out again.
    fn probe(&mut self, host: &web_sys::Element, wanted: &[(&str, &str)]) -> Option<Vec<Computed>> {
        let window = web_sys::window()?;
        let document = window.document()?;
        if self.probe.as_ref().is_none_or(|p| !p.is_connected()) {
            let svg = document.create_element_ns(Some(SVG_NS), "svg").ok()?;
            svg.set_attribute("class", "map-svg paint-probe").ok()?;
            svg.set_attribute("aria-hidden", "true").ok()?;
            host.append_child(&svg).ok()?;
            self.probe = Some(svg);
        }
        let probe = self.probe.as_ref()?;
        let mut built = Vec::new();
        for (tier, classes) in wanted {
            let layer = document.create_element_ns(Some(SVG_NS), "g").ok()?;
            layer
                .set_attribute("class", &format!("layer {tier}"))
                .ok()?;
            let group = document.create_element_ns(Some(SVG_NS), "g").ok()?;
            group.set_attribute("class", classes).ok()?;
            let mut parts = Vec::new();
            for class in ["casing", "line", "symbol"] {
                let path = document.create_element_ns(Some(SVG_NS), "path").ok()?;
                path.set_attribute("class", class).ok()?;
                group.append_child(&path).ok()?;
                parts.push((class, path));
            }
            layer.append_child(&group).ok()?;
            probe.append_child(&layer).ok()?;
            built.push((layer, parts));
        }
        let computed = built
            .iter()
            .map(|(_, parts)| Computed {
                parts: parts
                    .iter()
                    .filter_map(|(class, el)| {
                        let style = window.get_computed_style(el).ok()??;
                        Some((*class, read_style(&style)))
                    })
                    .collect(),
            })
            .collect();
        for (layer, _) in built {
            layer.remove();
        }
        Some(computed)
    }
}

/// The cache key of a line or area style.
fn key(tier: &str, classes: &str) -> String {
    format!("{tier}|{classes}")
}

/// The properties a painter needs, copied out of a live computed style.
fn read_style(style: &web_sys::CssStyleDeclaration) -> Vec<(&'static str, String)> {
    PROPERTIES
        .iter()
        .map(|p| (*p, style.get_property_value(p).unwrap_or_default()))
        .collect()
}

const PROPERTIES: [&str; 6] = [
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linecap",
    "opacity",
];

/// The computed styles of a probe's paths, by class.
struct Computed {
    parts: Vec<(&'static str, Vec<(&'static str, String)>)>,
}

impl Computed {
    fn value(&self, class: &str, property: &str) -> String {
        self.parts
            .iter()
            .find(|(c, _)| *c == class)
            .and_then(|(_, values)| values.iter().find(|(p, _)| *p == property))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn colour(&self, class: &str, property: &str) -> Option<String> {
        colour(&self.value(class, property))
    }

    fn stroke(&self, class: &str) -> Stroke {
        Stroke {
            colour: self.colour(class, "stroke"),
            width: px(&self.value(class, "stroke-width")).unwrap_or(1.0),
            dash: dashes(&self.value(class, "stroke-dasharray")),
            cap: match self.value(class, "stroke-linecap").as_str() {
                cap @ ("round" | "square") => cap.to_string(),
                _ => "butt".to_string(),
            },
            opacity: parse_decimal(self.value(class, "opacity").trim()).unwrap_or(1.0),
        }
    }
}

/// A computed colour, or `None` when nothing is painted.
fn colour(value: &str) -> Option<String> {
    let value = value.trim();
    let invisible = value.is_empty()
        || value == "none"
        || value == "transparent"
        || value.replace(' ', "") == "rgba(0,0,0,0)";
    (!invisible).then(|| value.to_string())
}

/// A computed length such as `2.5px`.
fn px(value: &str) -> Option<f64> {
    parse_decimal(value.trim().trim_end_matches("px").trim())
}

/// A computed dash array such as `10px, 4px, 2px, 4px`; `none` is solid.
fn dashes(value: &str) -> Vec<f64> {
    if value.trim() == "none" {
        return Vec::new();
    }
    let dash: Vec<f64> = value
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .filter_map(px)
        .collect();
    // A pattern of zeros draws nothing at all; canvas treats it as solid, as SVG does.
    if dash.iter().all(|d| *d <= 0.0) {
        Vec::new()
    } else {
        dash
    }
}

fn fallback_path() -> PathStyle {
    let stroke = |colour: &str, width| Stroke {
        colour: Some(colour.to_string()),
        width,
        dash: Vec::new(),
        cap: "round".to_string(),
        opacity: 1.0,
    };
    PathStyle {
        casing: stroke("#ffffff", 5.0),
        line: stroke("#555555", 2.5),
        fill: None,
    }
}

fn fallback_symbol() -> SymbolStyle {
    SymbolStyle {
        fill: Some("#555555".to_string()),
        outline: Stroke {
            colour: Some("#ffffff".to_string()),
            width: 1.5,
            dash: Vec::new(),
            cap: "butt".to_string(),
            opacity: 1.0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computed_lengths_and_dashes_parse() {
        assert_eq!(px("2.5px"), Some(2.5));
        assert_eq!(px(" 6px "), Some(6.0));
        assert_eq!(px("auto"), None);
        assert_eq!(dashes("10px, 4px, 2px, 4px"), vec![10.0, 4.0, 2.0, 4.0]);
        assert_eq!(dashes("0.5px 6px"), vec![0.5, 6.0]);
        assert!(dashes("none").is_empty());
        assert!(dashes("0px").is_empty());
    }

    #[test]
    fn invisible_colours_paint_nothing() {
        assert_eq!(colour("none"), None);
        assert_eq!(colour("rgba(0, 0, 0, 0)"), None);
        assert_eq!(colour(""), None);
        assert_eq!(
            colour("rgb(29, 78, 216)").as_deref(),
            Some("rgb(29, 78, 216)")
        );
    }
}
