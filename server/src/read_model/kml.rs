//! A layer as KML 2.2: one `Placemark` per feature, with its name, a
//! description a reader of Google Earth sees, every curated field as
//! `ExtendedData`, and its geometry. Every text is XML-escaped.

use super::served::{ServedFeature, number};
use geojson::{GeometryValue, Position};

/// The media type of KML answers.
pub const KML: &str = "application/vnd.google-earth.kml+xml";

/// The KML document of a layer titled `title` holding `features`.
pub fn write(title: &str, description: &str, features: &[ServedFeature]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n",
    );
    element(&mut out, "name", title);
    if !description.is_empty() {
        element(&mut out, "description", description);
    }
    for feature in features {
        placemark(&mut out, feature);
    }
    out.push_str("</Document>\n</kml>\n");
    out
}

fn placemark(out: &mut String, feature: &ServedFeature) {
    let p = &feature.properties;
    out.push_str("<Placemark>\n");
    element(out, "name", &p.name);
    let mut description = format!("{} · {}", p.kind.label(), p.status.label());
    for source in &p.sources {
        description.push_str(&format!("\nSource: {} <{}>", source.title, source.url));
    }
    element(out, "description", &description);
    out.push_str("<ExtendedData>\n");
    let f = &p.facts;
    let fields = [
        ("id", Some(p.id.clone())),
        ("kind", Some(p.kind.as_str().to_string())),
        ("status", Some(p.status.as_str().to_string())),
        ("precision", Some(p.precision.as_str().to_string())),
        (
            "aliases",
            (!p.aliases.is_empty()).then(|| p.aliases.join("; ")),
        ),
        ("capacity_mw", f.capacity_mw.map(number)),
        ("length_km", f.length_km.map(number)),
        ("opened", f.opened.map(|y| y.to_string())),
        (
            "partners",
            (!f.partners.is_empty()).then(|| f.partners.join("; ")),
        ),
        ("operator", f.operator.clone()),
        ("commodity", f.commodity.clone()),
        ("throughput", f.throughput.clone()),
        ("route", p.route.clone()),
        ("leg", p.leg.map(|l| l.to_string())),
        (
            "sources",
            Some(
                p.sources
                    .iter()
                    .map(|s| s.url.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ),
        ("revision", Some(feature.revision.to_string())),
        ("updated_at", Some(feature.updated_at.clone())),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            // Names are the fixed words above; only values need escaping.
            out.push_str(&format!(
                "<Data name=\"{name}\"><value>{}</value></Data>\n",
                escape(&value)
            ));
        }
    }
    out.push_str("</ExtendedData>\n");
    geometry(out, &feature.geometry.value);
    out.push_str("</Placemark>\n");
}

fn geometry(out: &mut String, value: &GeometryValue) {
    match value {
        GeometryValue::Point { coordinates } => {
            out.push_str("<Point>");
            coordinates_element(out, std::slice::from_ref(coordinates));
            out.push_str("</Point>\n");
        }
        GeometryValue::LineString { coordinates } => line(out, coordinates),
        GeometryValue::Polygon { coordinates } => polygon(out, coordinates),
        GeometryValue::MultiPoint { coordinates } => {
            out.push_str("<MultiGeometry>\n");
            for point in coordinates {
                geometry(
                    out,
                    &GeometryValue::Point {
                        coordinates: point.clone(),
                    },
                );
            }
            out.push_str("</MultiGeometry>\n");
        }
        GeometryValue::MultiLineString { coordinates } => {
            out.push_str("<MultiGeometry>\n");
            coordinates.iter().for_each(|l| line(out, l));
            out.push_str("</MultiGeometry>\n");
        }
        GeometryValue::MultiPolygon { coordinates } => {
            out.push_str("<MultiGeometry>\n");
            coordinates.iter().for_each(|p| polygon(out, p));
            out.push_str("</MultiGeometry>\n");
        }
        GeometryValue::GeometryCollection { geometries } => {
            out.push_str("<MultiGeometry>\n");
            geometries.iter().for_each(|g| geometry(out, &g.value));
            out.push_str("</MultiGeometry>\n");
        }
    }
}

fn line(out: &mut String, positions: &[Position]) {
    // Drawn along the ground, as the map draws routes.
    out.push_str("<LineString><tessellate>1</tessellate>");
    coordinates_element(out, positions);
    out.push_str("</LineString>\n");
}

fn polygon(out: &mut String, rings: &[Vec<Position>]) {
    out.push_str("<Polygon>");
    for (i, ring) in rings.iter().enumerate() {
        let boundary = if i == 0 {
            "outerBoundaryIs"
        } else {
            "innerBoundaryIs"
        };
        out.push_str(&format!("<{boundary}><LinearRing>"));
        coordinates_element(out, ring);
        out.push_str(&format!("</LinearRing></{boundary}>"));
    }
    out.push_str("</Polygon>\n");
}

/// `<coordinates>lon,lat lon,lat</coordinates>`, as KML orders them.
fn coordinates_element(out: &mut String, positions: &[Position]) {
    let text: Vec<String> = positions
        .iter()
        .map(|p| {
            p.as_slice()
                .iter()
                .map(|v| number(*v))
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    out.push_str("<coordinates>");
    out.push_str(&text.join(" "));
    out.push_str("</coordinates>");
}

/// `<name>text</name>` and a newline, the text escaped.
fn element(out: &mut String, name: &str, text: &str) {
    out.push_str(&format!("<{name}>{}</{name}>\n", escape(text)));
}

/// `text` with the five XML special characters escaped.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            // XML 1.0 allows no other control characters, escaped or not.
            c if c.is_control() && !matches!(c, '\n' | '\r' | '\t') => {}
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_special_characters_are_escaped_and_stray_controls_dropped() {
        assert_eq!(
            escape("A & B <c> \"d\" 'e'\u{1}"),
            "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
    }
}
