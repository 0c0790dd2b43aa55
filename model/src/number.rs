//! Decimal numbers the atlas reads from text it writes itself (the address
//! bar's `#map=`, the server's frame on its first map, computed CSS lengths)
//! and writes to a fixed number of decimals (SVG and CSS values, distances).
//!
//! serde_json's parser, which the app carries anyway, rather than
//! `f64::from_str`, and integer digits rather than `{:.N}`: core's
//! correctly-rounded algorithms for both bring tables and a big-number
//! implementation into the wasm, where a last-digit rounding difference in a
//! map position or a line width cannot matter.

use std::fmt;

/// A finite decimal such as `46.1234`, `-7` or `1e3`; `None` for anything else.
pub fn parse_decimal(text: &str) -> Option<f64> {
    serde_json::from_slice::<f64>(text.as_bytes())
        .ok()
        .filter(|v| v.is_finite())
}

/// A number written with a fixed count of decimals (at most 12), as `{:.N}`
/// writes it, save that halves round away from zero and `-0.0` loses its sign.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fixed(pub f64, pub u8);

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Fixed(value, digits) = *self;
        if !value.is_finite() {
            return f.write_str(if value.is_nan() {
                "NaN"
            } else if value > 0.0 {
                "inf"
            } else {
                "-inf"
            });
        }
        let digits = digits.min(12);
        let scale = 10_u64.pow(u32::from(digits));
        // Saturating: a number past 1.8e19 units of the last decimal is no screen position.
        let units = (value.abs() * scale as f64).round() as u64;
        if value < 0.0 && units != 0 {
            f.write_str("-")?;
        }
        write!(f, "{}", units / scale)?;
        if digits > 0 {
            write!(f, ".{:0width$}", units % scale, width = usize::from(digits))?;
        }
        Ok(())
    }
}

/// `value` to at most `digits` decimals, without trailing zeros: `2`, `2.5`.
pub fn trimmed(value: f64, digits: u8) -> String {
    let text = Fixed(value, digits).to_string();
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::{Fixed, parse_decimal, trimmed};

    #[test]
    fn trimmed_drops_trailing_zeros_only() {
        assert_eq!(trimmed(2.0, 3), "2");
        assert_eq!(trimmed(2.5, 3), "2.5");
        assert_eq!(trimmed(0.125, 2), "0.13");
        assert_eq!(trimmed(1500.0, 0), "1500");
        assert_eq!(trimmed(100.0, 2), "100");
    }

    #[test]
    fn fixed_writes_as_the_formatter_does() {
        for (value, digits) in [
            (0.0, 1),
            (12.34, 1),
            (-12.34, 2),
            (0.04, 0),
            (1234.5678, 3),
            (724.0773439350247, 6),
            (3.0, 0),
            (99.96, 1),
            (-7.0, 4),
            (0.123456789, 10),
            (-1870.7306669807972, 2),
        ] {
            let core = format!("{value:.*}", usize::from(digits));
            assert_eq!(
                Fixed(value, digits).to_string(),
                core,
                "{value} to {digits}"
            );
        }
    }

    #[test]
    fn fixed_differs_only_on_halves_and_negative_zero() {
        assert_eq!(Fixed(0.25, 1).to_string(), "0.3");
        assert_eq!(Fixed(-0.01, 1).to_string(), "0.0");
        assert_eq!(format!("{:.1}", -0.01), "-0.0");
        assert_eq!(Fixed(f64::NAN, 2).to_string(), "NaN");
        assert_eq!(Fixed(f64::NEG_INFINITY, 2).to_string(), "-inf");
    }

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
