//! The current time as RFC 3339 text, without a date-time dependency, and
//! the [`Clock`] that sessions and sign-in throttling read, which tests set.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The time for sessions and sign-in throttling: the system's, or one that
/// moves only when told (for tests of expiry and waiting).
#[derive(Debug, Clone, Default)]
pub struct Clock {
    manual: Option<Arc<AtomicU64>>,
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that stands at `unix` seconds until [`Clock::advance`] moves it;
    /// its clones move with it.
    pub fn manual(unix: u64) -> Clock {
        Clock {
            manual: Some(Arc::new(AtomicU64::new(unix))),
        }
    }

    /// Moves a manual clock forwards by `seconds`; the system clock moves by itself.
    pub fn advance(&self, seconds: u64) {
        if let Some(now) = &self.manual {
            now.fetch_add(seconds, Ordering::SeqCst);
        }
    }

    /// Now, in seconds since the Unix epoch.
    pub fn now_unix(&self) -> u64 {
        match &self.manual {
            Some(now) => now.load(Ordering::SeqCst),
            None => unix_now(),
        }
    }
}

/// The system's time in seconds since the Unix epoch.
fn unix_now() -> u64 {
    // A clock before 1970 is a broken machine; the epoch is the least surprising answer.
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Now, in UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_rfc3339() -> String {
    rfc3339_from_unix(unix_now())
}

/// Seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn rfc3339_from_unix(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let of_day = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

/// The proleptic Gregorian date of a day count from 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_its_clones_with_it() {
        let clock = Clock::manual(100);
        let clone = clock.clone();
        assert_eq!(clock.now_unix(), 100);
        clone.advance(5);
        assert_eq!(clock.now_unix(), 105);
        assert!(Clock::system().now_unix() > 1_700_000_000);
    }

    #[test]
    fn the_epoch_is_new_year_1970() {
        assert_eq!(rfc3339_from_unix(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn leap_days_and_times_of_day_come_out_right() {
        // 2024-02-29T12:34:56Z
        assert_eq!(rfc3339_from_unix(1_709_210_096), "2024-02-29T12:34:56Z");
        // 2000-03-01T00:00:00Z, the day after a century leap day.
        assert_eq!(rfc3339_from_unix(951_868_800), "2000-03-01T00:00:00Z");
    }
}
