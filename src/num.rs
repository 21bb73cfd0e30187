//! Numbers written as text the way Rust's `Display` for `f64` writes them
//! (shortest round-trip digits, never an exponent: `0.1`, `1e21` as
//! `1000000000000000000000`, `-0`, `NaN`, `inf`), but through the
//! shortest-digits writer serde_json already links in (zmij), so the
//! module does not also carry core's float formatting. The digits are the
//! same: both print the shortest text that reads back as the same number.

/// `x` as `format!("{x}")` would write it.
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
        let (a, b) = digits.split_at(point as usize);
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
            proptest::prop_assert_eq!(shown(x), format!("{x}"));
        }

        #[test]
        fn ordinary_numbers_write_as_display(x in -1e7f64..1e7) {
            proptest::prop_assert_eq!(shown(x), format!("{x}"));
        }
    }
}
