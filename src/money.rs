//! Currencies and the one rounding step at the output.
//!
//! Intermediate results keep full decimal precision; money is rounded once,
//! to the currency's minor units, and ratios to 4 places, both half away
//! from zero as spreadsheets' ROUND does (docs/design.md §3.3).

use crate::error::{Error, ErrorCode, Result};
use rust_decimal::{Decimal, RoundingStrategy};

mod big;

/// Decimal places kept in ratio outputs (rates, multiples, shares).
pub const RATIO_PLACES: u32 = 4;

/// ISO 4217 codes whose minor unit is not 2 places.
const NON_TWO_PLACE: &[(&str, u32)] = &[
    ("BHD", 3),
    ("BIF", 0),
    ("CLF", 4),
    ("CLP", 0),
    ("DJF", 0),
    ("GNF", 0),
    ("IQD", 3),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KMF", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("LYD", 3),
    ("OMR", 3),
    ("PYG", 0),
    ("RWF", 0),
    ("TND", 3),
    ("UGX", 0),
    ("UYI", 0),
    ("UYW", 4),
    ("VND", 0),
    ("VUV", 0),
    ("XAF", 0),
    ("XOF", 0),
    ("XPF", 0),
];

/// The other ISO 4217 currency codes in use, all with 2 minor places.
const TWO_PLACE: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF",
    "CHE", "CHF", "CHW", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD",
    "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW",
    "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT",
    "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK",
    "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR",
    "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
    "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "USN", "UYU",
    "UZS", "VED", "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
];

/// A validated ISO 4217 currency and its minor units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Currency {
    code: [u8; 3],
    pub minor_units: u32,
}

impl Currency {
    pub const USD: Currency = Currency {
        code: *b"USD",
        minor_units: 2,
    };

    /// Looks a code up, case-insensitively; `unknown-currency` otherwise.
    pub fn parse(text: &str, path: &str) -> Result<Currency> {
        let upper = text.trim().to_ascii_uppercase();
        let unknown = || {
            Error::new(
                ErrorCode::UnknownCurrency,
                path,
                format!(
                    "{} is not an ISO 4217 currency code",
                    crate::error::quote(text)
                ),
            )
        };
        let bytes: [u8; 3] = upper.as_bytes().try_into().map_err(|_| unknown())?;
        if let Some((_, units)) = NON_TWO_PLACE.iter().find(|(c, _)| *c == upper) {
            return Ok(Currency {
                code: bytes,
                minor_units: *units,
            });
        }
        if TWO_PLACE.contains(&upper.as_str()) {
            return Ok(Currency {
                code: bytes,
                minor_units: 2,
            });
        }
        Err(unknown())
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code).unwrap_or("USD")
    }

    /// Rounds money to this currency's minor units and writes it with
    /// exactly that many places: `250.00`, `¥` amounts as `250`.
    pub fn format(&self, amount: Decimal) -> String {
        fixed(amount, self.minor_units)
    }
}

/// Rounds half away from zero to `places` and writes exactly that many.
pub fn fixed(amount: Decimal, places: u32) -> String {
    let mut out = String::with_capacity(24);
    write_fixed(amount, places, &mut out);
    out
}

/// [`fixed`], appended to `out` (the columnar twins write every cell of a
/// column into one text).
pub fn write_fixed(amount: Decimal, places: u32, out: &mut String) {
    let (m, scale) = match round_small(amount, places) {
        Some(r) => r,
        None => {
            let r = amount.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
            (r.mantissa(), r.scale())
        }
    };
    write_scaled(m, scale, places, out);
}

/// Half-away-from-zero rounding to `places` of a decimal, in integer
/// arithmetic: what `round_dp_with_strategy` gives, without its digit-by-
/// digit 96-bit loop (one division, in 64 bits when the mantissa fits).
fn round_small(amount: Decimal, places: u32) -> Option<(i128, u32)> {
    let scale = amount.scale();
    let mantissa = amount.mantissa();
    if scale <= places {
        return Some((mantissa, scale));
    }
    let drop = scale.checked_sub(places)?;
    let small = u64::try_from(mantissa.unsigned_abs())
        .ok()
        .zip(10u64.checked_pow(drop));
    let q = match small {
        Some((m, p)) => {
            let (q, r) = (m.checked_div(p)?, m.checked_rem(p)?);
            // 2r >= p without overflow: r >= p - r.
            let q = if r >= p.checked_sub(r)? {
                q.checked_add(1)?
            } else {
                q
            };
            u128::from(q)
        }
        None => {
            let m = mantissa.unsigned_abs();
            let p = 10u128.checked_pow(drop)?;
            let (q, r) = (m.checked_div(p)?, m.checked_rem(p)?);
            if r >= p.checked_sub(r)? {
                q.checked_add(1)?
            } else {
                q
            }
        }
    };
    let q = i128::try_from(q).ok()?;
    Some((if mantissa < 0 { q.checked_neg()? } else { q }, places))
}

/// Rounds a ratio to 4 places, half away from zero, without trailing zeros:
/// `0.8333`, `2.5`, `0`.
pub fn ratio(value: Decimal) -> String {
    let mut out = String::with_capacity(12);
    write_ratio(value, &mut out);
    out
}

/// [`ratio`], appended to `out`.
pub fn write_ratio(value: Decimal, out: &mut String) {
    let (m, scale) = match round_small(value, RATIO_PLACES) {
        Some(r) => r,
        None => {
            let r =
                value.round_dp_with_strategy(RATIO_PLACES, RoundingStrategy::MidpointAwayFromZero);
            (r.mantissa(), r.scale())
        }
    };
    write_plain(m, scale, out);
}

/// A decimal in its shortest form, without trailing zeros: `500000`,
/// `0.25` (what `Decimal::normalize().to_string()` writes, without linking
/// rust_decimal's `Display`).
pub fn plain(value: Decimal) -> String {
    let mut out = String::with_capacity(16);
    write_plain(value.mantissa(), value.scale(), &mut out);
    out
}

/// Writes `mantissa / 10^scale` without trailing zeros after the point.
fn write_plain(mut m: i128, mut scale: u32, out: &mut String) {
    while scale > 0 && m % 10 == 0 {
        m /= 10;
        scale = scale.saturating_sub(1);
    }
    write_scaled(m, scale, 0, out);
}

/// The decimal digits of `v`, least significant first, into `digits`;
/// returns how many (none for 0). In 64 bits when `v` fits (nearly always),
/// else in 128.
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
fn digits_of(v: u128, digits: &mut [u8; 40]) -> usize {
    let mut len = 0usize;
    if let Ok(mut small) = u64::try_from(v) {
        while small != 0 {
            digits[len] = b'0' + (small % 10) as u8;
            small /= 10;
            len += 1;
        }
    } else {
        let mut big = v;
        while big != 0 && len < digits.len() {
            digits[len] = b'0' + (big % 10) as u8;
            big /= 10;
            len += 1;
        }
    }
    len
}

/// Appends the digits of `v` (`0` for zero), as `v.to_string()` does,
/// without linking core's integer formatting.
pub fn push_uint(v: u128, out: &mut String) {
    let mut digits = [0u8; 40];
    let len = digits_of(v, &mut digits);
    if len == 0 {
        out.push('0');
    }
    for d in digits.iter().take(len).rev() {
        out.push(char::from(*d));
    }
}

/// Writes `mantissa / 10^scale` with at least `places` digits after the
/// point (zeros added; `scale` is at most 28): `-12.5` with 2 places is
/// `-12.50`. Zero is never signed.
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
fn write_scaled(mantissa: i128, scale: u32, places: u32, out: &mut String) {
    let mut digits = [0u8; 40];
    let len = digits_of(mantissa.unsigned_abs(), &mut digits);
    // Sign, 40 digits, a point and 28 places at most.
    let mut text = [0u8; 72];
    let mut at = 0usize;
    if len != 0 && mantissa < 0 {
        text[at] = b'-';
        at += 1;
    }
    let scale = (scale as usize).min(28);
    // At least one digit before the point.
    let whole = len.max(scale + 1);
    for i in (scale..whole).rev() {
        text[at] = if i < len { digits[i] } else { b'0' };
        at += 1;
    }
    let frac = scale.max((places as usize).min(28));
    if frac > 0 {
        text[at] = b'.';
        at += 1;
        for i in (0..scale).rev() {
            text[at] = if i < len { digits[i] } else { b'0' };
            at += 1;
        }
        for _ in scale..frac {
            text[at] = b'0';
            at += 1;
        }
    }
    if let Ok(t) = std::str::from_utf8(&text[..at]) {
        out.push_str(t);
    }
}

/// Checked decimal arithmetic for every money formula: an overflow is an
/// `overflow` error, never a panic.
pub mod exact {
    use crate::error::{Error, ErrorCode, Result};
    use rust_decimal::Decimal;

    fn overflow() -> Error {
        Error::new(
            ErrorCode::Overflow,
            "",
            "the result is beyond the exact decimal range (about ±7.9e28)",
        )
    }
    pub fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
        a.checked_add(b).ok_or_else(overflow)
    }
    pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal> {
        a.checked_sub(b).ok_or_else(overflow)
    }
    pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal> {
        a.checked_mul(b).ok_or_else(overflow)
    }
    pub fn div(a: Decimal, b: Decimal) -> Result<Decimal> {
        a.checked_div(b).ok_or_else(overflow)
    }
}

/// Exact numbers for the money formulas. A value is a [`Decimal`] while every
/// step stays exact in rust_decimal's 96-bit, 28-place form, and an exact
/// fraction of big integers from the first step that would round there
/// (a product past 28 places, a quotient that does not terminate). Rounding
/// happens once, in [`Num::money`] / [`Num::ratio`], so every output is exact
/// to its places; an output beyond the decimal range is `overflow`.
pub mod num {
    use super::big::Int;
    use super::{write_fixed, write_ratio, Currency, RATIO_PLACES};
    use crate::error::{Error, ErrorCode, Result};
    use rust_decimal::Decimal;
    use std::cmp::Ordering;

    /// An exact value: a decimal, or the fraction `n / d` with `d > 0`.
    #[derive(Clone, Debug)]
    pub enum Num {
        D(Decimal),
        /// Boxed, so a `Num` stays two words beside its tag: most values
        /// are decimals, moved and dropped many times a row.
        Q(Box<(Int, Int)>),
    }

    fn q(n: Int, d: Int) -> Num {
        Num::Q(Box::new((n, d)))
    }

    impl From<Decimal> for Num {
        fn from(d: Decimal) -> Self {
            Num::D(d)
        }
    }

    fn parts(x: &Num) -> (Int, Int) {
        match x {
            Num::D(d) => (Int::from_i128(d.mantissa()), Int::pow10(d.scale())),
            Num::Q(f) => f.as_ref().clone(),
        }
    }

    /// `a * b` when rust_decimal holds it exactly.
    fn dmul(a: Decimal, b: Decimal) -> Option<Decimal> {
        let scale = a.scale().checked_add(b.scale())?;
        if scale > 28 {
            return None;
        }
        let p = a.mantissa().checked_mul(b.mantissa())?;
        Decimal::try_from_i128_with_scale(p, scale).ok()
    }

    /// `a + b` when rust_decimal holds it exactly.
    fn dadd(a: Decimal, b: Decimal) -> Option<Decimal> {
        let scale = a.scale().max(b.scale());
        let up = |d: Decimal| -> Option<i128> {
            let k = scale.checked_sub(d.scale())?;
            d.mantissa().checked_mul(10i128.checked_pow(k)?)
        };
        let s = up(a)?.checked_add(up(b)?)?;
        Decimal::try_from_i128_with_scale(s, scale).ok()
    }

    pub fn zero() -> Num {
        Num::D(Decimal::ZERO)
    }

    pub fn mul(a: &Num, b: &Num) -> Num {
        if let (Num::D(x), Num::D(y)) = (a, b) {
            if let Some(p) = dmul(*x, *y) {
                return Num::D(p);
            }
        }
        let ((an, ad), (bn, bd)) = (parts(a), parts(b));
        q(an.mul(&bn), ad.mul(&bd))
    }

    pub fn add(a: &Num, b: &Num) -> Num {
        if let (Num::D(x), Num::D(y)) = (a, b) {
            if let Some(s) = dadd(*x, *y) {
                return Num::D(s);
            }
        }
        let ((an, ad), (bn, bd)) = (parts(a), parts(b));
        if ad == bd {
            q(an.add(&bn), ad)
        } else {
            q(an.mul(&bd).add(&bn.mul(&ad)), ad.mul(&bd))
        }
    }

    pub fn neg(a: &Num) -> Num {
        match a {
            Num::D(d) => Num::D(Decimal::ZERO.checked_sub(*d).unwrap_or_default()),
            Num::Q(f) => q(f.0.neg(), f.1.clone()),
        }
    }

    pub fn sub(a: &Num, b: &Num) -> Num {
        add(a, &neg(b))
    }

    /// `a / b`; callers check `b` is not zero first (a zero divisor is an
    /// `internal` error, never a panic).
    pub fn div(a: &Num, b: &Num) -> Result<Num> {
        if b.is_zero() {
            return Err(Error::new(ErrorCode::Internal, "", "division by zero"));
        }
        if let (Num::D(x), Num::D(y)) = (a, b) {
            if let Some(q) = x.checked_div(*y) {
                if dmul(q, *y) == Some(*x) {
                    return Ok(Num::D(q));
                }
            }
        }
        let ((an, ad), (bn, bd)) = (parts(a), parts(b));
        let (n, d) = (an.mul(&bd), ad.mul(&bn));
        Ok(if d.is_negative() {
            q(n.neg(), d.neg())
        } else {
            q(n, d)
        })
    }

    fn overflow() -> Error {
        Error::new(
            ErrorCode::Overflow,
            "",
            "the result is beyond the exact decimal range (about ±7.9e28)",
        )
    }

    impl Num {
        pub fn is_zero(&self) -> bool {
            match self {
                Num::D(d) => d.is_zero(),
                Num::Q(f) => f.0.is_zero(),
            }
        }

        pub fn signum(&self) -> Ordering {
            match self {
                Num::D(d) => d.cmp(&Decimal::ZERO),
                // The denominator is positive.
                Num::Q(f) => f.0.cmp(&Int::zero()),
            }
        }

        pub fn cmp_num(&self, other: &Num) -> Ordering {
            if let (Num::D(x), Num::D(y)) = (self, other) {
                return x.cmp(y);
            }
            let ((an, ad), (bn, bd)) = (parts(self), parts(other));
            an.mul(&bd).cmp(&bn.mul(&ad))
        }

        pub fn lt(&self, other: &Num) -> bool {
            self.cmp_num(other) == Ordering::Less
        }

        pub fn gt(&self, other: &Num) -> bool {
            self.cmp_num(other) == Ordering::Greater
        }

        pub fn max_zero(self) -> Num {
            if self.signum() == Ordering::Less {
                zero()
            } else {
                self
            }
        }

        /// Rounds once, half away from zero, to `places` (at most 4), and
        /// writes it with exactly that many places; `overflow` past the range.
        fn write_rounded(&self, places: u32, out: &mut String) -> Result<()> {
            let (n, d) = match self {
                Num::D(x) => {
                    write_fixed(*x, places, out);
                    return Ok(());
                }
                Num::Q(f) => (&f.0, &f.1),
            };
            let scale = 10u128.checked_pow(places).ok_or_else(overflow)?;
            let limit = Decimal::MAX
                .mantissa()
                .unsigned_abs()
                .checked_mul(scale)
                .ok_or_else(overflow)?;
            let (negative, q) = n
                .mul(&Int::pow10(places))
                .div_round(d, limit)
                .ok_or_else(overflow)?;
            let mut digits = String::with_capacity(40);
            super::push_uint(q, &mut digits);
            let width = (places as usize).saturating_add(1);
            while digits.len() < width {
                digits.insert(0, '0');
            }
            if negative {
                out.push('-');
            }
            if places == 0 {
                out.push_str(&digits);
                return Ok(());
            }
            let (int_part, frac) = digits
                .split_at_checked(digits.len().saturating_sub(places as usize))
                .unwrap_or((&digits, ""));
            out.push_str(int_part);
            out.push('.');
            out.push_str(frac);
            Ok(())
        }

        /// Money in `cur`'s minor units.
        pub fn money(&self, cur: Currency) -> Result<String> {
            let mut out = String::with_capacity(24);
            self.write_money(cur, &mut out)?;
            Ok(out)
        }

        /// [`Num::money`], appended to `out`.
        pub fn write_money(&self, cur: Currency, out: &mut String) -> Result<()> {
            self.write_rounded(cur.minor_units, out)
        }

        /// A ratio to 4 places without trailing zeros (`0.8333`, `2.5`, `0`).
        pub fn ratio(&self) -> Result<String> {
            let mut out = String::with_capacity(12);
            self.write_ratio(&mut out)?;
            Ok(out)
        }

        /// [`Num::ratio`], appended to `out`.
        pub fn write_ratio(&self, out: &mut String) -> Result<()> {
            if let Num::D(x) = self {
                write_ratio(*x, out);
                return Ok(());
            }
            let mut t = String::with_capacity(24);
            self.write_rounded(RATIO_PLACES, &mut t)?;
            let t = t.trim_end_matches('0').trim_end_matches('.');
            out.push_str(if t.is_empty() || t == "-" { "0" } else { t });
            Ok(())
        }
    }
}

/// [S0] partner-sourced revenue target: 20-35% of total revenue ([S2]
/// gives 30% as the average). `below`, `within` or `above`, bounds inclusive.
pub fn share_verdict(share: &num::Num) -> &'static str {
    let low = num::Num::from(Decimal::new(20, 2));
    let high = num::Num::from(Decimal::new(35, 2));
    if share.lt(&low) {
        "below"
    } else if share.gt(&high) {
        "above"
    } else {
        "within"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn minor_units() {
        assert_eq!(
            Currency::parse("usd", "").unwrap().format(d("250")),
            "250.00"
        );
        assert_eq!(
            Currency::parse("JPY", "").unwrap().format(d("250.5")),
            "251"
        );
        assert_eq!(
            Currency::parse("BHD", "").unwrap().format(d("1.0005")),
            "1.001"
        );
        assert_eq!(
            Currency::parse("EUR", "").unwrap().format(d("-0.004")),
            "0.00"
        );
        assert_eq!(
            Currency::parse("XXX", "c").unwrap_err().code,
            ErrorCode::UnknownCurrency
        );
        assert_eq!(
            Currency::parse("US", "c").unwrap_err().code,
            ErrorCode::UnknownCurrency
        );
    }

    #[test]
    fn half_away_from_zero() {
        assert_eq!(fixed(d("2.345"), 2), "2.35");
        assert_eq!(fixed(d("-2.345"), 2), "-2.35");
        assert_eq!(fixed(d("2.5"), 0), "3");
        assert_eq!(ratio(d("0.83335")), "0.8334");
        assert_eq!(ratio(d("2.50")), "2.5");
        assert_eq!(ratio(d("0.00001")), "0");
        assert_eq!(ratio(d("1") / d("3")), "0.3333");
    }

    #[test]
    fn every_code_is_three_letters() {
        for c in TWO_PLACE
            .iter()
            .copied()
            .chain(NON_TWO_PLACE.iter().map(|(c, _)| *c))
        {
            assert_eq!(Currency::parse(c, "").unwrap().code(), c);
        }
    }
}

// proptest is a native-only dev-dependency (Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod rounding {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The integer rounding gives rust_decimal's half-away-from-zero
        /// answer, mantissa and scale, for every 96-bit mantissa and scale.
        #[test]
        fn round_small_is_round_dp(lo in any::<u64>(), hi in any::<u32>(), neg in any::<bool>(),
                                   scale in 0u32..=28, places in 0u32..=4, short in any::<bool>()) {
            let hi = if short { 0 } else { hi };
            let amount = Decimal::from_parts(lo as u32, (lo >> 32) as u32, hi, neg, scale);
            let want = amount.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
            prop_assert_eq!(round_small(amount, places), Some((want.mantissa(), want.scale())));
        }
    }
}
