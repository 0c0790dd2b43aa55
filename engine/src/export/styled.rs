//! SVG elements of the page written out with their computed looks inlined, so
//! the copy draws the same without the page's stylesheet.

use std::fmt::Write;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleDeclaration, Element, Window};

/// Looks of shapes: (property, its initial value, which is left out).
const SHAPE_LOOKS: &[(&str, &str)] = &[
    ("fill", ""),
    ("fill-opacity", "1"),
    ("fill-rule", "nonzero"),
    ("stroke", "none"),
    ("stroke-width", "1px"),
    ("stroke-opacity", "1"),
    ("stroke-dasharray", "none"),
    ("stroke-dashoffset", "0px"),
    ("stroke-linecap", "butt"),
    ("stroke-linejoin", "miter"),
    ("opacity", "1"),
    ("paint-order", "normal"),
    ("filter", "none"),
];

/// Looks of text, besides those of shapes.
const TEXT_LOOKS: &[(&str, &str)] = &[
    ("font-family", ""),
    ("font-size", ""),
    ("font-weight", "400"),
    ("font-style", "normal"),
    ("letter-spacing", "normal"),
    ("text-anchor", "start"),
    ("dominant-baseline", "auto"),
    ("text-transform", "none"),
];

/// Looks of groups: only those that do not pass down to the children, who carry their own.
const GROUP_LOOKS: &[(&str, &str)] = &[("opacity", "1"), ("filter", "none")];

/// Attributes copied as they are: geometry, and what names a feature.
const KEPT_ATTRIBUTES: &[&str] = &[
    "d",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "width",
    "height",
    "points",
    "dx",
    "dy",
    "rotate",
    "class",
    "data-feature-id",
];

/// Writes every element child of `parent` with its looks inlined.
pub fn write_children(out: &mut String, parent: &Element, window: &Window) {
    let children = parent.children();
    for i in 0..children.length() {
        if let Some(child) = children.item(i) {
            write_element(out, &child, window);
        }
    }
}

/// Writes `el` and what it contains, with its looks inlined; nothing for what is not drawn.
pub fn write_element(out: &mut String, el: &Element, window: &Window) {
    let name = el.local_name();
    // Tooltips and the invisible hit areas the engine draws for the pointer.
    if matches!(
        name.as_str(),
        "title" | "desc" | "script" | "style" | "foreignObject"
    ) || el.class_list().contains("hit")
    {
        return;
    }
    let Ok(Some(computed)) = window.get_computed_style(el) else {
        return;
    };
    let get = |property: &str| computed.get_property_value(property).unwrap_or_default();
    if get("display") == "none" || matches!(get("visibility").as_str(), "hidden" | "collapse") {
        return;
    }
    if get("opacity") == "0" {
        return;
    }
    let _ = write!(out, "<{name}");
    for attribute in KEPT_ATTRIBUTES {
        if let Some(value) = el.get_attribute(attribute) {
            let _ = write!(out, " {attribute}=\"{}\"", escape(&value));
        }
    }
    // Sites are placed by a CSS transform (see feature_layer.rs): the computed one is the truth.
    let transform = get("transform");
    if !transform.is_empty() && transform != "none" {
        let _ = write!(out, " transform=\"{}\"", escape(&transform));
    } else if let Some(value) = el.get_attribute("transform") {
        let _ = write!(out, " transform=\"{}\"", escape(&value));
    }
    let text = matches!(name.as_str(), "text" | "tspan" | "textPath");
    let looks: &[&[(&str, &str)]] = match name.as_str() {
        "g" | "svg" | "a" => &[GROUP_LOOKS],
        _ if text => &[SHAPE_LOOKS, TEXT_LOOKS],
        _ => &[SHAPE_LOOKS],
    };
    let style = inline_style(&computed, looks);
    if !style.is_empty() {
        let _ = write!(out, " style=\"{}\"", escape(&style));
    }
    out.push('>');
    if text {
        write_text_content(out, el, window);
    } else {
        write_children(out, el, window);
    }
    let _ = write!(out, "</{name}>");
}

/// The text and the styled spans inside a text element, in order.
fn write_text_content(out: &mut String, el: &Element, window: &Window) {
    let nodes = el.child_nodes();
    for i in 0..nodes.length() {
        let Some(node) = nodes.item(i) else {
            continue;
        };
        if let Some(child) = node.dyn_ref::<Element>() {
            write_element(out, child, window);
        } else if node.node_type() == web_sys::Node::TEXT_NODE {
            out.push_str(&escape(&node.text_content().unwrap_or_default()));
        }
    }
}

/// `property: value` pairs of `looks` whose computed value is not the initial one.
fn inline_style(computed: &CssStyleDeclaration, looks: &[&[(&str, &str)]]) -> String {
    let mut style = String::new();
    for (property, initial) in looks.iter().flat_map(|l| l.iter()) {
        let value = computed.get_property_value(property).unwrap_or_default();
        if value.is_empty() || value == *initial {
            continue;
        }
        let _ = write!(style, "{property}:{value};");
    }
    style
}

/// `text` made safe for XML content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_quotes_are_escaped_for_xml() {
        assert_eq!(
            escape(r#"Inter, "Segoe UI" <b>&'"#),
            "Inter, &quot;Segoe UI&quot; &lt;b&gt;&amp;&apos;"
        );
    }

    #[test]
    fn control_characters_xml_forbids_are_dropped() {
        assert_eq!(escape("a\u{1}b\nc"), "ab\nc");
    }
}
