//! Decimal numbers read from text the atlas writes itself (the address bar's
//! `#map=`, the server's frame on its first map, computed CSS lengths).
//!
//! serde_json's parser, which the app carries anyway, rather than
//! `f64::from_str`: that one's correctly-rounded algorithm brings a large
//! table of powers of five into the wasm, where a last-digit rounding
//! difference in a map position or a line width cannot matter.

/// A finite decimal such as `46.1234`, `-7` or `1e3`; `None` for anything else.
pub fn parse_decimal(text: &str) -> Option<f64> {
    serde_json::from_slice::<f64>(text.as_bytes())
        .ok()
        .filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::parse_decimal;

    #[test]
    fn reads_what_the_atlas_writes_and_nothing_else() {
        assert_eq!(parse_decimal("5"), Some(5.0));
        assert_eq!(parse_decimal("-7.25"), Some(-7.25));
        assert_eq!(parse_decimal("41.2000"), Some(41.2));
        assert_eq!(parse_decimal("1e3"), Some(1000.0));
        assert_eq!(parse_decimal("0.0000001"), Some(1e-7));
        assert_eq!(parse_decimal(""), None);
        assert_eq!(parse_decimal("abc"), None);
        assert_eq!(parse_decimal("2.5px"), None);
        assert_eq!(parse_decimal("1e999"), None);
        assert_eq!(parse_decimal("NaN"), None);
        assert_eq!(parse_decimal("inf"), None);
    }

    #[test]
    fn rounds_as_closely_as_a_map_needs() {
        for text in ["46.123456", "-179.999999", "12345.678901", "0.3"] {
            let exact: f64 = text.parse().expect("a number");
            let got = parse_decimal(text).expect("a number");
            assert!(
                (got - exact).abs() <= exact.abs() * 1e-15,
                "{text}: {got} vs {exact}"
            );
        }
    }
}
