//! Hands a made file to the reader as a download.

use super::ExportError;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `blob` as a download named `file_name`.
pub fn save_blob(blob: &Blob, file_name: &str) -> Result<(), ExportError> {
    let window = web_sys::window().ok_or(ExportError::NoMap)?;
    let document = window.document().ok_or(ExportError::NoMap)?;
    let body = document.body().ok_or(ExportError::NoMap)?;
    let url = Url::create_object_url_with_blob(blob)?;
    let link: HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.set_attribute("hidden", "")?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    // The download has read the blob's address by the time this runs.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)?;
    Ok(())
}

/// Offers `text` as a download of media type `mime` named `file_name`.
pub fn save_text(text: &str, mime: &str, file_name: &str) -> Result<(), ExportError> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    save_blob(&blob, file_name)
}
