//! Numbers written as text the way Rust's `Display` for `f64` writes them
//! (shortest round-trip digits, never an exponent: `0.1`, `1e21` as
//! `1000000000000000000000`, `-0`, `NaN`, `inf`), but through the
//! shortest-digits writer serde_json already links in (zmij), so the
//! module does not also carry core's float formatting. Both print the
//! shortest text that reads back as the same number; when two such texts
//! are equally near (the double lies exactly halfway), zmij picks the even
//! last digit, as JavaScript's `String(x)` does (`-1876009344238638.2`),
//! where `Display` rounds half up (`…638.3`). Every number the core writes
//! in a result or a message goes through here, so the two never mix.

mod read;
pub use read::parse_f64;

/// `x` as `format!("{x}")` would write it, but for halfway ties (above).
pub fn shown(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let mut buf = zmij::Buffer::new();
    let text = buf.format_finite(x);
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = [int, frac].concat();
    let lead = all.len().saturating_sub(all.trim_start_matches('0').len());
    let digits = all.trim_start_matches('0').trim_end_matches('0');
    // Digits before the decimal point.
    let point = (int.len() as i64)
        .saturating_add(exp)
        .saturating_sub(lead as i64);
    let mut out = String::with_capacity(digits.len().saturating_add(8));
    if negative {
        out.push('-');
    }
    if digits.is_empty() {
        out.push('0');
        return out;
    }
    let n = digits.len() as i64;
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(digits);
    } else if point >= n {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', (point.saturating_sub(n)) as usize));
    } else {
        let (a, b) = digits
            .split_at_checked(point as usize)
            .unwrap_or((digits, ""));
        out.push_str(a);
        out.push('.');
        out.push_str(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_halfway_tie_writes_as_javascript_does() {
        // Exactly -1876009344238638.25: String(x) in JavaScript gives .2.
        let x = f64::from_bits(14058734874772902073);
        assert_eq!(shown(x), "-1876009344238638.2");
        assert_eq!(format!("{x}"), "-1876009344238638.3");
    }

    #[test]
    fn writes_what_display_writes() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.3,
            1.5,
            100.0,
            1e21,
            1e22,
            1.5e-7,
            123456789.125,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            -2.5e-5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            9007199254740993.0,
        ] {
            assert_eq!(shown(x), format!("{x}"), "{x:e}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_bits_write_as_display(bits in proptest::prelude::any::<u64>()) {
            let x = f64::from_bits(bits);
            let (ours, display) = (shown(x), format!("{x}"));
            if ours != display {
                // Only a halfway tie may differ: as short, and read back
                // as the same number.
                proptest::prop_assert_eq!(ours.len(), display.len(), "{} {}", ours, display);
                proptest::prop_assert_eq!(ours.parse::<f64>().ok().map(f64::to_bits), Some(bits));
            }
        }

        #[test]
        fn ordinary_numbers_write_as_display(x in -1e7f64..1e7) {
            proptest::prop_assert_eq!(shown(x), format!("{x}"));
        }
    }
}
