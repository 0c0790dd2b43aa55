//! A symbol's SVG path data, re-written at any point, so that thousands of
//! sites of one look become one canvas path: filled and stroked once, where
//! a draw call per site costs tens of microseconds each in a software canvas.

use std::fmt::Write;

/// Which coordinate a number of absolute path data is, if any.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Axis {
    X,
    Y,
    /// A radius, a flag, a relative offset: unchanged by a move.
    Neither,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    Command(char),
    Number(f64, Axis),
}

/// Path data parsed once, ready to be written at any point.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    tokens: Vec<Token>,
}

impl Stamp {
    /// Parses SVG path data drawn around (0, 0).
    pub fn parse(d: &str) -> Stamp {
        let mut tokens = Vec::new();
        let mut command = 'M';
        let mut index = 0;
        let mut rest = d;
        while let Some(c) = rest.chars().next() {
            if c.is_ascii_alphabetic() {
                command = c;
                index = 0;
                tokens.push(Token::Command(c));
                rest = &rest[1..];
            } else if c == ',' || c.is_whitespace() {
                rest = &rest[1..];
            } else {
                let length = number_length(rest);
                if length == 0 {
                    // Not path data: skip the character rather than loop on it.
                    rest = &rest[c.len_utf8()..];
                    continue;
                }
                let value = rest[..length].parse().unwrap_or(0.0);
                tokens.push(Token::Number(value, axis(command, index)));
                index += 1;
                rest = &rest[length..];
            }
        }
        Stamp { tokens }
    }

    /// Appends the path moved so that its (0, 0) lies at (`x`, `y`).
    pub fn write_at(&self, x: f64, y: f64, out: &mut String) {
        let mut after_number = false;
        for token in &self.tokens {
            match *token {
                Token::Command(c) => {
                    out.push(c);
                    after_number = false;
                }
                Token::Number(value, axis) => {
                    let moved = match axis {
                        Axis::X => value + x,
                        Axis::Y => value + y,
                        Axis::Neither => value,
                    };
                    if after_number {
                        out.push(' ');
                    }
                    push_tenths(out, moved);
                    after_number = true;
                }
            }
        }
    }
}

/// How many bytes of `s` make the number it starts with.
fn number_length(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let mut dot = false;
    let mut digits = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => digits = true,
            // A second dot starts the next number: "0.5.5" is 0.5 and .5.
            b'.' if !dot => dot = true,
            _ => break,
        }
        i += 1;
    }
    if digits && matches!(bytes.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(bytes.get(j), Some(b'-' | b'+')) {
            j += 1;
        }
        if bytes.get(j).is_some_and(u8::is_ascii_digit) {
            i = j;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    }
    if digits { i } else { 0 }
}

/// The axis of the `index`th number after `command` (arguments repeat).
fn axis(command: char, index: usize) -> Axis {
    let pair = if index.is_multiple_of(2) {
        Axis::X
    } else {
        Axis::Y
    };
    match command {
        'M' | 'L' | 'T' | 'C' | 'S' | 'Q' => pair,
        'H' => Axis::X,
        'V' => Axis::Y,
        'A' => match index % 7 {
            5 => Axis::X,
            6 => Axis::Y,
            _ => Axis::Neither,
        },
        // Lower-case commands are relative to the current point, which moves with the path.
        _ => Axis::Neither,
    }
}

/// Writes `value` to one decimal: integer formatting is several times faster than float.
fn push_tenths(out: &mut String, value: f64) {
    let tenths = (value * 10.0).round() as i64;
    if tenths < 0 {
        out.push('-');
    }
    let tenths = tenths.unsigned_abs();
    let _ = write!(out, "{}", tenths / 10);
    let digit = tenths % 10;
    if digit != 0 {
        out.push('.');
        out.push(char::from(b'0' + digit as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: &str, x: f64, y: f64) -> String {
        let mut out = String::new();
        Stamp::parse(d).write_at(x, y, &mut out);
        out
    }

    #[test]
    fn absolute_coordinates_move_and_relative_ones_stay() {
        assert_eq!(at("M-5-5H5V5H-5Z", 10.0, 20.0), "M5 15H15V25H5Z");
        assert_eq!(
            at("M-3.5 0a3.5 3.5 0 1 0 7 0Z", 100.0, 50.0),
            "M96.5 50a3.5 3.5 0 1 0 7 0Z"
        );
    }

    #[test]
    fn implicit_repeats_and_curves_alternate_axes() {
        assert_eq!(
            at("M0-7L1.6-2.2 6.7-2.2", 1.0, 2.0),
            "M1 -5L2.6 -0.2 7.7 -0.2"
        );
        assert_eq!(at("C3 -2 5 0 5 2.5", 10.0, 10.0), "C13 8 15 10 15 12.5");
        assert_eq!(at("A5 5 0 0 1 -10 0", 10.0, 10.0), "A5 5 0 0 1 0 10");
    }

    #[test]
    fn odd_number_forms_parse() {
        assert_eq!(at("M0.5.5L1e1-1E0", 0.0, 0.0), "M0.5 0.5L10 -1");
        // Garbage is skipped, not looped on.
        assert_eq!(at("M1 1#L2 2", 0.0, 0.0), "M1 1L2 2");
    }

    #[test]
    fn every_symbol_round_trips_at_the_origin() {
        use super::super::symbols::symbol_path;
        for kind in atlas_model::FeatureKind::ALL {
            let d = symbol_path(kind);
            let once = at(d, 0.0, 0.0);
            assert_eq!(at(&once, 0.0, 0.0), once, "{d}");
            assert_eq!(
                Stamp::parse(&once).tokens.len(),
                Stamp::parse(d).tokens.len(),
                "{d}"
            );
        }
    }
}
