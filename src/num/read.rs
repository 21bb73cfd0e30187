//! Reading a decimal number text as the nearest double, exactly as
//! `str::parse::<f64>` does (same grammar, same result bit for bit), without
//! linking core's `dec2flt` and its 10 KB power-of-five table (README.md,
//! "Size"). Numbers cross from JavaScript as `JSON.stringify` text, which
//! has at most 17 significant digits; most of them take the fast path
//! (Clinger: the digits and the power of ten are both exact doubles, so one
//! correctly rounded multiply or divide is the answer). The rest take an
//! exact path: the value as a big integer (or a big fraction, for a negative
//! exponent), its top 64+ bits, and one round half to even with a sticky
//! bit. Both paths are checked against `str::parse` by property tests.
//!
//! Limbs are u32 little-endian with no high zero limbs; every limb step is
//! widened to u64, where `a * b + c` of u32 values cannot overflow, and
//! every index is bounded by a loop over the same vector, so the crate's
//! arithmetic and indexing lints are allowed here on those grounds.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use std::cmp::Ordering;

/// Significant digits kept. A double's halfway point has at most 767
/// significant digits, so a text cut after 800 of them, with one nonzero
/// digit standing for any nonzero tail, rounds exactly as the whole text.
const KEEP: usize = 800;

/// `text` as `text.parse::<f64>().ok()`: an optional sign, then `inf`,
/// `infinity` or `nan` (any case), or digits with an optional point and an
/// optional exponent (`1`, `1.`, `.5`, `-2.5e-3`, `1E+21`).
pub fn parse_f64(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let x = match special(rest) {
        Some(x) => x,
        None => match short(rest)? {
            Some(x) => x,
            None => decimal(rest)?,
        },
    };
    Some(if negative { -x } else { x })
}

fn special(rest: &[u8]) -> Option<f64> {
    if rest.eq_ignore_ascii_case(b"inf") || rest.eq_ignore_ascii_case(b"infinity") {
        Some(f64::INFINITY)
    } else if rest.eq_ignore_ascii_case(b"nan") {
        Some(f64::NAN)
    } else {
        None
    }
}

/// The unsigned number grammar, for the common case where the value is
/// exactly m × 10^e with m below 10^19 (every `JSON.stringify` text is): no
/// allocation, and exact `u128` arithmetic where Clinger's fast path does
/// not apply. `None` for text outside the grammar; `Some(None)` when the
/// digits do not fit, for [`decimal`].
fn short(rest: &[u8]) -> Option<Option<f64>> {
    let mut m: u64 = 0;
    let mut kept = 0u32;
    let mut e: i64 = 0;
    let mut seen = false;
    let mut fits = true;
    let mut i = 0usize;
    let mut point = false;
    while let Some(&c) = rest.get(i) {
        if c.is_ascii_digit() {
            let d = c - b'0';
            seen = true;
            if kept < 19 {
                if d != 0 || kept > 0 {
                    m = m * 10 + u64::from(d);
                    kept += 1;
                }
                if point {
                    e -= 1;
                }
            } else if d != 0 {
                fits = false;
            } else if !point {
                e += 1;
            }
        } else if c == b'.' && !point {
            point = true;
        } else {
            break;
        }
        i += 1;
    }
    if !seen {
        return None;
    }
    e += exponent(rest, &mut i)?;
    if i != rest.len() {
        return None;
    }
    if !fits {
        return Some(None);
    }
    if m == 0 {
        return Some(Some(0.0));
    }
    if m <= 1 << 53 && (-22..=22).contains(&e) {
        let p = POW10[e.unsigned_abs() as usize];
        return Some(Some(if e < 0 { m as f64 / p } else { m as f64 * p }));
    }
    if (0..=38).contains(&e) {
        if let Some(n) = 10u128.pow(e as u32).checked_mul(u128::from(m)) {
            return Some(Some(round(n, 0, false)));
        }
    } else if (-19..0).contains(&e) {
        // m × 2^s / 10^k with m's top bit at bit 126: at least 63 bits.
        let p = u128::from(10u64.pow(e.unsigned_abs() as u32));
        let s = u128::from(m).leading_zeros() - 1;
        let n = u128::from(m) << s;
        return Some(Some(round(n / p, -i64::from(s), n % p != 0)));
    }
    Some(None)
}

/// The unsigned number grammar, read as kept digits `d` and an exponent `e`
/// (the value is d × 10^e), then rounded by big integers.
fn decimal(rest: &[u8]) -> Option<f64> {
    let mut digits: Vec<u8> = Vec::new();
    let mut sticky = false;
    let mut e: i64 = 0;
    let mut seen = 0usize;
    let mut i = 0usize;
    while let Some(&c) = rest.get(i).filter(|c| c.is_ascii_digit()) {
        let d = c - b'0';
        if digits.len() < KEEP {
            if d != 0 || !digits.is_empty() {
                digits.push(d);
            }
        } else {
            sticky |= d != 0;
            e += 1;
        }
        seen += 1;
        i += 1;
    }
    if rest.get(i) == Some(&b'.') {
        i += 1;
        while let Some(&c) = rest.get(i).filter(|c| c.is_ascii_digit()) {
            let d = c - b'0';
            if digits.len() < KEEP {
                if d != 0 || !digits.is_empty() {
                    digits.push(d);
                }
                e -= 1;
            } else {
                sticky |= d != 0;
            }
            seen += 1;
            i += 1;
        }
    }
    if seen == 0 {
        return None;
    }
    e += exponent(rest, &mut i)?;
    if i != rest.len() {
        return None;
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    if sticky {
        digits.push(1);
        e -= 1;
    }
    let n = digits.len() as i64;
    // d × 10^e lies in [10^(n+e-1), 10^(n+e)).
    if n + e > 310 {
        return Some(f64::INFINITY);
    }
    if n + e < -326 {
        return Some(0.0);
    }
    if n <= 19 {
        let d = digits.iter().fold(0u64, |a, &x| a * 10 + u64::from(x));
        if d <= 1 << 53 && (-22..=22).contains(&e) {
            let p = POW10[e.unsigned_abs() as usize];
            return Some(if e < 0 { d as f64 / p } else { d as f64 * p });
        }
    }
    Some(exact(&digits, e))
}

/// 10^0 ..= 10^22, every one an exact double.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// d × 10^e, correctly rounded, by big integers.
fn exact(digits: &[u8], e: i64) -> f64 {
    let mut d: Vec<u32> = Vec::with_capacity(digits.len() / 9 + 1);
    for chunk in digits.chunks(9) {
        let mut v = 0u32;
        let mut scale = 1u32;
        for &x in chunk {
            v = v * 10 + u32::from(x);
            scale *= 10;
        }
        mul_small(&mut d, scale, v);
    }
    if e >= 0 {
        mul_pow10(&mut d, e as u32);
        let bits = bit_len(&d);
        let shift = bits.saturating_sub(64);
        let sticky = low_bits_nonzero(&d, shift);
        round(top_bits(&d, shift), shift as i64, sticky)
    } else {
        let mut q = vec![1u32];
        mul_pow10(&mut q, e.unsigned_abs() as u32);
        // d × 2^k / q has 64 or 65 bits.
        let k = 64 + bit_len(&q) as i64 - bit_len(&d) as i64;
        if k >= 0 {
            shl(&mut d, k as usize);
        } else {
            shl(&mut q, k.unsigned_abs() as usize);
        }
        let (quotient, remainder_nonzero) = divide(&mut d, &q);
        round(quotient, -k, remainder_nonzero)
    }
}

/// a = a × m + c.
fn mul_small(a: &mut Vec<u32>, m: u32, c: u32) {
    let mut carry = u64::from(c);
    for limb in a.iter_mut() {
        let x = u64::from(*limb) * u64::from(m) + carry;
        *limb = x as u32;
        carry = x >> 32;
    }
    if carry != 0 {
        a.push(carry as u32);
    }
}

fn mul_pow10(a: &mut Vec<u32>, mut p: u32) {
    while p >= 9 {
        mul_small(a, 1_000_000_000, 0);
        p -= 9;
    }
    if p > 0 {
        mul_small(a, 10u32.pow(p), 0);
    }
}

fn bit_len(a: &[u32]) -> usize {
    match a.last() {
        Some(&top) => a.len() * 32 - top.leading_zeros() as usize,
        None => 0,
    }
}

fn bit(a: &[u32], i: usize) -> bool {
    a.get(i / 32).is_some_and(|&l| l >> (i % 32) & 1 == 1)
}

/// Bits `shift ..` of `a` as a number (`a` has at most `shift + 64` bits).
fn top_bits(a: &[u32], shift: usize) -> u128 {
    (shift..bit_len(a))
        .rev()
        .fold(0u128, |m, i| m << 1 | u128::from(bit(a, i)))
}

fn low_bits_nonzero(a: &[u32], shift: usize) -> bool {
    (0..shift).any(|i| bit(a, i))
}

fn shl(a: &mut Vec<u32>, k: usize) {
    let (limbs, bits) = (k / 32, k % 32);
    if bits > 0 {
        let mut carry = 0u32;
        for limb in a.iter_mut() {
            let x = *limb;
            *limb = x << bits | carry;
            carry = x >> (32 - bits);
        }
        if carry != 0 {
            a.push(carry);
        }
    }
    a.splice(0..0, std::iter::repeat_n(0, limbs));
}

fn shr1(a: &mut Vec<u32>) {
    let mut carry = 0u32;
    for limb in a.iter_mut().rev() {
        let x = *limb;
        *limb = x >> 1 | carry << 31;
        carry = x & 1;
    }
    if a.last() == Some(&0) {
        a.pop();
    }
}

fn cmp(a: &[u32], b: &[u32]) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

/// a -= b, for a >= b.
fn sub(a: &mut Vec<u32>, b: &[u32]) {
    let mut borrow = 0u64;
    for (i, limb) in a.iter_mut().enumerate() {
        let y = u64::from(b.get(i).copied().unwrap_or(0)) + borrow;
        let x = u64::from(*limb);
        if x >= y {
            *limb = (x - y) as u32;
            borrow = 0;
        } else {
            *limb = (x + (1 << 32) - y) as u32;
            borrow = 1;
        }
    }
    while a.last() == Some(&0) {
        a.pop();
    }
}

/// ⌊n / q⌋ (below 2^66 here) and whether a remainder is left, by shift and
/// subtract.
fn divide(n: &mut Vec<u32>, q: &[u32]) -> (u128, bool) {
    const BITS: usize = 66;
    let mut t = q.to_vec();
    shl(&mut t, BITS);
    let mut quotient = 0u128;
    for i in (0..=BITS).rev() {
        if cmp(n, &t) != Ordering::Less {
            sub(n, &t);
            quotient |= 1 << i;
        }
        if i > 0 {
            shr1(&mut t);
        }
    }
    (quotient, !n.is_empty())
}

/// The double nearest (m + f) × 2^e2, where 0 ≤ f < 1 and f > 0 exactly when
/// `sticky`; ties to even. With `sticky`, m has at least 63 bits, more than
/// a double keeps, so the sticky part never meets the kept bits.
fn round(m: u128, e2: i64, sticky: bool) -> f64 {
    let bits = 128 - i64::from(m.leading_zeros());
    if bits == 0 {
        return 0.0;
    }
    // The value lies in [2^(top-1), 2^top); ulp is the weight of the last
    // bit kept (fixed at 2^-1074 below the normal range).
    let top = bits + e2;
    let ulp = if top > -1022 { top - 53 } else { -1074 };
    let drop = ulp - e2;
    let mant = if drop <= 0 {
        m << drop.unsigned_abs()
    } else if drop > bits {
        // Below half the last place.
        0
    } else {
        let drop = drop as u32;
        let kept = m.checked_shr(drop).unwrap_or(0);
        let rest = m & 1u128.checked_shl(drop).map_or(u128::MAX, |x| x - 1);
        let half = 1u128 << (drop - 1);
        let up = rest > half || (rest == half && (sticky || kept & 1 == 1));
        kept + u128::from(up)
    };
    let (mant, ulp) = if mant == 1 << 53 {
        (mant >> 1, ulp + 1)
    } else {
        (mant, ulp)
    };
    if mant >= 1 << 52 {
        let biased = ulp + 52 + 1023;
        if biased >= 2047 {
            return f64::INFINITY;
        }
        f64::from_bits((biased as u64) << 52 | (mant as u64 & ((1 << 52) - 1)))
    } else {
        // Subnormal (ulp is 2^-1074) or zero.
        f64::from_bits(mant as u64)
    }
}

/// The exponent part at `rest[*i..]` (`e`, an optional sign, digits), read
/// past; 0 when there is none, `None` for an `e` without digits. Past a
/// trillion the answer is 0 or infinity either way, so it stops there.
fn exponent(rest: &[u8], i: &mut usize) -> Option<i64> {
    if !matches!(rest.get(*i), Some(b'e' | b'E')) {
        return Some(0);
    }
    *i += 1;
    let sign = match rest.get(*i) {
        Some(b'-') => {
            *i += 1;
            -1
        }
        Some(b'+') => {
            *i += 1;
            1
        }
        _ => 1,
    };
    let from = *i;
    let mut x: i64 = 0;
    while let Some(&c) = rest.get(*i).filter(|c| c.is_ascii_digit()) {
        x = (x * 10 + i64::from(c - b'0')).min(1_000_000_000_000);
        *i += 1;
    }
    if *i == from {
        return None;
    }
    Some(sign * x)
}

#[cfg(test)]
mod tests {
    use super::parse_f64;

    fn same(text: &str) {
        let ours = parse_f64(text);
        let theirs = text.parse::<f64>().ok();
        match (ours, theirs) {
            (Some(a), Some(b)) if a.is_nan() && b.is_nan() => {}
            _ => assert_eq!(
                ours.map(f64::to_bits),
                theirs.map(f64::to_bits),
                "{text:?}: {ours:?} vs {theirs:?}"
            ),
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    /// (a + b) / 2 in fixed notation, exactly, by digit arithmetic on the
    /// exact texts of two non-negative doubles.
    fn midpoint(a: f64, b: f64) -> String {
        let (a, b) = (format!("{a:.1100}"), format!("{b:.1100}"));
        let width = a.len().max(b.len());
        let (a, b) = (format!("{a:0>width$}"), format!("{b:0>width$}"));
        let point = a.find('.').unwrap();
        let digits = |s: &str| {
            s.bytes()
                .filter(|c| *c != b'.')
                .map(|c| u32::from(c - b'0'))
                .collect::<Vec<_>>()
        };
        let (a, b) = (digits(&a), digits(&b));
        let mut sum = vec![0u32; a.len() + 1];
        let mut carry = 0;
        for i in (0..a.len()).rev() {
            let s = a[i] + b[i] + carry;
            sum[i + 1] = s % 10;
            carry = s / 10;
        }
        sum[0] = carry;
        // Halve, one more digit at the end for the odd last place.
        sum.push(0);
        let mut rem = 0;
        for d in sum.iter_mut() {
            let v = rem * 10 + *d;
            *d = v / 2;
            rem = v % 2;
        }
        let text: String = sum.iter().map(|d| char::from(b'0' + *d as u8)).collect();
        format!("{}.{}", &text[..point + 1], &text[point + 1..])
    }

    /// The midpoint above the double `bits`, and texts just below and just
    /// above it: cut to `cut` significant digits, and that plus one unit in
    /// its last digit.
    #[cfg(not(target_arch = "wasm32"))]
    fn near_halfway(bits: u64, cut: usize) {
        let mid = midpoint(f64::from_bits(bits), f64::from_bits(bits + 1));
        same(&mid);
        same(&format!("{mid}1"));
        let lead = mid.len() - mid.trim_start_matches(['0', '.']).len();
        let mut end = lead;
        let mut n = 0;
        for (i, c) in mid.char_indices().skip(lead) {
            if c != '.' {
                n += 1;
            }
            end = i + 1;
            if n == cut {
                break;
            }
        }
        // Digits cut inside the integer part become zeros.
        let point = mid.find('.').unwrap_or(mid.len());
        let zeros = "0".repeat(point.saturating_sub(end));
        let below = &mid[..end];
        same(&format!("{below}{zeros}"));
        // One unit up in the last digit, carrying.
        let mut up: Vec<u8> = below.bytes().collect();
        let mut i = up.len();
        loop {
            if i == 0 {
                up.insert(0, b'1');
                break;
            }
            i -= 1;
            match up[i] {
                b'.' => continue,
                b'9' => up[i] = b'0',
                d => {
                    up[i] = d + 1;
                    break;
                }
            }
        }
        same(&format!("{}{zeros}", std::str::from_utf8(&up).unwrap()));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn nineteen_digits_just_past_a_midpoint_round_up() {
        // From 1 to 2, a 19-digit text one unit past a midpoint is often
        // nearer the midpoint than the last bit the allocation-free path
        // computes, so only its sticky bit tells it from a tie.
        for i in 0..3000u64 {
            near_halfway(0x3FF0_0000_0000_0000 + i * 0x5_5555_5555, 19);
        }
    }

    #[test]
    fn reads_as_str_parse() {
        let long_nines = format!("0.{}", "9".repeat(900));
        let long_tail = format!("1.{}1", "0".repeat(850));
        let half_sub = "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324";
        let big_int = "1".repeat(400);
        for t in [
            "0",
            "-0",
            "+0",
            "1",
            "-1",
            "0.1",
            "0.3",
            "1.5",
            ".5",
            "5.",
            "1e5",
            "1E+21",
            "1e-7",
            "2.5e-5",
            "123456789.125",
            "9007199254740993",
            "9007199254740992",
            "9007199254740994",
            "9007199254740995",
            "0.30000000000000004",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2e308",
            "5e-324",
            "2e-324",
            "3e-324",
            "2.4703282292062328e-324",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "1e-400",
            "1e400",
            "0e999999999999999999",
            "1e-999999999999999999",
            "inf",
            "-inf",
            "Infinity",
            "NaN",
            "nan",
            "-nan",
            "",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "1x",
            " 1",
            "1 ",
            "--1",
            "+-1",
            "0x10",
            "00012",
            "0.000000000000000000000000001e27",
            "1000000000000000000000000000000000000000000e-43",
            "18446744073709551616",
            "1844674407370955161600000",
            "4503599627370496.5",
            "4503599627370497.5",
            &long_nines,
            &long_tail,
            half_sub,
            &big_int,
            "infinit",
            "infinityy",
        ] {
            same(t);
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_double_reads_back(bits in proptest::prelude::any::<u64>()) {
            let x = f64::from_bits(bits);
            for t in [format!("{x}"), format!("{x:e}"), format!("{x:.30e}"), format!("{x:.3e}")] {
                same(&t);
            }
        }

        #[test]
        fn short_digits_read_as_str_parse(m in 0u64..10_000_000_000_000_000_000, e in -60i32..60, point in 0usize..20) {
            // At most 19 digits: the allocation-free path, point placed anywhere.
            let digits = m.to_string();
            let at = digits.len().saturating_sub(point);
            same(&format!("{}.{}e{e}", &digits[..at], &digits[at..]));
            same(&format!("{m}e{e}"));
        }

        #[test]
        fn any_digits_read_as_str_parse(
            int in "[0-9]{0,30}",
            frac in proptest::option::of("[0-9]{0,40}"),
            exp in proptest::option::of(-400i32..400),
        ) {
            let mut t = int;
            if let Some(f) = frac {
                t.push('.');
                t.push_str(&f);
            }
            if let Some(e) = exp {
                t.push_str(&format!("e{e}"));
            }
            same(&t);
        }

        #[test]
        fn near_halfway_reads_as_str_parse(bits in 0u64..0x7FEF_FFFF_FFFF_FFFF, cut in 15usize..40) {
            // The exact midpoint between a double and the next one up, and
            // texts just above and below it.
            near_halfway(bits, cut);
        }

        #[test]
        fn near_halfway_short_reads_as_str_parse(bits in 0x3FF0_0000_0000_0000u64..0x4340_0000_0000_0000, cut in 16usize..=19) {
            // The same with at most 19 digits and a value from 1 to 2^53:
            // the allocation-free path's sticky bit decides these.
            near_halfway(bits, cut);
        }
    }
}
