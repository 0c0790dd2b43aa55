//! Hit testing of the sketch's handles: which vertex or midpoint is under the
//! pointer, with vertices first (they sit above midpoints).

/// A handle of the sketch on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handle {
    /// Vertex `n`.
    Vertex(usize),
    /// The midpoint whose dragging inserts a vertex at index `n`.
    Midpoint(usize),
}

/// Reach around a vertex for a mouse (px); a finger gets [`TOUCH_REACH`].
pub const MOUSE_REACH: f64 = 8.0;
/// Reach around a vertex for a finger or a pen (px).
pub const TOUCH_REACH: f64 = 18.0;

/// The handle under `at`: the nearest vertex within `reach`, else the nearest
/// midpoint within two thirds of it (midpoints are drawn smaller).
pub fn handle_at(
    at: (f64, f64),
    vertices: &[(f64, f64)],
    midpoints: &[(usize, (f64, f64))],
    reach: f64,
) -> Option<Handle> {
    let distance = |(x, y): (f64, f64)| (x - at.0).hypot(y - at.1);
    let nearest = |points: &mut dyn Iterator<Item = (usize, (f64, f64))>, limit: f64| {
        points
            .map(|(i, p)| (i, distance(p)))
            .filter(|(_, d)| *d <= limit)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    };
    if let Some(i) = nearest(&mut vertices.iter().copied().enumerate(), reach) {
        return Some(Handle::Vertex(i));
    }
    nearest(&mut midpoints.iter().copied(), reach * 2.0 / 3.0).map(Handle::Midpoint)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: [(f64, f64); 3] = [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0)];
    const MIDS: [(usize, (f64, f64)); 2] = [(1, (50.0, 0.0)), (2, (100.0, 50.0))];

    #[test]
    fn a_vertex_is_found_within_reach() {
        assert_eq!(
            handle_at((97.0, 3.0), &LINE, &MIDS, MOUSE_REACH),
            Some(Handle::Vertex(1))
        );
        assert_eq!(handle_at((90.0, 10.0), &LINE, &MIDS, MOUSE_REACH), None);
    }

    #[test]
    fn a_midpoint_is_found_when_no_vertex_is_near() {
        assert_eq!(
            handle_at((52.0, 2.0), &LINE, &MIDS, MOUSE_REACH),
            Some(Handle::Midpoint(1))
        );
        assert_eq!(handle_at((50.0, 7.0), &LINE, &MIDS, MOUSE_REACH), None);
    }

    #[test]
    fn a_finger_reaches_further_than_a_mouse() {
        assert_eq!(handle_at((0.0, 15.0), &LINE, &MIDS, MOUSE_REACH), None);
        assert_eq!(
            handle_at((0.0, 15.0), &LINE, &MIDS, TOUCH_REACH),
            Some(Handle::Vertex(0))
        );
    }

    #[test]
    fn of_two_vertices_in_reach_the_nearer_wins() {
        let close = [(0.0, 0.0), (6.0, 0.0)];
        assert_eq!(
            handle_at((4.0, 0.0), &close, &[], MOUSE_REACH),
            Some(Handle::Vertex(1))
        );
    }
}
