//! One stable sort for the whole app.
//!
//! Each `slice::sort_by` with its own element type or closure compiles its own
//! copy of the standard library's driftsort, 3 to 5 kB of wasm apiece. These
//! helpers sort a list of indices through a single non-generic sort instead and
//! then move the items into place, so a call site adds only a few hundred bytes.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, like `slice::sort_by`.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` stably by the key `key` gives, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably in their natural order, like `slice::sort`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The indices `0..len` in the order `compare` puts the items they stand for.
// Not generic, and kept out of line, so that this is the program's one driftsort.
#[inline(never)]
fn sorted_indices(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearranges `items` so that slot `i` holds the item that was at `order[i]`.
///
/// Walks each cycle of the permutation once, swapping along it; a slot whose
/// item is final is marked by pointing `order` at itself.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut slot = start;
        while order[slot] != slot {
            let from = order[slot];
            order[slot] = slot;
            if from == start {
                break;
            }
            items.swap(slot, from);
            slot = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // A fixed pseudo-random sequence with many equal keys, so stability shows.
        let mut state: u32 = 12345;
        let items: Vec<(u32, usize)> = (0..500)
            .map(|i| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                ((state >> 16) % 17, i)
            })
            .collect();
        let mut ours = items.clone();
        sort_by_key(&mut ours, |&(key, _)| key);
        let mut theirs = items;
        theirs.sort_by_key(|&(key, _)| key);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn handles_every_permutation_of_four() {
        let mut count = 0;
        for a in 0..4 {
            for b in 0..4 {
                for c in 0..4 {
                    for d in 0..4 {
                        let mut items = vec![a, b, c, d];
                        let mut expected = items.clone();
                        expected.sort();
                        sort(&mut items);
                        assert_eq!(items, expected);
                        count += 1;
                    }
                }
            }
        }
        assert_eq!(count, 256);
    }

    #[test]
    fn sorts_empty_and_single_lists() {
        let mut empty: Vec<String> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec!["only".to_string()];
        sort(&mut one);
        assert_eq!(one, ["only"]);
    }
}
