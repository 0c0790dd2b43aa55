//! Snapping: a route's vertex dropped near a site lands exactly on it.

/// How near (px on screen) a site must be for a vertex to snap to it.
pub const SNAP_PX: f64 = 12.0;

/// The candidate nearest to `at` within `radius` px, if any; each candidate
/// is a value and where it is on screen. Ties go to the first listed.
pub fn nearest_within<T>(
    at: (f64, f64),
    candidates: impl IntoIterator<Item = (T, (f64, f64))>,
    radius: f64,
) -> Option<T> {
    let mut best: Option<(T, f64)> = None;
    for (value, (x, y)) in candidates {
        let d = (x - at.0).hypot(y - at.1);
        if d <= radius && best.as_ref().is_none_or(|(_, b)| d < *b) {
            best = Some((value, d));
        }
    }
    best.map(|(value, _)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_site_within_reach_wins() {
        let sites = [("baku", (100.0, 100.0)), ("alat", (108.0, 100.0))];
        assert_eq!(nearest_within((105.0, 100.0), sites, SNAP_PX), Some("alat"));
        assert_eq!(nearest_within((101.0, 101.0), sites, SNAP_PX), Some("baku"));
    }

    #[test]
    fn nothing_snaps_past_the_radius() {
        let sites = [("baku", (100.0, 100.0))];
        assert_eq!(nearest_within((100.0, 112.5), sites, SNAP_PX), None);
        assert_eq!(nearest_within((100.0, 112.0), sites, SNAP_PX), Some("baku"));
    }
}
