//! Sorting with one instantiation of the standard sort for the whole crate.
//!
//! Each `sort_by` with its own closure and element type compiles a copy of
//! the standard library's sort (a few kilobytes of wasm each). Here every
//! large sort goes through one `sort_unstable` over `(key, index)` pairs,
//! stable thanks to the index; the small ones (a profile's bands, a tier
//! table, a list of field names) use a short insertion sort.

/// A key that orders `f64` values as `f64::total_cmp` does, ascending.
fn total_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// Sorts by `key`, highest first (by `f64::total_cmp`), stably: exactly
/// what `v.sort_by(|a, b| key(b).total_cmp(&key(a)))` gives.
pub fn by_f64_desc<T>(v: &mut Vec<T>, key: impl Fn(&T) -> f64) {
    let mut order: Vec<(u64, usize)> = v
        .iter()
        .enumerate()
        .map(|(i, x)| (!total_key(key(x)), i))
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .iter()
            .filter_map(|&(_, i)| slots.get_mut(i).and_then(Option::take)),
    );
}

/// A stable insertion sort for short lists: `less(a, b)` is `a < b`.
pub fn small_by<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 {
            let (Some(a), Some(b)) = (v.get(j.saturating_sub(1)), v.get(j)) else {
                break;
            };
            if !less(b, a) {
                break;
            }
            v.swap(j.saturating_sub(1), j);
            j = j.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_stable_sort() {
        let xs = [
            3.0,
            -0.0,
            0.0,
            f64::NAN,
            -1.5,
            3.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            2.5,
            -f64::NAN,
            3.0,
        ];
        let mut ours: Vec<(f64, usize)> = xs.iter().copied().zip(0..).collect();
        let mut std = ours.clone();
        by_f64_desc(&mut ours, |p| p.0);
        std.sort_by(|a, b| b.0.total_cmp(&a.0));
        let bits = |v: &[(f64, usize)]| v.iter().map(|p| (p.0.to_bits(), p.1)).collect::<Vec<_>>();
        assert_eq!(bits(&ours), bits(&std));

        let mut small = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        let mut want = small.clone();
        small_by(&mut small, |a, b| a.0 < b.0);
        want.sort_by_key(|p| p.0);
        assert_eq!(small, want);
    }
}
