//! Geographic boxes put together.

use atlas_model::geodesy::Bbox;

/// The box around every box of `boxes`; `None` when there are none.
pub fn union_bbox(boxes: impl IntoIterator<Item = Bbox>) -> Option<Bbox> {
    boxes.into_iter().fold(None, |acc, b| {
        Some(match acc {
            None => b,
            Some(a) => [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ],
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_union_covers_every_box() {
        assert_eq!(union_bbox([]), None);
        assert_eq!(
            union_bbox([[40.0, 39.0, 45.0, 41.0], [26.0, 40.5, 41.0, 42.0]]),
            Some([26.0, 39.0, 45.0, 42.0])
        );
    }
}
