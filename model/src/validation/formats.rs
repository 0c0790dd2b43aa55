//! The shapes of text fields the rules check: a status date, a source URL.

/// Checks a month (`2026-01`) or a day (`2026-01-15`) of a year from 1800 to 2100.
pub fn check_month_or_day(text: &str) -> Result<(), String> {
    const SHAPE: &str = "must be a month (YYYY-MM) or a day (YYYY-MM-DD)";
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, digits: usize| {
        (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (year, month, day) = match parts[..] {
        [y, m] => (number(y, 4), number(m, 2), Some(1)),
        [y, m, d] => (number(y, 4), number(m, 2), number(d, 2)),
        _ => return Err(SHAPE.into()),
    };
    let (Some(year), Some(month), Some(day)) = (year, month, day) else {
        return Err(SHAPE.into());
    };
    if !(1800..=2100).contains(&year) {
        return Err("must be in a year from 1800 to 2100".into());
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err("has no such month".into()),
    };
    if !(1..=days).contains(&day) {
        return Err("has no such day in that month".into());
    }
    Ok(())
}

/// Whether `url` parses as an absolute http or https URL with a host: no
/// spaces or control characters, and a host of letters, digits, dots,
/// dashes, and an optional port.
pub fn is_web_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let host_ok = !host.is_empty()
        && !host.starts_with(['.', '-'])
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    host_ok && port_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_dates_are_months_or_days_that_exist() {
        for good in ["2026-01", "2025-05-31", "2024-02-29"] {
            assert_eq!(check_month_or_day(good), Ok(()), "{good}");
        }
        for bad in [
            "2026",
            "2026-1",
            "2026-00",
            "2025-02-29",
            "26-01",
            "2026-01-32",
            "2026-01-",
        ] {
            assert!(check_month_or_day(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn source_urls_must_parse() {
        for good in [
            "https://www.acwapower.com/",
            "http://example.org:8080/a?b#c",
        ] {
            assert!(is_web_url(good), "{good}");
        }
        for bad in [
            "https://",
            "https:///path",
            "https://a b/",
            "ftp://x.org",
            "https://x.org:port/",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }
}
