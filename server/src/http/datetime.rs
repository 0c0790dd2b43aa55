//! The `datetime` parameter of OGC API - Features Part 1 (§7.15.4), read as the
//! range of years it touches, since a feature's time is the year it opened.
//!
//! Accepted: an instant (`2017`, `2017-01-01`, an RFC 3339 date-time) or an
//! interval of two, `start/end`, where either end may be open (`..` or empty).

use crate::clock::civil_from_days;
pub use crate::read_model::YearRange;

/// A span of time in UTC seconds since the epoch, both ends inclusive: a year
/// and a date each cover their whole period, a date-time is a single second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    first: i64,
    last: i64,
}

const DAY: i64 = 86_400;

/// Parses a `datetime` value. `Ok(None)` means `../..`: every feature matches,
/// even one without a year. The error says what is wrong, for a 400.
pub fn parse(text: &str) -> Result<Option<YearRange>, String> {
    let Some((start, end)) = text.split_once('/') else {
        let span = instant(text).ok_or_else(expected)?;
        return Ok(Some(YearRange {
            from: Some(year_of(span.first)),
            to: Some(year_of(span.last)),
        }));
    };
    let start = open_or_instant(start)?;
    let end = open_or_instant(end)?;
    if let (Some(start), Some(end)) = (start, end)
        && start.first > end.last
    {
        return Err("the interval's start is after its end".into());
    }
    Ok(match (start, end) {
        (None, None) => None,
        (start, end) => Some(YearRange {
            from: start.map(|s| year_of(s.first)),
            to: end.map(|e| year_of(e.last)),
        }),
    })
}

fn expected() -> String {
    "must be an instant (2017, 2017-01-01 or an RFC 3339 date-time) \
     or an interval start/end whose open end is `..`"
        .into()
}

/// One end of an interval: `None` when open.
fn open_or_instant(text: &str) -> Result<Option<Span>, String> {
    match text {
        "" | ".." => Ok(None),
        _ => instant(text).map(Some).ok_or_else(expected),
    }
}

/// `YYYY`, `YYYY-MM-DD` or an RFC 3339 date-time, as a span in UTC.
fn instant(text: &str) -> Option<Span> {
    let b = text.as_bytes();
    let year = digits(b, 0, 4)?;
    if b.len() == 4 {
        let first = days_from_civil(year, 1, 1) * DAY;
        return Some(Span {
            first,
            last: days_from_civil(year + 1, 1, 1) * DAY - 1,
        });
    }
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let midnight = days_from_civil(year, month, day) * DAY;
    if b.len() == 10 {
        return Some(Span {
            first: midnight,
            last: midnight + DAY - 1,
        });
    }
    let seconds = midnight + time_of_day(b.get(10..)?)?;
    Some(Span {
        first: seconds,
        last: seconds,
    })
}

/// `THH:MM:SS[.fraction](Z|±HH:MM)` as seconds after midnight UTC of its date
/// (negative or past a day when the offset crosses midnight).
fn time_of_day(b: &[u8]) -> Option<i64> {
    if !matches!(b.first(), Some(b'T' | b't')) || b.get(3) != Some(&b':') || b.get(6) != Some(&b':')
    {
        return None;
    }
    let hour = digits(b, 1, 2)?;
    let minute = digits(b, 4, 2)?;
    // 60 is a leap second.
    let second = digits(b, 7, 2)?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &b[9..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let length = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if length == 0 {
            return None;
        }
        rest = &fraction[length..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let hours = digits(rest, 1, 2)?;
            let minutes = digits(rest, 4, 2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'-' { -offset } else { offset }
        }
        _ => return None,
    };
    Some(i64::from(hour * 3600 + minute * 60 + second) - offset)
}

/// `count` ASCII digits of `b` from `at` as a number.
fn digits(b: &[u8], at: usize, count: usize) -> Option<u32> {
    let slice = b.get(at..at + count)?;
    slice.iter().try_fold(0u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`, the inverse of [`civil_from_days`]).
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The UTC year of a moment.
fn year_of(seconds: i64) -> i32 {
    let (year, _, _) = civil_from_days(seconds.div_euclid(DAY));
    // Four-digit years in, so the year fits (an offset moves it by one at most).
    i32::try_from(year).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(from: Option<i32>, to: Option<i32>) -> Result<Option<YearRange>, String> {
        Ok(Some(YearRange { from, to }))
    }

    #[test]
    fn a_year_a_date_and_a_date_time_are_each_their_own_year() {
        for text in [
            "2017",
            "2017-01-01",
            "2017-12-31T23:59:59Z",
            "2017-06-01t12:00:00.25z",
        ] {
            assert_eq!(parse(text), years(Some(2017), Some(2017)), "{text}");
        }
    }

    #[test]
    fn an_offset_that_crosses_new_year_moves_the_year() {
        assert_eq!(
            parse("2017-01-01T01:00:00+03:00"),
            years(Some(2016), Some(2016))
        );
        assert_eq!(
            parse("2016-12-31T23:00:00-02:00"),
            years(Some(2017), Some(2017))
        );
    }

    #[test]
    fn intervals_may_be_closed_or_open_at_either_end() {
        assert_eq!(parse("2010/2020"), years(Some(2010), Some(2020)));
        assert_eq!(parse("../2017"), years(None, Some(2017)));
        assert_eq!(parse("2017/.."), years(Some(2017), None));
        assert_eq!(parse("/2017-03-01"), years(None, Some(2017)));
        assert_eq!(parse("../.."), Ok(None));
    }

    #[test]
    fn a_year_ending_an_interval_covers_the_whole_year() {
        assert_eq!(parse("2017-06-01/2017"), years(Some(2017), Some(2017)));
    }

    #[test]
    fn malformed_values_and_backwards_intervals_are_refused() {
        for text in [
            "",
            "..",
            "17",
            "2017-13-01",
            "2017-02-29",
            "2017-01-01T24:00:00Z",
            "2017-01-01T12:00:00",
            "2017-01-01T12:00:00+0300",
            "2017-01-01T12:00:00.Z",
            "2020/2010",
            "2017/2018/2019",
            "yesterday",
            "２０１７",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn days_from_civil_inverts_civil_from_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for days in [-1, 0, 59, 10_957, 2_932_896] {
            let (year, month, day) = civil_from_days(days);
            let year = u32::try_from(year).unwrap_or(0);
            assert_eq!(days_from_civil(year, month, day), days, "{days}");
        }
    }
}
