//! Reading typed inputs out of a [`Value`], with a code and a path for
//! every way the input can be wrong. Every entry point reads through here,
//! so the rules (numbers or decimal strings, blanks as missing, unknown
//! fields refused) are the same everywhere.

use crate::error::{join, quote, Error, ErrorCode, Result};
use crate::num::shown;
use crate::value::Value;
use rust_decimal::Decimal;

/// Most significant digits a decimal input may carry: rust_decimal keeps 28
/// exactly; more would be rounded silently, so they are refused.
pub const MAX_SIGNIFICANT_DIGITS: usize = 28;

/// What a decimal input must satisfy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Any finite decimal.
    Any,
    /// Money, counts, hours: zero or more (`negative-amount` below zero).
    NonNegative,
    /// Strictly positive (`negative-amount` below zero, `out-of-range` at zero).
    Positive,
    /// A rate as a fraction, 0 to 1 inclusive (`out-of-range` outside).
    Rate,
}

/// Parses a decimal from a JSON number or a decimal string. Numbers go
/// through their shortest decimal form, so 0.1 stays exactly 0.1.
pub fn decimal_from_value(value: &Value, path: &str) -> Result<Decimal> {
    match value {
        Value::Number(n) => decimal_from_number(*n, path),
        Value::String(s) => decimal_from_text(s, path),
        Value::Null => Err(Error::new(
            ErrorCode::MissingField,
            path,
            "a number is required",
        )),
        other => Err(Error::new(
            ErrorCode::InvalidType,
            path,
            format!(
                "expected a number or a decimal string, got {}",
                other.type_name()
            ),
        )),
    }
}

/// A decimal from a number as JavaScript prints it (its shortest digits).
pub fn decimal_from_number(n: f64, path: &str) -> Result<Decimal> {
    if !n.is_finite() {
        return Err(Error::new(
            ErrorCode::NotFinite,
            path,
            format!("{} is not a finite number", shown(n)),
        ));
    }
    if let Some(d) = short_decimal(n).or_else(|| printed_decimal(n)) {
        return Ok(d);
    }
    number_by_printing(n, path)
}

/// The shortest digits of `n` (zmij, as [`shown`] prints them) read
/// straight into a decimal, without the text round trip of
/// [`number_by_printing`]; `None` where that general path must decide
/// (a scale past 28, a value past 96 bits).
fn printed_decimal(n: f64) -> Option<Decimal> {
    let mut buf = zmij::Buffer::new();
    let text = buf.format_finite(n).as_bytes();
    let (negative, body) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let mut m: u64 = 0;
    let mut frac: i64 = 0;
    let mut point = false;
    let mut exp: i64 = 0;
    let mut rest = body.iter();
    for &b in rest.by_ref() {
        match b {
            b'0'..=b'9' => {
                m = m
                    .checked_mul(10)?
                    .checked_add(u64::from(b.wrapping_sub(b'0')))?;
                if point {
                    frac = frac.checked_add(1)?;
                }
            }
            b'.' if !point => point = true,
            b'e' | b'E' => {
                let tail = std::str::from_utf8(rest.as_slice()).ok()?;
                exp = tail.strip_prefix('+').unwrap_or(tail).parse().ok()?;
                break;
            }
            _ => return None,
        }
    }
    if m == 0 {
        return (!negative).then_some(Decimal::ZERO);
    }
    let mut scale = frac.checked_sub(exp)?;
    while scale > 0 && m % 10 == 0 {
        m /= 10;
        scale = scale.checked_sub(1)?;
    }
    let mut wide = i128::from(m);
    if scale < 0 {
        wide = wide.checked_mul(10i128.checked_pow(u32::try_from(scale.checked_neg()?).ok()?)?)?;
        scale = 0;
    }
    if scale > 28 {
        return None;
    }
    let signed = if negative { wide.checked_neg()? } else { wide };
    let d = Decimal::try_from_i128_with_scale(signed, u32::try_from(scale).ok()?).ok()?;
    Some(js_tie_to_even(n, d))
}

/// A number through its shortest printed digits: the general case of
/// [`decimal_from_number`] (and the reference for its fast case).
fn number_by_printing(n: f64, path: &str) -> Result<Decimal> {
    // Rust prints the shortest digits that round-trip, never an exponent.
    let d = parse_decimal_general(&shown(n), path)?;
    Ok(js_tie_to_even(n, d))
}

/// A decimal from text as a cell or field holds it: trimmed, blank is
/// missing.
pub fn decimal_from_text(s: &str, path: &str) -> Result<Decimal> {
    let t = trimmed(s);
    if t.is_empty() {
        return Err(Error::new(
            ErrorCode::MissingField,
            path,
            "a number is required",
        ));
    }
    parse_decimal_text(t, path)
}

/// `s.trim()`, without walking the text when it starts and ends with a
/// printable ASCII character (a cell's usual case).
pub fn trimmed(s: &str) -> &str {
    let bytes = s.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(a), Some(b)) if (0x21..0x7f).contains(a) && (0x21..0x7f).contains(b) => s,
        _ => s.trim(),
    }
}

/// The most places [`short_decimal`] tries.
const SHORT_PLACES: usize = 6;

/// Powers of ten that are exact doubles, for [`short_decimal`].
const POW10: [f64; 16] = [
    1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The fast case of [`decimal_from_number`]: a double below 2^53 whose
/// shortest decimal has at most 15 places (every amount a person types).
/// That decimal is `c / 10^s` for the smallest `s` at which some integer
/// `c` reads back as `n`: `c` and `10^s` are exact doubles, so `c / 10^s`
/// in floating point is the correctly rounded reading of that decimal.
/// Only an unambiguous answer is taken (one such `c` at that `s`); ties,
/// `-0` and everything else go to the shortest-digits printer, and the
/// property test in tests/properties.rs checks both agree.
fn short_decimal(n: f64) -> Option<Decimal> {
    const LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53
    let a = n.abs();
    if a == 0.0 {
        return (!n.is_sign_negative()).then_some(Decimal::ZERO);
    }
    if a >= LIMIT || a.is_nan() {
        return None;
    }
    let signed = |c: u64, s: u32| {
        let m = i64::try_from(c).ok()?;
        let m = if n < 0.0 { m.checked_neg()? } else { m };
        Some(Decimal::new(m, s))
    };
    if a.fract() == 0.0 {
        // Below 2^53 an integral double is that integer exactly.
        return signed(a as u64, 0);
    }
    // Up to 6 places (money, rates and percentages as people type them);
    // a longer fraction, usually the 16-17 digits of a computed double,
    // reads faster through the printer than through 16 failed scales.
    for (s, p) in POW10.iter().enumerate().take(SHORT_PLACES + 1).skip(1) {
        let x = a * p;
        if x >= LIMIT {
            return None;
        }
        // x is within one of the true a * 10^s, so every integer that reads
        // back as `a` at this scale is among m - 1, m, m + 1.
        let m = x.round() as u64;
        let mut found = None;
        let mut count = 0u32;
        for c in [m.saturating_sub(1), m, m.saturating_add(1)] {
            if c != 0 && (c as f64) / p == a && found != Some(c) {
                found = Some(c);
                count = count.saturating_add(1);
            }
        }
        match (count, found) {
            (0, _) => continue,
            (1, Some(c)) => return signed(c, s as u32),
            _ => return None,
        }
    }
    None
}

/// When two shortest decimals round-trip to the double `n` and lie at the
/// same distance from it (995666616920284.25 prints as ...284.2 or ...284.3),
/// JavaScript's `String(n)` takes the one with the even last digit, and Rust
/// may take the other. The caller typed what JavaScript shows, so a number
/// is read as JavaScript prints it.
fn js_tie_to_even(n: f64, d: Decimal) -> Decimal {
    let scale = d.scale();
    if scale == 0 || d.mantissa() % 2 == 0 || !n.is_finite() {
        return d;
    }
    // |n| = m * 2^e, m odd.
    let bits = n.abs().to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut m, mut e) = if exp_bits == 0 {
        (frac, -1074i64)
    } else {
        (frac | (1u64 << 52), exp_bits.saturating_sub(1075))
    };
    if m == 0 {
        return d;
    }
    while m % 2 == 0 {
        m /= 2;
        e = e.saturating_add(1);
    }
    // A tie needs |n| to end one decimal place past `d`: m * 5^k / 10^k with
    // k = scale + 1.
    let k = i64::from(scale).saturating_add(1);
    if e != k.saturating_neg() {
        return d;
    }
    let Some(exact) = 5i128
        .checked_pow(k as u32)
        .and_then(|p| p.checked_mul(i128::from(m)))
    else {
        return d;
    };
    // Integer steps on the mantissa, not decimal arithmetic: `d` has at
    // most 17 digits (a double's shortest form), so nothing here overflows
    // and the scale stays `d`'s.
    let Ok(abs) = i128::try_from(d.mantissa().unsigned_abs()) else {
        return d;
    };
    let Some(d_at_k) = abs.checked_mul(10) else {
        return d;
    };
    let other = match exact.checked_sub(d_at_k) {
        Some(5) => abs.saturating_add(1),
        Some(-5) => abs.saturating_sub(1),
        _ => return d,
    };
    let signed = if n < 0.0 {
        other.saturating_neg()
    } else {
        other
    };
    Decimal::try_from_i128_with_scale(signed, scale).unwrap_or(d)
}

/// A count given as a JS number (a row count, say): a whole number from 0
/// to `limit`. Anything else is refused, never wrapped or truncated: a
/// fraction, NaN or a negative is `invalid-type`, more than `limit` is
/// `limit-exceeded`.
pub fn count_from_f64(n: f64, limit: usize, path: &str) -> Result<usize> {
    if !(n.is_finite() && n >= 0.0 && n.fract() == 0.0) {
        return Err(Error::new(
            ErrorCode::InvalidType,
            path,
            "expected a whole number, 0 or more",
        ));
    }
    if n > limit as f64 {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            path,
            format!("more than {limit}"),
        ));
    }
    // In range and whole, so the conversion is exact.
    Ok(n as usize)
}

/// The common case of [`parse_decimal_text`], without allocating: an
/// optional sign, digits and at most one point, at most 18 digits in all
/// (`-1234.50`). The value and scale are the ones the general reader gives
/// (trailing zeros after the point dropped, zero unsigned); anything else
/// is `None` and goes to the general reader.
fn plain_decimal(text: &[u8]) -> Option<Decimal> {
    let (negative, body) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    if body.is_empty() || body.len() > 19 {
        return None;
    }
    let mut m: u64 = 0;
    let mut digits = 0u32;
    let mut scale: Option<u32> = None;
    for &b in body {
        match b {
            b'0'..=b'9' => {
                // At most 18 digits: m stays below 10^18 < 2^63.
                m = m
                    .checked_mul(10)?
                    .checked_add(u64::from(b.wrapping_sub(b'0')))?;
                digits = digits.checked_add(1)?;
                if let Some(s) = scale.as_mut() {
                    *s = s.checked_add(1)?;
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => return None,
        }
    }
    if digits == 0 || digits > 18 {
        return None;
    }
    let mut scale = scale.unwrap_or(0);
    if m == 0 {
        return Some(Decimal::ZERO);
    }
    while scale > 0 && m % 10 == 0 {
        m /= 10;
        scale = scale.checked_sub(1)?;
    }
    let m = i64::try_from(m).ok()?;
    Some(Decimal::new(
        if negative { m.checked_neg()? } else { m },
        scale,
    ))
}

/// Parses plain or scientific decimal text exactly (`-12.50`, `1.5e3`).
pub fn parse_decimal_text(text: &str, path: &str) -> Result<Decimal> {
    match plain_decimal(text.as_bytes()) {
        Some(d) => Ok(d),
        None => parse_decimal_general(text, path),
    }
}

/// [`parse_decimal_text`] for every form (the fast case aside).
fn parse_decimal_general(text: &str, path: &str) -> Result<Decimal> {
    let lower = text.to_ascii_lowercase();
    let bare = lower.trim_start_matches(['+', '-']);
    if matches!(bare, "nan" | "inf" | "infinity") {
        return Err(Error::new(
            ErrorCode::NotFinite,
            path,
            format!("{} is not a finite number", quote(text)),
        ));
    }
    let invalid = || {
        Error::new(
            ErrorCode::InvalidNumber,
            path,
            format!(
                "{} is not a decimal number (write it like 1234.56, without separators)",
                quote(text)
            ),
        )
    };
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or("")),
        Some(b'+') => (false, text.get(1..).unwrap_or("")),
        _ => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => {
            let exp_text = rest.get(at.saturating_add(1)..).unwrap_or("");
            let exp_digits = exp_text.trim_start_matches(['+', '-']);
            if exp_digits.is_empty()
                || !exp_digits.bytes().all(|b| b.is_ascii_digit())
                || exp_text.len() > exp_digits.len().saturating_add(1)
            {
                return Err(invalid());
            }
            // Exponents past a few hundred are out of range either way.
            let magnitude: i64 = if exp_digits.len() > 6 {
                1_000_000
            } else {
                exp_digits.parse().map_err(|_| invalid())?
            };
            let exp = if exp_text.starts_with('-') {
                magnitude.saturating_neg()
            } else {
                magnitude
            };
            (rest.get(..at).unwrap_or(""), exp)
        }
        None => (rest, 0),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    if (int_part.is_empty() && frac_part.is_empty())
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(invalid());
    }
    let mut digits: String = format!("{int_part}{frac_part}");
    let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
    if significant > MAX_SIGNIFICANT_DIGITS {
        return Err(Error::new(
            ErrorCode::TooManyDigits,
            path,
            format!(
                "{} has {significant} significant digits; at most {MAX_SIGNIFICANT_DIGITS} are kept exactly",
                quote(text)
            ),
        ));
    }
    let out_of_range = || {
        Error::new(
            ErrorCode::OutOfRange,
            path,
            format!(
                "{} is beyond the exact decimal range (about ±7.9e28, steps of 1e-28)",
                quote(text)
            ),
        )
    };
    let mut scale: i64 = (frac_part.len() as i64).saturating_sub(exponent);
    // Drop leading zeros, and trailing zeros that only carry scale.
    let lead = digits
        .len()
        .saturating_sub(digits.trim_start_matches('0').len());
    digits.drain(..lead);
    while scale > 0 && digits.ends_with('0') {
        digits.pop();
        scale = scale.saturating_sub(1);
    }
    if digits.is_empty() {
        return Ok(Decimal::ZERO);
    }
    if scale < 0 {
        if scale < -30 {
            return Err(out_of_range());
        }
        for _ in 0..scale.saturating_neg() {
            digits.push('0');
        }
        scale = 0;
    }
    if scale > 28 || digits.len() > 29 {
        return Err(out_of_range());
    }
    let mantissa: i128 = digits.parse().map_err(|_| out_of_range())?;
    let signed = if negative {
        mantissa.saturating_neg()
    } else {
        mantissa
    };
    Decimal::try_from_i128_with_scale(signed, scale as u32).map_err(|_| out_of_range())
}

/// Applies a [`Check`] to a decimal read at `path`.
pub fn check_decimal(d: Decimal, check: Check, path: &str) -> Result<Decimal> {
    match check {
        Check::Any => Ok(d),
        Check::NonNegative => {
            if d.is_sign_negative() && !d.is_zero() {
                Err(Error::new(
                    ErrorCode::NegativeAmount,
                    path,
                    format!("{d} is negative; it must be zero or more"),
                ))
            } else {
                Ok(d)
            }
        }
        Check::Positive => {
            if d.is_sign_negative() && !d.is_zero() {
                Err(Error::new(
                    ErrorCode::NegativeAmount,
                    path,
                    format!("{d} is negative; it must be more than zero"),
                ))
            } else if d.is_zero() {
                Err(Error::new(
                    ErrorCode::OutOfRange,
                    path,
                    "must be more than zero",
                ))
            } else {
                Ok(d)
            }
        }
        Check::Rate => {
            if d < Decimal::ZERO || d > Decimal::ONE {
                Err(Error::new(
                    ErrorCode::OutOfRange,
                    path,
                    format!("{d} is outside 0-1; rates are fractions (0.15 means 15%)"),
                ))
            } else {
                Ok(d)
            }
        }
    }
}

/// A reader over one input object that remembers which keys it was asked
/// for, so [`Obj::finish`] can refuse the ones nobody reads (typos).
pub struct Obj<'a> {
    entries: &'a [(String, Value)],
    path: String,
    seen: Vec<&'static str>,
}

impl<'a> Obj<'a> {
    /// Opens `value` as an object; anything else is `invalid-type` at `path`.
    pub fn new(value: &'a Value, path: &str) -> Result<Self> {
        match value {
            Value::Object(entries) => Ok(Obj {
                entries,
                path: path.to_string(),
                seen: Vec::with_capacity(entries.len().max(8)),
            }),
            Value::Null => Err(Error::new(
                ErrorCode::MissingField,
                path,
                "an object is required",
            )),
            other => Err(Error::new(
                ErrorCode::InvalidType,
                path,
                format!("expected an object, got {}", other.type_name()),
            )),
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path of a key of this object.
    pub fn at(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The value of `key`, or `None` when absent or null.
    pub fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.seen.push(key);
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v, Value::Null))
    }

    /// Like [`Obj::get`] but treats blank text as absent too.
    pub fn get_nonblank(&mut self, key: &'static str) -> Option<&'a Value> {
        self.get(key).filter(|v| !v.is_blank())
    }

    pub fn require(&mut self, key: &'static str) -> Result<&'a Value> {
        match self.get_nonblank(key) {
            Some(v) => Ok(v),
            None => Err(missing(self.at(key), key)),
        }
    }

    pub fn decimal(&mut self, key: &'static str, check: Check) -> Result<Decimal> {
        Fields::decimal(self, key, check)
    }

    pub fn opt_decimal(&mut self, key: &'static str, check: Check) -> Result<Option<Decimal>> {
        Fields::opt_decimal(self, key, check)
    }

    pub fn string(&mut self, key: &'static str) -> Result<&'a str> {
        Fields::string(self, key)
    }

    pub fn opt_string(&mut self, key: &'static str) -> Result<Option<&'a str>> {
        Fields::opt_string(self, key)
    }

    pub fn opt_bool(&mut self, key: &'static str) -> Result<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(Error::new(
                ErrorCode::InvalidType,
                self.at(key),
                format!("expected true or false, got {}", other.type_name()),
            )),
        }
    }

    /// Refuses keys that no reader asked for (null-valued ones are let be).
    pub fn finish(self) -> Result<()> {
        for (k, v) in self.entries {
            if !matches!(v, Value::Null) && !self.seen.iter().any(|s| s == k) {
                return Err(unknown_field(&self.path, k, &self.seen));
            }
        }
        Ok(())
    }
}

/// `missing-field` for a required key.
pub fn missing(path: String, key: &str) -> Error {
    Error::new(ErrorCode::MissingField, path, format!("{key} is required"))
}

/// `unknown-field` for a key no reader asked for; `seen` are those asked.
pub fn unknown_field(path: &str, key: &str, seen: &[&'static str]) -> Error {
    let mut known: Vec<&str> = seen.to_vec();
    crate::sort::small_by(&mut known, |a, b| a < b);
    known.dedup();
    Error::new(
        ErrorCode::UnknownField,
        join(path, key),
        format!(
            "unknown field {}; known fields: {}",
            quote(key),
            known.join(", ")
        ),
    )
}

/// One field's value as a reader sees it: a parsed value, or a cell of a
/// column (src/economics.rs, `columns`) read in place: its text, or the
/// number JavaScript held. A text cell reads as a [`Value::String`] of that
/// text would, a number cell as a [`Value::Number`].
#[derive(Clone, Copy, Debug)]
pub enum Cell<'a> {
    Value(&'a Value),
    Text(&'a str),
    Number(f64),
}

impl<'a> Cell<'a> {
    pub fn type_name(&self) -> &'static str {
        match self {
            Cell::Value(v) => v.type_name(),
            Cell::Text(_) => "text",
            Cell::Number(_) => "a number",
        }
    }

    /// Null, or text that is empty once trimmed.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Value(v) => v.is_blank(),
            Cell::Text(s) => trimmed(s).is_empty(),
            Cell::Number(_) => false,
        }
    }

    /// As [`decimal_from_value`] reads the same value.
    pub fn decimal(&self, path: &str) -> Result<Decimal> {
        match self {
            Cell::Value(v) => decimal_from_value(v, path),
            Cell::Text(s) => decimal_from_text(s, path),
            Cell::Number(n) => decimal_from_number(*n, path),
        }
    }

    /// As [`as_str`] reads the same value.
    pub fn text(&self, path: &str) -> Result<&'a str> {
        match self {
            Cell::Value(v) => as_str(v, path),
            Cell::Text(s) => Ok(s),
            Cell::Number(_) => Err(Error::new(
                ErrorCode::InvalidType,
                path,
                "expected text, got a number",
            )),
        }
    }

    /// Opens the cell as an object, as [`Obj::new`] opens the same value.
    pub fn object(&self, path: &str) -> Result<Obj<'a>> {
        match self {
            Cell::Value(v) => Obj::new(v, path),
            other => Err(Error::new(
                ErrorCode::InvalidType,
                path,
                format!("expected an object, got {}", other.type_name()),
            )),
        }
    }
}

/// The reads an economics function makes of its input object, the same
/// whether the object is a parsed value ([`Obj`]) or one row of columns
/// read in place; the rules (numbers or decimal strings, blanks as
/// missing, unknown fields refused) and the error of every way a field
/// can be wrong are written once, here.
pub trait Fields<'a> {
    /// The value of `key`, or `None` when absent or null (remembers the key).
    fn cell(&mut self, key: &'static str) -> Option<Cell<'a>>;
    /// The path of this object (`""` at the top).
    fn base(&self) -> &str;
    /// Refuses keys that no reader asked for (null-valued ones are let be).
    fn finish(self) -> Result<()>;

    /// The path of a key of this object.
    fn at(&self, key: &str) -> String {
        join(self.base(), key)
    }

    /// Like [`Fields::cell`] but treats blank text as absent too.
    fn nonblank(&mut self, key: &'static str) -> Option<Cell<'a>> {
        self.cell(key).filter(|c| !c.is_blank())
    }

    fn decimal(&mut self, key: &'static str, check: Check) -> Result<Decimal> {
        let c = self.nonblank(key);
        read_decimal(c, self.base(), key, check, true).map(|d| d.unwrap_or_default())
    }

    fn opt_decimal(&mut self, key: &'static str, check: Check) -> Result<Option<Decimal>> {
        let c = self.nonblank(key);
        read_decimal(c, self.base(), key, check, false)
    }

    fn string(&mut self, key: &'static str) -> Result<&'a str> {
        let c = self.nonblank(key);
        read_text(c, self.base(), key, true).map(|t| t.unwrap_or_default())
    }

    fn opt_string(&mut self, key: &'static str) -> Result<Option<&'a str>> {
        let c = self.nonblank(key);
        read_text(c, self.base(), key, false)
    }
}

/// A decimal field's reading (one copy for every kind of reader): missing
/// when `required` and absent, else checked; errors at `base.key`.
fn read_decimal(
    c: Option<Cell<'_>>,
    base: &str,
    key: &str,
    check: Check,
    required: bool,
) -> Result<Option<Decimal>> {
    match c {
        None if required => Err(missing(join(base, key), key)),
        None => Ok(None),
        Some(c) => c
            .decimal("")
            .and_then(|d| check_decimal(d, check, ""))
            .map(Some)
            .map_err(|e| Error {
                path: join(base, key),
                ..e
            }),
    }
}

/// A text field's reading, as [`read_decimal`].
fn read_text<'a>(
    c: Option<Cell<'a>>,
    base: &str,
    key: &str,
    required: bool,
) -> Result<Option<&'a str>> {
    match c {
        None if required => Err(missing(join(base, key), key)),
        None => Ok(None),
        Some(c) => c.text("").map(Some).map_err(|e| Error {
            path: join(base, key),
            ..e
        }),
    }
}

impl<'a> Fields<'a> for Obj<'a> {
    fn cell(&mut self, key: &'static str) -> Option<Cell<'a>> {
        self.get(key).map(Cell::Value)
    }
    fn base(&self) -> &str {
        &self.path
    }
    fn finish(self) -> Result<()> {
        Obj::finish(self)
    }
}

/// Reads text, `invalid-type` otherwise.
pub fn as_str<'v>(v: &'v Value, path: &str) -> Result<&'v str> {
    match v {
        Value::String(s) => Ok(s.as_str()),
        other => Err(Error::new(
            ErrorCode::InvalidType,
            path,
            format!("expected text, got {}", other.type_name()),
        )),
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
    fn numbers_read_as_javascript_prints_them() {
        // Exactly ...284.25 and ...130.25: JavaScript prints the even digit.
        for (n, want) in [
            (995666616920284.2, "995666616920284.2"),
            (-995666616920284.2, "-995666616920284.2"),
            (628047601997130.2, "628047601997130.2"),
            (0.125, "0.125"),
            (2.5, "2.5"),
            (0.1, "0.1"),
        ] {
            assert_eq!(
                decimal_from_value(&Value::Number(n), "").unwrap(),
                d(want),
                "{n}"
            );
        }
    }

    #[test]
    fn numbers_keep_their_shortest_decimal_form() {
        assert_eq!(
            decimal_from_value(&Value::Number(0.1), "").unwrap(),
            d("0.1")
        );
        assert_eq!(
            decimal_from_value(&Value::Number(2000.0), "").unwrap(),
            d("2000")
        );
        assert_eq!(
            decimal_from_value(&Value::Number(1e21), "").unwrap(),
            d("1000000000000000000000")
        );
        assert_eq!(
            decimal_from_value(&Value::Number(1.5e-7), "").unwrap(),
            d("0.00000015")
        );
    }

    #[test]
    fn text_forms() {
        assert_eq!(parse_decimal_text("-12.50", "").unwrap(), d("-12.5"));
        assert_eq!(parse_decimal_text("+3", "").unwrap(), d("3"));
        assert_eq!(parse_decimal_text("1.5e3", "").unwrap(), d("1500"));
        assert_eq!(parse_decimal_text("25E-2", "").unwrap(), d("0.25"));
        assert_eq!(parse_decimal_text(".5", "").unwrap(), d("0.5"));
        assert_eq!(parse_decimal_text("0.000", "").unwrap(), Decimal::ZERO);
        assert_eq!(
            parse_decimal_text("1.0000000000000000000000000000000000", "").unwrap(),
            Decimal::ONE
        );
        for bad in [
            "", "-", ".", "1,000", "1.2.3", "12a", "1e", "e5", "1e+-3", "--1", " 1",
        ] {
            assert_eq!(
                parse_decimal_text(bad, "x").unwrap_err().code,
                ErrorCode::InvalidNumber,
                "{bad:?}"
            );
        }
        for nf in ["NaN", "Infinity", "-inf"] {
            assert_eq!(
                parse_decimal_text(nf, "x").unwrap_err().code,
                ErrorCode::NotFinite
            );
        }
    }

    #[test]
    fn digit_and_range_limits() {
        let e = parse_decimal_text("1234567890123456789012345678.9", "v").unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::TooManyDigits, "v"));
        assert!(parse_decimal_text("1234567890123456789012345678", "").is_ok());
        assert_eq!(
            parse_decimal_text("1e29", "").unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            parse_decimal_text("1e-29", "").unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            parse_decimal_text("1e9999999999", "").unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            decimal_from_value(&Value::Number(f64::NAN), "")
                .unwrap_err()
                .code,
            ErrorCode::NotFinite
        );
        assert_eq!(
            decimal_from_value(&Value::Number(1e300), "")
                .unwrap_err()
                .code,
            ErrorCode::OutOfRange
        );
    }

    #[test]
    fn checks() {
        assert_eq!(
            check_decimal(d("-1"), Check::NonNegative, "a")
                .unwrap_err()
                .code,
            ErrorCode::NegativeAmount
        );
        assert_eq!(
            check_decimal(d("0"), Check::Positive, "a")
                .unwrap_err()
                .code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            check_decimal(d("1.01"), Check::Rate, "a").unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert!(check_decimal(d("1"), Check::Rate, "a").is_ok());
    }

    #[test]
    fn unknown_fields_are_refused() {
        let v = crate::value::parse_json(r#"{"a": 1, "b": 2}"#, "").unwrap();
        let mut o = Obj::new(&v, "in").unwrap();
        o.decimal("a", Check::Any).unwrap();
        let e = o.finish().unwrap_err();
        assert_eq!((e.code, e.path.as_str()), (ErrorCode::UnknownField, "in.b"));
    }
}

// proptest is a native-only dev-dependency (Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fast_paths {
    use super::*;
    use proptest::prelude::*;

    fn same(a: Result<Decimal>, b: Result<Decimal>) -> bool {
        match (a, b) {
            // Value and scale both: the scale decides later exactness steps.
            (Ok(x), Ok(y)) => {
                x == y && x.scale() == y.scale() && x.is_sign_negative() == y.is_sign_negative()
            }
            (Err(x), Err(y)) => x == y,
            _ => false,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Any double: the fast reading equals the printed one.
        #[test]
        fn numbers_any_double(bits in any::<u64>()) {
            let n = f64::from_bits(bits);
            prop_assert!(same(decimal_from_number(n, "x"), if n.is_finite() { number_by_printing(n, "x") } else { decimal_from_number(n, "x") }), "{n:e}");
        }

        /// Doubles of every magnitude the decimal range holds.
        #[test]
        fn numbers_in_decimal_range(mantissa in any::<u64>(), exp in -95i32..96) {
            let n = (mantissa >> 11) as f64 * 2f64.powi(exp - 52);
            for x in [n, -n] {
                prop_assert!(same(decimal_from_number(x, "x"), number_by_printing(x, "x")), "{x:e}");
            }
        }

        /// Amounts as people type them, and their neighbours.
        #[test]
        fn numbers_like_amounts(cents in -10_000_000_000_000i64..10_000_000_000_000, places in 0u32..9, ulps in -2i64..3) {
            let n = cents as f64 / 10f64.powi(places as i32);
            let n = f64::from_bits((n.to_bits() as i64).saturating_add(ulps) as u64);
            if n.is_finite() {
                prop_assert!(same(decimal_from_number(n, "x"), number_by_printing(n, "x")), "{n:e}");
            }
        }

        /// Text: the fast reader equals the general one wherever it answers.
        #[test]
        fn plain_text(text in "[+-]?[0-9]{0,20}(\\.[0-9]{0,20})?") {
            if let Some(d) = plain_decimal(text.as_bytes()) {
                prop_assert!(same(Ok(d), parse_decimal_general(&text, "x")), "{text}");
            }
            prop_assert!(same(parse_decimal_text(&text, "x"), parse_decimal_general(&text, "x")), "{text}");
        }
    }

    #[test]
    fn fast_paths_agree_on_edges() {
        for n in [
            0.0,
            -0.0,
            0.1,
            0.2 + 0.1,
            1e15 + 0.3,
            9007199254740991.0,
            9007199254740993.0,
            5e-324,
            995666616920284.2,
            -995666616920284.2,
            628047601997130.2,
            0.125,
            123456.789,
            1e-7,
            2.5e-6,
        ] {
            assert!(
                same(decimal_from_number(n, ""), number_by_printing(n, "")),
                "{n:e}"
            );
        }
        for t in [
            "-0",
            "+0.000",
            "007",
            ".5",
            "5.",
            "-12.50",
            "999999999999999999",
            "9999999999999999999",
            "0.0000000000000000001",
            "-",
        ] {
            assert!(
                same(parse_decimal_text(t, ""), parse_decimal_general(t, "")),
                "{t}"
            );
        }
    }
}
