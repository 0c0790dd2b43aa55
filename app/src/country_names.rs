//! Country names for the ISO 3166 codes in the data ("CN" → "China"), from the
//! browser's own CLDR tables rather than a copy of them in the download.

/// "China (CN)": the name a reader knows, with the code the data uses.
pub fn name_with_code(code: &str) -> String {
    match country_name(code) {
        Some(name) if name != code => format!("{name} ({code})"),
        _ => code.to_string(),
    }
}

/// The English name of a region code (`EU` included), if the browser knows it.
#[cfg(target_arch = "wasm32")]
pub fn country_name(code: &str) -> Option<String> {
    use js_sys::{Array, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;
    thread_local! {
        static NAMES: Option<Intl::DisplayNames> = {
            let options = Object::new();
            Reflect::set(&options, &"type".into(), &"region".into()).ok()?;
            // "none": an unknown code answers `undefined`, not itself.
            Reflect::set(&options, &"fallback".into(), &"none".into()).ok()?;
            let locales = Array::of1(&JsValue::from_str("en"));
            Some(Intl::DisplayNames::new(&locales, &options))
        };
    }
    NAMES.with(|names| names.as_ref()?.of(code).map(String::from))
}

/// Outside the browser (tests) there are no tables: the code stands alone.
#[cfg(not(target_arch = "wasm32"))]
pub fn country_name(_code: &str) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_name_the_code_stands_alone() {
        assert_eq!(name_with_code("CN"), "CN");
    }
}
