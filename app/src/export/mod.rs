//! Export of the map as a picture (SVG or PNG) with the atlas's title, legend
//! and attribution: the words around the engine's `export`, and the dialog
//! that asks for format and size.
//!
//! The story player calls [`download_view`] with its step's title to export
//! a step, or places an [`dialog::ExportButton`].

pub mod dialog;

use crate::atlas::Atlas;
use crate::map::export::{self, ExportError, ExportOptions};
use crate::map::state::MapState;
use crate::panels::legend::export_legend;
use crate::places::CREDIT;
use leptos::prelude::*;

/// The picture formats offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Vector, self-contained: for print and editing.
    Svg,
    /// Pixels at the chosen size: for slides.
    Png,
}

impl ExportFormat {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
        }
    }
}

/// A size a picture can be made at: (width, height, what it suits).
pub const SIZES: [(u32, u32, &str); 4] = [
    (1920, 1080, "slides, Full HD"),
    (1280, 720, "slides, HD"),
    (1080, 1080, "square"),
    (1754, 1240, "A4 landscape, 150 dpi"),
];

/// What to export: format, size in picture pixels, pixel density and title.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRequest {
    /// SVG or PNG.
    pub format: ExportFormat,
    /// Width in picture pixels.
    pub width: u32,
    /// Height in picture pixels.
    pub height: u32,
    /// 2 for a PNG of twice the pixels each way; 1 otherwise.
    pub scale: u32,
    /// The heading written above the map.
    pub title: String,
}

impl ExportRequest {
    /// A PNG of 1920x1080 titled `title`.
    pub fn new(title: impl Into<String>) -> ExportRequest {
        ExportRequest {
            format: ExportFormat::Png,
            width: SIZES[0].0,
            height: SIZES[0].1,
            scale: 1,
            title: title.into(),
        }
    }

    /// The downloaded file's name: `corridor-atlas-<title>.<ext>`.
    pub fn file_name(&self) -> String {
        let mut slug = String::new();
        for c in self.title.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        let stem = if slug.is_empty() {
            "corridor-atlas".to_string()
        } else {
            format!("corridor-atlas-{slug}")
        };
        format!("{stem}.{}", self.format.extension())
    }
}

/// Who the picture's map comes from.
pub fn attribution() -> String {
    format!("Basemap: Natural Earth · Data: {CREDIT}")
}

/// Makes the picture of the map on the page as `request` asks and downloads
/// it; answers the file's name.
pub async fn download_view(
    map_state: MapState,
    atlas: &Atlas,
    request: &ExportRequest,
) -> Result<String, ExportError> {
    let map = export::find_map().ok_or(ExportError::NoMap)?;
    let view = map_state.view.get_untracked();
    let options = ExportOptions {
        width: request.width,
        height: request.height,
        scale: if request.format == ExportFormat::Png {
            request.scale.max(1)
        } else {
            1
        },
        title: request.title.clone(),
        legend: export_legend(atlas),
        attribution: attribution(),
    };
    let name = request.file_name();
    match request.format {
        ExportFormat::Svg => {
            let svg = export::svg_document(&map, &view, &options)?;
            export::save_text(&svg, "image/svg+xml", &name)?;
        }
        ExportFormat::Png => {
            let png = export::png_blob(&map, &view, &options).await?;
            export::save_blob(&png, &name)?;
        }
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_slugs_of_the_title() {
        let mut request = ExportRequest::new("The Baku–Tbilisi–Kars railway!");
        assert_eq!(
            request.file_name(),
            "corridor-atlas-the-baku-tbilisi-kars-railway.png"
        );
        request.format = ExportFormat::Svg;
        request.title = "  ".into();
        assert_eq!(request.file_name(), "corridor-atlas.svg");
    }
}
