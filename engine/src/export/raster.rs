//! The picture as a PNG: its SVG drawn on a canvas of the requested pixel
//! size (the SVG already holds the canvas layers), then encoded by the browser.

use super::{ExportError, ExportOptions, compose};
use crate::viewport::Viewport;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, HtmlImageElement};

/// The view of `map` (showing `view`) as a PNG of `options.pixel_size()`.
pub async fn png_blob(
    map: &HtmlElement,
    view: &Viewport,
    options: &ExportOptions,
) -> Result<Blob, ExportError> {
    let (pw, ph) = options.pixel_size();
    let svg = compose::picture(map, view, options, f64::from(options.scale.max(1)))?;
    let image = HtmlImageElement::new()?;
    // A data URL: the page's policy allows images from `data:`, and the canvas stays readable.
    let url = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&svg))
    );
    image.set_src(&url);
    JsFuture::from(image.decode()).await?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(ExportError::NoMap)?;
    let canvas: HtmlCanvasElement = document.create_element("canvas")?.unchecked_into();
    canvas.set_width(pw);
    canvas.set_height(ph);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| ExportError::Browser("no 2D canvas".into()))?
        .unchecked_into();
    context.draw_image_with_html_image_element_and_dw_and_dh(
        &image,
        0.0,
        0.0,
        f64::from(pw),
        f64::from(ph),
    )?;
    encode(&canvas).await
}

/// The canvas's pixels as a PNG blob.
async fn encode(canvas: &HtmlCanvasElement) -> Result<Blob, ExportError> {
    let canvas = canvas.clone();
    let promise =
        js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
            let failed = reject.clone();
            let done = Closure::once_into_js(move |blob: JsValue| {
                let _ = if blob.is_null() {
                    failed.call1(
                        &JsValue::NULL,
                        &JsValue::from_str("the PNG could not be encoded"),
                    )
                } else {
                    resolve.call1(&JsValue::NULL, &blob)
                };
            });
            if let Err(e) = canvas.to_blob_with_type(done.unchecked_ref(), "image/png") {
                let _ = reject.call1(&JsValue::NULL, &e);
            }
        });
    Ok(JsFuture::from(promise).await?.unchecked_into())
}

/// The width and height a PNG's header gives, if `bytes` begin a PNG.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    if bytes.get(..8)? != SIGNATURE || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let word = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    Some((word(16)?, word(20)?))
}

#[cfg(test)]
mod tests {
    use super::png_size;

    #[test]
    fn a_png_header_gives_its_size() {
        let mut header = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
        header.extend_from_slice(b"IHDR");
        header.extend_from_slice(&1920_u32.to_be_bytes());
        header.extend_from_slice(&1080_u32.to_be_bytes());
        assert_eq!(png_size(&header), Some((1920, 1080)));
    }

    #[test]
    fn other_bytes_have_no_png_size() {
        assert_eq!(png_size(b"<svg></svg>"), None);
        assert_eq!(png_size(&[0x89, b'P', b'N', b'G']), None);
    }
}
