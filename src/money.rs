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
    let mut rounded = amount.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    if rounded.is_zero() {
        rounded = Decimal::ZERO;
    }
    let text = rounded.to_string();
    if places == 0 {
        return text;
    }
    let (int_part, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (text.clone(), String::new()),
    };
    let mut frac = frac;
    while (frac.len() as u32) < places {
        frac.push('0');
    }
    format!("{int_part}.{frac}")
}

/// Rounds a ratio to 4 places, half away from zero, without trailing zeros:
/// `0.8333`, `2.5`, `0`.
pub fn ratio(value: Decimal) -> String {
    let rounded = value
        .round_dp_with_strategy(RATIO_PLACES, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    if rounded.is_zero() {
        "0".to_string()
    } else {
        rounded.to_string()
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
    use super::{fixed, ratio as ratio_text, Currency, RATIO_PLACES};
    use crate::error::{Error, ErrorCode, Result};
    use rust_decimal::Decimal;
    use std::cmp::Ordering;

    /// An exact value: a decimal, or the fraction `n / d` with `d > 0`.
    #[derive(Clone, Debug)]
    pub enum Num {
        D(Decimal),
        Q(Int, Int),
    }

    impl From<Decimal> for Num {
        fn from(d: Decimal) -> Self {
            Num::D(d)
        }
    }

    fn parts(x: &Num) -> (Int, Int) {
        match x {
            Num::D(d) => (Int::from_i128(d.mantissa()), Int::pow10(d.scale())),
            Num::Q(n, d) => (n.clone(), d.clone()),
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
        Num::Q(an.mul(&bn), ad.mul(&bd))
    }

    pub fn add(a: &Num, b: &Num) -> Num {
        if let (Num::D(x), Num::D(y)) = (a, b) {
            if let Some(s) = dadd(*x, *y) {
                return Num::D(s);
            }
        }
        let ((an, ad), (bn, bd)) = (parts(a), parts(b));
        if ad == bd {
            Num::Q(an.add(&bn), ad)
        } else {
            Num::Q(an.mul(&bd).add(&bn.mul(&ad)), ad.mul(&bd))
        }
    }

    pub fn neg(a: &Num) -> Num {
        match a {
            Num::D(d) => Num::D(Decimal::ZERO.checked_sub(*d).unwrap_or_default()),
            Num::Q(n, d) => Num::Q(n.neg(), d.clone()),
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
            Num::Q(n.neg(), d.neg())
        } else {
            Num::Q(n, d)
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
                Num::Q(n, _) => n.is_zero(),
            }
        }

        pub fn signum(&self) -> Ordering {
            self.cmp_num(&zero())
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

        /// Rounds once, half away from zero, to `places` (at most 4), as
        /// text with exactly that many places; `overflow` past the range.
        fn round_text(&self, places: u32) -> Result<String> {
            let (n, d) = match self {
                Num::D(x) => return Ok(fixed(*x, places)),
                Num::Q(n, d) => (n, d),
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
            let mut digits = q.to_string();
            let width = (places as usize).saturating_add(1);
            while digits.len() < width {
                digits.insert(0, '0');
            }
            let sign = if negative { "-" } else { "" };
            if places == 0 {
                return Ok(format!("{sign}{digits}"));
            }
            let (int_part, frac) = digits
                .split_at_checked(digits.len().saturating_sub(places as usize))
                .unwrap_or((&digits, ""));
            Ok(format!("{sign}{int_part}.{frac}"))
        }

        /// Money in `cur`'s minor units.
        pub fn money(&self, cur: Currency) -> Result<String> {
            self.round_text(cur.minor_units)
        }

        /// A ratio to 4 places without trailing zeros (`0.8333`, `2.5`, `0`).
        pub fn ratio(&self) -> Result<String> {
            if let Num::D(x) = self {
                return Ok(ratio_text(*x));
            }
            let t = self.round_text(RATIO_PLACES)?;
            let t = t.trim_end_matches('0').trim_end_matches('.');
            Ok(if t.is_empty() {
                "0".to_string()
            } else {
                t.to_string()
            })
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
