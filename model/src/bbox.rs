//! The one longitude/latitude box of the project, aware of the antimeridian.
//!
//! A box whose west edge lies east of its east edge crosses the antimeridian,
//! as OGC API - Features reads `bbox` (Part 1, 7.15.3) and GeoJSON reads a
//! `bbox` member (RFC 7946, 5.2): `[170, -10, -170, 10]` is 20 degrees wide.

use serde::{Deserialize, Serialize};

/// A longitude/latitude box in degrees; on the wire `[west, south, east, north]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(from = "[f64; 4]", into = "[f64; 4]")]
pub struct Bbox {
    /// The western edge, -180..=180.
    pub west: f64,
    /// The southern edge, -90..=90.
    pub south: f64,
    /// The eastern edge, -180..=180; below `west` when the box crosses the antimeridian.
    pub east: f64,
    /// The northern edge, -90..=90.
    pub north: f64,
}

impl Bbox {
    /// The whole world.
    pub const WORLD: Bbox = Bbox::new(-180.0, -90.0, 180.0, 90.0);

    /// The box with these edges.
    pub const fn new(west: f64, south: f64, east: f64, north: f64) -> Bbox {
        Bbox {
            west,
            south,
            east,
            north,
        }
    }

    /// The box of one position.
    pub const fn point(lon: f64, lat: f64) -> Bbox {
        Bbox::new(lon, lat, lon, lat)
    }

    /// `[west, south, east, north]`.
    pub const fn to_array(self) -> [f64; 4] {
        [self.west, self.south, self.east, self.north]
    }

    /// Whether the box crosses the antimeridian (its west edge lies east of its east edge).
    pub fn crosses_antimeridian(&self) -> bool {
        self.west > self.east
    }

    /// The box's width in degrees of longitude, 0..=360.
    pub fn width(&self) -> f64 {
        if self.crosses_antimeridian() {
            self.east - self.west + 360.0
        } else {
            self.east - self.west
        }
    }

    /// The box as one or two boxes that do not cross the antimeridian, split there.
    pub fn split_at_antimeridian(&self) -> Vec<Bbox> {
        if self.crosses_antimeridian() {
            vec![
                Bbox::new(self.west, self.south, 180.0, self.north),
                Bbox::new(-180.0, self.south, self.east, self.north),
            ]
        } else {
            vec![*self]
        }
    }

    /// The smallest box holding both: the narrower of the two ways round the
    /// globe, so boxes either side of the antimeridian join across it.
    pub fn union(&self, other: &Bbox) -> Bbox {
        let south = self.south.min(other.south);
        let north = self.north.max(other.north);
        // The smallest arc holding two arcs starts at the start of one of them.
        let from_self = covering_width(self, other);
        let from_other = covering_width(other, self);
        let (start, width) = if from_self <= from_other {
            (self.west, from_self)
        } else {
            (other.west, from_other)
        };
        if width >= 360.0 {
            return Bbox::new(-180.0, south, 180.0, north);
        }
        let west = wrap(start);
        // The union ends where one of the two ends; name that edge exactly
        // rather than the sum that found it.
        let reached = wrap(start + width);
        let east = [self.east, other.east]
            .into_iter()
            .find(|e| (e - reached).abs() < 1e-9)
            .unwrap_or(reached);
        // An edge on the antimeridian is named as the box needs it: -180 west, 180 east.
        let west = if west == 180.0 && width > 0.0 {
            -180.0
        } else {
            west
        };
        let east = if east == -180.0 && width > 0.0 {
            180.0
        } else {
            east
        };
        Bbox::new(west, south, east, north)
    }

    /// The box around every box of `boxes` (see [`Bbox::union`]); `None` when there are none.
    pub fn covering(boxes: impl IntoIterator<Item = Bbox>) -> Option<Bbox> {
        boxes
            .into_iter()
            .reduce(|covered, next| covered.union(&next))
    }

    /// Grows this box to hold `other` as well; see [`Bbox::union`].
    pub fn extend(&mut self, other: &Bbox) {
        *self = self.union(other);
    }

    /// The parts both boxes cover (touching edges count): none, one, or two
    /// when the boxes overlap at both ends, which only boxes crossing the
    /// antimeridian or wider than half the globe can.
    pub fn intersection(&self, other: &Bbox) -> Vec<Bbox> {
        let south = self.south.max(other.south);
        let north = self.north.min(other.north);
        if south > north {
            return Vec::new();
        }
        if self.width() >= 360.0 {
            return vec![Bbox::new(other.west, south, other.east, north)];
        }
        if other.width() >= 360.0 {
            return vec![Bbox::new(self.west, south, self.east, north)];
        }
        // Offsets east of `self.west`, where `self` spans 0..=width.
        let width = self.width();
        let start = (other.west - self.west).rem_euclid(360.0);
        let end = start + other.width();
        let mut pieces = Vec::new();
        if start <= width {
            pieces.push((start, end.min(width)));
        }
        // `other` runs on past `self.west` once more round the globe.
        if end >= 360.0 {
            pieces.push((0.0, (end - 360.0).min(width)));
        }
        pieces
            .into_iter()
            .map(|(from, to)| {
                let west = wrap(self.west + from);
                let east = wrap(self.west + to);
                let west = if west == 180.0 && to > from {
                    -180.0
                } else {
                    west
                };
                let east = if east == -180.0 && to > from {
                    180.0
                } else {
                    east
                };
                Bbox::new(west, south, east, north)
            })
            .collect()
    }

    /// Whether the boxes share any point (touching edges count); as
    /// `!intersection(other).is_empty()`, without building the pieces.
    pub fn intersects(&self, other: &Bbox) -> bool {
        if self.south.max(other.south) > self.north.min(other.north) {
            return false;
        }
        if self.width() >= 360.0 || other.width() >= 360.0 {
            return true;
        }
        let start = (other.west - self.west).rem_euclid(360.0);
        start <= self.width() || start + other.width() >= 360.0
    }

    /// Whether the position lies in the box (its edges included).
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.intersects(&Bbox::point(lon, lat))
    }
}

impl From<[f64; 4]> for Bbox {
    fn from([west, south, east, north]: [f64; 4]) -> Bbox {
        Bbox::new(west, south, east, north)
    }
}

impl From<Bbox> for [f64; 4] {
    fn from(bbox: Bbox) -> [f64; 4] {
        bbox.to_array()
    }
}

/// How wide an arc starting at `first.west` must be to hold both boxes' longitudes.
fn covering_width(first: &Bbox, second: &Bbox) -> f64 {
    let start = (second.west - first.west).rem_euclid(360.0);
    let end = start + second.width();
    if start <= first.width() {
        first.width().max(end)
    } else {
        end
    }
}

/// A longitude brought into -180..=180; one already there is returned as it
/// is, so that boxes that need no wrapping keep their edges to the bit.
fn wrap(lon: f64) -> f64 {
    if (-180.0..=180.0).contains(&lon) {
        return lon;
    }
    let wrapped = (lon + 180.0).rem_euclid(360.0) - 180.0;
    if wrapped == -180.0 && lon > 0.0 {
        180.0
    } else {
        wrapped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_is_four_numbers_on_the_wire() {
        let bbox = Bbox::new(170.0, -10.0, -170.0, 10.0);
        let json = serde_json::to_string(&bbox).expect("serializes");
        assert_eq!(json, "[170.0,-10.0,-170.0,10.0]");
        assert_eq!(serde_json::from_str::<Bbox>(&json).ok(), Some(bbox));
    }

    #[test]
    fn a_box_across_the_antimeridian_is_narrow() {
        let bbox = Bbox::new(170.0, -10.0, -170.0, 10.0);
        assert!(bbox.crosses_antimeridian());
        assert_eq!(bbox.width(), 20.0);
        assert_eq!(
            bbox.split_at_antimeridian(),
            [
                Bbox::new(170.0, -10.0, 180.0, 10.0),
                Bbox::new(-180.0, -10.0, -170.0, 10.0)
            ]
        );
    }

    #[test]
    fn the_union_of_boxes_on_one_side_is_the_plain_union() {
        let a = Bbox::new(40.0, 38.0, 50.0, 42.0);
        let b = Bbox::new(45.0, 30.0, 60.0, 41.0);
        assert_eq!(a.union(&b), Bbox::new(40.0, 30.0, 60.0, 42.0));
        assert_eq!(b.union(&a), a.union(&b));
        assert_eq!(a.union(&a), a);
    }

    #[test]
    fn the_union_of_boxes_either_side_of_the_antimeridian_crosses_it() {
        let east_end = Bbox::point(175.0, 60.0);
        let west_end = Bbox::point(-175.0, 65.0);
        let joined = east_end.union(&west_end);
        assert_eq!(joined, Bbox::new(175.0, 60.0, -175.0, 65.0));
        assert_eq!(joined.width(), 10.0);
        assert_eq!(west_end.union(&east_end), joined);
    }

    #[test]
    fn the_union_with_a_box_across_the_antimeridian_grows_the_short_way() {
        let across = Bbox::new(170.0, -10.0, -170.0, 10.0);
        assert_eq!(
            across.union(&Bbox::point(-160.0, 0.0)),
            Bbox::new(170.0, -10.0, -160.0, 10.0)
        );
        assert_eq!(
            across.union(&Bbox::point(160.0, 20.0)),
            Bbox::new(160.0, -10.0, -170.0, 20.0)
        );
        assert_eq!(across.union(&Bbox::point(179.0, 0.0)), across);
    }

    #[test]
    fn a_union_around_the_whole_globe_is_the_world_wide_box() {
        let a = Bbox::new(-180.0, 0.0, 10.0, 1.0);
        let b = Bbox::new(0.0, 0.0, 180.0, 1.0);
        assert_eq!(a.union(&b), Bbox::new(-180.0, 0.0, 180.0, 1.0));
        assert_eq!(Bbox::WORLD.union(&a), Bbox::WORLD);
    }

    #[test]
    fn boxes_that_share_an_edge_intersect() {
        let a = Bbox::new(0.0, 0.0, 1.0, 1.0);
        assert!(a.intersects(&Bbox::new(1.0, 0.0, 2.0, 1.0)));
        assert_eq!(Bbox::covering([]), None);
        // Edges come out to the bit, as the boxes gave them.
        assert_eq!(
            Bbox::point(49.47, 40.18).union(&Bbox::point(49.38, 39.93)),
            Bbox::new(49.38, 39.93, 49.47, 40.18)
        );
        assert_eq!(
            Bbox::covering([
                Bbox::new(40.0, 39.0, 45.0, 41.0),
                Bbox::new(26.0, 40.5, 41.0, 42.0)
            ]),
            Some(Bbox::new(26.0, 39.0, 45.0, 42.0))
        );
        assert!(!a.intersects(&Bbox::new(1.5, 0.0, 2.0, 1.0)));
        assert!(!a.intersects(&Bbox::new(0.0, 2.0, 1.0, 3.0)));
        assert_eq!(
            a.intersection(&Bbox::new(0.5, 0.5, 2.0, 2.0)),
            [Bbox::new(0.5, 0.5, 1.0, 1.0)]
        );
    }

    #[test]
    fn a_box_across_the_antimeridian_meets_boxes_on_both_sides() {
        let across = Bbox::new(170.0, -10.0, -170.0, 10.0);
        assert_eq!(
            across.intersection(&Bbox::new(175.0, 0.0, 180.0, 5.0)),
            [Bbox::new(175.0, 0.0, 180.0, 5.0)]
        );
        assert_eq!(
            across.intersection(&Bbox::new(-180.0, 0.0, -175.0, 5.0)),
            [Bbox::new(-180.0, 0.0, -175.0, 5.0)]
        );
        assert!(!across.intersects(&Bbox::new(-160.0, 0.0, 160.0, 5.0)));
        assert!(across.contains(180.0, 0.0) && across.contains(-180.0, 0.0));
        assert!(!across.contains(0.0, 0.0));
        let other = Bbox::new(175.0, -5.0, -175.0, 5.0);
        assert_eq!(across.intersection(&other), [other]);
        assert_eq!(other.intersection(&across), [other]);
    }

    #[test]
    fn boxes_that_overlap_at_both_ends_meet_in_two_pieces() {
        let across = Bbox::new(170.0, -10.0, -170.0, 10.0);
        let wide = Bbox::new(-175.0, -10.0, 175.0, 10.0);
        assert_eq!(
            across.intersection(&wide),
            [
                Bbox::new(-175.0, -10.0, -170.0, 10.0),
                Bbox::new(170.0, -10.0, 175.0, 10.0)
            ]
        );
        assert_eq!(wide.intersection(&across).len(), 2);
    }

    #[test]
    fn the_world_meets_every_box_in_that_box() {
        let across = Bbox::new(170.0, -10.0, -170.0, 10.0);
        assert_eq!(Bbox::WORLD.intersection(&across), [across]);
        assert_eq!(across.intersection(&Bbox::WORLD), [across]);
    }
}
