//! A small signed big integer for the exact fractions of [`super::num`]:
//! add, subtract, multiply, compare, and the one division that rounds a
//! fraction to a few places. Only the rare steps that rust_decimal's 28
//! places would round come here, so schoolbook algorithms are plenty.
//!
//! Limbs are u32, little-endian, with no high zero limbs; every limb step is
//! widened to u64 first, where `a * b + c + d` of u32 values cannot overflow,
//! and every index is bounded by the loop over the same vector, so the
//! crate's arithmetic and indexing lints are allowed here on those grounds.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use std::cmp::Ordering;
use std::ops::{Deref, DerefMut};

/// Sign and magnitude; zero is `neg: false, mag: []`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Int {
    neg: bool,
    mag: Limbs,
}

/// Limbs held in place up to this many (256 bits: the fractions of the
/// per-deal formulas, a few 96-bit mantissas and powers of ten multiplied
/// together); a longer magnitude moves to the heap.
const INLINE: usize = 8;

/// A magnitude's limbs: in place while short, so the usual fraction step
/// allocates nothing (batch money runs several per row), else a `Vec`.
/// Reads and writes go through the slice of the limbs in use.
#[derive(Clone)]
enum Limbs {
    Short(usize, [u32; INLINE]),
    Long(Vec<u32>),
}

impl Limbs {
    fn new() -> Limbs {
        Limbs::Short(0, [0; INLINE])
    }

    fn with_capacity(n: usize) -> Limbs {
        if n <= INLINE {
            Limbs::new()
        } else {
            Limbs::Long(Vec::with_capacity(n))
        }
    }

    /// `n` zero limbs.
    fn zeros(n: usize) -> Limbs {
        if n <= INLINE {
            Limbs::Short(n, [0; INLINE])
        } else {
            Limbs::Long(vec![0; n])
        }
    }

    fn push(&mut self, x: u32) {
        match self {
            Limbs::Short(n, buf) if *n < INLINE => {
                if let Some(slot) = buf.get_mut(*n) {
                    *slot = x;
                }
                *n += 1;
            }
            _ => self.push_long(x),
        }
    }

    /// [`Limbs::push`] past the limbs held in place (rare).
    #[cold]
    #[inline(never)]
    fn push_long(&mut self, x: u32) {
        if let Limbs::Short(n, buf) = self {
            let mut v = Vec::with_capacity(2 * INLINE);
            v.extend_from_slice(buf.get(..*n).unwrap_or(&[]));
            *self = Limbs::Long(v);
        }
        if let Limbs::Long(v) = self {
            v.push(x);
        }
    }

    fn pop(&mut self) {
        match self {
            Limbs::Short(n, _) => *n = n.saturating_sub(1),
            Limbs::Long(v) => {
                v.pop();
            }
        }
    }

    fn extend_from_slice(&mut self, xs: &[u32]) {
        for &x in xs {
            self.push(x);
        }
    }
}

impl Deref for Limbs {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        match self {
            Limbs::Short(n, buf) => buf.get(..*n).unwrap_or(&[]),
            Limbs::Long(v) => v,
        }
    }
}

impl DerefMut for Limbs {
    fn deref_mut(&mut self) -> &mut [u32] {
        match self {
            Limbs::Short(n, buf) => buf.get_mut(..*n).unwrap_or(&mut []),
            Limbs::Long(v) => v,
        }
    }
}

impl PartialEq for Limbs {
    fn eq(&self, other: &Limbs) -> bool {
        **self == **other
    }
}

impl Eq for Limbs {}

impl std::fmt::Debug for Limbs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

fn trim(mut v: Limbs) -> Limbs {
    while v.last() == Some(&0) {
        v.pop();
    }
    v
}

fn from_u128(mut x: u128) -> Limbs {
    let mut v = Limbs::new();
    while x != 0 {
        v.push(x as u32);
        x >>= 32;
    }
    v
}

fn mag_cmp(a: &[u32], b: &[u32]) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

fn mag_add(a: &[u32], b: &[u32]) -> Limbs {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let mut out = Limbs::with_capacity(long.len() + 1);
    let mut carry = 0u64;
    for (i, &x) in long.iter().enumerate() {
        let s = u64::from(x) + u64::from(short.get(i).copied().unwrap_or(0)) + carry;
        out.push(s as u32);
        carry = s >> 32;
    }
    if carry != 0 {
        out.push(carry as u32);
    }
    out
}

/// `a - b` for `a >= b`.
fn mag_sub(a: &[u32], b: &[u32]) -> Limbs {
    let mut out = Limbs::with_capacity(a.len());
    let mut borrow = 0i64;
    for (i, &x) in a.iter().enumerate() {
        let mut d = i64::from(x) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        borrow = 0;
        if d < 0 {
            d += 1 << 32;
            borrow = 1;
        }
        out.push(d as u32);
    }
    trim(out)
}

fn mag_mul(a: &[u32], b: &[u32]) -> Limbs {
    if a.is_empty() || b.is_empty() {
        return Limbs::new();
    }
    let mut out = Limbs::zeros(a.len() + b.len());
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (j, &y) in b.iter().enumerate() {
            let t = u64::from(x) * u64::from(y) + u64::from(out[i + j]) + carry;
            out[i + j] = t as u32;
            carry = t >> 32;
        }
        out[i + b.len()] = carry as u32;
    }
    trim(out)
}

/// Significant bits of a magnitude.
fn bits(a: &[u32]) -> u32 {
    match a.last() {
        None => 0,
        Some(top) => (a.len() as u32) * 32 - top.leading_zeros(),
    }
}

/// `a >>= 1` in place.
fn shr1(a: &mut Limbs) {
    let mut carry = 0u32;
    for x in a.iter_mut().rev() {
        let next = *x & 1;
        *x = (*x >> 1) | (carry << 31);
        carry = next;
    }
    while a.last() == Some(&0) {
        a.pop();
    }
}

fn mag_shl(a: &[u32], bits: u32) -> Limbs {
    if a.is_empty() {
        return Limbs::new();
    }
    let (limbs, shift) = ((bits / 32) as usize, bits % 32);
    let mut out = Limbs::zeros(limbs);
    if shift == 0 {
        out.extend_from_slice(a);
    } else {
        let mut carry = 0u32;
        for &x in a {
            out.push((x << shift) | carry);
            carry = x >> (32 - shift);
        }
        out.push(carry);
    }
    trim(out)
}

impl Int {
    pub fn zero() -> Int {
        Int {
            neg: false,
            mag: Limbs::new(),
        }
    }

    pub fn from_i128(x: i128) -> Int {
        Int {
            neg: x < 0,
            mag: from_u128(x.unsigned_abs()),
        }
    }

    /// `10^p`.
    pub fn pow10(p: u32) -> Int {
        if let Some(x) = 10u128.checked_pow(p) {
            return Int {
                neg: false,
                mag: from_u128(x),
            };
        }
        let mut mag = from_u128(1);
        let ten = [10u32];
        for _ in 0..p {
            mag = mag_mul(&mag, &ten);
        }
        Int { neg: false, mag }
    }

    pub fn is_zero(&self) -> bool {
        self.mag.is_empty()
    }

    /// The value as an i128, when it fits.
    pub fn to_i128(&self) -> Option<i128> {
        if self.mag.len() > 4 {
            return None;
        }
        let mut m: u128 = 0;
        for &limb in self.mag.iter().rev() {
            m = (m << 32) | u128::from(limb);
        }
        let m = i128::try_from(m).ok()?;
        Some(if self.neg { -m } else { m })
    }

    pub fn is_negative(&self) -> bool {
        self.neg
    }

    pub fn neg(&self) -> Int {
        Int {
            neg: !self.neg && !self.mag.is_empty(),
            mag: self.mag.clone(),
        }
    }

    pub fn add(&self, other: &Int) -> Int {
        if self.neg == other.neg {
            let mag = mag_add(&self.mag, &other.mag);
            return Int { neg: self.neg, mag };
        }
        match mag_cmp(&self.mag, &other.mag) {
            Ordering::Equal => Int::zero(),
            Ordering::Greater => Int {
                neg: self.neg,
                mag: mag_sub(&self.mag, &other.mag),
            },
            Ordering::Less => Int {
                neg: other.neg,
                mag: mag_sub(&other.mag, &self.mag),
            },
        }
    }

    pub fn mul(&self, other: &Int) -> Int {
        let mag = mag_mul(&self.mag, &other.mag);
        Int {
            neg: self.neg != other.neg && !mag.is_empty(),
            mag,
        }
    }

    pub fn cmp(&self, other: &Int) -> Ordering {
        match (self.neg, other.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => mag_cmp(&self.mag, &other.mag),
            (true, true) => mag_cmp(&other.mag, &self.mag),
        }
    }

    /// `self / d` rounded half away from zero, as a magnitude and a sign,
    /// when that magnitude is at most `limit`; `None` past it. `d` must be
    /// positive; `limit` below 2^120.
    pub fn div_round(&self, d: &Int, limit: u128) -> Option<(bool, u128)> {
        if d.is_zero() || d.neg || limit >= 1 << 120 {
            return None;
        }
        // Both within 128 bits (the usual case): one u128 division.
        if let (Some(n), Some(dv)) = (self.to_i128(), d.to_i128()) {
            let (n, dv) = (n.unsigned_abs(), dv.unsigned_abs());
            let (q, r) = (n / dv, n % dv);
            let q = if r >= dv - r { q + 1 } else { q };
            return (q <= limit).then_some((self.neg && q != 0, q));
        }
        // |self| >= (2 limit + 2) d means a quotient past the limit; below it
        // the quotient is under 2^122 and the bit loop finds it.
        let bound = mag_mul(&from_u128(2 * limit + 2), &d.mag);
        if mag_cmp(&self.mag, &bound) != Ordering::Less {
            return None;
        }
        // Shift-subtract from the quotient's top bit down, in place: the
        // divisor shifted to that bit, then one bit right per step.
        let mut rest = self.mag.clone();
        let mut q: u128 = 0;
        let (nb, db) = (bits(&rest), bits(&d.mag));
        if nb >= db {
            let top = (nb - db).min(121);
            let mut step = mag_shl(&d.mag, top);
            for bit in (0..=top).rev() {
                if mag_cmp(&rest, &step) != Ordering::Less {
                    rest = mag_sub(&rest, &step);
                    q |= 1u128 << bit;
                }
                shr1(&mut step);
            }
        }
        let twice = mag_shl(&rest, 1);
        if mag_cmp(&twice, &d.mag) != Ordering::Less {
            q += 1;
        }
        (q <= limit).then_some((self.neg && q != 0, q))
    }
}

// proptest is a native-only dev-dependency (Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn int(x: i128) -> Int {
        Int::from_i128(x)
    }

    proptest! {
        #[test]
        fn matches_i128(a in -(1i128 << 62)..(1i128 << 62), b in -(1i128 << 62)..(1i128 << 62)) {
            prop_assert_eq!(int(a).add(&int(b)), int(a + b));
            prop_assert_eq!(int(a).add(&int(b).neg()), int(a - b));
            prop_assert_eq!(int(a).mul(&int(b)), int(a * b));
            prop_assert_eq!(int(a).cmp(&int(b)), a.cmp(&b));
        }

        #[test]
        fn division_rounds_half_away(n in -(1i128 << 100)..(1i128 << 100), d in 1i128..(1i128 << 90)) {
            let q = n.abs() / d;
            let r = n.abs() % d;
            let want = if 2 * r >= d { q + 1 } else { q };
            let got = int(n).div_round(&int(d), 1u128 << 119);
            prop_assert_eq!(got, Some((n < 0 && want != 0, want as u128)));
        }

        #[test]
        fn products_past_128_bits(a in any::<u64>(), b in 0u64..(1 << 50), c in 1u64..) {
            // (a b c) / c == a b, through a 192-bit intermediate.
            let p = int(i128::from(a)).mul(&int(i128::from(b))).mul(&int(i128::from(c)));
            let want = u128::from(a) * u128::from(b);
            prop_assert_eq!(p.div_round(&int(i128::from(c)), 1u128 << 119), Some((false, want)));
        }
    }

    #[test]
    fn limit_and_zero() {
        for p in [0, 1, 19, 38, 39, 45] {
            let mut slow = Int::from_i128(1);
            for _ in 0..p {
                slow = slow.mul(&Int::from_i128(10));
            }
            assert_eq!(Int::pow10(p), slow, "10^{p}");
        }
        assert_eq!(Int::pow10(38).to_i128(), Some(10i128.pow(38)));
        assert_eq!(Int::pow10(39).to_i128(), None);
        assert_eq!(Int::from_i128(-7).to_i128(), Some(-7));
        assert_eq!(int(10).div_round(&int(3), 3), Some((false, 3)));
        assert_eq!(int(11).div_round(&int(3), 3), None);
        assert_eq!(int(-1).div_round(&int(3), 3), Some((false, 0)));
        assert_eq!(int(1).div_round(&Int::zero(), 3), None);
        assert_eq!(Int::pow10(30).cmp(&Int::pow10(29)), Ordering::Greater);
        assert!(int(5).add(&int(-5)).is_zero());
    }
}
